#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS (Debian bookworm or trixie, arm64) into the bakery's host, in one
# command, as root. Idempotent: it changes only what differs, prints one line per change, and a
# second run says "nothing to change". What it does (docs/setup-pi.md, file by file):
#   - installs Debian's own packages (no other apt repository): docker.io, docker-compose (1.29 on
#     bookworm, v2 on trixie), rclone, git, curl, perl, procps, ca-certificates, openssh-server,
#     unattended-upgrades; Docker on at boot; the user in the docker group
#   - Docker's default log limits and live-restore (/etc/docker/daemon.json, merged: other keys kept),
#     journald's size (/etc/systemd/journald.conf.d/), vm.swappiness for the SD card (/etc/sysctl.d/)
#   - security updates every night at 04:30, never an automatic reboot (/etc/apt/apt.conf.d/)
#   - SSH with keys only (/etc/ssh/sshd_config.d/50-bakeshop.conf, checked with `sshd -t`), but only
#     when the user has a working key in ~/.ssh/authorized_keys: without one it leaves password
#     logins on (no lock-out), says how to add a key (ssh-copy-id), does all the rest and exits 2
#   - the repository cloned into the project directory as the user, or only fetched if it is
#     already there (the working tree and local changes are never touched)
#
# Usage: sudo infra/scripts/setup-pi.sh [--help] [--user NAME] [--repo-url URL] [--dir PATH]
#   --user NAME      the Pi's login user, who runs the site (default: the user who ran sudo)
#   --repo-url URL   where to clone the repository from (default: $BAKESHOP_REPO_URL, or the
#                    project's GitHub repository)
#   --dir PATH       the project directory (default: /home/NAME/all-the-much-bake-shop)
# Exit status: 0 done (or nothing to change); 1 stopped on an error; 2 done except what the last
# lines name (e.g. SSH passwords left on for want of a key): fix that and run it again.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"

DEFAULT_REPO_URL=https://github.com/allthemuchbakeshop/bakeshop.git
PACKAGES=(docker.io rclone git curl perl procps ca-certificates openssh-server unattended-upgrades)
# Compose under the name each release has it (both Debian releases call it docker-compose;
# docker-compose-v2 is the name elsewhere). The first one apt knows is installed.
COMPOSE_PACKAGES=(docker-compose docker-compose-v2)
SSHD_DROPIN=/etc/ssh/sshd_config.d/50-bakeshop.conf
DOCKER_DAEMON_JSON=/etc/docker/daemon.json
JOURNALD_DROPIN=/etc/systemd/journald.conf.d/50-bakeshop.conf
SYSCTL_FILE=/etc/sysctl.d/60-bakeshop.conf
AUTO_UPGRADES=/etc/apt/apt.conf.d/20auto-upgrades
UNATTENDED_CONF=/etc/apt/apt.conf.d/52bakeshop-unattended-upgrades
UPGRADE_TIMER_DROPIN=/etc/systemd/system/apt-daily-upgrade.timer.d/50-bakeshop.conf

USER_NAME="${SUDO_USER:-}"
USER_GROUP=""
USER_HOME=""
REPO_URL="${BAKESHOP_REPO_URL:-$DEFAULT_REPO_URL}"
PROJECT_DIR=""
CHANGES=0
UNDONE=()

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

changed() {
  CHANGES=$((CHANGES + 1))
  log info "Changed: $*"
}

# Something left undone on purpose or by failure: named again at the end, exit status 2.
undone() {
  UNDONE+=("$*")
  log warn "$*"
}

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

as_user() {
  runuser -u "$USER_NAME" -- env HOME="$USER_HOME" GIT_TERMINAL_PROMPT=0 "$@"
}

# write_file PATH MODE < CONTENT: writes PATH (owner root) only when its content or mode differs;
# true when it wrote. Through a temporary file beside it, so a reader never sees half a file.
write_file() {
  local path="$1" mode="$2" tmp
  mkdir -p "$(dirname "$path")"
  tmp="$(mktemp "$(dirname "$path")/.bakeshop.XXXXXX")"
  cat >"$tmp"
  if [[ -f "$path" ]] && cmp -s "$tmp" "$path" && [[ "$(stat -c %a "$path")" == "$mode" ]]; then
    rm -f "$tmp"
    return 1
  fi
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
}

