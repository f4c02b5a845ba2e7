#!/usr/bin/env bash
# Runs a deploy on the Pi from a GitHub Actions runner: SSH through Cloudflare Access (cloudflared
# as the proxy, a service token to pass Access), then on the Pi
#   cd ~/all-the-much-bake-shop && infra/scripts/deploy.sh --commit SHA --actor NAME --image service=image@digest ...
# with one --image per image built. Streams the deploy's log, keeps it, writes the job summary
# (infra/scripts/ci/deploy-summary.sh) and exits with the deploy's status: a failed deploy is a
# failed job.
#
# Usage: infra/scripts/ci/deploy-on-pi.sh [--help] --commit SHA --actor NAME [--images-dir DIR] [--record DIR]
#   --commit SHA      the commit to deploy (full SHA)
#   --actor NAME      who started it (github.actor), for the Pi's deploy history
#   --images-dir DIR  the build jobs' images.txt files (lines service=image@digest), at any depth
#                     below DIR; absent or empty: no image rebuilt, the configuration only
#   --record DIR      where images.txt (every image), deploy.log and summary.md go (default: deploy-record)
# Environment, from the workflow's secrets: PI_SSH_HOST, PI_SSH_USER, PI_SSH_KEY (the private key),
# PI_SSH_KNOWN_HOSTS (the Pi's host key line, for PI_SSH_HOST), CF_ACCESS_CLIENT_ID and
# CF_ACCESS_CLIENT_SECRET (the Access service token). The summary is also appended to
# $GITHUB_STEP_SUMMARY when set. Needs ssh and cloudflared on PATH.
# Exit status: the deploy's (255: SSH could not reach the Pi); 1 missing secret or tool; 2 bad arguments.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$HERE/../lib/log.sh"

SECRETS=(PI_SSH_HOST PI_SSH_USER PI_SSH_KEY PI_SSH_KNOWN_HOSTS CF_ACCESS_CLIENT_ID CF_ACCESS_CLIENT_SECRET)
IMAGE_LINE='^(storefront|notifier|backup-agent|monitor-agent|deploy-hook|edge)=[a-z0-9][a-z0-9._/:-]*@sha256:[0-9a-f]{64}$'
SSH_DIR=""

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "deploy-on-pi.sh: $*" >&2
  echo "Try: infra/scripts/ci/deploy-on-pi.sh --help" >&2
  exit 2
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  [[ -z "$SSH_DIR" ]] || rm -rf "$SSH_DIR"
}

require_secrets() {
  local name missing=()
  for name in "${SECRETS[@]}"; do
    [[ -n "${!name:-}" ]] || missing+=("$name")
  done
  ((${#missing[@]} == 0)) ||
    die "Missing secrets: ${missing[*]} (set them on the repository's production environment: Settings, Environments, production)"
  local tool
  for tool in ssh cloudflared; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed on this runner (the workflow installs cloudflared before this step)"
  done
}

# Collects the images.txt files below DIR into OUT, one checked line per image.
collect_images() {
  local dir="$1" out="$2" line
  : >"$out"
  [[ -d "$dir" ]] || return 0
  while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    [[ "$line" =~ $IMAGE_LINE ]] || die "Not an image line (service=image@sha256:digest) in $dir: '$line'"
    echo "$line" >>"$out"
  done < <(find "$dir" -type f -name images.txt -exec cat {} + | sort -u)
}

# The command the Pi runs (its shell expands the ~); every argument quoted for that shell.
remote_command() {
  local commit="$1" actor="$2" images="$3" line
  local args=(infra/scripts/deploy.sh --commit "$commit" --actor "$actor")
  while IFS= read -r line; do
    args+=(--image "$line")
  done <"$images"
  printf 'cd ~/all-the-much-bake-shop && %s' "$(printf '%q ' "${args[@]}" | sed 's/ $//')"
}

# ssh to the Pi through Cloudflare Access, with only the key and host key given here.
# The key and host key as files, readable by this user only (SSH_DIR, removed on exit).
write_ssh_files() {
  SSH_DIR="$(mktemp -d)"
  (umask 077 && printf '%s\n' "$PI_SSH_KEY" >"$SSH_DIR/key" && printf '%s\n' "$PI_SSH_KNOWN_HOSTS" >"$SSH_DIR/known_hosts")
}

ssh_to_pi() {
  # The service token stays out of ssh's arguments and out of its %-expansion: the proxy's
  # shell reads it from the environment.
  # shellcheck disable=SC2016  # expanded by the proxy command's shell, not here
  ssh -F /dev/null -T -i "$SSH_DIR/key" \
    -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" \
    -o ConnectTimeout=60 -o ServerAliveInterval=30 -o ServerAliveCountMax=6 \
    -o ProxyCommand='cloudflared access ssh --hostname %h --id "$CF_ACCESS_CLIENT_ID" --secret "$CF_ACCESS_CLIENT_SECRET"' \
    "$PI_SSH_USER@$PI_SSH_HOST" "$@"
}

main() {
  local commit="" actor="" images_dir="" record=deploy-record
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --commit | --actor | --images-dir | --record)
        [[ $# -ge 2 && -n "$2" ]] || bad_argument "$1 needs a value"
        case "$1" in
          --commit) commit="$2" ;;
          --actor) actor="$2" ;;
          --images-dir) images_dir="$2" ;;
          --record) record="$2" ;;
        esac
        shift ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done
  [[ "$commit" =~ ^[0-9a-f]{40}$ ]] || bad_argument "--commit needs a full commit SHA, not '$commit'"
  [[ "$actor" =~ ^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$ ]] || bad_argument "--actor needs a GitHub user name, not '$actor'"
  require_secrets
  trap cleanup EXIT

  mkdir -p "$record"
  collect_images "${images_dir:-/nonexistent}" "$record/images.txt"
  local remote status=0
  remote="$(remote_command "$commit" "$actor" "$record/images.txt")"
  log info "On the Pi: $remote"
  write_ssh_files
  ssh_to_pi "$remote" 2>&1 | tee "$record/deploy.log" || status="${PIPESTATUS[0]}"

  "$HERE/deploy-summary.sh" --status "$status" --commit "$commit" --actor "$actor" \
    --images "$record/images.txt" --log "$record/deploy.log" >"$record/summary.md"
  [[ -z "${GITHUB_STEP_SUMMARY:-}" ]] || cat "$record/summary.md" >>"$GITHUB_STEP_SUMMARY"

  case "$status" in
    0) log info "Deployed $commit" ;;
    255) log error "SSH could not reach the Pi (exit 255): check PI_SSH_HOST, the Access service token (CF_ACCESS_CLIENT_ID/SECRET), PI_SSH_KNOWN_HOSTS and PI_SSH_KEY" ;;
    *) log error "The deploy of $commit failed on the Pi (exit status $status); its log is above and in the job summary" ;;
  esac
  exit "$status"
}

main "$@"
