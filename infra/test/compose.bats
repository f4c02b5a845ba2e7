#!/usr/bin/env bats
# The compose stack on the real Docker engine, with the stand-in base images (no registry is
# reachable here): built from the Maven output, brought up under its own project name with a
# real SMTP server beside it (infra/test/compose.e2e.yaml), checked from outside and from a
# container on the tunnel's network, put through faults, and removed with its volumes.
# Needs `mvn package` first and a running Docker engine (infra/scripts/run-tests.sh does both).
# The tests run in order and build on each other's data (orders, photos), as a bakery's day does.

PROJECT=bakeshop-e2e
EDGE=127.0.0.1:18000
SMTP_API=127.0.0.1:18025
SERVICES="edge storefront notifier backup-agent monitor-agent deploy-hook docker-ro"
OWNER=katie@allthemuchbakeshop.test
OWNER_TEXT=5550100123@vtext.com
DEVELOPER=gerell@allthemuchbakeshop.test
# shellcheck source=infra/test/lib/order.sh
source "$BATS_TEST_DIRNAME/lib/order.sh"

# The settings file the stack starts from, as on the Pi (not the defaults: every business
# detail, the site's address and the notifier's give-up time differ from them).
BAKERY="Flour and Stone Test Bakery"
PHONE="(217) 555-2368"
PRIMARY="#1f4e79"
ZONE=Pacific/Auckland
SITE=https://shop.allthemuchbakeshop.test
TOKEN=e2e-token-0123456789abcdef0123456789abcdef

compose() {
  docker-compose -p "$PROJECT" --env-file "$BATS_FILE_TMPDIR/e2e.env" -f "$ROOT/infra/compose.yaml" -f "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

# The notifier sends real SMTP to the test's server, as it would to SendGrid (without TLS: the
# notifier's own tests prove STARTTLS and AUTH against a server that requires them).
write_settings() {
  cat <<ENV
BAKERY_NAME=$BAKERY
BAKERY_STREET=9 Flour Lane
BAKERY_CITY=Urbana
BAKERY_REGION=IL
BAKERY_POSTAL_CODE=61801
BAKERY_PHONE=$PHONE
BAKERY_HOURS=Monday: 6 am to noon,Tuesday to Sunday: closed for the test
BAKERY_TIME_ZONE=$ZONE
BAKERY_BRAND_PRIMARY=$PRIMARY
SITE_URL=$SITE
NOTIFIER_GIVE_UP_AFTER=72H
INTERNAL_API_TOKEN=$TOKEN
DOCKER_GID=$(stat -c %g /var/run/docker.sock)
STOREFRONT_SAMPLE_MENU=true
STOREFRONT_SECURE_COOKIES=false
STOREFRONT_ADMIN_USERS='katie:$(htpasswd -nbBC 10 katie 'e2e sign-in words' | cut -d: -f2)'
NOTIFIER_DELIVERY=smtp
SMTP_HOST=smtp.test
SMTP_PORT=3025
SMTP_STARTTLS=DISABLED
SMTP_LOGIN=DISABLED
SENDGRID_API_KEY=SG.e2e-not-a-real-key
MAIL_FROM=orders@allthemuchbakeshop.test
OWNER_EMAIL=$OWNER
OWNER_TEXT_CHANNEL=email-gateway
OWNER_SMS_GATEWAY=$OWNER_TEXT
EDGE_PORT=$EDGE
SMTP_API_PORT=$SMTP_API
EDGE_IMAGE=bakeshop-edge:e2e
STOREFRONT_IMAGE=bakeshop-storefront:e2e
NOTIFIER_IMAGE=bakeshop-notifier:e2e
BACKUP_AGENT_IMAGE=bakeshop-backup-agent:e2e
MONITOR_AGENT_IMAGE=bakeshop-monitor-agent:e2e
DEPLOY_HOOK_IMAGE=bakeshop-deploy-hook:e2e
DEPLOY_HOOK_SECRET=e2e-deploy-secret-0123456789abcdef0123456789
DEPLOY_HOOK_PORT=127.0.0.1:18084
JDK_IMAGE=$JDK_IMAGE
CADDY_IMAGE=$CADDY_IMAGE
TOOLS_IMAGE=$TOOLS_IMAGE
RCLONE_IMAGE=$RCLONE_IMAGE
DEVELOPER_EMAIL=$DEVELOPER
BACKUP_REMOTE=/backup-remote
BACKUP_LOCAL_REMOTE_DIR=$BATS_FILE_TMPDIR/backup-remote
MONITOR_STARTUP_GRACE=30S
ENV
}

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  # shellcheck source=infra/scripts/lib/local-mode.sh
  source "$ROOT/infra/scripts/lib/local-mode.sh"
  export_standin_images
  [[ -f "$ROOT/notifier/target/test-smtp/greenmail-standalone.jar" ]] \
    || { echo "notifier/target/test-smtp/greenmail-standalone.jar is missing: run mvn package first" >&3; return 1; }
  write_settings >"$BATS_FILE_TMPDIR/e2e.env" || return 1
  # The backups' "remote": a directory outside every volume, writable by the services' user.
  mkdir -p "$BATS_FILE_TMPDIR/backup-remote" && chown 10001:10001 "$BATS_FILE_TMPDIR/backup-remote"
  chmod 600 "$BATS_FILE_TMPDIR/e2e.env"
  "$ROOT/infra/docker/build-standins.sh" >&3 2>&1
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  compose build >"$BATS_FILE_TMPDIR/build.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/build.log" >&3; return 1; }
  compose up -d >"$BATS_FILE_TMPDIR/up.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/up.log" >&3; compose logs >&3; return 1; }
  wait_healthy 180 || { compose ps >&3; compose logs --tail=30 >&3; return 1; }
}

teardown_file() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}

# The stack's containers (not the test's SMTP server).
containers() {
  local s
  for s in $SERVICES; do compose ps -q "$s"; done
}

