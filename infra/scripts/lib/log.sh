# shellcheck shell=bash
# Logging for the bakeshop scripts: `log info|warn|error MESSAGE...` writes a timestamped line to
# stderr; `die MESSAGE...` logs an error and exits 1. Source it; do not run it.

log() {
  local level="$1"
  shift
  printf '%s %-5s %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "${level^^}" "$*" >&2
}

die() {
  log error "$@"
  exit 1
}
