#!/usr/bin/env bats
# Deploys on the real Docker engine: the whole stack (stand-in base images) under its own project,
# a registry on loopback standing in for GHCR (Debian's docker-registry), images pushed there and
# deployed by digest through infra/scripts/deploy.sh and the deploy-hook, under load through the
# edge proxy. The test versions are the same storefront with a label (a new version), a setting
# that keeps it from ever being ready, or a healthcheck that fails 25 s after start.
# Needs `mvn package` first and a running Docker engine (infra/scripts/run-tests.sh does both).
# The tests run in order and build on each other (the versions deployed, the history).

PROJECT=bakeshop-deploy
EDGE=127.0.0.1:18300
SMTP_API=127.0.0.1:18325
HOOK_PORT=127.0.0.1:18384
REGISTRY=127.0.0.1:18500
REPO=$REGISTRY/bakeshop-storefront
DEVELOPER=gerell@allthemuchbakeshop.test
SECRET=deploy-secret-0123456789abcdef0123456789abcdef # as infra/bench/lib/deploy-stack.sh writes it

compose() {
  deploy_compose "$@"
}

# Images come from images.env beside the settings file, as on the Pi.
bakeshop() {
  "$ROOT/infra/scripts/bakeshop" --project "$PROJECT" --env-file "$WORK/deploy.env" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

deploy() {
  "$ROOT/infra/scripts/deploy.sh" --project "$PROJECT" --env-file "$WORK/deploy.env" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

# version NAME [DOCKERFILE LINES...]: a storefront version in the registry; prints its digest reference.
version() {
  storefront_version "$1" bakeshop-storefront:deploy-e2e "${@:2}"
}

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  WORK="$BATS_FILE_TMPDIR" && export WORK
  # shellcheck source=infra/scripts/lib/local-mode.sh
  source "$ROOT/infra/scripts/lib/local-mode.sh"
  # shellcheck source=infra/bench/lib/deploy-stack.sh
  source "$ROOT/infra/bench/lib/deploy-stack.sh"
  export_standin_images
  command -v docker-registry >/dev/null || { echo "docker-registry is missing: apt-get install docker-registry" >&3; return 1; }
  deploy_settings deploy-e2e DEPLOY_WATCH=40S >"$WORK/deploy.env" && chmod 600 "$WORK/deploy.env"
  mkdir -p "$WORK/backup-remote" && chown 10001:10001 "$WORK/backup-remote"
  start_registry || return 1
  "$ROOT/infra/docker/build-standins.sh" >&3 2>&1
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  compose build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&3; return 1; }
  compose up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&3; return 1; }
  deploy_wait_healthy 180 || { compose ps >&3; compose logs --tail=30 >&3; return 1; }
}

setup() {
  WORK="$BATS_FILE_TMPDIR"
  # shellcheck source=infra/bench/lib/deploy-stack.sh
  source "$ROOT/infra/bench/lib/deploy-stack.sh"
}

teardown_file() {
  WORK="$BATS_FILE_TMPDIR"
  # shellcheck source=infra/bench/lib/deploy-stack.sh
  source "$ROOT/infra/bench/lib/deploy-stack.sh"
  touch "$WORK/stop-orders" # ends an order loop a failed test left running
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  stop_registry
  docker ps -aq --filter label=bakeshop.deploy-hook.helper | xargs -r docker rm -f >/dev/null 2>&1 || true
}

storefront_images() {
  local c
  for c in $(compose ps -q storefront); do docker inspect -f '{{.Image}}' "$c"; done | sort -u
}

mail_count() {
  curl -sS "http://$SMTP_API/api/user/$1/messages/INBOX" | grep -o "\"uid\":\"[0-9]*\"[^}]*$2" | wc -l
}

wait_mail() {
  local i
  for ((i = 0; i < $4; i++)); do
    (($(mail_count "$1" "$2") > $3)) && return 0
    sleep 1
  done
  echo "no message with '$2' for $1 after $4 s"
  return 1
}

# deploy_under_load DEPLOY-ARGS...: a deploy of the checkout's commit (through `run`: sets status
# and output) under load through the edge; LOAD is "GETS FAILED_GETS ORDERS FAILED_ORDERS".
deploy_under_load() {
  start_load
  sleep 3
  run deploy --commit "$(git -C "$ROOT" rev-parse HEAD)" --actor bats "$@"
  LOAD="$(stop_load 2>"$WORK/load-failures")"
  echo "$output"
  echo "load: $LOAD"
  head -20 "$WORK/load-failures"
}

