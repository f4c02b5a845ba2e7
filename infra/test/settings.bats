#!/usr/bin/env bats
# The Pi's settings: .env.example, infra/compose.yaml and what the services read agree, and
# infra/scripts/bakeshop refuses a settings file that would run the bakery wrongly (mail kept on
# the Pi, orders sent to a placeholder address, a tunnel without a token) before any container
# starts. Needs docker-compose, a running Docker engine (infra/scripts/run-tests.sh starts one)
# and Debian's python3 with python3-yaml.

PROJECT=bakeshop-settings-test

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  ENV_FILE="$BATS_TEST_TMPDIR/env.production"
  good_settings | sed "s/SOCKET_GID/$(stat -c %g /var/run/docker.sock)/" >"$ENV_FILE"
  chmod 600 "$ENV_FILE"
}

teardown() {
  docker-compose -p "$PROJECT" -f "$ROOT/infra/compose.yaml" --env-file "$ENV_FILE" down -v --remove-orphans >/dev/null 2>&1 || true
}

# A complete production settings file (with the tests' own .test domains).
good_settings() {
  cat <<'ENV'
BAKERY_NAME=Settings Test Bakery
BAKERY_STREET=9 Flour Lane
BAKERY_PHONE=(217) 555-2368
INTERNAL_API_TOKEN=0123456789abcdef0123456789abcdef0123456789abcdef
DEPLOY_HOOK_SECRET=fedcba9876543210fedcba9876543210fedcba98
DOCKER_GID=SOCKET_GID
SITE_URL=https://allthemuchbakeshop.test
NOTIFIER_DELIVERY=smtp
MAIL_FROM=orders@allthemuchbakeshop.test
OWNER_EMAIL=katie@allthemuchbakeshop.test
OWNER_TEXT_CHANNEL=email-gateway
OWNER_SMS_GATEWAY=2175552368@vtext.com
SENDGRID_API_KEY=SG.settings-test-not-a-real-key
STOREFRONT_ADMIN_USERS='katie:$2y$12$wCKuC6aqJlx0DxRzXu9sr.OnCKi7whI890l6Npp/m85z.yVxoLDui'
TUNNEL_TOKEN=settings-test-not-a-real-token
COMPOSE_PROFILES=tunnel
BACKUP_REMOTE=bakeshop-crypt:
DEVELOPER_EMAIL=gerell@allthemuchbakeshop.test
ENV
}

# set_setting NAME VALUE (an empty VALUE removes the line)
set_setting() {
  sed -i "/^$1=/d" "$ENV_FILE"
  [[ -z "$2" ]] || printf '%s=%s\n' "$1" "$2" >>"$ENV_FILE"
}

bakeshop() {
  "$ROOT/infra/scripts/bakeshop" --env-file "$ENV_FILE" --project "$PROJECT" "$@"
}

# no_containers: `up` was refused before compose created anything (so nothing restarts in a loop).
no_containers() {
  local left
  left="$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")"
  [[ -z "$left" ]] || { echo "containers were created: $left"; return 1; }
}

# error_lines OUTPUT: the ERROR lines of a run, without timestamps.
error_lines() {
  grep ' ERROR ' <<<"$1" | sed 's/^.* ERROR *//'
}

@test "every variable a service reads is documented in .env.example and passed by compose.yaml, and nothing else" {
  run /usr/bin/python3 "$ROOT/infra/test/settings_coverage.py" "$ROOT"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == "settings agree: "* ]]
}

@test "the settings check notices a variable compose.yaml forgets, an unread one, and a default that differs" {
  local copy="$BATS_TEST_TMPDIR/copy" m
  mkdir -p "$copy/infra"
  for m in storefront notifier backup-agent monitor-agent deploy-hook; do
    mkdir -p "$copy/$m/src/main/resources"
    cp "$ROOT/$m/src/main/resources/application.properties" "$copy/$m/src/main/resources/"
  done
  cp "$ROOT/.env.example" "$copy/"
  sed -e '/^  BAKERY_HOURS:/d' -e 's/STOREFRONT_ORDER_LEAD_TIME:-48H/STOREFRONT_ORDER_LEAD_TIME:-24H/' \
    -e 's|^      NOTIFIER_DATA_DIR: /data|&\n      BAKERY_TIME_ZONE: UTC|' "$ROOT/infra/compose.yaml" >"$copy/infra/compose.yaml"
  run /usr/bin/python3 "$ROOT/infra/test/settings_coverage.py" "$copy"
  [ "$status" -eq 1 ]
  [[ "$output" == *"storefront reads BAKERY_HOURS but compose.yaml does not pass it"* ]]
  [[ "$output" == *"STOREFRONT_ORDER_LEAD_TIME's default in compose.yaml is '24H' but the service's is '48H'"* ]]
  [[ "$output" == *"compose.yaml passes BAKERY_TIME_ZONE to notifier, which never reads it"* ]]
}

