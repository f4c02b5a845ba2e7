#!/usr/bin/env bash
# Sets up where the backups go, step by step, and proves it works: Google Drive with your own
# OAuth client, an encrypted (crypt) remote on top of it in the folder BakeshopBackups, a test
# file uploaded and read back, and the canary the backup-agent checks. The configuration is kept
# in the backup-agent's volume (/data/rclone/rclone.conf), owned by the agent's user, mode 600.
# Idempotent: run again, it changes nothing that works and only tests it.
#
# Usage: sudo infra/scripts/setup-rclone.sh [--help] [--project NAME] [--name REMOTE] [--under REMOTE:PATH]
#   --project NAME       the compose project whose backup-agent volume holds the config (default bakeshop)
#   --name REMOTE        the crypt remote's name, as BACKUP_REMOTE names it (default bakeshop-crypt)
#   --under REMOTE:PATH  put the crypt remote over this existing remote instead of Google Drive
#                        (e.g. an S3-compatible bucket you added with rclone config)
# The crypt passwords are asked for (twice each), or read from BAKESHOP_CRYPT_PASSWORD and
# BAKESHOP_CRYPT_PASSWORD2. Keep both outside the Pi: without them no backup can be read.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

PROJECT="${BAKESHOP_PROJECT:-bakeshop}"
NAME=bakeshop-crypt
UNDER=""
AGENT_UID=10001
CONF=""
WORK=""