# hook_request METHOD PATH BODY TIMESTAMP NONCE [SECRET]: the HTTP status of a hand-signed request.
hook_request() {
  local sig
  sig="$(printf '%s\n%s\n%s\n%s\n%s' "$4" "$5" "$1" "$2" "$3" \
    | HMAC_KEY="${6:-$SECRET}" perl -MDigest::SHA=hmac_sha256_hex -e 'local $/; print hmac_sha256_hex(<STDIN>, $ENV{HMAC_KEY})')"
  curl -sS -o /dev/null -w '%{http_code}' -X "$1" -H "X-Bakeshop-Timestamp: $4" -H "X-Bakeshop-Nonce: $5" \
    -H "X-Bakeshop-Signature: sha256=$sig" -H "Content-Type: application/json" ${3:+--data-binary "$3"} "http://$HOOK_PORT$2"
}

@test "the deploy-hook refuses unsigned, forged, stale and replayed requests, and nothing happens" {
  local body='{"service":"storefront","image":"bakeshop-storefront:deploy-e2e","commit":"abc1234","actor":"mallory"}' now
  now="$(date +%s)"
  [ "$(curl -sS -o /dev/null -w '%{http_code}' -X POST --data-binary "$body" -H 'Content-Type: application/json' "http://$HOOK_PORT/api/deploys")" = 401 ]
  [ "$(hook_request POST /api/deploys "$body" "$now" nonce-forged-000000001 not-the-secret-0123456789abcdef0123456789)" = 401 ]
  [ "$(hook_request POST /api/deploys "$body" "$((now - 600))" nonce-stale-0000000001)" = 401 ]
  # a GET, properly signed, works once; its replay is refused
  [ "$(hook_request GET /api/deploys "" "$now" nonce-replay-000000001)" = 200 ]
  [ "$(hook_request GET /api/deploys "" "$now" nonce-replay-000000001)" = 401 ]
  run deploy --list
  [ "$status" -eq 0 ]
  [ "$output" = "[]" ]
  # only on this host's loopback: not through the edge
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://$EDGE/api/deploys")" = 404 ]
}

@test "a new storefront goes live under load with no failed request, every order stored once" {
  local v2 before gets bad orders bad_orders ref
  v2="$(version v2)"
  [[ "$v2" == "$REPO@sha256:"* ]]
  echo "$v2" >"$WORK/v2"
  before="$(storefront_images)"
  deploy_under_load --image "storefront=$v2"
  [ "$status" -eq 0 ]
  read -r gets bad orders bad_orders <<<"$LOAD"
  [ "$bad" -eq 0 ]
  [ "$bad_orders" -eq 0 ]
  [ "$gets" -ge 1000 ]
  [ "$orders" -ge 20 ]
  [[ "$output" == *"pre-deploy backup"*"verified"* ]]
  [[ "$output" == *"Pulling $v2"* ]]
  # the old one leaves the rotation before it stops (a listener closed while connections arrive resets some)
  [[ "$output" == *"is out of rotation: it refuses new connections"*"stopped and removed"* ]]
  [[ "$output" == *"RESULT: succeeded"* ]]
  # the new version, alone, serves
  [ "$(storefront_images | wc -l)" -eq 1 ]
  [ "$(storefront_images)" != "$before" ]
  [ "$(storefront_images)" = "$(docker inspect -f '{{.Id}}' "$v2")" ]
  docker inspect -f '{{.Id}}' "$v2" >"$WORK/v2-id"
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://$EDGE/")" = 200 ]
  # every order once: its page, and one email to the owner each
  # (each from its customer's address: the thanks pages are rate-limited per visitor)
  while read -r n ref; do
    curl -fsS -o /dev/null -H "CF-Connecting-IP: $(client_address "$n")" "http://$EDGE/order/thanks/$ref"
  done < <(awk '/^ok / { print $2, $3 }' "$WORK/orders.out")
  wait_mail katie@allthemuchbakeshop.test "Deploy load order" "$((orders - 1))" 60
  [ "$(mail_count katie@allthemuchbakeshop.test "Deploy load order")" -eq "$orders" ]
  grep -q "^STOREFRONT_IMAGE=$v2$" "$WORK/images.env"
}

@test "after a deploy, docker-compose up -d with the same files changes nothing" {
  local before after
  before="$(compose ps -q | sort)"
  run bakeshop compose up -d
  echo "$output"
  [ "$status" -eq 0 ]
  after="$(compose ps -q | sort)"
  [ "$before" = "$after" ]
  [[ "$output" != *Recreating* && "$output" != *Creating* ]]
  run deploy --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"Would deploy"*"nothing"* ]]
}