unhealthy_or_starting() {
  local n=0 c
  for c in $(containers); do
    [[ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" == "healthy" ]] || n=$((n + 1))
  done
  echo "$n"
}

# wait_healthy SECONDS: all seven services running and healthy.
wait_healthy() {
  local i
  for ((i = 0; i < $1 / 2; i++)); do
    [[ "$(containers | wc -l)" -eq 7 && "$(unhealthy_or_starting)" == "0" ]] && return 0
    sleep 2
  done
  return 1
}

# no_header NAME RESPONSE: fails when the response headers carry NAME. (A bare `! grep` would
# not fail a bats test.)
no_header() {
  if grep -qi "^$1:" <<<"$2"; then
    echo "unexpected header: $(grep -i "^$1:" <<<"$2")"
    return 1
  fi
}

# place_order NAME EMAIL REQUEST: an order through the edge proxy; prints its reference.
place_order() {
  order_through_edge "$EDGE" "$@"
}

# mail_count ADDRESS TEXT: how many messages at the SMTP server for ADDRESS contain TEXT.
mail_count() {
  curl -sS "http://$SMTP_API/api/user/$1/messages/INBOX" | grep -o "\"uid\":\"[0-9]*\"[^}]*$2" | wc -l
}

# wait_for_mail SECONDS REF: the owner's email, the owner's text and the customer's email for REF.
wait_for_mail() {
  local i customer="$3"
  for ((i = 0; i < $1; i++)); do
    [[ "$(mail_count "$OWNER" "$2")" -eq 1 && "$(mail_count "$OWNER_TEXT" "$2")" -eq 1 \
      && "$(mail_count "$customer" "$2")" -eq 1 ]] && return 0
    sleep 1
  done
  echo "after $1 s: owner $(mail_count "$OWNER" "$2"), owner's text $(mail_count "$OWNER_TEXT" "$2"), customer $(mail_count "$customer" "$2")"
  return 1
}

@test "all seven services are up and healthy" {
  [ "$(containers | wc -l)" -eq 7 ]
  [ "$(unhealthy_or_starting)" -eq 0 ]
}

@test "pages are served through the edge proxy, without a server name" {
  run curl -fsS -D - "http://$EDGE/menu"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Our menu"* && "$output" == *"$BAKERY"* ]]
  no_header server "$output"
}

@test "the business details of the settings file are on the pages and in the stylesheet" {
  run curl -fsS "http://$EDGE/"
  [ "$status" -eq 0 ]
  [[ "$output" == *"$BAKERY"* ]] || { echo "name missing"; false; }
  [[ "$output" == *"$PHONE"* ]] || { echo "phone missing"; false; }
  [[ "$output" == *"9 Flour Lane"* && "$output" == *"Urbana"* ]] || { echo "address missing"; false; }
  [[ "$output" == *"Monday: 6 am to noon"* && "$output" == *"Tuesday to Sunday: closed for the test"* ]] || { echo "hours missing"; false; }
  [[ "$output" != *"214 Main Street"* && "$output" != *"(555) 010-4477"* ]] || { echo "a default shows"; false; }
  local css
  css="$(grep -o '/assets/[^"]*\.css' <<<"$output" | head -1)"
  run curl -fsS "http://$EDGE$css"
  [[ "$output" == *"--primary:$PRIMARY"* ]] || { echo "stylesheet $css: ${output:0:200}"; false; }
}

@test "no response through the edge names an internal address, a server, a framework or a version in its headers" {
  local host=bakery.example.org request headers bad="" big="$BATS_TEST_TMPDIR/big"
  head -c 40000000 /dev/zero >"$big"
  # Pages, photos, redirects, refusals, errors, and the methods a scanner tries.
  for request in "GET /" "GET /menu" "GET /order" "GET /admin" "GET /admin/orders" "GET /photos/sample-baguette-400.jpg" \
    "GET /photos/p-0000000000000000-400.jpg" "GET /no-such-page" "GET /q/health" "GET /api/notifications" \
    "GET /../../etc/passwd" "HEAD /menu" "OPTIONS /" "TRACE /" "POST /order" "POST /subscribe" "BIG /admin/product/photo"; do
    if [[ "$request" == BIG* ]]; then
      headers="$(curl -sS -D - -o /dev/null -H "Host: $host" -F "photo=@$big;filename=big.jpg" "http://$EDGE${request#* }" 2>&1)" || true
    elif [[ "$request" == HEAD* ]]; then
      headers="$(curl -sS -I -H "Host: $host" "http://$EDGE${request#* }")"
    else
      headers="$(curl -sS -D - -o /dev/null --path-as-is -X "${request%% *}" -H "Host: $host" "http://$EDGE${request#* }")"
    fi
    [[ "$headers" == HTTP/* ]] || { echo "$request: no answer: $headers"; false; }
    # Private and loopback addresses, the services' names and ports, servers and frameworks.
    if grep -iE '(^|[^0-9])(10\.[0-9]+\.[0-9]+\.[0-9]+|172\.(1[6-9]|2[0-9]|3[01])\.[0-9]+\.[0-9]+|192\.168\.[0-9]+\.[0-9]+|127\.0\.0\.1)|storefront|notifier|monitor-agent|backup-agent|deploy-hook|docker-ro|:808[0-4]|^(server|x-powered-by|via|x-runtime|x-version|x-app-version):|caddy|quarkus|vert\.?x|netty|java|debian' <<<"$headers" >/dev/null; then
      bad+="$request -> $(grep -iE 'storefront|notifier|agent|hook|docker|:808|^(server|x-powered-by|via|x-runtime|x-version|x-app-version):|caddy|quarkus|vert|netty|java|debian|10\.|172\.|192\.168|127\.0' <<<"$headers" | tr -d '\r' | tr '\n' ' ')"$'\n'
    fi
  done
  [ -z "$bad" ] || { echo "$bad"; false; }
}

@test "health, metrics and internal APIs are not reachable through the edge proxy" {
  for path in /q/health /q/health/ready /q/metrics /api/notifications; do
    run curl -s -o /dev/null -w '%{http_code}' "http://$EDGE$path"
    [ "$output" = "404" ]
  done
  # The database snapshot (docs/backups.md) is for the backup-agent inside the network only.
  run curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer guess" "http://$EDGE/api/snapshot"
  [ "$output" = "404" ]
}

@test "a 16 MB chunked body to every form through the edge proxy gets 413 and the storefront stays up" {
  local started body route code
  started="$(docker inspect -f '{{.State.StartedAt}} {{.RestartCount}}' "$(compose ps -q storefront)")"
  body="$BATS_FILE_TMPDIR/huge-form"
  # About a thousand fields of 16 kB each, as the attack that used to exhaust the storefront's heap.
  head -c $((16 * 1024 * 1024)) /dev/zero | tr '\0' 'x' | fold -w 16380 | sed 's/^/a=/' | tr '\n' '&' >"$body"
  for route in /order /signup /unsubscribe /admin/sign-in /admin/product /admin/order/status; do
    # The proxy answers 413 and closes while curl is still sending; now and then the close
    # overtakes the answer (curl then reports 100 or 000: cut off, nothing accepted). Any other
    # answer fails at once; one clean 413 in three tries is required.
    for _ in 1 2 3; do
      code="$(curl -s -o "$BATS_FILE_TMPDIR/answer" -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
        -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$body" "http://$EDGE$route" || true)"
      [[ "$code" == 413 || "$code" == 100 || "$code" == 000 ]] || { echo "$route answered $code"; false; }
      [ "$code" != 413 ] || break
    done
    [ "$code" = "413" ] || { echo "$route: no 413 in three tries (last: $code)"; false; }
  done
  # The photo upload takes more than a form, but not more than its limit.
  head -c $((24 * 1024 * 1024)) /dev/zero >"$body"
  code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' -F "photo=@$body;filename=big.jpg" \
    "http://$EDGE/admin/product/photo" || true)"
  [ "$code" = "413" ] || { echo "the photo upload answered $code"; false; }
  rm -f "$body"
  [ "$(docker inspect -f '{{.State.StartedAt}} {{.RestartCount}}' "$(compose ps -q storefront)")" = "$started" ] \
    || { echo "the storefront was restarted"; false; }
  run curl -fsS -o /dev/null -w '%{http_code}' "http://$EDGE/menu"
  [ "$output" = "200" ]
}

@test "a photo is served from the photos volume with a long cache lifetime; a missing one is never cached" {
  run curl -fsS -D - -o /dev/null "http://$EDGE/photos/sample-baguette-400.jpg"
  [ "$status" -eq 0 ]
  grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$output"
  grep -qi '^content-type: image/jpeg' <<<"$output"
  run curl -sS -D - -o /dev/null "http://$EDGE/photos/p-0000000000000000-400.jpg"
  [[ "$output" == "HTTP/1.1 404"* ]]
  # Not cached anywhere (Cloudflare would keep a 404 without a header for minutes).
  grep -qi '^cache-control: no-store' <<<"$output"
  no_header server "$output"
  grep -qi '^x-content-type-options: nosniff' <<<"$output"
}

@test "every container runs non-root, read-only, without capabilities, restarting, checked and memory-limited" {
  local c
  for c in $(containers); do
    local name
    name="$(docker inspect -f '{{.Name}}' "$c")"
    [ "$(docker inspect -f '{{.Config.User}}' "$c")" = "10001:10001" ] || { echo "$name user"; false; }
    [ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$c")" = "true" ] || { echo "$name rootfs"; false; }
    [ "$(docker inspect -f '{{.HostConfig.CapDrop}}' "$c")" = "[ALL]" ] || { echo "$name caps"; false; }
    docker inspect -f '{{.HostConfig.SecurityOpt}}' "$c" | grep -q 'no-new-privileges:true' || { echo "$name nnp"; false; }
    [ "$(docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$c")" = "unless-stopped" ] || { echo "$name restart"; false; }
    [[ "$(docker inspect -f '{{if .Config.Healthcheck}}{{index .Config.Healthcheck.Test 0}}{{end}}' "$c")" == CMD* ]] || { echo "$name healthcheck"; false; }
    [ "$(docker inspect -f '{{.HostConfig.Memory}}' "$c")" -gt 0 ] || { echo "$name memory"; false; }
    [ "$(docker inspect -f '{{.HostConfig.PidsLimit}}' "$c")" -gt 0 ] || { echo "$name PIDs limit"; false; }
    [ "$(docker inspect -f '{{.HostConfig.CpuShares}}' "$c")" -gt 0 ] || { echo "$name CPU shares"; false; }
  done
  # Under contention the site gets more of the CPU than the nightly backup.
  local site backup
  site="$(docker inspect -f '{{.HostConfig.CpuShares}}' "$(compose ps -q storefront)")"
  backup="$(docker inspect -f '{{.HostConfig.CpuShares}}' "$(compose ps -q backup-agent)")"
  [ "$backup" -lt "$site" ]
  [ "$(docker inspect -f '{{.HostConfig.CpuShares}}' "$(compose ps -q edge)")" -ge "$site" ]
}

# from_network NETWORK HOST PORT PATH: an HTTP request from a throw-away container on one of the
# stack's networks, with bash's /dev/tcp (the stand-in's static busybox cannot resolve names).
# Prints the status line.
from_network() {
  docker run --rm --network "${PROJECT}_$1" "$JDK_IMAGE" timeout 5 \
    bash -c "exec 3<>/dev/tcp/$2/$3 && printf 'GET $4 HTTP/1.0\r\n\r\n' >&3 && head -1 <&3"
}

SERVICE_PORTS="storefront:8080 notifier:8081 backup-agent:8082 monitor-agent:8083 deploy-hook:8084 docker-ro:2375"

# nothing_answers NETWORK: no service of the stack answers from NETWORK, by name or by address.
nothing_answers() {
  local service ip
  for service in $SERVICE_PORTS; do
    if from_network "$1" "${service%%:*}" "${service#*:}" /q/health >/dev/null 2>&1; then
      echo "${service%%:*} answered by name from $1"
      return 1
    fi
    for ip in $(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$(compose ps -q "${service%%:*}")"); do
      if from_network "$1" "$ip" "${service#*:}" /q/health >/dev/null 2>&1; then
        echo "$service ($ip) answered from $1"
        return 1
      fi
    done
  done
}

@test "from every network cloudflared is on, only the edge proxy answers" {
  # The networks compose gives cloudflared (the tunnel profile's service), exactly these two.
  run bash -c "COMPOSE_PROFILES=tunnel docker-compose -p $PROJECT --env-file $BATS_FILE_TMPDIR/e2e.env -f $ROOT/infra/compose.yaml config \
    | /usr/bin/python3 -c 'import sys, yaml; print(\" \".join(sorted(yaml.safe_load(sys.stdin)[\"services\"][\"cloudflared\"][\"networks\"])))'"
  [ "$output" = "tunnel tunnel-egress" ] || { echo "cloudflared's networks: $output"; false; }
  run from_network tunnel edge 8000 /healthz
  [ "$status" -eq 0 ]
  [[ "$output" == *" 200 "* ]]
  nothing_answers tunnel
  run from_network tunnel-egress edge 8000 /healthz
  [ "$status" -ne 0 ] || { echo "the edge answered on the tunnel's way out"; false; }
  nothing_answers tunnel-egress
}

@test "no two services share a way out: from each one's egress network no other service answers" {
  local net own service
  for net in notifier-egress:notifier backup-egress:backup-agent monitor-egress:monitor-agent; do
    own="${net#*:}"
    for service in $SERVICE_PORTS; do
      [[ "${service%%:*}" == "$own" ]] && continue
      run from_network "${net%%:*}" "${service%%:*}" "${service#*:}" /q/health
      [ "$status" -ne 0 ] || { echo "${service%%:*} answered from ${net%%:*}"; false; }
    done
  done
  # The storefront still reaches the notifier where it must: over `internal` (the order test).
}

# from_monitor METHOD PATH: the Docker API as the monitor-agent sees it (through docker-ro),
# from a throw-away container on its network. Prints the status line and the body.
from_monitor() {
  docker run --rm --network "${PROJECT}_docker-ro" "$JDK_IMAGE" timeout 5 \
    bash -c "exec 3<>/dev/tcp/docker-ro/2375 && printf '$1 $2 HTTP/1.0\r\nHost: docker\r\n\r\n' >&3 && cat <&3"
}

@test "the monitor-agent's Docker API lists containers but cannot change or inspect them" {
  run from_monitor GET /v1.41/containers/json
  [[ "${lines[0]}" == *" 200 "* ]]
  [[ "$output" == *"${PROJECT}_storefront_1"* || "$output" == *"${PROJECT}-storefront-1"* ]]
  local storefront
  storefront="$(compose ps -q storefront)"
  run from_monitor POST "/v1.41/containers/$storefront/stop"
  [[ "${lines[0]}" == *" 403 "* ]]
  # A container's details carry its environment (and so its secrets): refused too, as are its
  # files, a terminal on it, creating containers, and a path trick back to the details.
  local path
  for path in "/v1.41/containers/$storefront/json" "/containers/$storefront/export" \
    "/containers/$storefront/attach/ws" "/containers/$storefront/logs/..%2fjson"; do
    run from_monitor GET "$path"
    [[ "${lines[0]}" == *" 403 "* ]] || { echo "GET $path: ${lines[0]}"; false; }
  done
  run from_monitor POST /v1.41/containers/create
  [[ "${lines[0]}" == *" 403 "* ]]
  [ "$(docker inspect -f '{{.State.Running}}' "$storefront")" = "true" ]
  # Only docker-ro and the deploy-hook have the socket; the monitor-agent has no mount of it.
  local c mounts
  for c in $(containers); do
    mounts="$(docker inspect -f '{{range .Mounts}}{{.Source}} {{end}}' "$c")"
    case "$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$c")" in
      docker-ro | deploy-hook) [[ "$mounts" == *"/var/run/docker.sock"* ]] ;;
      *) [[ "$mounts" != *"docker.sock"* ]] || { echo "$c has the Docker socket"; false; } ;;
    esac
  done
}

@test "the deploy-hook reaches the Docker socket as its non-root user through the socket's group" {
  local c
  c="$(compose ps -q deploy-hook)"
  [ "$(docker exec "$c" /usr/local/bin/busybox id -u)" = 10001 ]
  local gid
  gid="$(stat -c %g /var/run/docker.sock)"
  run docker exec "$c" /usr/local/bin/busybox id -G
  [[ " $output " == *" $gid "* ]] || { echo "groups: $output, socket group: $gid"; false; }
  docker exec "$c" /usr/local/bin/busybox test -r /var/run/docker.sock
  docker exec "$c" /usr/local/bin/busybox test -w /var/run/docker.sock
}

@test "inside the network the storefront and the notifier hand over a sound snapshot of their databases, only with the token" {
  local service port c
  for service in storefront:8080 notifier:8081; do
    port="${service#*:}"
    c="$(compose ps -q "${service%%:*}")"
    run docker exec "$c" /usr/local/bin/busybox wget -q -O /tmp/refused.db --post-data "" "http://127.0.0.1:$port/api/snapshot"
    [ "$status" -ne 0 ] # 401 without the token
    docker exec "$c" /usr/local/bin/busybox wget -q -O /tmp/snapshot.db --header "Authorization: Bearer $TOKEN" \
      --post-data "" "http://127.0.0.1:$port/api/snapshot"
    run docker exec "$c" /usr/local/bin/busybox head -c 15 /tmp/snapshot.db
    [ "$output" = "SQLite format 3" ] || { echo "${service%%:*}: $output"; false; }
    # Streamed once and gone: nothing is left in the service's data volume.
    run docker exec "$c" /usr/local/bin/busybox ls -A /data/snapshots
    [ -z "$output" ] || { echo "left in /data/snapshots: $output"; false; }
    docker exec "$c" /usr/local/bin/busybox rm -f /tmp/snapshot.db
  done
}

@test "an order placed through the edge proxy arrives as three messages at the SMTP server" {
  local ref
  ref="$(place_order "Mail Test" "mail.test@example.com" "Two dozen rolls")"
  echo "$ref" >"$BATS_FILE_TMPDIR/first-order"
  run wait_for_mail 60 "$ref" mail.test@example.com
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=20 notifier; false; }
  # The owner's email names the order and the customer; the text is short and plain.
  [ "$(mail_count "$OWNER" "New order $ref: Mail Test")" -eq 1 ]
  [ "$(mail_count mail.test@example.com "We have your order request $ref")" -eq 1 ]
  # The settings file's business details and site address are in the customer's email.
  local mail
  mail="$(curl -fsS "http://$SMTP_API/api/user/mail.test@example.com/messages/INBOX")"
  [[ "$mail" == *"$BAKERY"* ]] || { echo "name missing from the email"; false; }
  [[ "$mail" == *"$PHONE"* ]] || { echo "phone missing from the email"; false; }
  [[ "$mail" == *"9 Flour Lane"* ]] || { echo "address missing from the email"; false; }
  [[ "$mail" == *"$SITE"* ]] || { echo "SITE_URL missing from the email"; false; }
  [[ "$mail" == *"${PRIMARY#\#}"* ]] || { echo "brand colour missing from the email"; false; }
  [[ "$mail" != *"localhost"* && "$mail" != *"214 Main Street"* ]] || { echo "a default is in the email"; false; }
}

@test "the admin shows when an order was placed in the bakery's time zone" {
  local jar="$BATS_TEST_TMPDIR/admin-cookies" page ref before after placed
  ref="$(cat "$BATS_FILE_TMPDIR/first-order")"
  sign_in "$jar"
  before="$(TZ=$ZONE date -d '-2 minutes' +%s)"
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$EDGE/admin/order?ref=$ref")"
  placed="$(grep -o '<dt>Placed</dt><dd>[^<]*' <<<"$page" | sed 's/.*<dd>//')"
  [ -n "$placed" ] || { echo "no placed time on the order page"; false; }
  # "Nov 30, 9:34 AM" in Auckland, 19 hours ahead of the default Chicago: within the last minutes.
  # As "Nov 30 2026 9:34 AM", which date(1) reads.
  after="$(TZ=$ZONE date -d "${placed%%,*} $(TZ=$ZONE date +%Y)${placed#*,}" +%s)" || { echo "unreadable: $placed"; false; }
  [ "$after" -ge "$before" ] || { echo "placed $placed is not Auckland time now ($(TZ=$ZONE date))"; false; }
  [ "$after" -le "$(date +%s)" ] || { echo "placed $placed is in the future"; false; }
}

@test "the notifier runs with the settings file's give-up time and SMTP relay" {
  run compose logs notifier
  [[ "$output" == *"given up after 72h"* ]] || { echo "${output:0:2000}"; false; }
  [[ "$output" == *"smtp.test:3025"* ]]
}

@test "bakeshop test-email, as docs/notifications.md gives it, reaches the owner through the SMTP server" {
  local before i
  before="$(mail_count "$OWNER" "Test email from the notifier")"
  run "$ROOT/infra/scripts/bakeshop" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT" test-email
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *'"id"'* ]]
  grep -q '^infra/scripts/bakeshop test-email$' "$ROOT/docs/notifications.md"
  for ((i = 0; i < 60; i++)); do
    [ "$(mail_count "$OWNER" "Test email from the notifier")" -eq $((before + 1)) ] && return 0
    sleep 1
  done
  echo "no test email at $OWNER"
  false
}

@test "a changed setting is applied by up -d (the container is recreated), not by restart" {
  local before new_phone="(217) 555-7788"
  before="$(compose ps -q storefront)"
  sed -i "s/^BAKERY_PHONE=.*/BAKERY_PHONE=$new_phone/" "$BATS_FILE_TMPDIR/e2e.env"
  # restart: the same container with the environment it was created with.
  compose restart storefront >/dev/null 2>&1
  wait_healthy 120
  run curl -fsS "http://$EDGE/"
  [[ "$output" == *"$PHONE"* && "$output" != *"$new_phone"* ]] || { echo "restart applied the change?"; false; }
  # up -d (what infra/scripts/bakeshop up runs): a new container with the new settings.
  compose up -d storefront >/dev/null 2>&1
  wait_healthy 120
  [ "$(compose ps -q storefront)" != "$before" ]
  run curl -fsS "http://$EDGE/"
  [[ "$output" == *"$new_phone"* ]] || { echo "up -d did not apply the new phone"; false; }
}

# sign_in JAR: katie signs in to the admin through the edge proxy.
sign_in() {
  local page result
  page="$(curl -fsS -c "$1" -b "$1" "http://$EDGE/admin/sign-in")"
  result="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$1" -b "$1" \
    --data-urlencode "csrf-token=$(form_field "$page" csrf-token)" --data-urlencode "name=katie" \
    --data-urlencode "password=e2e sign-in words" "http://$EDGE/admin/sign-in")"
  [[ "$result" == "303 "*"/admin"* ]] || { echo "sign-in: $result"; return 1; }
}

@test "a photo uploaded through the admin shows on the public menu through the edge proxy" {
  local jar="$BATS_TEST_TMPDIR/admin-cookies" page id photo
  sign_in "$jar"
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$EDGE/admin/menu")"
  id="$(grep -o 'product?id=[0-9]*' <<<"$page" | head -1 | cut -d= -f2)"
  [ -n "$id" ]
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$EDGE/admin/product?id=$id")"
  run curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -F "csrf-token=$(form_field "$page" csrf-token)" \
    -F "id=$id" -F "photo=@$ROOT/storefront/src/main/resources/sample/photos/sample-almond-croissant-800.jpg;type=image/jpeg" \
    "http://$EDGE/admin/product/photo"
  [ "$output" = "303" ] || { echo "upload: $output"; compose logs --tail=30 storefront; false; }
  photo="$(curl -fsS "http://$EDGE/menu" | grep -o '/photos/p-[0-9a-f]*-400\.jpg' | head -1)"
  [ -n "$photo" ] || { echo "no uploaded photo on /menu"; false; }
  echo "$photo" >"$BATS_FILE_TMPDIR/uploaded-photo"
  run curl -fsS -D - -o "$BATS_TEST_TMPDIR/photo.jpg" "http://$EDGE$photo"
  [ "$status" -eq 0 ]
  grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$output"
  # A real JPEG, written by the storefront into the volume the edge reads.
  [ "$(head -c 3 "$BATS_TEST_TMPDIR/photo.jpg" | od -An -tx1 | tr -d ' ')" = "ffd8ff" ]
}

@test "a storefront whose process is killed is restarted by Docker and is healthy again, its data kept" {
  local c before
  c="$(compose ps -q storefront)"
  before="$(docker inspect -f '{{.RestartCount}}' "$c")"
  # kill -9 of the JVM itself (docker kill would count as a deliberate stop and not restart).
  kill -9 "$(docker inspect -f '{{.State.Pid}}' "$c")"
  local i
  for ((i = 0; i < 60; i++)); do
    [[ "$(docker inspect -f '{{.RestartCount}}/{{.State.Health.Status}}' "$c")" == "$((before + 1))/healthy" ]] && break
    sleep 2
  done
  [ "$(docker inspect -f '{{.RestartCount}}' "$c")" -eq "$((before + 1))" ]
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" = "healthy" ]
  run curl -fsS "http://$EDGE/order/thanks/$(cat "$BATS_FILE_TMPDIR/first-order")"
  [[ "$output" == *"Two dozen rolls"* ]]
}

# wait_mail ADDRESS TEXT BEFORE SECONDS: until ADDRESS has more than BEFORE messages with TEXT;
# prints how many seconds that took.
wait_mail() {
  local start=$SECONDS
  while ((SECONDS - start < $4)); do
    (($(mail_count "$1" "$2") > $3)) && { echo "$((SECONDS - start))"; return 0; }
    sleep 1
  done
  echo "no message with '$2' for $1 after $4 s (there were $3 before)"
  return 1
}

# monitor_status: the monitor-agent's internal status API, from inside the network.
monitor_status() {
  compose exec -T backup-agent /usr/local/bin/busybox wget -q -O - --header "Authorization: Bearer $TOKEN" \
    http://monitor-agent:8083/api/status
}

# The monitoring tests use the production defaults (a round a minute, every 10 s while something
# fails, down after 2 failures, back after 2 passes), except a shorter start-up grace (30 s).
@test "a stopped storefront: Gerell is told within 30 s, Katie in plain words; started again, one recovery notice each" {
  local dev_down owner_down dev_back owner_back
  dev_down="$(mail_count "$DEVELOPER" "DOWN the storefront container")"
  owner_down="$(mail_count "$OWNER" "Your website is down")"
  dev_back="$(mail_count "$DEVELOPER" "BACK the storefront container")"
  owner_back="$(mail_count "$OWNER" "Your website is back")"
  run "$ROOT/infra/scripts/health-check.sh" --project "$PROJECT" --url "http://$EDGE/"
  [ "$status" -eq 0 ] && [[ "$output" == "OK: 8 containers running and healthy; the site answers in "*" ms" ]] || { echo "$output"; false; }
  # Each container's memory against its limit, from Docker's stats.
  [[ "$(monitor_status)" == *'"key":"memory:notifier","name":"notifier memory","status":"UP","since":"'*'","summary":"'*' MB of its 192 MB ('* ]] \
    || { monitor_status; false; }
  compose stop storefront >/dev/null 2>&1
  run "$ROOT/infra/scripts/health-check.sh" --project "$PROJECT" --url "http://$EDGE/"
  [ "$status" -eq 1 ] && [[ "$output" == "PROBLEM: storefront exited; the site at http://$EDGE/ "* ]] \
    || { echo "$output"; compose start storefront; false; }
  run wait_mail "$DEVELOPER" "DOWN the storefront container" "$dev_down" 30
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; compose start storefront; false; }
  echo "# docker stop to the developer's alert at the SMTP server: $output s" >&3
  run wait_mail "$OWNER" "Your website is down" "$owner_down" 30
  [ "$status" -eq 0 ] || { echo "$output"; compose start storefront; false; }
  [[ "$(monitor_status)" == *'"key":"site","name":"the website","status":"DOWN"'* ]] || { monitor_status; compose start storefront; false; }
  # The public status page, through the edge proxy: the state in plain words, nothing internal.
  run curl -fsS "http://$EDGE/status"
  [[ "$output" == *"The website is down since"* && "$output" != *storefront* && "$output" != *container* ]] \
    || { echo "$output"; compose start storefront; false; }
  compose start storefront >/dev/null 2>&1
  run wait_mail "$DEVELOPER" "BACK the storefront container" "$dev_back" 150
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
  run wait_mail "$OWNER" "Your website is back" "$owner_back" 60
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  sleep 25 # more rounds: nothing more is sent
  [ "$(mail_count "$DEVELOPER" "BACK the storefront container")" -eq $((dev_back + 1)) ]
  [ "$(mail_count "$OWNER" "Your website is back")" -eq $((owner_back + 1)) ]
  [ "$(mail_count "$OWNER" "Your website is down")" -eq $((owner_down + 1)) ]
  [ "$(mail_count "$DEVELOPER" "DOWN the storefront container")" -eq $((dev_down + 1)) ]
}

@test "with the notifier stopped the alert still arrives, sent straight by the monitor over SMTP" {
  local down straight back
  down="$(mail_count "$DEVELOPER" "DOWN the notifier container")"
  straight="$(mail_count "$DEVELOPER" "Sent straight by the monitor")"
  back="$(mail_count "$DEVELOPER" "BACK the notifier container")"
  compose stop notifier >/dev/null 2>&1
  run wait_mail "$DEVELOPER" "DOWN the notifier container" "$down" 60
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; compose start notifier; false; }
  [ "$(mail_count "$DEVELOPER" "Sent straight by the monitor")" -gt "$straight" ]
  compose start notifier >/dev/null 2>&1
  run wait_mail "$DEVELOPER" "BACK the notifier container" "$back" 150
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
}

