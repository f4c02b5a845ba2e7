#!/usr/bin/env bash
# Benchmark (not a test): uploads a 24-megapixel JPEG three times through the admin of the
# packaged storefront running with the Pi JVM settings (infra/jvm/storefront.options, 64 MB
# heap), and prints the time per upload, the peak heap in use (GC log) and the RSS afterwards.
# An upload the admin does not accept fails the run. --smoke: one upload, for the test command;
# asserts no time or memory target.
#
# Usage: storefront/bench/photo-upload.sh [--smoke] [--help]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

PORT=18090
# Local-only account (password bakeshop-local), the same as the local run's.
ADMIN="katie:\$2a\$10\$4bUO48Q1BQ3Fh325TIIUXeaMeE9221nc/CBCe/qOEoqDVWss1mhEC"
UPLOADS=3
WORK=""
APP_PID=""

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && { wait "$APP_PID" 2>/dev/null || true; }
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
  local jar="$ROOT/storefront/target/quarkus-app/quarkus-run.jar"
  [[ -f "$jar" ]] || (cd "$ROOT" && mvn -B -q -pl storefront -am -DskipTests package) || die "build failed"
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  java "$ROOT/storefront/bench/BigPhoto.java" "$WORK/24mp.jpg"

  INTERNAL_API_TOKEN=bench-only-token-0123456789abcdef0123 NOTIFIER_URL=http://127.0.0.1:9 MALLOC_ARENA_MAX=2 \
    STOREFRONT_DATA_DIR="$WORK/data" STOREFRONT_PHOTOS_DIR="$WORK/photos" STOREFRONT_SAMPLE_MENU=true \
    STOREFRONT_SECURE_COOKIES=false STOREFRONT_ADMIN_USERS="$ADMIN" QUARKUS_HTTP_PORT="$PORT" \
    java @"$ROOT/infra/jvm/storefront.options" -Xlog:gc:file="$WORK/gc.log" -jar "$jar" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  local i
  for ((i = 0; i < 600; i++)); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
    kill -0 "$APP_PID" 2>/dev/null || die "the storefront exited: $(tail -5 "$WORK/app.log")"
    sleep 0.1
  done
  ((i < 600)) || die "the storefront was not ready within 60 s"

  local jar_cookies="$WORK/cookies" t answer
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/sign-in" | token)"
  answer="$(curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -d "csrf-token=$t&name=katie&password=bakeshop-local" \
    -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$PORT/admin/sign-in")"
  [[ "$answer" == "303 "*/admin/orders ]] || die "could not sign in to the admin (answer: $answer)"
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/product?id=2" | token)"
  [[ -n "$t" ]] || die "the admin's product page has no form token"

  printf '\n24-megapixel JPEG (%s bytes) uploaded through the admin, Pi JVM settings\n\n' "$(stat -c %s "$WORK/24mp.jpg")"
  printf '| %-10s | %-8s | %-10s |\n|------------|----------|------------|\n' upload status seconds
  local status seconds location
  for ((i = 1; i <= UPLOADS; i++)); do
    read -r status seconds location < <(curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -F "csrf-token=$t" -F id=2 \
      -F "photo=@$WORK/24mp.jpg" -w '%{http_code} %{time_total} %{redirect_url}\n' "http://127.0.0.1:$PORT/admin/product/photo")
    printf '| %-10s | %-8s | %-10s |\n' "$i" "$status" "$seconds"
    # Accepted: back to the product page with "done=photo" (a refusal answers 4xx, a lost session the sign-in page).
    [[ "$status" == 303 && "${location:-}" == *"done=photo" ]] \
      || die "upload $i was not accepted (status $status, to '${location:-}'); the storefront's log ends: $(tail -3 "$WORK/app.log")"
  done
  local peak rss
  peak="$(grep -o '[0-9]*M->' "$WORK/gc.log" | sed 's/M->//' | sort -n | tail -1)"
  rss="$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")"
  printf '\npeak heap in use before a GC: %s MB (of at most 64); RSS now: %s MB\n' "$peak" "$rss"
  [[ -n "$peak" && -n "$rss" ]] || die "no peak heap (nothing in the GC log) or no RSS to report"
}

main "$@"
