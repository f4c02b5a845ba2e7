#!/usr/bin/env bash
# Takes a backup now: the databases, photos, settings and configuration, uploaded to the backup
# remote and verified there (the nightly one runs by itself). Exit status 0 only when verified.
# The same as `infra/scripts/bakeshop backup`; see docs/backups.md.
#
# Usage: infra/scripts/backup.sh [--help] [REASON]     REASON: e.g. before-update (default: manual)
set -Eeuo pipefail

main() {
  case "${1:-}" in
    -h | --help) sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  esac
  exec "$(dirname "${BASH_SOURCE[0]}")/bakeshop" backup "$@"
}

main "$@"