@test "a container that runs but fails its healthcheck is reported as unhealthy, and as back once it passes again" {
  local down back pid
  down="$(mail_count "$DEVELOPER" "DOWN the notifier container")"
  back="$(mail_count "$DEVELOPER" "BACK the notifier container")"
  # The notifier's JVM frozen (SIGSTOP): the container runs, its healthcheck times out.
  pid="$(docker inspect -f '{{.State.Pid}}' "$(compose ps -q notifier)")"
  kill -STOP "$pid"
  run wait_mail "$DEVELOPER" "DOWN the notifier container" "$down" 90
  [ "$status" -eq 0 ] || { echo "$output"; kill -CONT "$pid"; compose logs --tail=40 monitor-agent; false; }
  [[ "$(monitor_status)" == *'"key":"container:notifier","name":"the notifier container","status":"DOWN","since":"'*'","summary":"running but unhealthy'* ]] \
    || { monitor_status; kill -CONT "$pid"; false; }
  kill -CONT "$pid"
  run wait_mail "$DEVELOPER" "BACK the notifier container" "$back" 150
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
}

@test "the monitor restarted mid-incident carries on: no second down notice, then one recovery notice" {
  local down back
  down="$(mail_count "$DEVELOPER" "DOWN the deploy-hook container")"
  back="$(mail_count "$DEVELOPER" "BACK the deploy-hook container")"
  compose stop deploy-hook >/dev/null 2>&1
  run wait_mail "$DEVELOPER" "DOWN the deploy-hook container" "$down" 60
  [ "$status" -eq 0 ] || { echo "$output"; compose start deploy-hook; false; }
  compose restart monitor-agent >/dev/null 2>&1
  sleep 60 # past its start-up grace, several rounds
  [[ "$(monitor_status)" == *'"key":"container:deploy-hook","name":"the deploy-hook container","status":"DOWN"'* ]] \
    || { monitor_status; compose start deploy-hook; false; }
  [ "$(mail_count "$DEVELOPER" "DOWN the deploy-hook container")" -eq $((down + 1)) ]
  compose start deploy-hook >/dev/null 2>&1
  run wait_mail "$DEVELOPER" "BACK the deploy-hook container" "$back" 150
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
}

