#!/usr/bin/env bash
# Deploys new images on the Pi through the deploy-hook, and streams each deploy's log here (so it
# shows in GitHub Actions); the exit status is the result. Used by .github/workflows/deploy.yml
# over SSH, and by hand. docs/deploys.md tells the whole story.
#
# Usage: infra/scripts/deploy.sh [OPTIONS] --image SERVICE=IMAGE [--image SERVICE=IMAGE ...]
#        infra/scripts/deploy.sh [OPTIONS] --rollback --service SERVICE
#        infra/scripts/deploy.sh [OPTIONS] --list | --log ID
#
# A deploy, in order: the checkout moves to --commit (its compose.yaml is the configuration
# deployed); each service given an image is deployed through the hook (pre-deploy backup once,
# then pull, the new version started beside the old one, ready, the old one stopped, watched,
# rolled back on failure); then every service whose configuration changed (compose.yaml or the
# settings file) is deployed the same way with its current image; the deploy-hook itself last,
# from here (it cannot replace itself). Stops at the first failure.
#
# Options:
#   --image SERVICE=IMAGE  an image for a service (edge, storefront, notifier, backup-agent,
#                          monitor-agent, deploy-hook), e.g. storefront=ghcr.io/o/bakeshop-storefront@sha256:…
#   --commit SHA           the commit deployed: recorded, and the checkout is moved to it first
#                          (git fetch, then a detached checkout; refused with local changes)
#   --actor NAME           who deploys (default: $USER)
#   --skip-backup          no pre-deploy backup (when the backup itself is what is broken)
#   --rollback             back to the image before the last successful deploy of a new image of --service
#   --service SERVICE      the service to roll back
#   --dry-run              say what would be deployed, change nothing
#   --list                 the last 20 deploys
#   --log ID               the whole log of one deploy
#   --env-file FILE        the settings file (default: .env.production beside infra/, or $BAKESHOP_ENV_FILE)
#   --project NAME         the compose project (default: bakeshop, or $BAKESHOP_PROJECT)
#   --compose-file F       a compose file laid over infra/compose.yaml (repeatable)
#   -h, --help             this help
# Exit status: 0 deployed (or nothing to do), 1 failed or rolled back, 2 bad arguments.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"

ENV_FILE="${BAKESHOP_ENV_FILE:-$ROOT/.env.production}"
PROJECT="${BAKESHOP_PROJECT:-bakeshop}"
BAKESHOP_ARGS=()
HOOK=""
SECRET=""
# The order services are deployed in: the ones behind the site first, the way in last.
ORDER=(notifier backup-agent monitor-agent storefront edge)

