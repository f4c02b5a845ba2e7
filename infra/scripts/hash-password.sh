#!/usr/bin/env bash
# Prints the line to put in .env.production for one admin account: the name and a bcrypt hash
# of a password typed at the prompt (never on the command line, so it stays out of the shell
# history). Uses htpasswd from Debian's apache2-utils, installed when missing as root.
#
# Usage: infra/scripts/hash-password.sh NAME     e.g. infra/scripts/hash-password.sh katie
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

usage() {
  cat <<'USAGE'
Usage: infra/scripts/hash-password.sh NAME     e.g. infra/scripts/hash-password.sh katie

Prints the line to put in .env.production for one admin account: the name and a bcrypt hash
of a password typed at the prompt (never on the command line, so it stays out of the shell
history). Uses htpasswd from Debian's apache2-utils, installed when missing as root.
USAGE
}

main() {
  [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { usage; exit 0; }
  local name="${1:-}"
  [[ "$name" =~ ^[a-z0-9._-]{1,40}$ ]] || { usage; die "Give the account name: lower-case letters, digits, . _ - (e.g. katie)"; }
  require_packages "htpasswd:apache2-utils"

  local password again hash
  read -r -s -p "Password for $name (at least 12 characters): " password
  echo >&2
  read -r -s -p "Same password again: " again
  echo >&2
  [[ "$password" == "$again" ]] || die "The two passwords differ; nothing was changed"
  ((${#password} >= 12)) || die "Please use at least 12 characters (a few words work well)"
  hash="$(htpasswd -niBC 12 "$name" <<<"$password" | cut -d: -f2-)"
  [[ "$hash" == \$2y\$12\$* ]] || die "htpasswd did not produce a bcrypt hash"
  cat <<DONE

Put this in .env.production (keep the single quotes: Compose would expand the \$ signs).
For two accounts, join them with a comma inside the quotes: 'katie:...,gerell:...'

STOREFRONT_ADMIN_USERS='$name:$hash'
DONE
}

main "$@"
