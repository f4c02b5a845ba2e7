#!/usr/bin/env bash
# Benchmark (not a test): the compose stack with the stand-in base images. Prints per service
# the image size, seconds from `up` to healthy and RSS when idle; then req/s and p99 for /menu
# through the edge proxy, straight to the storefront, and through the published port. wrk runs
# from this host inside the container's network namespace (nsenter), so the first two are
# measured as cloudflared and the edge reach them, without Docker's port proxy in the way.
# Runs as compose project bakeshop-bench (images bakeshop-*:bench), removed with its volumes on
# exit. A service that is not healthy, an error response or a missing figure fails the run.
# --smoke: the same path for the test command with 1-second wrk runs (-c2), no warm-up and no
# settling pause; asserts no target.
#
# Usage: infra/bench/stack.sh [--smoke] [--help]   (needs `mvn package` and a running Docker engine)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=infra/scripts/lib/local-mode.sh
source "$ROOT/infra/scripts/lib/local-mode.sh"

PROJECT=bakeshop-bench
EDGE=127.0.0.1:18100
SMOKE=false
WRK=(-t2 -c32 -d10s)

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

compose() {
  docker-compose -p "$PROJECT" -f "$ROOT/infra/compose.yaml" "$@"
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}

# measure LABEL SERVICE URL [HEADER]: wrk in SERVICE's network namespace (or on this host when
# SERVICE is empty), after a 5 s warm-up (none in a smoke run).
measure() {
  local ns=() header=(-H "${4:-X-Bench: plain}") out row code
  [[ -n "$2" ]] && ns=(nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$(compose ps -q "$2")")" -n)
  # One request first: a broken path is named by its status, and a cold service's slow first
  # answer does not leave a 1-second smoke run with nothing to count.
  code="$("${ns[@]}" curl -s -o /dev/null -w '%{http_code}' --max-time 30 "${header[@]}" "$3")" || true
  [[ "$code" == 2?? ]] || die "$3 ($1) answered ${code:-nothing} instead of 2xx"
  [[ "$SMOKE" == true ]] || "${ns[@]}" wrk -t2 -c32 -d5s "${header[@]}" "$3" >/dev/null
  out="$("${ns[@]}" wrk "${WRK[@]}" --latency "${header[@]}" "$3")" || die "wrk could not load $3 ($1): $out"
  if grep -q "Non-2xx" <<<"$out"; then
    die "wrk got error responses from $3 ($1): $(grep Non-2xx <<<"$out")"
  fi
  row="$(awk -v label="$1" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { n = $1 } /Requests\/sec/ { r = $2 } $1 == "99%" { p = ms($2) }
    END { if (n > 0 && r != "" && p != "") printf "| %-46s | %-10.0f | %-8.2f |\n", label, r, p }' <<<"$out")"
  [[ -n "$row" ]] || die "wrk got no answer from $3 ($1): $out"
  echo "$row"
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) SMOKE=true WRK=(-t2 -c2 -d1s) ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done
  require_packages "dockerd:docker.io" "docker:docker.io" "docker-compose:docker-compose" "wrk:wrk" "curl:curl" "nsenter:util-linux"
  docker info >/dev/null 2>&1 || die "The Docker engine is not running (start dockerd)"
  export_standin_images
  export_local_mode
  export INTERNAL_API_TOKEN=bench-token-0123456789abcdef0123456789abcdef EDGE_PORT="$EDGE"
  export_image_tag bench
  DOCKER_GID="$(stat -c %g /var/run/docker.sock)" && export DOCKER_GID
  "$ROOT/infra/docker/build-standins.sh"
  trap cleanup EXIT
  cleanup
  compose build >/dev/null || die "image build failed"

  local start c name status i out
  start="$(date +%s%N)"
  out="$(compose up -d 2>&1)" || die "compose up failed: $out"
  declare -A ready=()
  for ((i = 0; i < 600; i++)); do
    for c in $(compose ps -q); do
      name="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$c")"
      status="$(docker inspect -f '{{.State.Health.Status}}' "$c")"
      if [[ "$status" == healthy && -z "${ready[$name]:-}" ]]; then
        ready[$name]="$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')"
      fi
    done
    [[ ${#ready[@]} -eq 7 ]] && break
    sleep 0.5
  done
  if [[ ${#ready[@]} -ne 7 ]]; then
    compose ps >&2
    compose logs --tail=20 >&2
    die "not every service became healthy within 5 minutes (healthy: ${!ready[*]}); their state and logs are above"
  fi
  [[ "$SMOKE" == true ]] || sleep 20 # let start-up work settle before reading idle memory

  printf '\nCompose stack on stand-in images, %s (%s cores)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)"
  printf '| %-14s | %-14s | %-16s | %-13s |\n|----------------|----------------|------------------|---------------|\n' \
    service "image (MB)" "up to healthy (s)" "RSS idle (MB)"
  local total=0 all=0 rss size largest=0
  for c in $(compose ps -q); do
    name="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$c")"
    rss="$(docker stats --no-stream --format '{{.MemUsage}}' "$c" | awk '{ v = $1; u = v; gsub(/[0-9.]/, "", u); gsub(/[A-Za-z]/, "", v);
      if (u == "GiB") v *= 1024; if (u == "KiB") v /= 1024; printf "%.0f", v }')"
    [[ -n "$rss" ]] || die "docker stats gave no memory figure for $name"
    [[ "$name" == storefront || "$name" == notifier || "$name" == edge ]] && total=$((total + rss))
    all=$((all + rss))
    size="$(docker image inspect -f '{{.Size}}' "$(docker inspect -f '{{.Config.Image}}' "$c")" | awk '{printf "%.0f", $1 / 1e6}')"
    ((size > largest)) && largest=$size
    printf '| %-14s | %-14s | %-16s | %-13s |\n' "$name" "$size" "${ready[$name]}" "$rss"
  done
  if [[ "$SMOKE" == true ]]; then
    printf '\nstorefront + notifier + edge idle: %s MB; whole stack: %s MB; largest image %s MB (smoke run: no target)\n' "$total" "$all" "$largest"
  else
    printf '\nstorefront + notifier + edge idle: %s MB (target <= 300); whole stack: %s MB (target <= 450); largest image %s MB (target <= 200 each)\n' \
      "$total" "$all" "$largest"
  fi

  printf '\n| %-46s | %-10s | %-8s |\n|------------------------------------------------|------------|----------|\n' \
    "/menu, wrk ${WRK[*]}" "req/s" "p99 ms"
  local gzip="Accept-Encoding: gzip, deflate, br"
  measure "edge proxy, browser (gzip)" edge "http://127.0.0.1:8000/menu" "$gzip"
  measure "storefront straight, browser (gzip)" storefront "http://127.0.0.1:8080/menu" "$gzip"
  measure "edge proxy, no compression" edge "http://127.0.0.1:8000/menu"
  measure "storefront straight, no compression" storefront "http://127.0.0.1:8080/menu"
  measure "edge via the published port, browser (gzip)" "" "http://$EDGE/menu" "$gzip"
}

main "$@"
