#!/usr/bin/env bash
# Benchmark (not a test): uploads a 24-megapixel JPEG three times through the admin of the
# packaged storefront running with the Pi JVM settings (infra/jvm/storefront.options, 64 MB
# heap), and prints the time per upload, the peak heap in use (GC log) and the RSS afterwards.
#
# Usage: storefront/bench/photo-upload.sh
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

PORT=18090
# Local-only account (password bakeshop-local), the same as the local run's.
ADMIN="katie:\$2a\$10\$4bUO48Q1BQ3Fh325TIIUXeaMeE9221nc/CBCe/qOEoqDVWss1mhEC"
WORK=""
APP_PID=""

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
  [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0; }
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

  local jar_cookies="$WORK/cookies" t
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/sign-in" | token)"
  curl -fs -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -d "csrf-token=$t&name=katie&password=bakeshop-local" \
    "http://127.0.0.1:$PORT/admin/sign-in" || die "could not sign in"
  t="$(curl -fs -c "$jar_cookies" -b "$jar_cookies" "http://127.0.0.1:$PORT/admin/product?id=2" | token)"

  printf '\n24-megapixel JPEG (%s bytes) uploaded through the admin, Pi JVM settings\n\n' "$(stat -c %s "$WORK/24mp.jpg")"
  printf '| %-10s | %-8s | %-10s |\n|------------|----------|------------|\n' upload status seconds
  for i in 1 2 3; do
    curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -F "csrf-token=$t" -F id=2 -F "photo=@$WORK/24mp.jpg" \
      -w "| $i          | %{http_code}      | %{time_total}   |\n" "http://127.0.0.1:$PORT/admin/product/photo"
  done
  printf '\npeak heap in use before a GC: %s MB (of at most 64); RSS now: %s MB\n' \
    "$(grep -o '[0-9]*M->' "$WORK/gc.log" | sed 's/M->//' | sort -n | tail -1)" \
    "$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")"
}

main "$@"
