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
TOKEN=deploy-token-0123456789abcdef0123456789abcdef
SECRET=deploy-secret-0123456789abcdef0123456789abcdef

compose() {
  docker-compose -p "$PROJECT" --env-file "$BATS_FILE_TMPDIR/deploy.env" -f "$ROOT/infra/compose.yaml" -f "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

# Images come from images.env beside the settings file, as on the Pi.
bakeshop() {
  "$ROOT/infra/scripts/bakeshop" --project "$PROJECT" --env-file "$BATS_FILE_TMPDIR/deploy.env" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

deploy() {
  "$ROOT/infra/scripts/deploy.sh" --project "$PROJECT" --env-file "$BATS_FILE_TMPDIR/deploy.env" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

write_settings() {
  cat <<ENV
SITE_URL=https://shop.allthemuchbakeshop.test
INTERNAL_API_TOKEN=$TOKEN
DEPLOY_HOOK_SECRET=$SECRET
DEPLOY_HOOK_PORT=$HOOK_PORT
DEPLOY_WATCH=40S
DOCKER_GID=$(stat -c %g /var/run/docker.sock)
STOREFRONT_SAMPLE_MENU=true
STOREFRONT_SECURE_COOKIES=false
NOTIFIER_DELIVERY=smtp
SMTP_HOST=smtp.test
SMTP_PORT=3025
SMTP_STARTTLS=DISABLED
SMTP_LOGIN=DISABLED
SENDGRID_API_KEY=none-smtp.test-takes-no-key
MAIL_FROM=orders@allthemuchbakeshop.test
OWNER_EMAIL=katie@allthemuchbakeshop.test
OWNER_TEXT_CHANNEL=none
DEVELOPER_EMAIL=$DEVELOPER
EDGE_PORT=$EDGE
SMTP_API_PORT=$SMTP_API
BACKUP_REMOTE=/backup-remote
BACKUP_LOCAL_REMOTE_DIR=$BATS_FILE_TMPDIR/backup-remote
MONITOR_STARTUP_GRACE=30S
EDGE_IMAGE=bakeshop-edge:deploy-e2e
STOREFRONT_IMAGE=bakeshop-storefront:deploy-e2e
NOTIFIER_IMAGE=bakeshop-notifier:deploy-e2e
BACKUP_AGENT_IMAGE=bakeshop-backup-agent:deploy-e2e
MONITOR_AGENT_IMAGE=bakeshop-monitor-agent:deploy-e2e
DEPLOY_HOOK_IMAGE=bakeshop-deploy-hook:deploy-e2e
JDK_IMAGE=$JDK_IMAGE
RUNTIME_IMAGE=$RUNTIME_IMAGE
CADDY_IMAGE=$CADDY_IMAGE
TOOLS_IMAGE=$TOOLS_IMAGE
RCLONE_IMAGE=$RCLONE_IMAGE
ENV
}

# version NAME DOCKERFILE-LINES...: builds a storefront version from the running one, pushes it to
# the registry, removes it here (so the hook pulls it, by digest) and prints its digest reference.
version() {
  local name="$1" dir digest
  shift
  dir="$BATS_FILE_TMPDIR/version-$name" && mkdir -p "$dir"
  { echo "FROM bakeshop-storefront:deploy-e2e"; echo "LABEL bakeshop.test.version=$name"; printf '%s\n' "$@"; } >"$dir/Dockerfile"
  docker build -q -t "$REPO:$name" "$dir" >/dev/null || return 1
  docker push "$REPO:$name" >/dev/null || return 1
  digest="$(docker inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$REPO:$name" | grep "^$REPO@" | head -1)"
  docker rmi "$REPO:$name" >/dev/null
  echo "$digest"
}

start_registry() {
  mkdir -p "$BATS_FILE_TMPDIR/registry"
  cat >"$BATS_FILE_TMPDIR/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $BATS_FILE_TMPDIR/registry
http:
  addr: $REGISTRY
YML
  docker-registry serve "$BATS_FILE_TMPDIR/registry.yml" >"$BATS_FILE_TMPDIR/registry.log" 2>&1 &
  echo $! >"$BATS_FILE_TMPDIR/registry.pid"
  local i
  for ((i = 0; i < 30; i++)); do
    curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cat "$BATS_FILE_TMPDIR/registry.log" >&3
  return 1
}

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  # shellcheck source=infra/scripts/lib/local-mode.sh
  source "$ROOT/infra/scripts/lib/local-mode.sh"
  export_standin_images
  command -v docker-registry >/dev/null || { echo "docker-registry is missing: apt-get install docker-registry" >&3; return 1; }
  write_settings >"$BATS_FILE_TMPDIR/deploy.env" && chmod 600 "$BATS_FILE_TMPDIR/deploy.env"
  mkdir -p "$BATS_FILE_TMPDIR/backup-remote" && chown 10001:10001 "$BATS_FILE_TMPDIR/backup-remote"
  start_registry || return 1
  "$ROOT/infra/docker/build-standins.sh" >&3 2>&1
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  compose build >"$BATS_FILE_TMPDIR/build.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/build.log" >&3; return 1; }
  compose up -d >"$BATS_FILE_TMPDIR/up.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/up.log" >&3; return 1; }
  wait_healthy 180 || { compose ps >&3; compose logs --tail=30 >&3; return 1; }
}

