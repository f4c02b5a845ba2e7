#!/usr/bin/env bash
# Benchmark (not a test): time from an order POST to the owner's email accepted by an SMTP
# server, through the packaged storefront and notifier (production JVM settings) and an
# aiosmtpd sink that logs when it accepts each message. Prints p50/p90/p99 over ORDERS orders
# (default 200), each from its own simulated customer (own IPv6 /64, as the rate limit counts).
# GreenMail, which the tests use, takes ~0.2 s per message: too slow to measure with.
# --smoke: the same path with 5 orders, for the test command; fails if an order or one of its
# three messages does not get through, asserts no latency target.
#
# Usage: notifier/bench/latency.sh [--smoke] [ORDERS] [--help]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local orders="" smoke=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) smoke=true ;;
      -h | --help) usage; exit 0 ;;
      *) [[ "$1" =~ ^[1-9][0-9]*$ ]] || { usage; die "Unknown argument '$1' (ORDERS must be a positive number)"; }
        orders="$1" ;;
    esac
    shift
  done
  [[ -n "$orders" || "$smoke" == false ]] || orders=5
  orders="${orders:-200}"
  require_build_tools
  require_debian_python_module aiosmtpd python3-aiosmtpd
  local helpers="$ROOT/sqlite-snapshot/target/test-classes" # TestPorts, shared with the tests
  if [[ ! -f "$ROOT/notifier/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/storefront/target/quarkus-app/quarkus-run.jar" \
      || ! -f "$helpers/com/allthemuchbakeshop/testing/TestPorts.class" ]]; then
    log info "Building the notifier and the storefront"
    (cd "$ROOT" && mvn -B -q -pl notifier,storefront -am -DskipTests package) || die "build failed"
  fi
  java -cp "$helpers" -Dbench.python=/usr/bin/python3 -Dbench.smoke="$smoke" "$ROOT/notifier/bench/NotificationLatency.java" "$ROOT" "$orders" \
    || die "The notification latency benchmark failed; see the reason above"
}

main "$@"
