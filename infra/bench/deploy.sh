#!/usr/bin/env bash
# Benchmark (not a test): consecutive storefront deploys under load. A stack of its own (stand-in
# base images, project bakeshop-deploy-bench), a registry on loopback standing in for GHCR, and
# for each deploy a new storefront version pushed there and deployed by digest through
# infra/scripts/deploy.sh while about 100 GETs and 2 to 3 orders a second go through the edge.
# Prints per deploy: seconds from the request to the new version live (the hook's own figure:
# pre-deploy backup included, pull excluded), GETs and orders sent, and how many failed (an
# error status or no answer). Targets: <= 30 s and 0 failed. Everything it starts is removed on
# exit. A deploy that does not go live fails the run.
# --smoke: one deploy and a 10 s watch, for the test command; asserts no target.
#
# Usage: infra/bench/deploy.sh [--smoke] [--deploys N] [--help]   (needs `mvn package` and a running Docker engine)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=infra/scripts/lib/local-mode.sh
source "$ROOT/infra/scripts/lib/local-mode.sh"
# shellcheck source=infra/bench/lib/deploy-stack.sh
source "$ROOT/infra/bench/lib/deploy-stack.sh"

PROJECT=bakeshop-deploy-bench
EDGE=127.0.0.1:18400
SMTP_API=127.0.0.1:18425
HOOK_PORT=127.0.0.1:18484
REGISTRY=127.0.0.1:18501
WORK=""
SMOKE=false
DEPLOYS=5

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  [[ -n "$WORK" ]] || return 0
  touch "$WORK/stop-orders" # ends an order loop still running
  if [[ -f "$WORK/wrk.pid" ]]; then kill "$(cat "$WORK/wrk.pid")" 2>/dev/null || true; fi
  deploy_compose down -v --remove-orphans >/dev/null 2>&1 || true
  stop_registry
  rm -rf "$WORK"
}

deploy() {
  "$ROOT/infra/scripts/deploy.sh" --project "$PROJECT" --env-file "$WORK/deploy.env" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

main() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --smoke) SMOKE=true DEPLOYS=1; shift ;;
      --deploys) DEPLOYS="${2:?--deploys needs a number}"; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "Unknown option: $1" ;;
    esac
  done
  [[ "$DEPLOYS" =~ ^[1-9][0-9]?$ ]] || die "--deploys must be 1 to 99"
  require_packages "dockerd:docker.io" "docker:docker.io" "docker-compose:docker-compose" "wrk:wrk" "curl:curl" \
    "docker-registry:docker-registry" "perl:perl"
  docker info >/dev/null 2>&1 || die "The Docker engine is not running (start dockerd)"
  [[ -f "$ROOT/notifier/target/test-smtp/greenmail-standalone.jar" ]] || die "notifier/target/test-smtp is missing: run mvn package first"
  export_standin_images
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  local watch=60S
  [[ "$SMOKE" == true ]] && watch=10S
  deploy_settings bench "DEPLOY_WATCH=$watch" >"$WORK/deploy.env"
  chmod 600 "$WORK/deploy.env"
  mkdir -p "$WORK/backup-remote" && chown 10001:10001 "$WORK/backup-remote"
  "$ROOT/infra/docker/build-standins.sh"
  start_registry || die "the registry on $REGISTRY did not start; its log is above"
  log info "Building and starting the stack (project $PROJECT)"
  deploy_compose down -v --remove-orphans >/dev/null 2>&1 || true # what an interrupted run left
  deploy_compose build >/dev/null || die "image build failed"
  deploy_compose up -d >/dev/null 2>&1 || die "compose up failed: $(deploy_compose up -d 2>&1 | tail -5)"
  deploy_wait_healthy 300 || { deploy_compose ps >&2; die "the stack did not become healthy within 5 minutes"; }

  local i image out result gets bad orders bad_orders live rows=() failed=0
  for ((i = 1; i <= DEPLOYS; i++)); do
    image="$(storefront_version "v$i" bakeshop-storefront:bench)" || die "could not build and push storefront version v$i"
    docker pull -q "$image" >/dev/null # pulls are excluded from the figure, as on the Pi
    ORDER_SEQ=$((i * 1000)) start_load
    sleep 2
    out="$(deploy --actor bench --image "storefront=$image" 2>&1)" || { stop_load >/dev/null; echo "$out" >&2; die "deploy $i did not go live; its log is above"; }
    result="$(stop_load)"
    read -r gets bad orders bad_orders <<<"$result"
    live="$(deploy --list | grep -o '"secondsToLive":[0-9]*' | head -1 | cut -d: -f2)"
    [[ -n "$live" ]] || die "the hook recorded no time to live for deploy $i"
    rows+=("$(printf '| %-6s | %-15s | %-6s | %-11s | %-6s | %-13s |' "$i" "$live" "$gets" "$bad" "$orders" "$bad_orders")")
    failed=$((failed + bad + bad_orders))
  done

  printf '\nStorefront deploys under load, %s (%s cores)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)"
  printf '| %-6s | %-15s | %-6s | %-11s | %-6s | %-13s |\n|--------|-----------------|--------|-------------|--------|---------------|\n' \
    deploy "to live (s)" GETs "failed GETs" orders "failed orders"
  printf '%s\n' "${rows[@]}"
  if [[ "$SMOKE" == true ]]; then
    printf '\n(smoke run: no target; %s failed requests)\n' "$failed"
  else
    printf '\ntargets: to live <= 30 s (pull excluded), 0 failed requests; failed here: %s\n' "$failed"
  fi
}

main "$@"
