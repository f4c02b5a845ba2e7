#!/usr/bin/env bash
# Benchmark (not a test): the nightly backup and a restore with 1 GB of photos. Runs the packaged
# storefront and backup-agent as production runs them (Pi JVM settings, the agent at nice 10, as
# its CPU share is the smallest of the stack), generates PHOTOS_MB of photos, then measures: the
# first backup's time and bytes uploaded, a second backup with unchanged photos (bytes uploaded as
# a share of the first), the storefront's /menu p99 quiet and while the first backup runs, the
# agent's resident memory (JVM plus its rclone) idle and at its peak, and the preparation of a
# restore from the remote alone (download and every hash checked). The remote is a directory on
# this disk: the figures are the agent's own cost, not a network's; rerun it on the Pi.
# --smoke: 20 MB of photos and short loads, for the test command; asserts no target.
#
# Usage: backup-agent/bench/backup.sh [--smoke] [--help]   (env: PHOTOS_MB=1024, PORT=18095)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=storefront/bench/lib/storefront.sh
source "$ROOT/storefront/bench/lib/storefront.sh"

PORT="${PORT:-18095}"
AGENT_PORT=$((PORT + 1))
TOKEN=bench-only-token-0123456789abcdef0123
WORK=""
AGENT_PID=""
SMOKE=false

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  [[ -n "$AGENT_PID" ]] && kill "$AGENT_PID" 2>/dev/null && { wait "$AGENT_PID" 2>/dev/null || true; }
  stop_storefront
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  return 0
}

# photos MB: MB of incompressible "photos" named as the storefront names them (content hashes).
photos() {
  local i f sha count=$(($1 * 10 / 25)) # 2.5 MB each
  ((count > 0)) || count=1
  mkdir -p "$WORK/photos"
  for ((i = 0; i < count; i++)); do
    f="$WORK/photos/.new"
    head -c 2500000 /dev/urandom >"$f"
    sha="$(sha256sum "$f" | cut -c1-20)"
    mv "$f" "$WORK/photos/p-$sha-1600.jpg"
  done
}

start_agent() {
  [[ -f "$ROOT/backup-agent/target/quarkus-app/quarkus-run.jar" ]] || (cd "$ROOT" && mvn -B -q -pl backup-agent -am -DskipTests package) || die "build failed"
  env INTERNAL_API_TOKEN="$TOKEN" NOTIFIER_URL=http://127.0.0.1:9 MALLOC_ARENA_MAX=2 QUARKUS_HTTP_PORT="$AGENT_PORT" \
    BACKUP_REMOTE="$WORK/remote" BACKUP_DATA_DIR="$WORK/agent" BACKUP_PHOTOS_DIR="$WORK/photos" BACKUP_PROJECT_DIR="$ROOT" \
    BACKUP_SNAPSHOT_SOURCES="http://127.0.0.1:$PORT" BACKUP_SCHEDULE=off \
    nice -n 10 java @"$ROOT/infra/jvm/default.options" -jar "$ROOT/backup-agent/target/quarkus-app/quarkus-run.jar" \
    >"$WORK/agent.log" 2>&1 &
  AGENT_PID=$!
  local i
  for ((i = 0; i < 1200; i++)); do
    curl -fs -o /dev/null "http://127.0.0.1:$AGENT_PORT/q/health/ready" 2>/dev/null && return 0
    kill -0 "$AGENT_PID" 2>/dev/null || die "the backup-agent exited: $(tail -5 "$WORK/agent.log")"
    sleep 0.05
  done
  die "the backup-agent was not ready within 60 s"
}

