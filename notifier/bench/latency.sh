#!/usr/bin/env bash
# Benchmark (not a test): time from an order POST to the owner's email accepted by an SMTP
# server, through the packaged storefront and notifier (production JVM settings) and an
# aiosmtpd sink that logs when it accepts each message. Prints p50/p90/p99 over ORDERS orders
# (default 200). GreenMail, which the tests use, takes ~0.2 s per message: too slow to measure with.
#
# Usage: notifier/bench/latency.sh [ORDERS]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

main() {
  [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0; }
  local orders="${1:-200}"
  [[ "$orders" =~ ^[0-9]+$ ]] || die "ORDERS must be a number"
  require_build_tools
  # Debian's own Python, where Debian's python3-aiosmtpd lands (not a pyenv one first on PATH).
  local python=/usr/bin/python3
  if ! "$python" -c 'import aiosmtpd' 2>/dev/null; then
    require_packages "aiosmtpd:python3-aiosmtpd"
  fi
  "$python" -c 'import aiosmtpd' 2>/dev/null || die "$python cannot import aiosmtpd (Debian package python3-aiosmtpd)"
  if [[ ! -f "$ROOT/notifier/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/storefront/target/quarkus-app/quarkus-run.jar" ]]; then
    log info "Building the notifier and the storefront"
    (cd "$ROOT" && mvn -B -q -pl notifier,storefront -am -DskipTests package) || die "build failed"
  fi
  java -Dbench.python="$python" "$ROOT/notifier/bench/NotificationLatency.java" "$ROOT" "$orders"
}

main "$@"