@test "a changed setting reaches the storefront through the same switch, with no failed request" {
  local before bad bad_orders
  before="$(compose ps -q storefront)"
  echo "BAKERY_TAGLINE=Rye on Thursdays, deployed without a blink" >>"$WORK/deploy.env"
  run deploy --dry-run
  [[ "$output" == *"Would deploy"*"storefront="* ]]
  deploy_under_load --skip-backup
  [ "$status" -eq 0 ]
  read -r _ bad _ bad_orders <<<"$LOAD"
  [ "$bad" -eq 0 ]
  [ "$bad_orders" -eq 0 ]
  [[ "$output" == *"of storefront"*"RESULT: succeeded"* ]]
  [[ "$output" != *"of notifier"* ]]
  [ "$(compose ps -q storefront)" != "$before" ]
  [[ "$(curl -fsS "http://$EDGE/")" == *"Rye on Thursdays, deployed without a blink"* ]]
  run bakeshop compose up -d
  [[ "$output" != *Recreating* && "$output" != *Creating* ]]
}

@test "an image that never becomes ready: the old one keeps serving, the deploy is rolled back, Gerell is told" {
  local broken before reports bad bad_orders
  broken="$(version never-ready 'ENV QUARKUS_HTTP_PORT=9999' \
    'HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 CMD ["/usr/local/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/q/health/ready"]')"
  before="$(storefront_images)"
  reports="$(mail_count "$DEVELOPER" "rolled back")"
  deploy_under_load --image "storefront=$broken" --skip-backup
  [ "$status" -eq 1 ]
  read -r _ bad _ bad_orders <<<"$LOAD"
  [ "$bad" -eq 0 ]
  [ "$bad_orders" -eq 0 ]
  [[ "$output" == *"not ready"* || "$output" == *"healthcheck failed"* ]]
  [[ "$output" == *"RESULT: rolled-back"* ]]
  [ "$(storefront_images)" = "$before" ]
  grep -q "^STOREFRONT_IMAGE=$(cat "$WORK/v2")$" "$WORK/images.env"
  wait_mail "$DEVELOPER" "rolled back" "$reports" 60
}

@test "an image that turns unhealthy after the switch is caught by the watch and rolled back" {
  local sick before
  # healthy for its first 25 s, then failing (the app itself keeps serving)
  # shellcheck disable=SC2016 # expanded by the healthcheck's shell
  sick="$(version turns-sick \
    'HEALTHCHECK --interval=2s --timeout=2s --start-period=5s --retries=3 CMD ["/usr/local/bin/busybox", "sh", "-c", "f=/tmp/.born; [ -f $f ] || date +%s >$f; [ $(( $(date +%s) - $(cat $f) )) -lt 25 ] && /usr/local/bin/busybox wget -q -O /dev/null http://127.0.0.1:8080/q/health/ready"]')"
  before="$(storefront_images)"
  run deploy --commit "$(git -C "$ROOT" rev-parse HEAD)" --actor bats --image "storefront=$sick" --skip-backup
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"live: storefront runs $sick"* ]]
  [[ "$output" == *"turned unhealthy during the watch"* ]]
  [[ "$output" == *"rolled back: storefront runs"* ]]
  [ "$(storefront_images)" = "$before" ]
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://$EDGE/")" = 200 ]
  run bakeshop compose up -d
  echo "$output"
  [[ "$output" != *Recreating* ]]
}

@test "an image that is healthy but fails its visitors is caught by the watch counting server errors, and rolled back" {
  local failing before bad_orders reports order
  # its database connections read-only: the pages and the healthcheck answer, an order cannot be stored
  failing="$(version cannot-write 'ENV QUARKUS_DATASOURCE_JDBC_NEW_CONNECTION_SQL="PRAGMA query_only=1"')"
  before="$(storefront_images)"
  reports="$(mail_count "$DEVELOPER" "rolled back")"
  ORDER_SEQ=2000 deploy_under_load --image "storefront=$failing" --skip-backup
  [ "$status" -eq 1 ]
  read -r _ _ _ bad_orders <<<"$LOAD"
  [ "$bad_orders" -ge 3 ] # what the customers saw, and what the watch counted
  [[ "$output" == *"live: storefront runs $failing"* ]]
  [[ "$output" == *"RESULT: rolled-back: storefront answered "*" POST requests ("*" %) with a server error (5xx) since it started"* ]]
  [ "$(storefront_images)" = "$before" ]
  # the old version takes orders again
  order="$(place_order 2999)"
  echo "$order"
  [[ "$order" == "ok 2999 "* ]]
  wait_mail "$DEVELOPER" "rolled back" "$reports" 60
}