# systemctl ARGS... for an action, tolerated where systemd does not run (a chroot or container:
# the setting then takes effect at boot); a failure under systemd is left undone and named at the end.
service() {
  if ! command -v systemctl >/dev/null 2>&1; then
    log warn "No systemctl here (not running under systemd): skipped 'systemctl $*'; it happens at boot"
    return 1
  fi
  systemctl "$@" && return 0
  if [[ -d /run/systemd/system ]]; then
    undone "'systemctl $*' failed; see: journalctl -xe"
  else
    log warn "'systemctl $*' failed: not running under systemd; it takes effect at boot"
  fi
  return 1
}

# systemctl is-enabled/is-active UNIT: true only when systemctl is there and says so.
unit_is() {
  command -v systemctl >/dev/null 2>&1 && systemctl "is-$1" --quiet "$2" 2>/dev/null
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --user) USER_NAME="${2:?--user needs a user name}"; shift ;;
      --repo-url) REPO_URL="${2:?--repo-url needs a URL}"; shift ;;
      --dir) PROJECT_DIR="${2:?--dir needs a path}"; shift ;;
      *) die "Unknown argument '$1' (try --help)" ;;
    esac
    shift
  done
  [[ "$(id -u)" -eq 0 ]] || die "Run it as root: sudo $0 --user NAME"
  [[ -n "$USER_NAME" && "$USER_NAME" != root ]] \
    || die "Say whose Pi this is: --user NAME (the login user that runs the site; not root)"
  local entry
  entry="$(getent passwd "$USER_NAME")" || die "There is no user '$USER_NAME' on this machine (sudo adduser $USER_NAME makes one)"
  USER_HOME="$(cut -d: -f6 <<<"$entry")"
  USER_GROUP="$(id -gn "$USER_NAME")"
  PROJECT_DIR="${PROJECT_DIR:-$USER_HOME/all-the-much-bake-shop}"
}

