#!/usr/bin/env bash
# Brings the whole site back from a backup: without arguments it lists the backups; with one (or
# "latest") it downloads it, checks every file's SHA-256 before touching anything, then stops the
# stack, puts the databases, photos, .env.production and the images it ran back, starts it and
# waits until every service is healthy. A damaged, incomplete or wrong-password backup is refused and the running
# site is left as it was. On a new Pi, run infra/scripts/setup-rclone.sh first (docs/backups.md).
# The same as `infra/scripts/bakeshop restore`.
#
# Usage: infra/scripts/restore.sh [--help] [--yes] [--remote REMOTE] [BACKUP|latest]
#   --yes            do not ask before replacing the site's data (for scripts)
#   --remote REMOTE  restore from this remote: a further one (BACKUP_EXTRA_REMOTES) when the main one is
#                    lost; on a new Pi with no .env.production, the one to start from (default bakeshop-crypt:)
set -Eeuo pipefail

main() {
  case "${1:-}" in
    -h | --help) sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  esac
  exec "$(dirname "${BASH_SOURCE[0]}")/bakeshop" restore "$@"
}

main "$@"
