#!/usr/bin/env bats
# The compose stack on the real Docker engine, with the stand-in base images (no registry is
# reachable here): built from the Maven output, brought up under its own project name, checked
# from outside and from a container on the tunnel's network, and removed with its volumes.
# Needs `mvn package` first and a running Docker engine (infra/scripts/run-tests.sh does both).

PROJECT=bakeshop-e2e
EDGE=127.0.0.1:18000

compose() {
  docker-compose -p "$PROJECT" -f "$ROOT/infra/compose.yaml" "$@"
}

setup_file() {
  export ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export RUNTIME_IMAGE=bakeshop-standin:bookworm CADDY_IMAGE=bakeshop-standin:bookworm TOOLS_IMAGE=bakeshop-standin:bookworm
  export INTERNAL_API_TOKEN=e2e-token-0123456789abcdef0123456789abcdef
  export STOREFRONT_SAMPLE_MENU=true STOREFRONT_SECURE_COOKIES=false NOTIFIER_DELIVERY=local EDGE_PORT="$EDGE"
  export BAKESHOP_TAG=e2e
  "$ROOT/infra/docker/build-standins.sh" >&3 2>&1
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  compose build >"$BATS_FILE_TMPDIR/build.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/build.log" >&3; return 1; }
  compose up -d >"$BATS_FILE_TMPDIR/up.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/up.log" >&3; compose logs >&3; return 1; }
  local i
  for ((i = 0; i < 90; i++)); do
    [[ "$(unhealthy_or_starting)" == "0" ]] && return 0
    sleep 2
  done
  compose ps >&3
  compose logs --tail=30 >&3
  return 1
}

teardown_file() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}

containers() {
  compose ps -q
}

unhealthy_or_starting() {
  local n=0 c
  for c in $(containers); do
    [[ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" == "healthy" ]] || n=$((n + 1))
  done
  echo "$n"
}

@test "all six services are up and healthy" {
  [ "$(containers | wc -l)" -eq 6 ]
  [ "$(unhealthy_or_starting)" -eq 0 ]
}

@test "pages are served through the edge proxy, without a server name" {
  run curl -fsS -D - "http://$EDGE/menu"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Our menu"* && "$output" == *"All the Much Bake Shop"* ]]
  ! grep -qi '^server:' <<<"$output"
}

@test "health, metrics and internal APIs are not reachable through the edge proxy" {
  for path in /q/health /q/health/ready /q/metrics /api/notifications; do
    run curl -s -o /dev/null -w '%{http_code}' "http://$EDGE$path"
    [ "$output" = "404" ]
  done
}

@test "a photo is served from the photos volume with a long cache lifetime" {
  run curl -fsS -D - -o /dev/null "http://$EDGE/photos/sample-baguette-400.jpg"
  [ "$status" -eq 0 ]
  grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$output"
  grep -qi '^content-type: image/jpeg' <<<"$output"
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
    [ -n "$(docker inspect -f '{{.Config.Healthcheck}}' "$c" | grep -v '<nil>')" ] || { echo "$name healthcheck"; false; }
    [ "$(docker inspect -f '{{.HostConfig.Memory}}' "$c")" -gt 0 ] || { echo "$name memory"; false; }
  done
}

# An HTTP request from a throw-away container on the tunnel's network, with bash's /dev/tcp
# (the stand-in's static busybox cannot resolve names). Prints the status line.
from_tunnel() {
  docker run --rm --network "${PROJECT}_tunnel" bakeshop-standin:bookworm timeout 5 \
    bash -c "exec 3<>/dev/tcp/$1/$2 && printf 'GET $3 HTTP/1.0\r\n\r\n' >&3 && head -1 <&3"
}

@test "from the tunnel's network only the edge proxy answers" {
  run from_tunnel edge 8000 /healthz
  [ "$status" -eq 0 ]
  [[ "$output" == *" 200 "* ]]
  local service ip
  for service in storefront:8080 notifier:8081 backup-agent:8082; do
    run from_tunnel "${service%%:*}" "${service#*:}" /q/health
    [ "$status" -ne 0 ] || { echo "${service%%:*} answered by name from the tunnel network"; false; }
    # Not even by address: the services' networks are not routable from there.
    ip="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$(compose ps -q "${service%%:*}")" | cut -d' ' -f1)"
    run from_tunnel "$ip" "${service#*:}" /q/health
    [ "$status" -ne 0 ] || { echo "$service ($ip) answered from the tunnel network"; false; }
  done
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
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" = "healthy" ]
  run curl -fsS "http://$EDGE/menu"
  [[ "$output" == *"Country Sourdough"* ]]
}

@test "down and up again keeps orders and photos (named volumes)" {
  local jar="$BATS_TEST_TMPDIR/cookies" page token submission ref
  page="$(curl -fsS -c "$jar" -b "$jar" "http://$EDGE/order")"
  token="$(grep -o 'name="csrf-token" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')"
  submission="$(grep -o 'name="submission" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')"
  run curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf-token=$token" --data-urlencode "submission=$submission" \
    --data-urlencode "name=Volume Test" --data-urlencode "email=volume@example.com" --data-urlencode "phone=555 010 3333" \
    --data-urlencode "fulfilment=pickup" --data-urlencode "date=$(date -d '+6 days' +%F)" --data-urlencode "request=A test cake" \
    "http://$EDGE/order"
  [[ "$output" == 303* ]]
  ref="${output##*/}"
  compose down >/dev/null 2>&1
  compose up -d >/dev/null 2>&1
  local i
  for ((i = 0; i < 90; i++)); do
    [[ "$(unhealthy_or_starting)" == "0" && "$(containers | wc -l)" -eq 6 ]] && break
    sleep 2
  done
  run curl -fsS "http://$EDGE/order/thanks/$ref"
  [ "$status" -eq 0 ]
  [[ "$output" == *"$ref"* && "$output" == *"A test cake"* ]]
  run curl -fsS -o /dev/null -w '%{http_code}' "http://$EDGE/photos/sample-baguette-400.jpg"
  [ "$output" = "200" ]
}