@test "bakeshop status lists the checks; bakeshop maintenance opens a window that silences alerts, and ends it" {
  run bakeshop status
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == "Overall: "* && "$output" == *"the website"*"UP"* && "$output" == *"the storefront container"* ]] || { echo "$output"; false; }
  run bakeshop maintenance 30 replacing the SD card
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"Maintenance window "*" open for 30 minutes"* ]] || { echo "$output"; false; }
  local id down
  id="$(sed -n 's/.*Maintenance window \([0-9]*\) open.*/\1/p' <<<"$output")"
  # Inside the window a stopped container is seen, but nobody is told.
  down="$(mail_count "$DEVELOPER" "DOWN the deploy-hook container")"
  compose stop deploy-hook >/dev/null 2>&1
  sleep 35
  run bakeshop status
  [[ "$output" == "Overall: MAINTENANCE"* && "$output" == *"replacing the SD card"* ]] || { echo "$output"; compose start deploy-hook; false; }
  [ "$(mail_count "$DEVELOPER" "DOWN the deploy-hook container")" -eq "$down" ] || { echo "told inside the window"; compose start deploy-hook; false; }
  compose start deploy-hook >/dev/null 2>&1
  run bakeshop maintenance end "$id"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  run bakeshop maintenance end "$id"
  [ "$status" -ne 0 ] && [[ "$output" == *"There is no open maintenance window $id"* ]] || { echo "$output"; false; }
  run bakeshop maintenance 0 nothing
  [ "$status" -ne 0 ] && [[ "$output" == *"Give the minutes (1 to 1440)"* ]]
}

