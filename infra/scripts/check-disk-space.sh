#!/usr/bin/env bash
# Checks the free space of the filesystems the site lives on (the Docker engine's data directory,
# where every volume, image and backup kept on the Pi is, and /), for cron and for a person on
# SSH. Prints one line; with --details also what takes the space. The monitor-agent checks the
# same on its own and emails the developer; this works even when the stack is down.
#
# Usage: infra/scripts/check-disk-space.sh [--help] [--warn PERCENT] [--critical PERCENT] [--details] [PATH...]
#   --warn PERCENT      used share that is a warning (default 85, as MONITOR_DISK_WARN_PERCENT)
#   --critical PERCENT  used share that is critical (default 95)
#   --details           after the line: Docker's own accounting (images, containers, volumes)
#   PATH...             the filesystems to check (default: Docker's data directory and /)
# Exit status: 0 all below --warn, 1 a warning, 2 critical, 3 cannot check (a path that is not there).
set -Eeuo pipefail

usage() {
  sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

main() {
  local warn=85 critical=95 details=false paths=() p
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --warn) warn="${2:?--warn needs a percentage}"; shift ;;
      --critical) critical="${2:?--critical needs a percentage}"; shift ;;
      --details) details=true ;;
      -*) usage >&2; echo "Unknown option: $1" >&2; exit 3 ;;
      *) paths+=("$1") ;;
    esac
    shift
  done
  [[ "$warn" =~ ^[0-9]+$ && "$critical" =~ ^[0-9]+$ && "$warn" -le 100 && "$critical" -le 100 ]] \
    || { echo "UNKNOWN: --warn and --critical take whole percentages from 0 to 100" >&2; exit 3; }
  if [[ ${#paths[@]} -eq 0 ]]; then
    if command -v docker >/dev/null 2>&1 && p="$(docker info -f '{{.DockerRootDir}}' 2>/dev/null)" && [[ -n "$p" ]]; then
      paths+=("$p")
    fi
    paths+=(/)
  fi
  local worst=0 parts=() seen=() used free mount line level
  for p in "${paths[@]}"; do
    [[ -e "$p" ]] || { echo "UNKNOWN: $p does not exist"; exit 3; }
    # df -P: one line per filesystem, sizes in 1024-byte blocks; the same filesystem only once.
    line="$(df -P -k "$p" | tail -1)"
    mount="$(awk '{print $6}' <<<"$line")"
    [[ " ${seen[*]} " == *" $mount "* ]] && continue
    seen+=("$mount")
    used="$(awk '{gsub("%", "", $5); print $5}' <<<"$line")"
    free="$(awk '{ if ($4 >= 1048576) printf "%.1f GB", $4 / 1048576; else printf "%d MB", $4 / 1024 }' <<<"$line")"
    level=0
    ((used >= warn)) && level=1
    ((used >= critical)) && level=2
    ((level > worst)) && worst=$level
    parts+=("$mount $used % used, $free free")
  done
  local word=OK
  ((worst == 1)) && word=WARNING
  ((worst == 2)) && word=CRITICAL
  local IFS=';'
  echo "$word: ${parts[*]// ;/;} (warning at $warn %, critical at $critical %)" | sed 's/;/; /g'
  if [[ "$details" == true ]]; then
    if command -v docker >/dev/null 2>&1; then
      docker system df 2>/dev/null || true
    fi
    echo "To free space: docker image prune (old images), BACKUP_KEEP_DAYS (backups kept on the Pi), journalctl --vacuum-size=100M"
  fi
  exit "$worst"
}

main "$@"