usage() {
  sed -n '2,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

bad_usage() {
  log error "$1"
  echo "See: infra/scripts/deploy.sh --help" >&2
  exit 2
}

bakeshop() {
  "$ROOT/infra/scripts/bakeshop" "${BAKESHOP_ARGS[@]}" "$@"
}

# setting NAME: its value in the settings file (quotes removed), empty when absent.
setting() {
  local line
  line="$(grep -E "^$1=" "$ENV_FILE" | tail -1 || true)"
  line="${line#*=}"
  line="${line%\"}" line="${line#\"}" line="${line%\'}" line="${line#\'}"
  echo "$line"
}

# call METHOD PATH [BODY]: a signed request to the hook; prints the body, then a last line
# "HTTP <status> <X-Log-Next> <X-Deploy-State>". The secret goes to perl through its environment,
# never on a command line.
call() {
  local method="$1" target="$2" body="${3:-}" ts nonce sig headers out
  ts="$(date +%s)"
  nonce="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  sig="$(printf '%s\n%s\n%s\n%s\n%s' "$ts" "$nonce" "$method" "$target" "$body" \
    | HMAC_KEY="$SECRET" perl -MDigest::SHA=hmac_sha256_hex -e 'local $/; print hmac_sha256_hex(<STDIN>, $ENV{HMAC_KEY})')"
  headers="$(mktemp)"
  out="$(curl -sS -m 60 -X "$method" -D "$headers" -H "X-Bakeshop-Timestamp: $ts" -H "X-Bakeshop-Nonce: $nonce" \
    -H "X-Bakeshop-Signature: sha256=$sig" -H "Content-Type: application/json" \
    ${body:+--data-binary "$body"} "$HOOK$target")" || { rm -f "$headers"; die "The deploy-hook at $HOOK did not answer: is it running? (bakeshop compose ps deploy-hook)"; }
  printf '%s\n' "$out"
  printf 'HTTP %s %s %s\n' "$(awk 'NR == 1 { print $2 }' "$headers")" \
    "$(awk -F': ' 'tolower($1) == "x-log-next" { gsub(/\r/, "", $2); print $2 }' "$headers")" \
    "$(awk -F': ' 'tolower($1) == "x-deploy-state" { gsub(/\r/, "", $2); print $2 }' "$headers")"
  rm -f "$headers"
}

# json_field NAME JSON: a top-level string or number field (the hook's answers are flat).
json_field() {
  sed -n -e "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" -e "s/.*\"$1\":\\([0-9][0-9]*\\).*/\\1/p" <<<"$2" | head -1
}

# follow ID: prints the deploy's log as it grows; returns 0 when it succeeded.
follow() {
  local id="$1" after=0 answer status next state
  while true; do
    answer="$(call GET "/api/deploys/$id/log?after=$after&wait=20")"
    read -r _ status next state <<<"$(tail -1 <<<"$answer")"
    [[ "$status" == 200 ]] || die "Reading the log of deploy $id failed (HTTP $status): $(sed '$d' <<<"$answer")"
    sed '$d' <<<"$answer" | sed '/^$/d'
    after="${next:-$after}"
    [[ "$state" == running || -z "$state" ]] || break
  done
  [[ "$state" == succeeded ]]
}

# submit PATH BODY: starts a deploy or rollback, waiting while another runs (up to 15 minutes);
# prints its id.
submit() {
  local path="$1" body="$2" answer status waited=0
  while true; do
    answer="$(call POST "$path" "$body")"
    status="$(tail -1 <<<"$answer" | awk '{ print $2 }')"
    answer="$(sed '$d' <<<"$answer")"
    case "$status" in
      202) json_field id "$answer"; return 0 ;;
      409)
        ((waited < 900)) || die "Gave up after 15 minutes: $(json_field message "$answer")"
        log info "Waiting: $(json_field message "$answer")"
        sleep 10
        waited=$((waited + 10))
        ;;
      *) die "The deploy-hook refused (HTTP $status): $(json_field message "$answer")" ;;
    esac
  done
}

# wait_idle: waits while another deploy or rollback runs (up to 15 minutes); prints the id of the
# newest one (0 when there is none). This one updates the checkout and plans only then: planned
# during another's switch, it would see that service as changed and deploy it again, or from its
# old container undo it.
wait_idle() {
  local answer waited=0
  while true; do
    answer="$(call GET "/api/deploys?limit=1")"
    [[ "$(tail -1 <<<"$answer" | awk '{ print $2 }')" == 200 ]] || die "The deploy-hook refused to list its deploys: $(sed '$d' <<<"$answer")"
    answer="$(sed '$d' <<<"$answer")"
    if [[ "$(json_field state "$answer")" != running ]]; then
      json_field id "$answer" | grep . || echo 0
      return 0
    fi
    ((waited < 900)) || die "Gave up after 15 minutes: deploy #$(json_field id "$answer") is still running (infra/scripts/deploy.sh --log $(json_field id "$answer"))"
    log info "Waiting: busy: $(json_field kind "$answer") #$(json_field id "$answer") of $(json_field service "$answer") by $(json_field actor "$answer") is running"
    sleep 5
    waited=$((waited + 5))
  done
}

# deploy_one SERVICE IMAGE COMMIT ACTOR SKIP_BACKUP
deploy_one() {
  local id
  id="$(submit /api/deploys "{\"service\":\"$1\",\"image\":\"$2\",\"commit\":\"$3\",\"actor\":\"$4\",\"skipBackup\":$5}")"
  log info "Deploy #$id of $1 started; its log follows"
  follow "$id"
}

# The image a service runs now (its container's reference), empty when it does not run.
running_image() {
  local c
  c="$(bakeshop compose ps -q "$1" 2>/dev/null | head -1)"
  [[ -n "$c" ]] && docker inspect -f '{{.Config.Image}}' "$c"
}