teardown_file() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  [[ -f "$BATS_FILE_TMPDIR/registry.pid" ]] && kill "$(cat "$BATS_FILE_TMPDIR/registry.pid")" 2>/dev/null
  docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' | awk -v r="$REGISTRY/" 'index($1, r) == 1 { print $2 }' | sort -u \
    | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker ps -aq --filter label=bakeshop.deploy-hook.helper | xargs -r docker rm -f >/dev/null 2>&1 || true
}

wait_healthy() {
  local i c n
  for ((i = 0; i < $1 / 2; i++)); do
    n=0
    for c in $(compose ps -q); do
      [[ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}healthy{{end}}' "$c")" == healthy ]] || n=$((n + 1))
    done
    [[ "$n" -eq 0 && "$(compose ps -q | wc -l)" -eq 8 ]] && return 0
    sleep 2
  done
  return 1
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

# Load through the edge while a deploy runs: GETs of the home page (about 100 a second: 2
# connections, 20 ms apart) and orders from distinct client addresses (about 2 a second), each
# outcome in a file.
start_load() {
  cat >"$BATS_FILE_TMPDIR/pace.lua" <<'LUA'
function delay() return 20 end
LUA
  wrk -t2 -c2 -d600s -s "$BATS_FILE_TMPDIR/pace.lua" "http://$EDGE/" >"$BATS_FILE_TMPDIR/wrk.out" 2>&1 &
  echo $! >"$BATS_FILE_TMPDIR/wrk.pid"
  : >"$BATS_FILE_TMPDIR/orders.out"
  (
    n=0
    while [[ ! -f "$BATS_FILE_TMPDIR/stop-orders" ]]; do
      n=$((n + 1))
      place_order "$n" >>"$BATS_FILE_TMPDIR/orders.out" 2>&1 || true
      sleep 0.3
    done
  ) &
  echo $! >"$BATS_FILE_TMPDIR/orders.pid"
}

# stop_load: stops both; prints "GETS FAILED_GETS ORDERS FAILED_ORDERS".
stop_load() {
  local orders wrk
  orders="$(cat "$BATS_FILE_TMPDIR/orders.pid")" wrk="$(cat "$BATS_FILE_TMPDIR/wrk.pid")"
  touch "$BATS_FILE_TMPDIR/stop-orders"
  while kill -0 "$orders" 2>/dev/null; do sleep 0.2; done
  rm -f "$BATS_FILE_TMPDIR/stop-orders"
  kill -INT "$wrk"
  while kill -0 "$wrk" 2>/dev/null; do sleep 0.2; done
  local gets bad errors
  gets="$(awk '/requests in/ { print $1 }' "$BATS_FILE_TMPDIR/wrk.out")"
  bad="$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$BATS_FILE_TMPDIR/wrk.out")"
  errors="$(awk -F'[ ,]+' '/Socket errors/ { print $4 + $6 + $8 + $10 }' "$BATS_FILE_TMPDIR/wrk.out")"
  echo "${gets:-0} $((${bad:-0} + ${errors:-0})) $(grep -c '^ok ' "$BATS_FILE_TMPDIR/orders.out") $(grep -vc '^ok ' "$BATS_FILE_TMPDIR/orders.out")"
}

form_field() {
  grep -o "name=\"$2\" value=\"[^\"]*\"" <<<"$1" | head -1 | sed 's/.*value="//; s/"$//'
}

# place_order N: one order from client address 198.51.100.N (a GET of the form, then its POST);
# prints "ok N REF" or "fail WHAT".
place_order() {
  local jar ip page result
  jar="$(mktemp)" ip="198.51.$(($1 / 250 % 250)).$(($1 % 250 + 1))"
  page="$(curl -sS -m 10 -c "$jar" -b "$jar" -H "CF-Connecting-IP: $ip" -w '\n%{http_code}' "http://$EDGE/order")"
  if [[ "$(tail -1 <<<"$page")" != 200 ]]; then
    echo "fail GET /order $(tail -1 <<<"$page")"
    rm -f "$jar"
    return 0
  fi
  result="$(curl -sS -m 10 -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -H "CF-Connecting-IP: $ip" \
    --data-urlencode "csrf-token=$(form_field "$page" csrf-token)" --data-urlencode "submission=$(form_field "$page" submission)" \
    --data-urlencode "name=Load Customer $1" --data-urlencode "email=load$1@customers.test" --data-urlencode "phone=555 010 3333" \
    --data-urlencode "fulfilment=pickup" --data-urlencode "date=$(date -d '+6 days' +%F)" --data-urlencode "request=Deploy load order $1" \
    "http://$EDGE/order")"
  rm -f "$jar"
  if [[ "$result" == 303* ]]; then echo "ok $1 ${result##*/}"; else echo "fail POST /order $result"; fi
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
  local v2 before result gets bad orders bad_orders ref
  v2="$(version v2)"
  [[ "$v2" == "$REPO@sha256:"* ]]
  echo "$v2" >"$BATS_FILE_TMPDIR/v2"
  before="$(storefront_images)"
  start_load
  sleep 3
  run deploy --commit "$(git -C "$ROOT" rev-parse HEAD)" --actor bats --image "storefront=$v2"
  result="$(stop_load)"
  echo "$output"
  echo "load: $result"
  [ "$status" -eq 0 ]
  read -r gets bad orders bad_orders <<<"$result"
  grep -v '^ok ' "$BATS_FILE_TMPDIR/orders.out" || true
  [ "$bad" -eq 0 ]
  [ "$bad_orders" -eq 0 ]
  [ "$gets" -ge 1000 ]
  [ "$orders" -ge 20 ]
  [[ "$output" == *"pre-deploy backup"*"verified"* ]]
  [[ "$output" == *"Pulling $v2"* ]]
  [[ "$output" == *"RESULT: succeeded"* ]]
  # the new version, alone, serves
  [ "$(storefront_images | wc -l)" -eq 1 ]
  [ "$(storefront_images)" != "$before" ]
  [ "$(storefront_images)" = "$(docker inspect -f '{{.Id}}' "$v2")" ]
  docker inspect -f '{{.Id}}' "$v2" >"$BATS_FILE_TMPDIR/v2-id"
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://$EDGE/")" = 200 ]
  # every order once: its page, and one email to the owner each
  # (each from its customer's address: the thanks pages are rate-limited per visitor)
  while read -r n ref; do
    curl -fsS -o /dev/null -H "CF-Connecting-IP: 198.51.$((n / 250 % 250)).$((n % 250 + 1))" "http://$EDGE/order/thanks/$ref"
  done < <(awk '/^ok / { print $2, $3 }' "$BATS_FILE_TMPDIR/orders.out")
  wait_mail katie@allthemuchbakeshop.test "Deploy load order" "$((orders - 1))" 60
  [ "$(mail_count katie@allthemuchbakeshop.test "Deploy load order")" -eq "$orders" ]
  grep -q "^STOREFRONT_IMAGE=$v2$" "$BATS_FILE_TMPDIR/images.env"
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

@test "an image that never becomes ready: the old one keeps serving, the deploy is rolled back, Gerell is told" {
  local broken before reports result bad bad_orders
  broken="$(version never-ready 'ENV QUARKUS_HTTP_PORT=9999' \
    'HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 CMD ["/usr/local/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/q/health/ready"]')"
  before="$(storefront_images)"
  reports="$(mail_count "$DEVELOPER" "rolled back")"
  start_load
  run deploy --commit "$(git -C "$ROOT" rev-parse HEAD)" --actor bats --image "storefront=$broken" --skip-backup
  result="$(stop_load)"
  echo "$output"
  echo "load: $result"
  [ "$status" -eq 1 ]
  read -r _ bad _ bad_orders <<<"$result"
  [ "$bad" -eq 0 ]
  [ "$bad_orders" -eq 0 ]
  [[ "$output" == *"not ready"* || "$output" == *"healthcheck failed"* ]]
  [[ "$output" == *"RESULT: rolled-back"* ]]
  [ "$(storefront_images)" = "$before" ]
  grep -q "^STOREFRONT_IMAGE=$(cat "$BATS_FILE_TMPDIR/v2")$" "$BATS_FILE_TMPDIR/images.env"
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

@test "two deploys at once: the second is told the first is running and waits for it" {
  local v3 first
  v3="$(version v3)"
  # the notifier under the registry's name (a new reference: compose recreates it)
  docker tag bakeshop-notifier:deploy-e2e "$REGISTRY/bakeshop-notifier:v1"
  deploy --actor first --image "storefront=$v3" --skip-backup >"$BATS_FILE_TMPDIR/first.out" 2>&1 &
  first=$!
  sleep 4
  run deploy --actor second --image "notifier=$REGISTRY/bakeshop-notifier:v1" --skip-backup
  wait "$first"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Waiting: busy: deploy #"*"of storefront"*"by first"* ]]
  [[ "$output" == *"RESULT: succeeded"* ]]
  grep -q "RESULT: succeeded" "$BATS_FILE_TMPDIR/first.out"
}

@test "a rollback by hand goes back to the image before the last deploy" {
  local v2_id
  v2_id="$(cat "$BATS_FILE_TMPDIR/v2-id")" # (its image may have been removed as old since: pulled again)
  run deploy --rollback --service storefront --actor bats
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
  run deploy --actor bats --image "storefront=$(cat "$BATS_FILE_TMPDIR/v2")"
  compose start backup-agent >/dev/null 2>&1
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"the pre-deploy backup failed"*"Nothing was changed"* ]]
  [ "$(compose ps -q storefront)" = "$before" ]
  # more free space asked for than any disk here has
  sed -i '/^DEPLOY_MIN_FREE_DISK_MB=/d' "$BATS_FILE_TMPDIR/deploy.env" && echo DEPLOY_MIN_FREE_DISK_MB=999999999 >>"$BATS_FILE_TMPDIR/deploy.env"
  bakeshop compose up -d --no-deps deploy-hook >/dev/null 2>&1
  wait_healthy 120
  run deploy --actor bats --image "storefront=$(cat "$BATS_FILE_TMPDIR/v2")" --skip-backup
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"MB free for Docker's images, 999999999 MB needed"*"Nothing was changed"* ]]
  [ "$(compose ps -q storefront)" = "$before" ]
}

@test "old images beyond three per service are removed; the history is in the backups" {
  local n
  n="$(docker images --format '{{.Repository}}@{{.Digest}} {{.ID}}' | awk -v r="$REPO" '$1 ~ "^"r"@" { print $2 }' | sort -u | wc -l)"
  echo "images of $REPO here: $n"
  [ "$n" -le 3 ]
  run deploy --list
  [[ "$output" == *'"kind":"rollback"'* && "$output" == *'"state":"rolled-back"'* ]]
}