@test "two deploys at once: the second is told the first is running and waits for it" {
  local v3 first
  v3="$(version v3)"
  # the notifier under the registry's name (a new reference: compose recreates it)
  docker tag bakeshop-notifier:deploy-e2e "$REGISTRY/bakeshop-notifier:v1"
  deploy --actor first --image "storefront=$v3" --skip-backup >"$WORK/first.out" 2>&1 &
  first=$!
  sleep 4
  run deploy --actor second --image "notifier=$REGISTRY/bakeshop-notifier:v1" --skip-backup
  wait "$first"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Waiting: busy: deploy #"*"of storefront"*"by first"* ]]
  [[ "$output" == *"RESULT: succeeded"* ]]
  # planned once the first had finished: the storefront the first deployed is left alone
  [[ "$output" != *" of storefront started"* ]]
  [ "$(storefront_images)" = "$(docker inspect -f '{{.Id}}' "$v3")" ]
  grep -q "RESULT: succeeded" "$WORK/first.out"
}

@test "a rollback by hand (bakeshop rollback SERVICE) goes back to the image before the last deploy" {
  local v2_id
  v2_id="$(cat "$WORK/v2-id")" # (its image may have been removed as old since: pulled again)
  run bakeshop rollback storefront
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"RESULT: succeeded"* ]]
  [ "$(storefront_images)" = "$v2_id" ]
}

@test "a deploy is refused before anything changes when the disk is too full or the backup fails" {
  local before
  before="$(compose ps -q storefront)"
  # the backup-agent away: the pre-deploy backup cannot be taken
  compose stop backup-agent >/dev/null 2>&1
  run deploy --actor bats --image "storefront=$(cat "$WORK/v2")"
  compose start backup-agent >/dev/null 2>&1
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"the pre-deploy backup failed"*"Nothing was changed"* ]]
  [ "$(compose ps -q storefront)" = "$before" ]
  # more free space asked for than any disk here has
  sed -i '/^DEPLOY_MIN_FREE_DISK_MB=/d' "$WORK/deploy.env" && echo DEPLOY_MIN_FREE_DISK_MB=999999999 >>"$WORK/deploy.env"
  bakeshop compose up -d --no-deps deploy-hook >/dev/null 2>&1
  deploy_wait_healthy 120
  run deploy --actor bats --image "storefront=$(cat "$WORK/v2")" --skip-backup
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"MB free for Docker's images, 999999999 MB needed"*"Nothing was changed"* ]]
  [ "$(compose ps -q storefront)" = "$before" ]
}

@test "the deploy-hook deploys itself from the shell, behind a health gate" {
  local before image
  image="$REGISTRY/bakeshop-deploy-hook:v1"
  docker tag bakeshop-deploy-hook:deploy-e2e "$image"
  before="$(compose ps -q deploy-hook)"
  run deploy --actor bats --image "deploy-hook=$image"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"The deploy-hook runs $image"* ]]
  [ "$(compose ps -q deploy-hook)" != "$before" ]
  [ "$(docker inspect -f '{{.Config.Image}} {{.State.Health.Status}}' "$(compose ps -q deploy-hook)")" = "$image healthy" ]
  grep -q "^DEPLOY_HOOK_IMAGE=$image$" "$WORK/images.env"
  run deploy --list
  [[ "$output" == *'"kind":"deploy"'* ]] # its history survived the switch (its volume)
  run bakeshop compose up -d
  [[ "$output" != *Recreating* && "$output" != *Creating* ]]
}

@test "old images beyond three per service are removed; the history is in the backups" {
  local n
  n="$(docker images --format '{{.Repository}}@{{.Digest}} {{.ID}}' | awk -v r="$REPO" '$1 ~ "^"r"@" { print $2 }' | sort -u | wc -l)"
  echo "images of $REPO here: $n"
  [ "$n" -le 3 ]
  run deploy --list
  [[ "$output" == *'"kind":"rollback"'* && "$output" == *'"state":"rolled-back"'* ]]
}
