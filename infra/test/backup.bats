#!/usr/bin/env bats
# infra/scripts/setup-rclone.sh with the real rclone and Docker engine: the crypt remote is put
# over an SFTP server on loopback (`rclone serve sftp`, standing in for Google Drive, which cannot
# be reached here) and saved into a backup-agent volume of a test project, which is removed after.

PROJECT=bakeshop-rclone-test
VOLUME="${PROJECT}_backups"

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  docker volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  # shellcheck source=infra/test/lib/ports.sh
  source "$ROOT/infra/test/lib/ports.sh"
  PORT="$(test_port)" && export PORT
  mkdir -p "$BATS_FILE_TMPDIR/sftp"
  rclone serve sftp "$BATS_FILE_TMPDIR/sftp" --addr "127.0.0.1:$PORT" --user bk --pass sftp-pass --dir-cache-time 0s \
    --config /dev/null >"$BATS_FILE_TMPDIR/sftp.log" 2>&1 3>&- &
  echo "$!" >"$BATS_FILE_TMPDIR/sftp.pid"
  local i
  for ((i = 0; i < 50; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "rclone serve sftp did not listen on 127.0.0.1:$PORT in 10 s; the last lines of its log:" >&2
    tail -n 40 "$BATS_FILE_TMPDIR/sftp.log" >&2
    return 1
  fi
  # The volume as compose makes it, with the remote under the crypt one already in its rclone.conf.
  docker volume create --label "com.docker.compose.project=$PROJECT" --label com.docker.compose.volume=backups "$VOLUME" >/dev/null
  CONF="$(docker volume inspect -f '{{.Mountpoint}}' "$VOLUME")/rclone/rclone.conf" && export CONF
  mkdir -p "$(dirname "$CONF")"
  printf '[sftp]\ntype = sftp\nhost = 127.0.0.1\nport = %s\nuser = bk\npass = %s\n' "$PORT" "$(rclone obscure sftp-pass)" >"$CONF"
}

teardown_file() {
  kill "$(cat "$BATS_FILE_TMPDIR/sftp.pid")" 2>/dev/null || true
  docker volume rm -f "$VOLUME" >/dev/null 2>&1 || true
}

setup_rclone() {
  "$ROOT/infra/scripts/setup-rclone.sh" --project "$PROJECT" --under sftp:BakeshopBackups "$@"
}

@test "setup-rclone.sh --help prints its usage" {
  run "$ROOT/infra/scripts/setup-rclone.sh" --help
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "Sets up where the backups go"* && "$output" == *"Usage: sudo infra/scripts/setup-rclone.sh"* ]]
}

@test "it makes the crypt remote in the agent's volume, passwords obscured, owned by the agent, proved by a round trip and the canary" {
  BAKESHOP_CRYPT_PASSWORD="correct horse battery" BAKESHOP_CRYPT_PASSWORD2="staple salt pepper" run setup_rclone
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"came back the same"* && "$output" == *"Wrote the canary"* ]]
  grep -q '^\[bakeshop-crypt\]$' "$CONF"
  run ! grep -q "correct horse battery" "$CONF"
  [ "$(stat -c '%u %a' "$CONF")" = "10001 600" ]
  run rclone --config "$CONF" cat bakeshop-crypt:canary.txt
  [ "$output" = "All the Much Bake Shop backups: if you can read this, the password is right." ]
  # On the server only encrypted names: no canary.txt, no test file left behind.
  run find "$BATS_FILE_TMPDIR/sftp/BakeshopBackups" -type f
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" != *canary* ]]
}

@test "a second run changes nothing and says so" {
  local before
  before="$(sha256sum "$CONF")"
  run setup_rclone
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"canary reads right"* && "$output" == *"Nothing changed"* ]]
  [ "$(sha256sum "$CONF")" = "$before" ]
}

@test "other passwords over the same folder are refused before anything is written" {
  BAKESHOP_CRYPT_PASSWORD="a different passphrase" BAKESHOP_CRYPT_PASSWORD2="another different one" run setup_rclone --name wrong-crypt
  [ "$status" -ne 0 ]
  [[ "$output" == *"cannot read"* ]] || { echo "$output"; false; }
  run ! grep -q '^\[wrong-crypt\]$' "$CONF"
  run find "$BATS_FILE_TMPDIR/sftp/BakeshopBackups" -type f
  [ "${#lines[@]}" -eq 1 ]
}