usage() {
  sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

rc() {
  rclone --config "$WORK/rclone.conf" "$@"
}

# The backup-agent's volume (created as compose would, so compose adopts it) and its config file.
locate_config() {
  local volume="${PROJECT}_backups" dir
  [[ "$(id -u)" -eq 0 ]] || die "Run it with sudo: the configuration goes into the backup-agent's Docker volume"
  docker info >/dev/null 2>&1 || die "The Docker engine does not answer: sudo systemctl start docker"
  if ! docker volume inspect "$volume" >/dev/null 2>&1; then
    docker volume create --label "com.docker.compose.project=$PROJECT" --label com.docker.compose.volume=backups \
      "$volume" >/dev/null || die "Could not create the volume $volume"
    log info "Created the backup-agent's volume $volume"
  fi
  dir="$(docker volume inspect -f '{{.Mountpoint}}' "$volume")/rclone"
  mkdir -p "$dir"
  CONF="$dir/rclone.conf"
  [[ -f "$CONF" ]] || : >"$CONF"
  cp "$CONF" "$WORK/rclone.conf"
}

# Read whole before matching: with pipefail, `rclone | grep -q` fails whenever grep stops reading
# early (rclone is killed by SIGPIPE on its next line), which once made an existing remote look absent.
has_remote() {
  local remotes
  remotes="$(rc listremotes 2>/dev/null)" || return 1
  grep -qx -- "$1:" <<<"$remotes"
}

ask_secret() { # ask_secret PROMPT VARIABLE: from the environment, or typed twice
  local prompt="$1" var="$2" first second
  if [[ -n "${!var:-}" ]]; then
    printf '%s' "${!var}"
    return 0
  fi
  [[ -t 0 ]] || die "$prompt: not given ($var) and no terminal to ask on"
  read -r -s -p "$prompt: " first && echo >&2
  read -r -s -p "$prompt again: " second && echo >&2
  [[ "$first" == "$second" ]] || die "The two entries differ; nothing was changed"
  [[ ${#first} -ge 12 ]] || die "Use at least 12 characters (a passphrase of four words is good)"
  printf '%s' "$first"
}

setup_drive() {
  if has_remote gdrive; then
    log info "Google Drive remote 'gdrive' exists; keeping it"
    return 0
  fi
  [[ -t 0 ]] || die "Setting up Google Drive needs a terminal (it asks for your OAuth client and a token)"
  cat >&2 <<'GUIDE'

Google Drive, with your own OAuth client (rclone's shared one is slow and being retired):
  1. console.cloud.google.com > new project "bakeshop-backups" > APIs & Services > enable "Google Drive API".
  2. OAuth consent screen: External; add your address as a test user; then PUBLISH the app
     ("In production"). An app left in "Testing" has its tokens expire after 7 days, and the
     backups would stop a week from now.
  3. Credentials > Create credentials > OAuth client ID > Desktop app. Copy its ID and secret.
  4. On a computer with a browser and rclone, run the command printed below, sign in with the
     bakery's Google account, and paste the token it prints (one line of JSON) here.

GUIDE
  local id secret token
  read -r -p "OAuth client ID: " id
  read -r -s -p "OAuth client secret: " secret && echo >&2
  [[ -n "$id" && -n "$secret" ]] || die "Both the client ID and the secret are needed"
  echo >&2 "  rclone authorize \"drive\" \"$id\" \"<the secret>\""
  read -r -p "Token (JSON): " token
  [[ "$token" == \{*access_token*\} ]] || die "That does not look like the token rclone authorize prints ({\"access_token\":...})"
  rc config create --non-interactive gdrive drive client_id "$id" client_secret "$secret" scope drive token "$token" \
    >/dev/null || die "rclone could not create the Drive remote; see above"
  log info "Created the Google Drive remote 'gdrive'"
}

setup_crypt() {
  local under="$1" password password2
  if has_remote "$NAME"; then
    log info "Crypt remote '$NAME' exists; keeping it (its passwords are not changed)"
    return 0
  fi
  log info "Creating the crypt remote '$NAME' over $under: file names and contents encrypted"
  password="$(ask_secret "Crypt password" BAKESHOP_CRYPT_PASSWORD)"
  password2="$(ask_secret "Second crypt password (salt)" BAKESHOP_CRYPT_PASSWORD2)"
  rc config create --obscure "$NAME" crypt remote "$under" filename_encryption standard directory_name_encryption true \
    password "$password" password2 "$password2" >/dev/null \
    || die "rclone could not create the crypt remote; see above"
}

# The canary the agent checks (a wrong password shows here, before anything is written), then a
# file up and back through the crypt remote, compared.
prove() {
  local probe="$WORK/probe.txt" back="$WORK/probe-back.txt" name canary under
  canary="All the Much Bake Shop backups: if you can read this, the password is right."
  under="$(rc config show "$NAME" | sed -n 's/^remote = //p')"
  if rc cat "$NAME:canary.txt" >"$WORK/canary" 2>/dev/null; then
    [[ "$(cat "$WORK/canary")" == "$canary" ]] || die "canary.txt on $NAME: reads wrong: the crypt passwords differ from the ones the backups were made with"
    log info "The canary reads right: these are the passwords the existing backups were made with"
  elif [[ -n "$(rc lsf --max-depth 1 "$under" 2>/dev/null | head -1)" ]]; then
    die "$under holds files these crypt passwords cannot read: use the passwords the backups were made with (kept safe, docs/backups.md)"
  else
    printf '%s\n' "$canary" >"$WORK/canary"
    rc copyto "$WORK/canary" "$NAME:canary.txt" || die "Could not write the canary to $NAME:"
    log info "Wrote the canary (a new, empty backup folder)"
  fi
  name="setup-test-$(date -u +%Y%m%dT%H%M%SZ).txt"
  printf 'bakeshop setup-rclone test %s\n' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >"$probe"
  rc copyto "$probe" "$NAME:$name" || die "Uploading a test file to $NAME: failed; see rclone's words above"
  rc copyto "$NAME:$name" "$back" || die "Reading the test file back from $NAME: failed"
  cmp -s "$probe" "$back" || die "The test file came back different: do not use this remote"
  rc deletefile "$NAME:$name" || log warn "Could not delete the test file $name (harmless)"
  log info "A test file went up to $NAME: and came back the same"
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --project) PROJECT="${2:?--project needs a name}"; shift ;;
      --name) NAME="${2:?--name needs a remote name}"; shift ;;
      --under) UNDER="${2:?--under needs REMOTE:PATH}"; shift ;;
      *) usage >&2; die "Unknown argument: $1" ;;
    esac
    shift
  done
  [[ "$NAME" =~ ^[A-Za-z0-9_-]+$ ]] || die "--name: letters, digits, _ and - only"
  require_packages "rclone:rclone" "docker:docker.io"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  locate_config
  local before
  before="$(sha256sum <"$WORK/rclone.conf")"
  if [[ -z "$UNDER" ]]; then
    setup_drive
    UNDER="gdrive:BakeshopBackups"
  else
    has_remote "${UNDER%%:*}" || die "--under $UNDER: there is no remote '${UNDER%%:*}' in the agent's rclone.conf ($CONF)"
  fi
  setup_crypt "$UNDER"
  prove
  if [[ "$(sha256sum <"$WORK/rclone.conf")" == "$before" ]]; then
    log info "Nothing changed: $CONF was already set up, and it works"
  else
    install -m 600 -o "$AGENT_UID" -g "$AGENT_UID" "$WORK/rclone.conf" "$CONF"
    log info "Saved $CONF (the backup-agent's volume)"
  fi
  chown "$AGENT_UID:$AGENT_UID" "$(dirname "$CONF")" "$CONF" && chmod 700 "$(dirname "$CONF")" && chmod 600 "$CONF"
  log info "Done. In .env.production: BACKUP_REMOTE=$NAME:   Then: infra/scripts/backup.sh"
}

main "$@"