@test "a complete production settings file passes the check" {
  run bakeshop check
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"settings look right"* ]]
}

@test "a verbatim copy of .env.example is refused, naming every value still to fill in" {
  cp "$ROOT/.env.example" "$ENV_FILE"
  chmod 600 "$ENV_FILE"
  run bakeshop up
  [ "$status" -eq 1 ]
  local v
  for v in INTERNAL_API_TOKEN DOCKER_GID MAIL_FROM OWNER_EMAIL SITE_URL SENDGRID_API_KEY OWNER_SMS_GATEWAY \
    BAKERY_STREET BAKERY_PHONE TUNNEL_TOKEN; do
    grep -q "ERROR *$v: " <<<"$output" || { echo "$v not named in: $output"; false; }
  done
  [[ "$output" == *"nothing was started or changed"* ]]
  no_containers
}

@test "production with NOTIFIER_DELIVERY unset is refused in one line naming it, by bakeshop and by compose itself" {
  set_setting NOTIFIER_DELIVERY ""
  run bakeshop up
  [ "$status" -eq 1 ]
  [ "$(error_lines "$output" | grep -c NOTIFIER_DELIVERY)" -eq 1 ]
  [[ "$(error_lines "$output" | head -1)" == "NOTIFIER_DELIVERY: is missing; set smtp" ]]
  no_containers
  # The raw compose command refuses it too, before creating anything.
  run docker-compose -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/infra/compose.yaml" up -d
  [ "$status" -ne 0 ]
  [[ "$output" == *"set NOTIFIER_DELIVERY=smtp"* ]]
  no_containers
}

@test "NOTIFIER_DELIVERY=local in production is refused: Katie would hear nothing" {
  set_setting NOTIFIER_DELIVERY local
  run bakeshop up
  [ "$status" -eq 1 ]
  [[ "$(error_lines "$output" | head -1)" == "NOTIFIER_DELIVERY: is local: every email would stay on this machine"* ]]
  no_containers
}

@test "OWNER_EMAIL=katie@example.com is refused as a placeholder, in one line naming it" {
  set_setting OWNER_EMAIL katie@example.com
  run bakeshop up
  [ "$status" -eq 1 ]
  [ "$(error_lines "$output" | wc -l)" -eq 2 ] # the problem and the closing line
  [[ "$(error_lines "$output" | head -1)" == "OWNER_EMAIL: 'katie@example.com' is a placeholder address (example.com); put the real one" ]]
  no_containers
}

@test "the tunnel profile without a token is refused instead of leaving cloudflared restarting" {
  set_setting TUNNEL_TOKEN ""
  run bakeshop up
  [ "$status" -eq 1 ]
  [[ "$(error_lines "$output" | head -1)" == "TUNNEL_TOKEN: is missing but COMPOSE_PROFILES has tunnel"* ]]
  no_containers
}