# Services whose running container was made from another configuration than the checkout's:
# compose's own hash of the service against the one on its container.
changed_config() {
  local s c want have
  for s in "${ORDER[@]}" deploy-hook docker-ro; do
    c="$(bakeshop compose ps -q "$s" 2>/dev/null | head -1)"
    [[ -n "$c" ]] || continue
    want="$(bakeshop compose config --hash="$s" 2>/dev/null | awk '{ print $2 }')"
    have="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.config-hash"}}' "$c")"
    [[ -n "$want" && "$want" != "$have" ]] && echo "$s"
  done
  return 0
}

# The deploy-hook cannot replace itself: compose does it from here, with a health gate and the
# previous image back when the new one is not healthy within 3 minutes.
deploy_hook_itself() {
  local image="$1" before c i health
  before="$(running_image deploy-hook)"
  log info "Deploying the deploy-hook itself: $image (was ${before:-not running})"
  bakeshop set-image deploy-hook "$image"
  bakeshop compose up -d --no-deps deploy-hook
  for ((i = 0; i < 90; i++)); do
    c="$(bakeshop compose ps -q deploy-hook | head -1)"
    health="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c" 2>/dev/null || true)"
    [[ "$health" == healthy ]] && { log info "The deploy-hook runs $image"; return 0; }
    sleep 2
  done
  log error "The new deploy-hook is not healthy after 3 minutes; going back to ${before:-its previous image}"
  bakeshop compose logs --tail=15 deploy-hook >&2 || true
  [[ -n "$before" ]] && bakeshop set-image deploy-hook "$before" && bakeshop compose up -d --no-deps deploy-hook
  return 1
}

checkout() {
  local commit="$1" here
  [[ -d "$ROOT/.git" ]] || { log warn "$ROOT is not a git checkout: deploying its configuration as it is"; return 0; }
  here="$(git -C "$ROOT" rev-parse HEAD)"
  if [[ "$here" == "$commit"* ]]; then
    log info "The checkout is at $commit already"
    return 0
  fi
  [[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]] \
    || die "$ROOT has local changes (git -C $ROOT status): commit or discard them, then deploy again"
  git -C "$ROOT" fetch --quiet origin || die "git fetch failed in $ROOT; see above"
  git -C "$ROOT" checkout --quiet --detach "$commit" || die "Commit $commit is not in $ROOT after git fetch"
  log info "The checkout moved from ${here:0:12} to $commit"
}

