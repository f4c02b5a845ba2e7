#!/usr/bin/env bash
# Benchmarks the packaged storefront exactly as production runs it (fast-jar, the JVM settings
# of infra/jvm/storefront.options) against the same pages saved as static files served by
# nginx, the upper bound. Prints one table: start-up time, memory idle and after load, and
# req/s with p50/p99 latency for / and /menu under wrk -t2 -c32 -d10s.
#
# The storefront runs in the embedded local mode (sample menu loaded into a fresh database),
# the only difference from production being where its data comes from; the request path is
# the same code with the same settings.
# --smoke: the same path for the test command, tiny (wrk -d1s -c2, no warm-up); fails on an
# error response or a missing figure, asserts no target.
#
# Usage: storefront/bench/bench.sh [--smoke] [--help]   (env: DURATION=10s CONNECTIONS=32 PORT=18080)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=storefront/bench/lib/storefront.sh
source "$ROOT/storefront/bench/lib/storefront.sh"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18089}"
SMOKE=false
WORK=""
NGINX_PID=""

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_storefront
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && { wait "$NGINX_PID" 2>/dev/null || true; }
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  return 0
}

# Runs wrk and prints "req/s p50 p99" (latencies in ms); fails on error responses or no answer.
load() {
  wrk_latency "$1" "$DURATION" "$CONNECTIONS"
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) SMOKE=true DURATION=1s CONNECTIONS=2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done
  require_build_tools
  require_packages "wrk:wrk" "nginx:nginx-light" "curl:curl"

  log info "Building the storefront if needed"
  build_storefront
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  chmod 755 "$WORK" # nginx workers run as an unprivileged user and must read the pages

  log info "Starting the storefront with $(tr '\n' ' ' <"$ROOT/infra/jvm/storefront.options")"
  local start end
  start="$(date +%s%N)"
  # The production cookie setting: these pages set none, and the request path is the same.
  start_storefront "$PORT" "$WORK" "$WORK/app.log" STOREFRONT_SECURE_COOKIES=true
  end="$(date +%s%N)"
  local startup rss_idle
  startup="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')"
  [[ "$SMOKE" == true ]] || sleep 2
  rss_idle="$(storefront_rss_mb)"

  # The static upper bound: the very same pages, saved and served by nginx.
  mkdir -p "$WORK/static"
  curl -fsS "http://127.0.0.1:$PORT/" -o "$WORK/static/home.html" || die "the storefront did not serve /"
  curl -fsS "http://127.0.0.1:$PORT/menu" -o "$WORK/static/menu.html" || die "the storefront did not serve /menu"
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $WORK/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
    location = / { try_files /home.html =404; }
    location = /menu { try_files /menu.html =404; }
  }
}
NGINX
  nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  local tries=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/menu" 2>/dev/null; do
    ((++tries < 100)) || die "nginx does not serve the saved pages: $(tail -3 "$WORK/nginx-error.log" 2>/dev/null)"
    sleep 0.05
  done

  if [[ "$SMOKE" == false ]]; then
    log info "Warming up the JIT (same load, not counted)"
    load "http://127.0.0.1:$PORT/" >/dev/null
    load "http://127.0.0.1:$PORT/menu" >/dev/null
  fi

  local app_home app_menu nginx_home nginx_menu rss_load
  log info "Measuring (wrk -t2 -c$CONNECTIONS -d$DURATION --latency)"
  app_home="$(load "http://127.0.0.1:$PORT/")"
  app_menu="$(load "http://127.0.0.1:$PORT/menu")"
  rss_load="$(storefront_rss_mb)"
  nginx_home="$(load "http://127.0.0.1:$NGINX_PORT/")"
  nginx_menu="$(load "http://127.0.0.1:$NGINX_PORT/menu")"

  local menu_rps nginx_menu_rps
  menu_rps="${app_menu%% *}"
  nginx_menu_rps="${nginx_menu%% *}"
  printf '\nStorefront benchmark on %s (%s cores), %s\n\n' "$(hostname)" "$(nproc)" "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '| %-26s | %-10s | %-10s | %-8s | %-8s |\n' "what" "req/s" "share" "p50 ms" "p99 ms"
  printf '|%s|%s|%s|%s|%s|\n' "----------------------------" "------------" "------------" "----------" "----------"
  row() {
    local name="$1" rps p50 p99 base="$3"
    read -r rps p50 p99 <<<"$2"
    printf '| %-26s | %-10s | %-10s | %-8s | %-8s |\n' "$name" "$rps" \
      "$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.0f%%", 100 * a / b }')" "$p50" "$p99"
  }
  row "storefront /" "$app_home" "${nginx_home%% *}"
  row "storefront /menu" "$app_menu" "$nginx_menu_rps"
  row "nginx static /" "$nginx_home" "${nginx_home%% *}"
  row "nginx static /menu" "$nginx_menu" "$nginx_menu_rps"
  printf '\n| %-26s | %-10s |\n' "storefront" "value"
  printf '|%s|%s|\n' "----------------------------" "------------"
  printf '| %-26s | %-10s |\n' "start to ready (s)" "$startup" "RSS idle (MB)" "$rss_idle" "RSS after load (MB)" "$rss_load" \
    "page sizes / and /menu (B)" "$(stat -c %s "$WORK/static/home.html")/$(stat -c %s "$WORK/static/menu.html")"
  if [[ "$SMOKE" == true ]]; then
    printf '\nSmoke run (cold JVM, wrk -d%s -c%s): the figures are no measure; no target asserted.\n' "$DURATION" "$CONNECTIONS"
  else
    printf '\nTargets: /menu >= 50%% of nginx (%s of %s req/s), p99 < 10 ms, RSS after load <= 128 MB.\n' \
      "$menu_rps" "$nginx_menu_rps"
  fi
}

main "$@"