# Only the packages that are missing; apt-get update only when something is.
install_packages() {
  local missing=() package compose=""
  for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
  done
  for package in "${COMPOSE_PACKAGES[@]}"; do
    installed "$package" && compose="$package"
  done
  [[ ${#missing[@]} -eq 0 && -n "$compose" ]] && return 0

  local logfile
  logfile="$(mktemp)"
  log info "Updating the package lists"
  # A fresh Pi runs its own daily apt job soon after the first boot: wait for its lock.
  apt-get -o DPkg::Lock::Timeout=600 update >"$logfile" 2>&1 \
    || { tail -20 "$logfile" >&2; die "apt-get update failed (its last lines above): check the network and /etc/apt/sources.list"; }
  if [[ -z "$compose" ]]; then
    for package in "${COMPOSE_PACKAGES[@]}"; do
      if apt-cache show "$package" >/dev/null 2>&1; then
        compose="$package"
        break
      fi
    done
    [[ -n "$compose" ]] || die "No Docker Compose package (${COMPOSE_PACKAGES[*]}) in the package lists; is this Debian bookworm or newer?"
    missing+=("$compose")
  fi
  log info "Installing ${missing[*]} (a few minutes on a Pi)"
  # No recommended extras: needrestart, for one, would restart services in the middle of
  # unattended upgrades.
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    "${missing[@]}" >>"$logfile" 2>&1; then
    tail -30 "$logfile" >&2
    die "apt-get could not install ${missing[*]} (its last lines above); fix that and run this again"
  fi
  rm -f "$logfile"
  changed "installed ${missing[*]}"
  command -v docker-compose >/dev/null 2>&1 \
    || log warn "The $compose package has no 'docker-compose' command, which infra/scripts/bakeshop runs"
}

setup_docker() {
  if ! { unit_is enabled docker && unit_is active docker; }; then
    service enable --now docker && changed "Docker starts at boot and runs now (systemctl enable --now docker)"
  fi
  if ! id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx docker; then
    usermod -aG docker "$USER_NAME" || die "Could not add $USER_NAME to the docker group"
    changed "added $USER_NAME to the docker group (docker without sudo; log out and in again for it to apply)"
  fi
}

# Docker's defaults for containers that set none (compose.yaml sets the same limits per service):
# json-file logs of at most 3 × 10 MB each, and live-restore, so that a dockerd restart (an
# unattended docker.io upgrade) leaves the containers running. Keys already there are kept.
docker_log_limits() {
  local merged status=0 why
  if [[ ! -x /usr/bin/python3 ]]; then
    undone "$DOCKER_DAEMON_JSON not checked: merging it needs python3 (sudo apt-get install python3)"
    return 0
  fi
  why="$(mktemp)"
  merged="$(/usr/bin/python3 - "$DOCKER_DAEMON_JSON" 2>"$why" <<'PY'
import json, sys
path = sys.argv[1]
try:
    with open(path) as f:
        text = f.read()
except FileNotFoundError:
    text = ""
try:
    config = json.loads(text) if text.strip() else {}
except ValueError as e:
    sys.exit(f"it is not valid JSON ({e})")
if not isinstance(config, dict) or not isinstance(config.get("log-opts", {}), dict):
    sys.exit("it is not a JSON object with an object for log-opts")
before = json.dumps(config, sort_keys=True)
config.setdefault("log-driver", "json-file")
if config["log-driver"] in ("json-file", "local"):
    options = config.setdefault("log-opts", {})
    options.setdefault("max-size", "10m")
    options.setdefault("max-file", "3")
config.setdefault("live-restore", True)
if json.dumps(config, sort_keys=True) != before or not text.strip():
    print(json.dumps(config, indent=2))
PY
)" || status=$?
  if ((status != 0)); then
    undone "$DOCKER_DAEMON_JSON left as it is: $(tail -1 "$why"), so it cannot be merged safely; fix it by hand and run this again"
    rm -f "$why"
    return 0
  fi
  rm -f "$why"
  [[ -n "$merged" ]] || return 0
  write_file "$DOCKER_DAEMON_JSON" 644 <<<"$merged" || return 0
  changed "$DOCKER_DAEMON_JSON: default log limits (json-file, 3 × 10 MB) and live-restore, other keys kept"
  # The engine reads the file when it starts. Restarting it with the site running would stop the
  # site for a minute, and the stack's containers have their own limits: then it waits.
  if [[ -n "$(docker ps -q 2>/dev/null)" ]]; then
    log info "Containers are running: Docker applies $DOCKER_DAEMON_JSON at its next restart (sudo systemctl restart docker, or a reboot)"
  elif unit_is active docker; then
    service restart docker && changed "restarted Docker to apply $DOCKER_DAEMON_JSON"
  fi
  return 0
}

# The SD card: a journal of at most 100 MB on it, and swap only when memory really runs out.
# Raspberry Pi OS mounts / with noatime already, and its swap size is left as it is.
journal_and_swap() {
  if write_file "$JOURNALD_DROPIN" 644 <<'CONF'
# Written by infra/scripts/setup-pi.sh: a bounded journal on the SD card.
[Journal]
SystemMaxUse=100M
SystemKeepFree=500M
RuntimeMaxUse=30M
MaxRetentionSec=1month
CONF
  then
    changed "$JOURNALD_DROPIN: the journal keeps at most 100 MB (and a month)"
    service restart systemd-journald || true
  fi
  if write_file "$SYSCTL_FILE" 644 <<'CONF'
# Written by infra/scripts/setup-pi.sh: swap (on the SD card) only when memory runs short.
vm.swappiness=10
CONF
  then
    changed "$SYSCTL_FILE: vm.swappiness=10"
    sysctl -q -p "$SYSCTL_FILE" 2>/dev/null || log warn "Could not apply $SYSCTL_FILE now (no permission here); it applies at the next boot"
  fi
}

# Security updates every night; never an automatic reboot (a kernel update waits for one chosen
# by hand: `ls /run/reboot-required`). The nightly run moves to 04:30, after the 03:30 backup and
# before the first customers: the only time an update may restart a service.
unattended_upgrades() {
  # The same two lines as the package's own file, so that its upgrades never see a local change.
  if write_file "$AUTO_UPGRADES" 644 <<'CONF'
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
CONF
  then
    changed "$AUTO_UPGRADES: package lists and unattended upgrades every day"
  fi
  if write_file "$UNATTENDED_CONF" 644 <<'CONF'
// Written by infra/scripts/setup-pi.sh (SEC-007). Debian's own 50unattended-upgrades already
// takes Debian's stable and security updates; these lines name the security archive in both of
// its forms and add Raspberry Pi OS's own archive (kernel, firmware), which on plain Debian
// matches nothing.
Unattended-Upgrade::Origins-Pattern {
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";
        "origin=Debian,codename=${distro_codename},label=Debian-Security";
        "origin=Raspberry Pi Foundation,codename=${distro_codename}";
};
// Never reboot by itself: the site would be down while it does. Reboot by hand when
// /run/reboot-required exists.
Unattended-Upgrade::Automatic-Reboot "false";
Unattended-Upgrade::Remove-Unused-Kernel-Packages "true";
Unattended-Upgrade::MinimalSteps "true";
CONF
  then
    changed "$UNATTENDED_CONF: security updates from Debian (and Raspberry Pi OS), no automatic reboot"
  fi
  if write_file "$UPGRADE_TIMER_DROPIN" 644 <<'CONF'
# Written by infra/scripts/setup-pi.sh: unattended upgrades at 04:30, after the 03:30 backup.
[Timer]
OnCalendar=
OnCalendar=*-*-* 04:30
RandomizedDelaySec=10m
CONF
  then
    changed "$UPGRADE_TIMER_DROPIN: unattended upgrades at 04:30"
    service daemon-reload || true
  fi
}

# Why the user's key login would not work (printed), or false when it would: sshd needs a valid key
# line and, as its StrictModes requires, no one else able to write the file or the folders above it.
key_login_problem() {
  local keys="$USER_HOME/.ssh/authorized_keys" path owner perms
  if [[ ! -s "$keys" ]]; then
    echo "$USER_NAME has no key in $keys"
    return 0
  fi
  if ! ssh-keygen -l -f "$keys" >/dev/null 2>&1; then
    echo "$keys holds no valid public key line"
    return 0
  fi
  for path in "$USER_HOME" "$USER_HOME/.ssh" "$keys"; do
    owner="$(stat -c %U "$path")"
    perms="$(stat -c %a "$path")"
    if [[ "$owner" != "$USER_NAME" && "$owner" != root ]] || (((8#$perms & 8#022) != 0)); then
      echo "sshd would ignore $keys: $path is owned by $owner with mode $perms (fix: chown $USER_NAME: $path; chmod go-w $path)"
      return 0
    fi
  done
  return 1
}

ssh_keys_only() {
  local problem backup check
  if problem="$(key_login_problem)"; then
    if [[ -f "$SSHD_DROPIN" ]]; then
      undone "SSH: $problem, and $SSHD_DROPIN already turns passwords off. Add a key now (on the console: mkdir -p ~/.ssh; paste it into ~/.ssh/authorized_keys; chmod 600 it)"
    else
      undone "SSH password logins left on: $problem. Turning passwords off now would lock everyone out. Add your key from your own computer with: ssh-copy-id $USER_NAME@$(hostname).local — then run this again"
    fi
    return 0
  fi
  mkdir -p /run/sshd # what ssh.service makes when it runs; sshd -t and -T want it
  backup="$(mktemp)"
  [[ -f "$SSHD_DROPIN" ]] && cp -p "$SSHD_DROPIN" "$backup"
  # The first value sshd reads wins, and Debian includes sshd_config.d/*.conf at the top.
  if write_file "$SSHD_DROPIN" 644 <<'CONF'
# Written by infra/scripts/setup-pi.sh (SEC-001): logins with SSH keys only, never as root.
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
PermitRootLogin no
MaxAuthTries 3
LoginGraceTime 30
X11Forwarding no
CONF
  then
    if ! check="$(sshd -t 2>&1)"; then
      if [[ -s "$backup" ]]; then cp -p "$backup" "$SSHD_DROPIN"; else rm -f "$SSHD_DROPIN"; fi
      rm -f "$backup"
      undone "SSH left as it was: sshd -t refused the configuration with $SSHD_DROPIN: $check"
      return 0
    fi
    changed "$SSHD_DROPIN: SSH logins with keys only, no root login (checked with sshd -t)"
    if unit_is active ssh; then
      service reload ssh && changed "reloaded sshd (sessions already open stay open)"
    else
      log info "sshd is not running here; it reads $SSHD_DROPIN when it starts"
    fi
  fi
  rm -f "$backup"
  if ! check="$(sshd -T 2>&1)"; then
    undone "sshd -T cannot show the SSH settings in force: $check"
  elif ! grep -qx 'passwordauthentication no' <<<"$check"; then
    undone "SSH still accepts passwords: a setting read before $SSHD_DROPIN wins (see: grep -ri passwordauthentication /etc/ssh/)"
  fi
}

git_dir() { # git as root on the user's clone (git refuses a repository owned by someone else otherwise)
  git -c safe.directory='*' -C "$PROJECT_DIR" "$@"
}

# The clone's own files (its .git and the tracked files; not ignored ones such as .env.production
# or data a container wrote) owned by the user, so that the user's git works in it.
clone_owner() {
  local stray
  # (A tracked file deleted in the working tree is a local change: not there to stat or give.)
  stray="$(find "$PROJECT_DIR" -maxdepth 0 ! -user "$USER_NAME"; find "$PROJECT_DIR/.git" ! -user "$USER_NAME"
    git_dir ls-files -z | (cd "$PROJECT_DIR" && xargs -0 -r stat -c '%U %n' 2>/dev/null) | awk -v u="$USER_NAME" '$1 != u')" || true
  [[ -n "$stray" ]] || return 0
  chown "$USER_NAME:$USER_GROUP" "$PROJECT_DIR"
  chown -R "$USER_NAME:$USER_GROUP" "$PROJECT_DIR/.git"
  git_dir ls-files -z | (cd "$PROJECT_DIR" && xargs -0 -r chown -h "$USER_NAME:$USER_GROUP" 2>/dev/null) || true
  git_dir ls-tree -r -d -z --name-only HEAD | (cd "$PROJECT_DIR" && xargs -0 -r chown "$USER_NAME:$USER_GROUP" 2>/dev/null) || true
  changed "gave the clone's files in $PROJECT_DIR to $USER_NAME"
}

project_directory() {
  if [[ -d "$PROJECT_DIR/.git" ]]; then
    clone_owner
    local before after behind
    before="$(as_user git -C "$PROJECT_DIR" for-each-ref refs/remotes)"
    if as_user git -C "$PROJECT_DIR" fetch --quiet origin; then
      after="$(as_user git -C "$PROJECT_DIR" for-each-ref refs/remotes)"
      [[ "$before" == "$after" ]] || changed "fetched new commits into $PROJECT_DIR (its working tree is left as it is)"
    else
      log warn "Could not fetch into $PROJECT_DIR (network or credentials?); left it as it is"
    fi
    behind="$(as_user git -C "$PROJECT_DIR" rev-list --count 'HEAD..@{upstream}' 2>/dev/null || echo 0)"
    ((behind == 0)) || log info "$PROJECT_DIR is $behind commit(s) behind origin; deploys update it (or: git -C $PROJECT_DIR pull --ff-only)"
  elif [[ -e "$PROJECT_DIR" && -n "$(ls -A "$PROJECT_DIR" 2>/dev/null)" ]]; then
    undone "$PROJECT_DIR exists and is not a git clone: left as it is. Move it away (or pass --dir) and run this again"
    return 0
  else
    # An empty folder made beforehand (by root, say) is the user's to clone into.
    install -d -o "$USER_NAME" -g "$USER_GROUP" "$PROJECT_DIR"
    if ! as_user git clone --quiet "$REPO_URL" "$PROJECT_DIR"; then
      undone "Could not clone $REPO_URL into $PROJECT_DIR as $USER_NAME (network? a private repository needs the user's own credentials: clone it yourself, then run this again)"
      return 0
    fi
    changed "cloned $REPO_URL into $PROJECT_DIR, owned by $USER_NAME"
  fi
  # On the Pi, `git pull` only ever fast-forwards: never a merge commit made by accident.
  if [[ "$(as_user git -C "$PROJECT_DIR" config --local --get pull.ff 2>/dev/null || true)" != only ]]; then
    as_user git -C "$PROJECT_DIR" config --local pull.ff only
    changed "$PROJECT_DIR: git pull only fast-forwards (pull.ff only)"
  fi
}

main() {
  parse_args "$@"
  log info "Setting up this machine for $USER_NAME (project directory $PROJECT_DIR)"
  install_packages
  setup_docker
  docker_log_limits
  journal_and_swap
  unattended_upgrades
  ssh_keys_only
  project_directory

  if ((CHANGES == 0)); then
    log info "Everything was already in place: nothing to change"
  else
    log info "Done: $CHANGES change(s), each named above"
  fi
  if [[ ${#UNDONE[@]} -gt 0 ]]; then
    local item
    for item in "${UNDONE[@]}"; do log error "Not done: $item"; done
    exit 2
  fi
  if ((CHANGES > 0)); then
    log info "Next: cp .env.example .env.production in $PROJECT_DIR, fill it in, then infra/scripts/bakeshop check and up (docs/setup-pi.md)"
  fi
}

main "$@"