main() {
  local -A images=()
  local commit="" actor="${USER:-$(id -un)}" skip=false rollback=false service="" dry=false list=false show="" arg
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --image)
        arg="${2:-}"
        [[ "$arg" == *=* ]] || bad_usage "--image needs SERVICE=IMAGE"
        images[${arg%%=*}]="${arg#*=}"
        shift 2
        ;;
      --commit) commit="${2:?--commit needs a commit}"; shift 2 ;;
      --actor) actor="${2:?--actor needs a name}"; shift 2 ;;
      --skip-backup) skip=true; shift ;;
      --rollback) rollback=true; shift ;;
      --service) service="${2:?--service needs a service}"; shift 2 ;;
      --dry-run) dry=true; shift ;;
      --list) list=true; shift ;;
      --log) show="${2:?--log needs a deploy id}"; shift 2 ;;
      --env-file) ENV_FILE="${2:?--env-file needs a file}"; BAKESHOP_ARGS+=(--env-file "$ENV_FILE"); shift 2 ;;
      --project) PROJECT="${2:?--project needs a name}"; BAKESHOP_ARGS+=(--project "$PROJECT"); shift 2 ;;
      --compose-file) BAKESHOP_ARGS+=(--compose-file "${2:?--compose-file needs a file}"); shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) bad_usage "Unknown argument: $1" ;;
    esac
  done
  for arg in "${!images[@]}"; do
    case "$arg" in
      edge | storefront | notifier | backup-agent | monitor-agent | deploy-hook) ;;
      *) bad_usage "--image $arg=…: unknown service (edge, storefront, notifier, backup-agent, monitor-agent, deploy-hook)" ;;
    esac
    [[ "${images[$arg]}" =~ ^[a-z0-9][a-z0-9._/:-]*(@sha256:[0-9a-f]{64})?$ ]] || bad_usage "--image $arg=${images[$arg]}: not an image reference"
  done
  [[ "$rollback" == false || -n "$service" ]] || bad_usage "--rollback needs --service SERVICE"
  [[ -f "$ENV_FILE" ]] || die "There is no settings file at $ENV_FILE (--env-file FILE)"
  command -v curl >/dev/null || die "curl is missing: sudo apt-get install curl"
  perl -MDigest::SHA -e 1 2>/dev/null || die "perl with Digest::SHA is missing: sudo apt-get install perl"
  SECRET="$(setting DEPLOY_HOOK_SECRET)"
  [[ ${#SECRET} -ge 32 ]] || die "DEPLOY_HOOK_SECRET in $ENV_FILE is missing or shorter than 32 characters (openssl rand -hex 32)"
  local port
  port="$(setting DEPLOY_HOOK_PORT)"
  HOOK="http://${port:-127.0.0.1:8084}"

  if [[ "$list" == true ]]; then
    call GET /api/deploys | sed '$d'
    return 0
  fi
  if [[ -n "$show" ]]; then
    follow "$show"
    return
  fi
  if [[ "$rollback" == true ]]; then
    [[ "$dry" == false ]] || { log info "Would roll back $service to the image before its last successful deploy"; return 0; }
    local id
    id="$(submit /api/rollbacks "{\"service\":\"$service\",\"actor\":\"$actor\"}")"
    log info "Rollback #$id of $service started; its log follows"
    follow "$id"
    return
  fi

  # What to deploy: the given images, then every service whose configuration changed; planned
  # again when another deploy started meanwhile (GitHub's and Gerell's by hand, at once).
  local -a plan=()
  local s changed newest=""
  while true; do
    [[ "$dry" == true ]] || newest="$(wait_idle)"
    [[ -z "$commit" ]] || [[ "$dry" == true ]] || checkout "$commit"
    plan=()
    changed="$(changed_config)"
    for s in "${ORDER[@]}"; do
      if [[ -n "${images[$s]:-}" ]]; then
        plan+=("$s=${images[$s]}")
      elif grep -qx "$s" <<<"$changed"; then
        plan+=("$s=$(running_image "$s")")
      fi
    done
    [[ "$dry" == false && "$(wait_idle)" != "$newest" ]] || break
    log info "Another deploy ran while this one was planned; planning again"
  done
  [[ -n "$commit" ]] || commit="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo manual)"
  if [[ "$dry" == true ]]; then
    log info "Would deploy (commit $commit, by $actor): ${plan[*]:-nothing} ${images[deploy-hook]:+deploy-hook=${images[deploy-hook]}}"
    grep -qx docker-ro <<<"$changed" && log info "Would recreate docker-ro (its configuration changed)"
    return 0
  fi
  if [[ ${#plan[@]} -eq 0 && -z "${images[deploy-hook]:-}" ]] && ! grep -qx -e deploy-hook -e docker-ro <<<"$changed"; then
    log info "Nothing to deploy: every service runs its image with this configuration"
    return 0
  fi
  # Pulled here, with this user's Docker login (a private GHCR package: docs/deploys.md), before
  # anything changes: a pull that fails stops the deploy with the site as it was.
  local entry backup="$skip"
  for entry in "${plan[@]}" ${images[deploy-hook]:+"deploy-hook=${images[deploy-hook]}"}; do
    docker image inspect "${entry#*=}" >/dev/null 2>&1 && continue
    log info "Pulling ${entry#*=}"
    docker pull -q "${entry#*=}" >/dev/null || die "Could not pull ${entry#*=} (see above; docs/deploys.md, \"Images on the Pi\"); nothing was deployed"
  done
  for entry in "${plan[@]}"; do
    deploy_one "${entry%%=*}" "${entry#*=}" "$commit" "$actor" "$backup" \
      || die "The deploy of ${entry%%=*} did not go live (its log is above); the services after it were not deployed"
    backup=true # one pre-deploy backup per run
  done
  if [[ -n "${images[deploy-hook]:-}" ]]; then
    deploy_hook_itself "${images[deploy-hook]}" || die "The deploy-hook's new image did not start; it runs its previous one"
  elif grep -qx deploy-hook <<<"$changed"; then
    deploy_hook_itself "$(running_image deploy-hook)" || die "The deploy-hook did not restart with its new configuration"
  fi
  if grep -qx docker-ro <<<"$changed"; then
    bakeshop compose up -d --no-deps docker-ro || die "docker-ro did not restart with its new configuration"
  fi
  log info "Deployed (commit $commit): ${plan[*]} ${images[deploy-hook]:+deploy-hook=${images[deploy-hook]}}"
}

# main in one piece, then exit: the checkout may rewrite this file while it runs.
main "$@"
exit