@test "other unsafe production settings are each named: sample phone, plain-text SMTP, sample menu, http site, backups kept on the Pi, unquoted hash, open file" {
  set_setting BAKERY_PHONE "(555) 010-4477"
  set_setting SMTP_STARTTLS DISABLED
  set_setting STOREFRONT_SAMPLE_MENU true
  set_setting SITE_URL http://allthemuchbakeshop.test
  set_setting BACKUP_REMOTE /home/pi/backups
  set_setting BACKUP_EXTRA_REMOTES "s3-crypt:,/mnt/usb"
  # shellcheck disable=SC2016 # a literal bcrypt hash, unquoted in the file on purpose
  set_setting STOREFRONT_ADMIN_USERS 'katie:$2y$12$wCKuC6aqJlx0DxRzXu9sr.OnCKi7whI890l6Npp/m85z.yVxoLDui'
  chmod 644 "$ENV_FILE"
  run bakeshop check
  [ "$status" -eq 1 ]
  local errors
  errors="$(error_lines "$output")"
  grep -q "^BAKERY_PHONE: '(555) 010-4477' is the sample" <<<"$errors"
  grep -q "^SMTP_STARTTLS: is DISABLED" <<<"$errors"
  grep -q "^STOREFRONT_SAMPLE_MENU: is true" <<<"$errors"
  grep -q "^SITE_URL: must start with https://" <<<"$errors"
  grep -q "^BACKUP_REMOTE: '/home/pi/backups' is a directory on this machine" <<<"$errors"
  grep -q "^BACKUP_EXTRA_REMOTES: '/mnt/usb' is a directory on this machine" <<<"$errors"
  [ "$(grep -c "^BACKUP_EXTRA_REMOTES:" <<<"$errors")" -eq 1 ] # s3-crypt: is fine
  grep -q "^STOREFRONT_ADMIN_USERS: contains \$ and must be in single quotes" <<<"$errors"
  grep -q "is readable by other users (mode 644)" <<<"$errors"
}

@test "a missing settings file is named with what to do" {
  run "$ROOT/infra/scripts/bakeshop" --env-file "$BATS_TEST_TMPDIR/nope" check
  [ "$status" -eq 1 ]
  [[ "$output" == *"No settings file at $BATS_TEST_TMPDIR/nope: cp .env.example .env.production"* ]]
}

@test "each setting reaches its service: compose resolves the file's values into the containers' environment" {
  set_setting BAKERY_HOURS 'Monday: 6 am to noon'
  set_setting NOTIFIER_GIVE_UP_AFTER 72H
  run docker-compose -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/infra/compose.yaml" config
  [ "$status" -eq 0 ]
  local config="$output"
  # Only the storefront gets the hours; the SendGrid key only the notifier and the monitor-agent
  # (its fallback when the notifier is down); the name those three.
  [[ "$(grep -c "BAKERY_HOURS: '\?Monday: 6 am to noon" <<<"$config")" -eq 1 ]]
  [[ "$(grep -c 'BAKERY_NAME: Settings Test Bakery' <<<"$config")" -eq 3 ]]
  [[ "$(grep -c 'SENDGRID_API_KEY: SG.settings-test-not-a-real-key' <<<"$config")" -eq 2 ]]
  grep -q 'NOTIFIER_GIVE_UP_AFTER: 72H' <<<"$config"
}

@test "the tunnel token reaches cloudflared only from the environment and no tracked file holds one" {
  run docker-compose -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/infra/compose.yaml" config
  [ "$status" -eq 0 ]
  [[ "$output" == *"TUNNEL_TOKEN: settings-test-not-a-real-token"* ]]
  # A real token is a long base64 JSON ("eyJ..."); none is committed anywhere.
  run git -C "$ROOT" grep -nE 'eyJ[A-Za-z0-9_-]{60,}'
  [ "$status" -eq 1 ] || { echo "a token-like string is tracked: $output"; false; }
  grep -q '^TUNNEL_TOKEN=$' "$ROOT/.env.example"
}

@test ".env files are ignored by git, except the documented template" {
  local f
  for f in .env .env.production .env.local notifier/.env; do
    git -C "$ROOT" check-ignore -q "$f" || { echo "$f is not ignored"; false; }
  done
  run git -C "$ROOT" check-ignore -q .env.example
  [ "$status" -eq 1 ]
  [ "$(git -C "$ROOT" ls-files | grep -c '\.env')" -eq 1 ]
}

# tunnel_token: a token of the shape Cloudflare gives (made here, so no file holds one).
tunnel_token() {
  printf '{"a":"%s","t":"%s","s":"%s"}' "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    "$(cat /proc/sys/kernel/random/uuid)" "$(head -c 32 /dev/urandom | base64 -w0)" | base64 -w0 | tr -d '='
}

@test "configure-cloudflare.sh: a piped token replaces TUNNEL_TOKEN, keeps every other line and mode 600, and is never printed; a rotated one replaces it" {
  local token others
  token="$(tunnel_token)"
  sed -i 's/^COMPOSE_PROFILES=.*/COMPOSE_PROFILES=extra/' "$ENV_FILE"
  others="$(grep -vE '^(TUNNEL_TOKEN|COMPOSE_PROFILES|SITE_URL)=' "$ENV_FILE")"
  run bash -c "printf '%s\n' '$token' | '$ROOT/infra/scripts/configure-cloudflare.sh' --env-file '$ENV_FILE' --no-start --site-url https://bakery-drill.test"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"set in $ENV_FILE"* && "$output" != *"$token"* ]] || { echo "$output"; false; }
  [ "$(grep -c '^TUNNEL_TOKEN=' "$ENV_FILE")" -eq 1 ] && grep -qxF "TUNNEL_TOKEN=$token" "$ENV_FILE"
  grep -qx 'COMPOSE_PROFILES=extra,tunnel' "$ENV_FILE" && grep -qx 'SITE_URL=https://bakery-drill.test' "$ENV_FILE"
  [ "$(grep -vE '^(TUNNEL_TOKEN|COMPOSE_PROFILES|SITE_URL)=' "$ENV_FILE")" = "$others" ]
  [ "$(stat -c %a "$ENV_FILE")" = 600 ]
  run bakeshop check
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  # A rotated token: replaced, not added; the profile not doubled.
  local rotated
  rotated="$(tunnel_token)"
  run bash -c "printf '%s\n' '$rotated' | '$ROOT/infra/scripts/bakeshop' --env-file '$ENV_FILE' configure-cloudflare --no-start"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  grep -qxF "TUNNEL_TOKEN=$rotated" "$ENV_FILE" && [ "$(grep -c '^TUNNEL_TOKEN=' "$ENV_FILE")" -eq 1 ]
  grep -qx 'COMPOSE_PROFILES=extra,tunnel' "$ENV_FILE"
}