# The agent's resident memory with its rclone children, in MB.
agent_rss_mb() {
  local pid total=0 kb
  for pid in "$AGENT_PID" $(pgrep -P "$AGENT_PID" || true); do
    kb="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}

# api METHOD PATH BODY OUT: the agent's API; the JSON answer into OUT; prints the seconds taken.
api() {
  local start end
  start="$(date +%s.%N)"
  curl -sS -o "$4" -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H 'Accept: application/json' --data "$3" "http://127.0.0.1:$AGENT_PORT$2" || die "the agent did not answer $2"
  end="$(date +%s.%N)"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

json() { # json FILE FIELD: a top-level number or string of a JSON answer
  /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

main() {
  local mb="${PHOTOS_MB:-1024}" load=10s during=30s
  case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    --smoke) SMOKE=true mb=20 load=2s during=5s ;;
    "") ;;
    *) usage >&2; die "Unknown argument: $1" ;;
  esac
  require_packages "wrk:wrk" "curl:curl" "rclone:rclone"
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  log info "Generating $mb MB of photos"
  photos "$mb"
  start_storefront "$PORT" "$WORK" "$WORK/storefront.log"
  start_agent
  sleep 2
  local idle quiet busy peak=0 t1 t2 tr up1 up2 id1 status rss wrk_pid
  idle="$(agent_rss_mb)"
  wrk_latency "http://127.0.0.1:$PORT/menu" "$load" 10 >/dev/null # warm the storefront up first
  quiet="$(wrk_latency "http://127.0.0.1:$PORT/menu" "$load" 10)"

  log info "First backup ($mb MB of photos), with /menu under load"
  wrk_latency "http://127.0.0.1:$PORT/menu" "$during" 10 >"$WORK/busy" &
  wrk_pid=$!
  api POST /api/backups '{"reason":"nightly"}' "$WORK/b1.json" >"$WORK/t1" &
  local api_pid=$!
  while kill -0 "$api_pid" 2>/dev/null; do
    rss="$(agent_rss_mb)"
    ((rss > peak)) && peak=$rss
    sleep 0.2
  done
  wait "$api_pid"
  wait "$wrk_pid" || die "the load on /menu failed during the backup"
  t1="$(cat "$WORK/t1")" busy="$(cat "$WORK/busy")"
  status="$(json "$WORK/b1.json" status)"
  [[ "$status" == verified ]] || die "the first backup is $status: $(cat "$WORK/b1.json")"
  up1="$(json "$WORK/b1.json" uploadedBytes)" id1="$(json "$WORK/b1.json" id)"

  sleep 1 # a new second, a new backup name
  t2="$(api POST /api/backups '{"reason":"nightly"}' "$WORK/b2.json")"
  [[ "$(json "$WORK/b2.json" status)" == verified ]] || die "the second backup failed: $(cat "$WORK/b2.json")"
  up2="$(json "$WORK/b2.json" uploadedBytes)"

  log info "Preparing a restore of $id1 from the remote alone"
  rm -rf "$WORK/agent/backups"
  tr="$(api POST /api/restores "{\"backup\":\"$id1\"}" "$WORK/r.json")"
  grep -q '"folder"' "$WORK/r.json" || die "the restore was refused: $(cat "$WORK/r.json")"

  printf '\n| %-58s | %16s |\n|%s|%s|\n' "backup-agent, $mb MB of photos (remote: a local directory)" value \
    "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..18})"
  row() { printf '| %-58s | %16s |\n' "$1" "$2"; }
  row "first backup: time (snapshot, hashes, upload, check)" "$t1 s"
  row "first backup: bytes uploaded" "$(awk -v b="$up1" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
  row "second backup, photos unchanged: time" "$t2 s"
  row "second backup: bytes uploaded (share of the first)" "$(awk -v a="$up2" -v b="$up1" 'BEGIN { printf "%.1f kB (%.3f %%)", a / 1e3, 100 * a / b }')"
  row "restore preparation from the remote: download + every hash" "$tr s"
  row "/menu p99 quiet (10 connections)" "$(cut -d' ' -f3 <<<"$quiet") ms"
  row "/menu p99 during the first backup" "$(cut -d' ' -f3 <<<"$busy") ms"
  row "agent RSS idle (JVM)" "$idle MB"
  row "agent RSS peak during the backup (JVM + rclone)" "$peak MB"
  [[ "$SMOKE" == false ]] || log info "Smoke run: the path works end to end; the figures mean nothing at this size"
}

main "$@"