@test "a container dying again and again under its restart policy is reported as a crash loop" {
  local before c pid i j now
  before="$(mail_count "$DEVELOPER" "DOWN deploy-hook crash loop")"
  c="$(compose ps -q deploy-hook)"
  for i in 1 2 3; do
    pid="$(docker inspect -f '{{.State.Pid}}' "$c")"
    kill -9 "$pid"
    for ((j = 0; j < 60; j++)); do
      now="$(docker inspect -f '{{.State.Running}} {{.State.Pid}}' "$c")"
      [[ "$now" == "true "* && "$now" != "true $pid" && "$now" != "true 0" ]] && break
      sleep 1
    done
  done
  run wait_mail "$DEVELOPER" "DOWN deploy-hook crash loop" "$before" 60
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
  wait_healthy 120
}

@test "a container killed by its memory limit is reported as out of memory" {
  local before c
  before="$(mail_count "$DEVELOPER" "DOWN docker-ro out of memory")"
  c="$(compose ps -q docker-ro)"
  # 200 MB held by a shell inside docker-ro's 32 MB limit: the kernel's OOM killer steps in.
  docker exec "$c" /usr/local/bin/busybox sh -c \
    'x="$(/usr/local/bin/busybox head -c 200000000 /dev/zero | /usr/local/bin/busybox tr "\0" a)"; echo "${#x}"' || true
  run wait_mail "$DEVELOPER" "DOWN docker-ro out of memory" "$before" 60
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 monitor-agent; false; }
  wait_healthy 120
}

