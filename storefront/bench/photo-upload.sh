#!/usr/bin/env bash
# Benchmark (not a test): uploads a 24-megapixel JPEG and 2000x2000 and 4000x4000 transparent
# PNGs, three times each, through the admin of the packaged storefront running with the Pi JVM
# settings (infra/jvm/storefront.options, 64 MB heap), and prints per upload the time, the peak
# heap in use before a GC during it (GC log) and the RSS after it. An upload the admin does not
# accept fails the run. --smoke: each picture once, for the test command; asserts no time or
# memory target.
#
# Usage: storefront/bench/photo-upload.sh [--smoke] [--help]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=storefront/bench/lib/storefront.sh
source "$ROOT/storefront/bench/lib/storefront.sh"

PORT=18090
# Local-only account (password bakeshop-local), the same as the local run's.
ADMIN="katie:\$2a\$10\$4bUO48Q1BQ3Fh325TIIUXeaMeE9221nc/CBCe/qOEoqDVWss1mhEC"
UPLOADS=3
WORK=""

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_storefront
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  return 0
}

token() { # the CSRF token in a page
  grep -o 'name="csrf-token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) UPLOADS=1 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done
  require_build_tools
  require_packages "curl:curl"
  build_storefront
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  java "$ROOT/storefront/bench/BigPhoto.java" "$WORK/24mp.jpg"
  java "$ROOT/storefront/bench/BigPhoto.java" "$WORK/transparent-2000.png" 2000
  java "$ROOT/storefront/bench/BigPhoto.java" "$WORK/transparent-4000.png" 4000

  start_storefront "$PORT" "$WORK" "$WORK/app.log" STOREFRONT_ADMIN_USERS="$ADMIN" JDK_JAVA_OPTIONS="-Xlog:gc:file=$WORK/gc.log"

  local jar_cookies="$WORK/cookies" t answer
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/sign-in" | token)"
  answer="$(curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -d "csrf-token=$t&name=katie&password=bakeshop-local" \
    -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$PORT/admin/sign-in")"
  [[ "$answer" == "303 "*/admin/orders ]] || die "could not sign in to the admin (answer: $answer)"
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/product?id=2" | token)"
  [[ -n "$t" ]] || die "the admin's product page has no form token"

  printf '\nPictures uploaded through the admin, Pi JVM settings (heap at most 64 MB)\n\n'
  printf '| %-22s | %-9s | %-3s | %-6s | %-7s | %-13s | %-7s |\n' picture bytes run status seconds "peak heap MB" "RSS MB"
  printf '|------------------------|-----------|-----|--------|---------|---------------|---------|\n'
  local status seconds location picture gc_lines peak rss
  for picture in 24mp.jpg transparent-2000.png transparent-4000.png; do
    for ((i = 1; i <= UPLOADS; i++)); do
      gc_lines="$(wc -l <"$WORK/gc.log")"
      read -r status seconds location < <(curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -F "csrf-token=$t" -F id=2 \
        -F "photo=@$WORK/$picture" -w '%{http_code} %{time_total} %{redirect_url}\n' "http://127.0.0.1:$PORT/admin/product/photo")
      # Accepted: back to the product page with "done=photo" (a refusal answers 4xx, a lost session the sign-in page).
      [[ "$status" == 303 && "${location:-}" == *"done=photo" ]] \
        || die "upload $i of $picture was not accepted (status $status, to '${location:-}'); the storefront's log ends: $(tail -3 "$WORK/app.log")"
      peak="$(tail -n +"$((gc_lines + 1))" "$WORK/gc.log" | grep -o '[0-9]*M->' | sed 's/M->//' | sort -n | tail -1)"
      rss="$(storefront_rss_mb)"
      printf '| %-22s | %-9s | %-3s | %-6s | %-7s | %-13s | %-7s |\n' "$picture" "$(stat -c %s "$WORK/$picture")" "$i" "$status" \
        "$seconds" "${peak:-no GC}" "$rss"
      [[ -n "$rss" ]] || die "no RSS to report"
    done
  done
  peak="$(grep -o '[0-9]*M->' "$WORK/gc.log" | sed 's/M->//' | sort -n | tail -1)"
  printf '\npeak heap in use before a GC over the whole run: %s MB (of at most 64)\n' "$peak"
  [[ -n "$peak" ]] || die "no peak heap (nothing in the GC log) to report"
  kill -0 "$APP_PID" 2>/dev/null || die "the storefront exited during the run"
}

main "$@"
