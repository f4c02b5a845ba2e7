# shellcheck shell=bash
# Shared by the storefront's benchmarks: the packaged storefront run as production runs it (the
# fast-jar with infra/jvm/storefront.options) in the embedded local mode, and wrk's figures.
# Needs ROOT and die (infra/scripts/lib/log.sh). Sets APP_PID.

APP_PID=""

# Packages the storefront when its jar is missing.
build_storefront() {
  [[ -f "$ROOT/storefront/target/quarkus-app/quarkus-run.jar" ]] && return 0
  (cd "$ROOT" && mvn -B -q -pl storefront -am -DskipTests package) || die "build failed"
}

# start_storefront PORT WORK LOG [NAME=value ...]: starts it on PORT with its data under WORK,
# the sample menu and plain-http cookies, plus the settings given; waits until it is ready
# (60 s at most) or dies with the end of LOG.
start_storefront() {
  local port="$1" work="$2" log="$3" i
  shift 3
  build_storefront
  env INTERNAL_API_TOKEN=bench-only-token-0123456789abcdef0123 NOTIFIER_URL=http://127.0.0.1:9 MALLOC_ARENA_MAX=2 \
    STOREFRONT_DATA_DIR="$work/data" STOREFRONT_PHOTOS_DIR="$work/photos" STOREFRONT_SAMPLE_MENU=true \
    STOREFRONT_SECURE_COOKIES=false QUARKUS_HTTP_PORT="$port" "$@" \
    java @"$ROOT/infra/jvm/storefront.options" -jar "$ROOT/storefront/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
  APP_PID=$!
  for ((i = 0; i < 1200; i++)); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && return 0
    kill -0 "$APP_PID" 2>/dev/null || die "the storefront exited; the last lines of $log:
$(tail -n 40 "$log")"
    sleep 0.05
  done
  die "the storefront was not ready within 60 s; the last lines of $log:
$(tail -n 40 "$log")"
}

# Stops the storefront started last, if it runs.
stop_storefront() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && { wait "$APP_PID" 2>/dev/null || true; }
  APP_PID=""
}

# The storefront's resident memory in MB.
storefront_rss_mb() {
  awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status"
}

# wrk_latency URL DURATION CONNECTIONS: prints "req/s p50 p99" (latencies in ms) of wrk -t2;
# dies on error responses or no answer.
wrk_latency() {
  local url="$1" out result
  out="$(wrk -t2 -c"$3" -d"$2" --latency "$url")" || die "wrk could not load $url: $out"
  ! grep -q "Non-2xx" <<<"$out" || die "wrk got error responses from $url: $(grep Non-2xx <<<"$out")"
  result="$(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { if (n > 0 && rps != "" && p50 != "" && p99 != "") printf "%.0f %.2f %.2f\n", rps, p50, p99 }' <<<"$out")"
  [[ -n "$result" ]] || die "wrk got no answer from $url: $out"
  echo "$result"
}