@test "down and up keeps orders, sign-ups, photos and notifications still waiting to be sent" {
  local jar="$BATS_TEST_TMPDIR/cookies" page ref
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$EDGE/")"
  run curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf-token=$(form_field "$page" csrf-token)" \
    --data-urlencode "email=volume.news@example.com" "http://$EDGE/signup"
  [ "$output" = 200 ]
  # The mail server is away: the order's three messages wait in the notifier's outbox.
  compose stop smtp >/dev/null 2>&1
  ref="$(place_order "Volume Test" "volume@example.com" "A test cake")"
  sleep 3
  compose down >/dev/null 2>&1
  compose up -d >/dev/null 2>&1
  wait_healthy 180
  run curl -fsS "http://$EDGE/order/thanks/$ref"
  [ "$status" -eq 0 ]
  [[ "$output" == *"$ref"* && "$output" == *"A test cake"* ]]
  run curl -fsS -o /dev/null -w '%{http_code}' "http://$EDGE$(cat "$BATS_FILE_TMPDIR/uploaded-photo")"
  [ "$output" = "200" ]
  # The sign-up is still there: the admin lists it, waiting for its confirmation.
  sign_in "$BATS_TEST_TMPDIR/admin-cookies"
  run curl -fsS -b "$BATS_TEST_TMPDIR/admin-cookies" "http://$EDGE/admin/subscribers"
  [[ "$output" == *"volume.news@example.com"*"waiting for them to confirm"* ]] || { echo "$output"; false; }
  # The waiting messages go out once the mail server is back (the retry wait is at most minutes).
  run wait_for_mail 150 "$ref" volume@example.com
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=20 notifier; false; }
}