@test "configure-cloudflare.sh refuses what is not a tunnel token, a token on the command line and a bad site address, changing nothing" {
  local before
  before="$(sha256sum <"$ENV_FILE")"
  run bash -c "printf 'not-a-token\n' | '$ROOT/infra/scripts/configure-cloudflare.sh' --env-file '$ENV_FILE' --no-start"
  [ "$status" -eq 1 ] && [[ "$output" == *"That is not a tunnel token"*"nothing was changed"* ]] || { echo "$output"; false; }
  run "$ROOT/infra/scripts/configure-cloudflare.sh" --env-file "$ENV_FILE" --no-start "$(tunnel_token)"
  [ "$status" -eq 1 ] && [[ "$output" == *"Do not put the token on the command line"* ]] || { echo "$output"; false; }
  run bash -c "printf '%s\n' '$(tunnel_token)' | '$ROOT/infra/scripts/configure-cloudflare.sh' --env-file '$ENV_FILE' --no-start --site-url http://bakery.example.org"
  [ "$status" -eq 1 ] && [[ "$output" == *"give the public address, https://"* ]] || { echo "$output"; false; }
  run bash -c "'$ROOT/infra/scripts/configure-cloudflare.sh' --env-file '$ENV_FILE' --no-start </dev/null"
  [ "$status" -eq 1 ] && [[ "$output" == *"No token given"* ]] || { echo "$output"; false; }
  [ "$(sha256sum <"$ENV_FILE")" = "$before" ]
}

@test "restore on a new Pi (no settings file) without a backup-agent image at hand says which command names one, and starts nothing" {
  local pi="$BATS_TEST_TMPDIR/new-pi"
  mkdir -p "$pi"
  echo "BACKUP_AGENT_IMAGE=bakeshop-backup-agent:not-on-this-machine" >"$pi/images.env"
  run "$ROOT/infra/scripts/restore.sh" --env-file "$pi/.env.production" --project "$PROJECT" --yes latest
  [ "$status" -eq 1 ] || { echo "$output"; false; }
  [[ "$output" == *"No settings file at $pi/.env.production"* ]] || { echo "$output"; false; }
  [[ "$output" == *"There is no backup-agent image bakeshop-backup-agent:not-on-this-machine on this machine"*"bakeshop set-image backup-agent ghcr.io/OWNER/bakeshop-backup-agent:TAG"* ]] || { echo "$output"; false; }
  [ -z "$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")" ]
}
