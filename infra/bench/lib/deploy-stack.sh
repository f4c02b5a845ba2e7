# shellcheck shell=bash
# What infra/test/deploy.bats and infra/bench/deploy.sh share: a settings file for a stack of
# their own, a registry on loopback standing in for GHCR, storefront versions pushed to it, and
# load through the edge while a deploy runs. The caller sets ROOT, WORK (a scratch directory),
# PROJECT, EDGE, SMTP_API, HOOK_PORT and REGISTRY, and sources local-mode.sh.

# deploy_settings TAG [EXTRA LINES...]: the settings file of such a stack, on stdout.
deploy_settings() {
  local tag="$1"
  shift
  cat <<ENV
SITE_URL=https://shop.allthemuchbakeshop.test
INTERNAL_API_TOKEN=deploy-token-0123456789abcdef0123456789abcdef
DEPLOY_HOOK_SECRET=deploy-secret-0123456789abcdef0123456789abcdef
DEPLOY_HOOK_PORT=$HOOK_PORT
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
DEVELOPER_EMAIL=gerell@allthemuchbakeshop.test
EDGE_PORT=$EDGE
SMTP_API_PORT=$SMTP_API
BACKUP_REMOTE=/backup-remote
BACKUP_LOCAL_REMOTE_DIR=$WORK/backup-remote
MONITOR_STARTUP_GRACE=30S
EDGE_IMAGE=bakeshop-edge:$tag
STOREFRONT_IMAGE=bakeshop-storefront:$tag
NOTIFIER_IMAGE=bakeshop-notifier:$tag
BACKUP_AGENT_IMAGE=bakeshop-backup-agent:$tag
MONITOR_AGENT_IMAGE=bakeshop-monitor-agent:$tag
DEPLOY_HOOK_IMAGE=bakeshop-deploy-hook:$tag
JDK_IMAGE=$JDK_IMAGE
CADDY_IMAGE=$CADDY_IMAGE
TOOLS_IMAGE=$TOOLS_IMAGE
RCLONE_IMAGE=$RCLONE_IMAGE
ENV
  [[ $# -eq 0 ]] || printf '%s\n' "$@"
}

# The stack's compose command (with the test's SMTP server), as deploy.sh and bakeshop see it.
deploy_compose() {
  docker-compose -p "$PROJECT" --env-file "$WORK/deploy.env" -f "$ROOT/infra/compose.yaml" -f "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

# deploy_wait_healthy SECONDS: the stack's eight containers (seven services and the SMTP server)
# running and healthy.
deploy_wait_healthy() {
  local i c n
  for ((i = 0; i < $1 / 2; i++)); do
    n=0
    for c in $(deploy_compose ps -q); do
      [[ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}healthy{{end}}' "$c")" == healthy ]] || n=$((n + 1))
    done
    [[ "$n" -eq 0 && "$(deploy_compose ps -q | wc -l)" -eq 8 ]] && return 0
    sleep 2
  done
  return 1
}

# start_registry: Debian's docker-registry on $REGISTRY, storing under $WORK/registry.
start_registry() {
  mkdir -p "$WORK/registry"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$WORK/registry" "$REGISTRY" >"$WORK/registry.yml"
  docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
  echo $! >"$WORK/registry.pid"
  local i
  for ((i = 0; i < 30; i++)); do
    curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cat "$WORK/registry.log" >&2
  return 1
}

stop_registry() {
  if [[ -f "$WORK/registry.pid" ]]; then kill "$(cat "$WORK/registry.pid")" 2>/dev/null || true; fi
  docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' | awk -v r="$REGISTRY/" 'index($1, r) == 1 { print $2 }' | sort -u \
    | xargs -r docker rmi -f >/dev/null 2>&1 || true
}

# storefront_version NAME [DOCKERFILE LINES...]: the running storefront's image with a label (a new
# version) and the lines given, pushed to the registry and removed here (so a deploy pulls it);
# prints its digest reference.
storefront_version() {
  local name="$1" base="$2" dir digest repo="$REGISTRY/bakeshop-storefront"
  shift 2
  dir="$WORK/version-$name" && mkdir -p "$dir"
  { echo "FROM $base"; echo "LABEL bakeshop.test.version=$name"; printf '%s\n' "$@"; } >"$dir/Dockerfile"
  docker build -q -t "$repo:$name" "$dir" >/dev/null || return 1
  docker push "$repo:$name" >/dev/null || return 1
  digest="$(docker inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$repo:$name" | grep "^$repo@" | head -1)"
  docker rmi "$repo:$name" >/dev/null
  echo "$digest"
}

# Load through the edge while a deploy runs: GETs of the home page (about 100 a second: 2
# connections, 20 ms apart) and orders from distinct client addresses (2 to 3 a second), each
# order's outcome a line in $WORK/orders.out.
start_load() {
  printf 'function delay() return 20 end\n' >"$WORK/pace.lua"
  wrk -t2 -c2 -d600s -s "$WORK/pace.lua" "http://$EDGE/" >"$WORK/wrk.out" 2>&1 &
  echo $! >"$WORK/wrk.pid"
  : >"$WORK/orders.out"
  rm -f "$WORK/stop-orders"
  (
    n="${ORDER_SEQ:-0}"
    while [[ ! -f "$WORK/stop-orders" ]]; do
      n=$((n + 1))
      place_order "$n" >>"$WORK/orders.out" 2>&1 || true
      sleep 0.3
    done
  ) &
  echo $! >"$WORK/orders.pid"
}

# stop_load: stops both (waiting until they have); prints "GETS FAILED_GETS ORDERS FAILED_ORDERS".
stop_load() {
  local orders wrk gets bad errors
  orders="$(cat "$WORK/orders.pid")" wrk="$(cat "$WORK/wrk.pid")"
  touch "$WORK/stop-orders"
  while kill -0 "$orders" 2>/dev/null; do sleep 0.2; done
  kill -INT "$wrk" 2>/dev/null || true
  while kill -0 "$wrk" 2>/dev/null; do sleep 0.2; done
  gets="$(awk '/requests in/ { print $1 }' "$WORK/wrk.out")"
  bad="$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$WORK/wrk.out")"
  # "  Socket errors: connect 0, read 0, write 0, timeout 0": requests with no answer (a timeout
  # is an answer slower than wrk's 2 s, which still comes; it is shown on stderr, not counted)
  errors="$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 }' "$WORK/wrk.out")"
  # what failed, on stderr (bats shows it when a test fails; the edge's reasons need Caddy's
  # "debug" global option: they are logged at debug level)
  grep -v '^ok ' "$WORK/orders.out" >&2 || true
  grep -E 'Socket errors|Non-2xx' "$WORK/wrk.out" >&2 || true
  echo "${gets:-0} $((${bad:-0} + ${errors:-0})) $(grep -c '^ok ' "$WORK/orders.out") $(grep -vc '^ok ' "$WORK/orders.out")"
}

# client_address N: the N-th customer's address (the storefront's limits are per visitor).
client_address() {
  echo "198.51.$(($1 / 250 % 250)).$(($1 % 250 + 1))"
}

# form_field PAGE NAME: the value of a hidden form field.
form_field() {
  grep -o "name=\"$2\" value=\"[^\"]*\"" <<<"$1" | head -1 | sed 's/.*value="//; s/"$//'
}

# place_order N: one order from client N (the form, then its POST); prints "ok N REF" or "fail WHAT".
place_order() {
  local jar ip page result
  jar="$(mktemp)" ip="$(client_address "$1")"
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