@test "after the Docker engine restarts (a reboot), the stack comes back by itself" {
  if [[ -z "${BAKESHOP_STARTED_DOCKERD_LOG:-}" ]]; then
    skip "the Docker engine was not started by this test run (infra/scripts/run-tests.sh starts it when none runs); restarting it would disturb other containers"
  fi
  local pid i
  pid="$(pidof dockerd)"
  kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null || docker info >/dev/null 2>&1; then echo "dockerd did not stop"; false; fi
  # Started as run-tests.sh does; its output away from bats' descriptors so the run can end.
  (setsid dockerd </dev/null >>"$BAKESHOP_STARTED_DOCKERD_LOG" 2>&1 3>&- &)
  for ((i = 0; i < 60; i++)); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1
  # Nobody runs `up`: restart: unless-stopped brings every service back.
  wait_healthy 180 || { compose ps; false; }
  run curl -fsS "http://$EDGE/order/thanks/$(cat "$BATS_FILE_TMPDIR/first-order")"
  [[ "$output" == *"Two dozen rolls"* ]]
}

# bakeshop as on the Pi, with this stack's settings, project and test overlay (the SMTP server).
bakeshop() {
  "$ROOT/infra/scripts/bakeshop" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" "$@"
}

@test "backup.sh takes a backup inside the stack: both databases, the photos and the running images, verified on the remote" {
  run "$ROOT/infra/scripts/backup.sh" --help
  [[ "$output" == *"Usage: infra/scripts/backup.sh"* ]]
  # A pending notification: the mail server is away while an order comes in.
  compose stop smtp >/dev/null 2>&1
  local ref photo
  ref="$(place_order "Backup Test" "backup.test@example.com" "A cake to restore")"
  echo "$ref" >"$BATS_FILE_TMPDIR/pending-order"
  sleep 3
  run bakeshop backup before-test
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 backup-agent; false; }
  [[ "$output" == *"verified on the remote"* ]]
  local remote="$BATS_FILE_TMPDIR/backup-remote" id manifest
  id="$(find "$remote/backups" -mindepth 1 -maxdepth 1 -name '*-before-test' -printf '%f\n' | sort | tail -1)"
  [ -f "$remote/backups/$id/VERIFIED" ]
  manifest="$(cat "$remote/backups/$id/manifest.json")"
  [[ "$manifest" == *'"files/db/storefront/storefront.db"'* && "$manifest" == *'"files/db/notifier/notifier.db"'* ]]
  # The settings file in force (bakeshop hands the agent a copy: the Pi's file is not its to read).
  [[ "$manifest" == *'"files/config/.env.production"'* ]]
  # The running release: every service's image as the read-only Docker API names it.
  [[ "$manifest" == *'"service" : "storefront"'*'"reference" : "bakeshop-storefront:e2e"'* ]] || { echo "$manifest" | head -60; false; }
  # The uploaded photo is on the remote, under its own content-hash name.
  photo="$(basename "$(cat "$BATS_FILE_TMPDIR/uploaded-photo")")"
  [ -f "$remote/photos/$photo" ]
  echo "$id" >"$BATS_FILE_TMPDIR/backup-id"
}

@test "wipe every volume, restore.sh latest: the owner's data, photos and the waiting notification come back, delivered once" {
  local photo_path before_sha after_sha
  photo_path="$(cat "$BATS_FILE_TMPDIR/uploaded-photo")"
  before_sha="$(curl -fsS "http://$EDGE$photo_path" | sha256sum | cut -d' ' -f1)"
  compose down -v >/dev/null 2>&1
  [ -z "$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")" ]
  # A later build under the storefront's name (here the notifier's image): the restore must start
  # the image the backup recorded, or the storefront would not come up.
  local recorded
  recorded="$(docker image inspect -f '{{.Id}}' bakeshop-storefront:e2e)"
  docker tag bakeshop-notifier:e2e bakeshop-storefront:e2e
  run bakeshop restore --yes latest
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=40 backup-agent; docker tag "$recorded" bakeshop-storefront:e2e; false; }
  [[ "$output" == *"storefront: bakeshop-storefront:e2e set back to the image it ran then (${recorded:7:12}"* ]] || { echo "$output"; false; }
  [ "$(docker image inspect -f '{{.Id}}' bakeshop-storefront:e2e)" = "$recorded" ]
  echo "# $(grep -o 'Restored .* in [0-9]* s' <<<"$output")" >&3
  [[ "$output" == *"Restored $(cat "$BATS_FILE_TMPDIR/backup-id")"* ]] || { echo "$output"; false; }
  [[ "$output" == *"is the same as in the backup"* ]] || { echo "$output"; false; }
  wait_healthy 180
  run curl -fsS "http://$EDGE/order/thanks/$(cat "$BATS_FILE_TMPDIR/first-order")"
  [[ "$output" == *"Two dozen rolls"* ]]
  run curl -fsS "http://$EDGE/order/thanks/$(cat "$BATS_FILE_TMPDIR/pending-order")"
  [[ "$output" == *"A cake to restore"* ]]
  after_sha="$(curl -fsS "http://$EDGE$photo_path" | sha256sum | cut -d' ' -f1)"
  [ "$before_sha" = "$after_sha" ]
  # The order that waited in the outbox at backup time goes out once the mail server is back.
  run wait_for_mail 150 "$(cat "$BATS_FILE_TMPDIR/pending-order")" backup.test@example.com
  [ "$status" -eq 0 ] || { echo "$output"; compose logs --tail=20 notifier; false; }
}

@test "a damaged backup is refused by restore.sh before anything stops, and the site keeps running" {
  local remote="$BATS_FILE_TMPDIR/backup-remote" id damaged storefront
  id="$(cat "$BATS_FILE_TMPDIR/backup-id")"
  damaged="bakeshop-20200101T000000Z-damaged"
  cp -r "$remote/backups/$id" "$remote/backups/$damaged"
  printf 'x' | dd of="$remote/backups/$damaged/archive.tar.gz" bs=1 seek=100 conv=notrunc 2>/dev/null
  storefront="$(compose ps -q storefront)"
  run bakeshop restore --yes "$damaged"
  [ "$status" -ne 0 ]
  [[ "$output" == *"archive.tar.gz does not match its SHA-256"* && "$output" == *"nothing was changed"* ]] || { echo "$output"; false; }
  [ "$(compose ps -q storefront)" = "$storefront" ]
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$storefront")" = healthy ]
  rm -rf "${remote:?}/backups/$damaged"
  run bakeshop restore
  [ "$status" -eq 0 ]
  [[ "$output" == *"$id"*"verified"* ]] || { echo "$output"; false; }
}

# The operator's commands (infra/scripts/bakeshop logs, restart, status, cleanup) on the stack.

