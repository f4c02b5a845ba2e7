#!/usr/bin/env bash
# Benchmark (not a test): how fast the monitor-agent tells, and what it costs. Brings up the
# compose stack (stand-in base images) with the test's SMTP server (infra/test/compose.e2e.yaml),
# then prints: seconds from `docker-compose stop deploy-hook` to the developer's alert at the
# SMTP server (median of 5; each time the service is started again and its recovery notice
# awaited), the agent's RSS when idle (target <= 80 MB), and its CPU per check round (all of its
# CPU time over a minute, divided by the rounds in it). Production settings, except rounds every
# 10 s instead of 60 s (a round costs the same either way) and a 20 s start-up grace.
# Runs as compose project bakeshop-monbench, removed with its volumes on exit.
# --smoke: the same path for the test command: one stop, a 20-second CPU window; no target.
#
# Usage: monitor-agent/bench/alert.sh [--smoke] [--help]   (needs `mvn package` and a running Docker engine)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=infra/scripts/lib/local-mode.sh
source "$ROOT/infra/scripts/lib/local-mode.sh"

PROJECT=bakeshop-monbench
API=127.0.0.1:18125
DEVELOPER=gerell@allthemuchbakeshop.test
SMOKE=false
RUNS=5
CPU_WINDOW=60

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

compose() {
  docker-compose -p "$PROJECT" -f "$ROOT/infra/compose.yaml" -f "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}

# count TEXT: how often TEXT appears in the developer's mailbox at the SMTP server.
count() {
  local inbox
  inbox="$(curl -fsS "http://$API/api/user/$DEVELOPER/messages/INBOX" 2>/dev/null)" || inbox=""
  { grep -o "$1" <<<"$inbox" || true; } | wc -l
}

# wait_more TEXT BEFORE SECONDS: until TEXT appears more often than BEFORE; prints the seconds since $T0.
wait_more() {
  local until=$((SECONDS + $3))
  while ((SECONDS < until)); do
    if (($(count "$1") > $2)); then
      awk -v s="$T0" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }'
      return 0
    fi
    sleep 0.2
  done
  return 1
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) SMOKE=true RUNS=1 CPU_WINDOW=20 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done
  require_packages "dockerd:docker.io" "docker:docker.io" "docker-compose:docker-compose" "curl:curl"
  docker info >/dev/null 2>&1 || die "The Docker engine is not running (start dockerd)"
  [[ -f "$ROOT/notifier/target/test-smtp/greenmail-standalone.jar" ]] || die "notifier/target/test-smtp is missing: run mvn package first"
  export_standin_images
  export_local_mode
  # Real mail to the test's SMTP server, as on the Pi to SendGrid.
  export NOTIFIER_DELIVERY=smtp SMTP_HOST=smtp.test SMTP_PORT=3025 SMTP_STARTTLS=DISABLED SMTP_LOGIN=DISABLED \
    SENDGRID_API_KEY=SG.bench DEVELOPER_EMAIL="$DEVELOPER" SMTP_API_PORT="$API" EDGE_PORT=127.0.0.1:18200 \
    INTERNAL_API_TOKEN=bench-token-0123456789abcdef0123456789abcdef \
    MONITOR_INTERVAL=10S MONITOR_STARTUP_GRACE=20S
  export_image_tag bench
  BACKUP_LOCAL_REMOTE_DIR="$(mktemp -d)" && export BACKUP_LOCAL_REMOTE_DIR
  chown 10001:10001 "$BACKUP_LOCAL_REMOTE_DIR"
  DOCKER_GID="$(stat -c %g /var/run/docker.sock)" && export DOCKER_GID
  "$ROOT/infra/docker/build-standins.sh"
  trap 'cleanup; rm -rf "$BACKUP_LOCAL_REMOTE_DIR"' EXIT
  cleanup
  compose build >/dev/null || die "image build failed"
  compose up -d >/dev/null 2>&1 || die "compose up failed: $(compose up -d 2>&1 | tail -5)"
  local i c
  for ((i = 0; i < 300; i++)); do
    c="$(compose ps -q monitor-agent)"
    [[ -n "$c" && "$(docker inspect -f '{{.State.Health.Status}}' "$c")" == healthy ]] \
      && [[ "$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q deploy-hook)")" == healthy ]] && break
    sleep 1
  done
  ((i < 300)) || { compose ps >&2; die "the monitor-agent or the deploy-hook did not become healthy in 5 minutes"; }
  sleep 25 # past the start-up grace, and start-up work settled

  local rss pid hz before after cpu_ms
  rss="$(docker stats --no-stream --format '{{.MemUsage}}' "$c" | awk '{ v = $1; u = v; gsub(/[0-9.]/, "", u); gsub(/[A-Za-z]/, "", v);
    if (u == "GiB") v *= 1024; if (u == "KiB") v /= 1024; printf "%.0f", v }')"
  pid="$(docker inspect -f '{{.State.Pid}}' "$c")"
  hz="$(getconf CLK_TCK)"
  before="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
  sleep "$CPU_WINDOW"
  after="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
  cpu_ms="$(awk -v b="$before" -v a="$after" -v hz="$hz" -v w="$CPU_WINDOW" 'BEGIN { printf "%.0f", (a - b) * 1000 / hz / (w / 10) }')"

  local times=() t down back
  for ((i = 1; i <= RUNS; i++)); do
    down="$(count "DOWN the deploy-hook container")" back="$(count "BACK the deploy-hook container")"
    T0="$(date +%s%N)"
    compose stop deploy-hook >/dev/null 2>&1
    t="$(wait_more "DOWN the deploy-hook container" "$down" 90)" || { compose logs --tail=30 monitor-agent >&2; die "no alert within 90 s of the stop"; }
    times+=("$t")
    compose start deploy-hook >/dev/null 2>&1
    T0="$(date +%s%N)"
    wait_more "BACK the deploy-hook container" "$back" 180 >/dev/null || die "no recovery notice within 180 s of the start"
  done
  local median
  median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"

  printf '\nmonitor-agent, compose stack on stand-in images, %s (%s cores)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)"
  printf '| %-52s | %-22s | %-12s |\n|------------------------------------------------------|------------------------|--------------|\n' \
    measure value target
  local target_stop="<= 30" target_rss="<= 80"
  [[ "$SMOKE" == true ]] && target_stop="(smoke)" target_rss="(smoke)"
  printf '| %-52s | %-22s | %-12s |\n' "docker stop to the alert at SMTP, s (median of $RUNS)" "$median (${times[*]})" "$target_stop"
  printf '| %-52s | %-22s | %-12s |\n' "RSS idle, MB" "$rss" "$target_rss"
  printf '| %-52s | %-22s | %-12s |\n' "CPU per round, ms (${CPU_WINDOW} s window, a round every 10 s)" "$cpu_ms" "-"
}

main "$@"
