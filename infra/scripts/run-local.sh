#!/usr/bin/env bash
# Runs the whole system on this machine as plain JVM processes, in the embedded local mode:
# sample menu, data under ./data, no Docker, Cloudflare, SendGrid or Google credentials.
# Builds what is needed first, then runs until Ctrl-C, which stops every service.
#
# Usage: infra/scripts/run-local.sh [--no-build] [--help]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=infra/scripts/lib/local-mode.sh
source "$ROOT/infra/scripts/lib/local-mode.sh"

# service:port, in start order
SERVICES=(storefront:8080 notifier:8081 backup-agent:8082 monitor-agent:8083 deploy-hook:8084)
PIDS=()

usage() {
  cat <<USAGE
Usage: infra/scripts/run-local.sh [--no-build] [--help]

Runs every service locally with embedded defaults (nothing real is sent or uploaded).
  --no-build   start the jars already built under */target/quarkus-app
  --help       show this help

Data lives in $ROOT/data (delete it to start again with the sample menu).
Logs: $ROOT/data/logs/<service>.log
USAGE
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  log info "All services stopped"
}

# The JVM argument file of a service (infra/jvm/README.md).
jvm_options() {
  if [[ -f "$ROOT/infra/jvm/$1.options" ]]; then
    echo "$ROOT/infra/jvm/$1.options"
  else
    echo "$ROOT/infra/jvm/default.options"
  fi
}

wait_ready() {
  local name="$1" port="$2" pid="$3" i
  for ((i = 0; i < 120; i++)); do
    if curl -fsS "http://localhost:$port/q/health/ready" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || die "$name stopped while starting; see $ROOT/data/logs/$name.log"
    sleep 0.5
  done
  die "$name did not become ready on port $port within 60 s; see $ROOT/data/logs/$name.log"
}

main() {
  local build=true
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --no-build) build=false ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done

  require_build_tools
  require_packages "curl:curl" "rclone:rclone"

  local spec name port
  for spec in "${SERVICES[@]}"; do
    port="${spec#*:}"
    if curl -s -o /dev/null "http://localhost:$port/" 2>/dev/null; then
      die "Port $port is already in use (is the system already running?). Stop that process first."
    fi
  done

  if [[ "$build" == true ]]; then
    log info "Building all services (tests are run by infra/scripts/run-tests.sh)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) || die "The build failed; see the Maven output above"
  fi

  mkdir -p "$ROOT/data/logs"
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  for spec in "${SERVICES[@]}"; do
    name="${spec%%:*}"
    port="${spec#*:}"
    local jar="$ROOT/$name/target/quarkus-app/quarkus-run.jar"
    [[ -f "$jar" ]] || die "$jar is missing: run without --no-build"
    log info "Starting $name on port $port"
    (
      cd "$ROOT"
      export STOREFRONT_DATA_DIR="$ROOT/data/storefront" STOREFRONT_PHOTOS_DIR="$ROOT/data/photos"
      # The notifier keeps every message in data/notifier/mailbox instead of sending it.
      export_local_mode
      export NOTIFIER_DATA_DIR="$ROOT/data/notifier"
      # Backups go to a directory on this machine instead of Google Drive.
      export BACKUP_REMOTE="$ROOT/data/backup-remote"
      export INTERNAL_API_TOKEN="${INTERNAL_API_TOKEN:-local-only-token-not-for-production-000}"
      export MALLOC_ARENA_MAX=2
      exec java @"$(jvm_options "$name")" -jar "$jar"
    ) >"$ROOT/data/logs/$name.log" 2>&1 &
    PIDS+=("$!")
    wait_ready "$name" "$port" "$!"
  done

  cat <<READY

  All the Much Bake Shop is running (embedded local mode: sample menu, nothing sent for real).

    Website         http://localhost:8080/
    Owner's admin   http://localhost:8080/admin  (name katie, password bakeshop-local)
    Health          http://localhost:8080/q/health  (each service: ports 8080-8084)
    Mail (not sent) $ROOT/data/notifier/mailbox/
    Data            $ROOT/data
    Logs            $ROOT/data/logs/

  Press Ctrl-C to stop everything.

READY
  wait -n "${PIDS[@]}" || true
  die "A service stopped unexpectedly; see $ROOT/data/logs/"
}

main "$@"