@test "bakeshop logs: merged in time order, one service, --since, --grep, a stopped container's too; bad input is named" {
  run bakeshop logs --grep "started in"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"storefront "*"| "*"started in"* && "$output" == *"notifier "*"| "*"started in"* ]] || { echo "$output"; false; }
  # Every line holds the text, and the lines of all services come in time order.
  [ "$(grep -vic 'started in' <<<"$output")" -eq 0 ] || { echo "$output"; false; }
  [ "$(awk '{ print $3 }' <<<"$output")" = "$(awk '{ print $3 }' <<<"$output" | sort)" ] || { echo "$output"; false; }
  run bakeshop logs --tail 3 edge
  [ "$status" -eq 0 ] && [ "${#lines[@]}" -eq 3 ] && [ "$(grep -c '^edge | 20' <<<"$output")" -eq 3 ] || { echo "$output"; false; }
  run bakeshop logs --since 2099-01-01 storefront
  [ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$output"; false; }
  run bakeshop logs --since 30m --grep "started in" storefront
  [[ "$output" == "storefront | 20"*"started in"* ]] || { echo "$output"; false; }
  # A stopped (or crashed) service's last words are there too.
  compose stop notifier >/dev/null 2>&1
  run bakeshop logs --tail 5 notifier
  compose start notifier >/dev/null 2>&1
  [[ "$output" == *"notifier | "*"stopped in"* ]] || { echo "$output"; false; }
  run bakeshop logs nosuch
  [ "$status" -eq 1 ] && [[ "$output" == *"There is no service 'nosuch'; the services are: "*storefront* ]] || { echo "$output"; false; }
  run bakeshop logs --since yesterdayish storefront
  [ "$status" -eq 1 ] && [[ "$output" == *"--since yesterdayish: "* ]] || { echo "$output"; false; }
  # Following stops with its followers (no `docker logs -f` left behind).
  run timeout 4 "$ROOT/infra/scripts/view-logs.sh" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT" -f --tail 1 storefront
  [[ "$output" == "storefront | 20"* ]] || { echo "$output"; false; }
  sleep 1
  [ -z "$(pgrep -af 'docker logs -f -t --tail 1')" ] || { pgrep -af 'docker logs'; false; }
  wait_healthy 120
}

@test "bakeshop restart SERVICE restarts that container alone and returns once it is healthy again" {
  local before other
  before="$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q notifier)")"
  other="$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q storefront)")"
  run bakeshop restart notifier
  [ "$status" -eq 0 ] && [[ "$output" == *"Restarted and healthy in "*" s: notifier"* ]] || { echo "$output"; false; }
  [ "$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q notifier)")" != "$before" ]
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q notifier)")" = healthy ]
  [ "$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q storefront)")" = "$other" ]
  run "$ROOT/infra/scripts/restart-services.sh" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT" nosuch
  [ "$status" -eq 1 ] && [[ "$output" == *"There is no service 'nosuch'"* ]] || { echo "$output"; false; }
}

@test "bakeshop status: the monitor's verdict, then each container's health, restarts and memory, and the disk; 1 when one is down" {
  run bakeshop status
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == "Overall: "* ]] || { echo "$output"; false; }
  grep -Eq '^storefront +running +healthy +[0-9]+[dhm] [0-9]+[hms] +[0-9]+ +[0-9.]+% +[0-9.]+MiB / [0-9.]+MiB +bakeshop-storefront:[^ ]+$' <<<"$output" \
    || { echo "$output"; false; }
  [ "$(grep -Ec '^(storefront|notifier|backup-agent|monitor-agent|deploy-hook|edge|docker-ro) +running +healthy ' <<<"$output")" -eq 7 ] || { echo "$output"; false; }
  [[ "$output" == *"Disk: "*" free of "*"where Docker keeps images"* ]] || { echo "$output"; false; }
  compose stop deploy-hook >/dev/null 2>&1
  run bakeshop status
  compose start deploy-hook >/dev/null 2>&1
  [ "$status" -eq 1 ] || { echo "$output"; false; }
  grep -Eq '^deploy-hook +exited ' <<<"$output" && [[ "$output" == *"1 of "*" containers are not running and healthy"* ]] || { echo "$output"; false; }
  wait_healthy 120
}

@test "bakeshop cleanup: older images of a service beyond the newest 3 and untagged ones go, every image in use stays, the space freed is said" {
  local in_use n
  in_use="$(docker inspect -f '{{.Image}}' "$(compose ps -q storefront)")"
  # Four newer builds of the storefront's repository (as deploys leave them), one a second, and
  # an untagged one (a tag moved to a newer build).
  for n in 1 2 3 4; do
    printf 'FROM bakeshop-storefront:e2e\nLABEL cleanup-test=%s\n' "$n" | docker build -q -t "bakeshop-storefront:cleanup-$n" - >/dev/null
    sleep 1
  done
  printf 'FROM bakeshop-storefront:e2e\nLABEL cleanup-test=dangling\n' | docker build -q -t bakeshop-cleanup-test:moved - >/dev/null
  local dangling
  dangling="$(docker image inspect -f '{{.Id}}' bakeshop-cleanup-test:moved)"
  printf 'FROM bakeshop-storefront:e2e\nLABEL cleanup-test=moved\n' | docker build -q -t bakeshop-cleanup-test:moved - >/dev/null
  run bakeshop cleanup --dry-run
  [ "$status" -eq 0 ] && [[ "$output" == *"would remove image "*"bakeshop-storefront:cleanup-1"* && "$output" == *"nothing was removed"* ]] || { echo "$output"; false; }
  docker image inspect bakeshop-storefront:cleanup-1 "$dangling" >/dev/null
  run "$ROOT/infra/scripts/cleanup.sh" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT"
  docker rmi bakeshop-cleanup-test:moved >/dev/null 2>&1 || true
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"removed image "*"bakeshop-storefront:cleanup-1"* && "$output" == *"Freed "*" MB; "*" MB free where Docker keeps its data"* ]] || { echo "$output"; false; }
  run docker image inspect bakeshop-storefront:cleanup-1
  [ "$status" -ne 0 ]
  run docker image inspect "$dangling"
  [ "$status" -ne 0 ]
  docker image inspect bakeshop-storefront:cleanup-2 bakeshop-storefront:cleanup-3 bakeshop-storefront:cleanup-4 "$in_use" >/dev/null
  # Every image a container of the stack runs is still here, and the stack is untouched.
  for c in $(compose ps -q); do docker image inspect "$(docker inspect -f '{{.Image}}' "$c")" >/dev/null; done
  wait_healthy 60
  docker rmi bakeshop-storefront:cleanup-2 bakeshop-storefront:cleanup-3 bakeshop-storefront:cleanup-4 >/dev/null
  run bakeshop cleanup --keep 0
  [ "$status" -eq 1 ] && [[ "$output" == *"--keep 0: keep at least 1"* ]]
}

@test "the newcomer drill: docs/drill.md's own commands bring the stack back from nothing with the order in it" {
  run "$ROOT/infra/test/drill.sh" --env-file "$BATS_FILE_TMPDIR/e2e.env" --project "$PROJECT" \
    --compose-file "$ROOT/infra/test/compose.e2e.yaml" --edge "$EDGE"
  [ "$status" -eq 0 ] || { echo "$output" | tail -60; false; }
  grep -E '^\| (restore|order|backup) |^All steps passed' <<<"$output" | sed 's/^/# /' >&3
  [[ "$output" == *"All steps passed in "*" is back after the restore."* ]]
  wait_healthy 120
}
