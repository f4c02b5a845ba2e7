#!/usr/bin/env bash
# Benchmark (not a test): what durable commits cost per order. Posts ORDERS orders (default 200,
# each from its own client /64) to the packaged storefront (Pi JVM settings) with the shipped
# synchronous=FULL, then again with synchronous=NORMAL (durable against a crash of the process,
# not against a power cut), and prints the order POST's time (p50, p90, p99, mean) for both.
# The figures are this machine's disk; an SD card's fsync is slower, so rerun it on the Pi.
# --smoke: 5 orders each, for the test command; fails if an order is not accepted; asserts no target.
#
# Usage: storefront/bench/order-durability.sh [--smoke] [ORDERS] [--help]   (env: PORT=18092)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=storefront/bench/lib/storefront.sh
source "$ROOT/storefront/bench/lib/storefront.sh"

PORT="${PORT:-18092}"
WORK=""

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_storefront
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  return 0
}

field() { # the value of a form field in a page
  grep -o "name=\"$1\" value=\"[^\"]*\"" | head -1 | sed 's/.*value="//; s/"$//'
}

# run SYNCHRONOUS ORDERS: starts a fresh storefront with that setting, posts the orders and
# prints each POST's seconds, one per line.
run() {
  local sync="$1" orders="$2" data="$WORK/$1/data" i
  start_storefront "$PORT" "$WORK/$sync" "$WORK/app-$sync.log" STOREFRONT_TRUSTED_PROXIES=127.0.0.1/32 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:sqlite:$data/storefront.db?journal_mode=WAL&synchronous=$sync&foreign_keys=true&busy_timeout=5000"
  local jar="$WORK/cookies" page client result day
  day="$(date -d '+6 days' +%F)"
  for ((i = 0; i < orders; i++)); do
    client="2001:db8:$(printf '%x' $((0x2000 + i)))::9"
    page="$(curl -fsS -c "$jar" -b "$jar" -H "CF-Connecting-IP: $client" "http://127.0.0.1:$PORT/order")"
    result="$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -c "$jar" -b "$jar" -H "CF-Connecting-IP: $client" \
      --data-urlencode "csrf-token=$(field csrf-token <<<"$page")" --data-urlencode "submission=$(field submission <<<"$page")" \
      --data-urlencode "name=Bench Customer $i" --data-urlencode "email=bench$i@example.com" --data-urlencode "phone=555 010 3333" \
      --data-urlencode "fulfilment=pickup" --data-urlencode "date=$day" --data-urlencode "request=A cake for the benchmark" \
      "http://127.0.0.1:$PORT/order")"
    [[ "$result" == 303* ]] || die "order $i not accepted with synchronous=$sync: $result"
    echo "${result#* }"
  done
  stop_storefront
}

# stats FILE: "p50 p90 p99 mean" in ms of the seconds in FILE.
stats() {
  sort -n "$1" | awk '{ v[NR] = $1 * 1000; s += v[NR] }
    function at(p) { i = int(p * NR + 0.999); if (i < 1) i = 1; return v[i] }
    END { printf "%.1f %.1f %.1f %.1f\n", at(0.5), at(0.9), at(0.99), s / NR }'
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
  require_packages "curl:curl"
  build_storefront
  WORK="$(mktemp -d)"
  trap cleanup EXIT

  local sync
  for sync in FULL NORMAL; do
    log info "$orders orders with synchronous=$sync"
    run "$sync" "$orders" >"$WORK/times-$sync"
  done
  printf '\nOrder POST time on %s (%s cores, data in %s on %s), %s orders each\n\n' "$(hostname)" "$(nproc)" "$WORK" \
    "$(df --output=fstype "$WORK" | tail -1)" "$orders"
  printf '| %-20s | %-8s | %-8s | %-8s | %-8s |\n' "synchronous" "p50 ms" "p90 ms" "p99 ms" "mean ms"
  printf '|----------------------|----------|----------|----------|----------|\n'
  local p50 p90 p99 mean
  for sync in FULL NORMAL; do
    read -r p50 p90 p99 mean < <(stats "$WORK/times-$sync")
    printf '| %-20s | %-8s | %-8s | %-8s | %-8s |\n' "$sync$([[ $sync == FULL ]] && echo ' (shipped)')" "$p50" "$p90" "$p99" "$mean"
  done
  [[ "$smoke" == false ]] || printf '\nSmoke run (%s orders, cold JVM): the figures are no measure; no target asserted.\n' "$orders"
}

main "$@"
