#!/usr/bin/env bash
# Runs the whole bakeshop as the Pi does, in containers (infra/compose.yaml), on this machine, in
# the embedded local mode: sample menu, mail kept in the notifier's volume instead of sent, no
# tunnel, admin katie / bakeshop-local. Builds the services with Maven, builds the images (from
# the official base images, or from local stand-ins made of Debian packages when no image
# registry answers), starts the Docker engine if needed, and waits until every service is healthy.
#
# Usage: infra/scripts/run-stack.sh [up] [--standins]   start (or update) the stack
#        infra/scripts/run-stack.sh down                stop it; data stays in its volumes
#        infra/scripts/run-stack.sh wipe                stop it and delete its volumes
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=infra/scripts/lib/local-mode.sh
source "$ROOT/infra/scripts/lib/local-mode.sh"

PROJECT=bakeshop-local
SERVICES=(edge storefront notifier backup-agent monitor-agent deploy-hook docker-ro)

compose() {
  docker-compose -p "$PROJECT" -f "$ROOT/infra/compose.yaml" "$@"
}

# The official base images when a registry answers; the local stand-ins otherwise (or when asked).
choose_base_images() {
  if [[ "$1" != true ]] && timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    log info "Using the official base images (a registry answered)"
    return 0
  fi
  [[ "$1" == true ]] || log warn "No image registry answered (docker pull debian:bookworm-slim): using local stand-ins built from Debian packages"
  "$ROOT/infra/docker/build-standins.sh"
  export_standin_images
}

local_settings() {
  export_image_tag local
  export EDGE_PORT="${EDGE_PORT:-127.0.0.1:8000}"
  export DOCKER_GID="${DOCKER_GID:-$(stat -c %g /var/run/docker.sock)}"
  # A fresh token per start: every service gets it from this environment anyway.
  INTERNAL_API_TOKEN="${INTERNAL_API_TOKEN:-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}"
  export INTERNAL_API_TOKEN
  # Links in the emails point at the edge proxy, where this stack's site is.
  export SITE_URL="${SITE_URL:-http://${EDGE_PORT}}"
  export_local_mode
  # Backups go to a directory on this machine (mounted at /backup-remote), not to Google Drive;
  # the agent's user must be able to write it.
  export BACKUP_REMOTE=/backup-remote BACKUP_LOCAL_REMOTE_DIR="${BACKUP_LOCAL_REMOTE_DIR:-$ROOT/data/backup-remote}"
  mkdir -p "$BACKUP_LOCAL_REMOTE_DIR"
  chown 10001:10001 "$BACKUP_LOCAL_REMOTE_DIR" 2>/dev/null \
    || log warn "Could not give $BACKUP_LOCAL_REMOTE_DIR to the backup-agent's user (10001): backups will not upload"
}

wait_healthy() {
  local i s c healthy
  for ((i = 0; i < 90; i++)); do
    healthy=0
    for s in "${SERVICES[@]}"; do
      c="$(compose ps -q "$s")"
      [[ -n "$c" && "$(docker inspect -f '{{.State.Health.Status}}' "$c")" == healthy ]] && healthy=$((healthy + 1))
    done
    [[ "$healthy" -eq "${#SERVICES[@]}" ]] && return 0
    sleep 2
  done
  compose ps
  die "Not every service became healthy within 3 minutes; see: docker-compose -p $PROJECT -f infra/compose.yaml logs"
}

up() {
  require_build_tools
  ensure_docker
  log info "Building all services (tests are run by infra/scripts/run-tests.sh)"
  (cd "$ROOT" && mvn -B -q package -DskipTests) || die "The Maven build failed; see above"
  choose_base_images "$1"
  local_settings
  log info "Building the images"
  mkdir -p "$ROOT/target"
  compose build >"$ROOT/target/stack-build.log" 2>&1 || die "The image build failed; see $ROOT/target/stack-build.log"
  compose up -d --remove-orphans || die "docker-compose up failed; see above"
  log info "Waiting until every service is healthy"
  wait_healthy
  cat <<READY

  All the Much Bake Shop is running in containers (local mode: sample menu, nothing sent).

    Website         http://${EDGE_PORT}/   (through the edge proxy, as Cloudflare would reach it)
    Owner's admin   http://${EDGE_PORT}/admin  (name katie, password bakeshop-local)
    Mail (not sent) docker-compose -p $PROJECT -f infra/compose.yaml exec notifier busybox ls /data/mailbox
    Logs            docker-compose -p $PROJECT -f infra/compose.yaml logs -f storefront
    Stop            infra/scripts/run-stack.sh down   (data kept; 'wipe' deletes it)

READY
}

main() {
  local command=up standins=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
      up | down | wipe) command="$1" ;;
      --standins) standins=true ;;
      *) die "Unknown argument '$1' (try --help)" ;;
    esac
    shift
  done
  case "$command" in
    up) up "$standins" ;;
    down) ensure_docker; local_settings; compose down; log info "Stopped; the data is kept in the $PROJECT volumes" ;;
    wipe) ensure_docker; local_settings; compose down -v; log info "Stopped and deleted the $PROJECT volumes" ;;
  esac
}

main "$@"
