#!/usr/bin/env bats
# Tests of the shell scripts: their help, their refusals, and the prerequisite checks, with stub
# commands first on PATH for what must not really run here (rbenv's pattern).

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  STUBS="$BATS_TEST_TMPDIR/stubs"
  mkdir -p "$STUBS"
}

stub() { # stub NAME SCRIPT: a command NAME that runs SCRIPT
  printf '#!/usr/bin/env bash\n%s\n' "$2" >"$STUBS/$1"
  chmod +x "$STUBS/$1"
}

@test "run-local.sh --help explains the command and where data goes" {
  run "$ROOT/infra/scripts/run-local.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: infra/scripts/run-local.sh"* ]]
  [[ "$output" == *"--no-build"* ]]
  [[ "$output" == *"data"* ]]
}

@test "run-local.sh refuses an unknown option and names it" {
  run "$ROOT/infra/scripts/run-local.sh" --frobnicate
  [ "$status" -ne 0 ]
  [[ "$output" == *"Unknown option: --frobnicate"* ]]
}

@test "run-stack.sh --help explains up, down and wipe; an unknown argument is named" {
  run "$ROOT/infra/scripts/run-stack.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: infra/scripts/run-stack.sh"* && "$output" == *"down"* && "$output" == *"wipe"* ]]
  run "$ROOT/infra/scripts/run-stack.sh" --frobnicate
  [ "$status" -ne 0 ]
  [[ "$output" == *"Unknown argument '--frobnicate'"* ]]
}

@test "build-standins.sh refuses an architecture it cannot build" {
  run "$ROOT/infra/docker/build-standins.sh" --arch sparc
  [ "$status" -ne 0 ]
  [[ "$output" == *"Unsupported architecture 'sparc'"* ]]
}

@test "run-tests.sh --help lists what it runs" {
  run "$ROOT/infra/scripts/run-tests.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"shellcheck"* && "$output" == *"mvn verify"* ]]
}

@test "a missing tool is named with its Debian package when it cannot be installed" {
  stub id 'echo 1000' # not root: nothing may be installed
  run env PATH="$STUBS:$PATH" bash -c "source '$ROOT/infra/scripts/lib/log.sh'; source '$ROOT/infra/scripts/lib/prereqs.sh'; require_packages 'no-such-tool-xyz:xyz-package'"
  [ "$status" -eq 1 ]
  [[ "$output" == *"Missing no-such-tool-xyz"* ]]
  [[ "$output" == *"apt-get install xyz-package"* ]]
}

@test "a missing tool is installed with apt-get as root, and its absence afterwards is an error" {
  stub id 'echo 0'
  stub apt-get 'echo "apt-get $*" >>"'"$BATS_TEST_TMPDIR"'/apt.log"'
  run env PATH="$STUBS:$PATH" bash -c "source '$ROOT/infra/scripts/lib/log.sh'; source '$ROOT/infra/scripts/lib/prereqs.sh'; require_packages 'no-such-tool-xyz:xyz-package'"
  [ "$status" -eq 1 ]
  grep -q "apt-get update" "$BATS_TEST_TMPDIR/apt.log"
  grep -q "install -y -q --no-install-recommends xyz-package" "$BATS_TEST_TMPDIR/apt.log"
  [[ "$output" == *"'no-such-tool-xyz' is still missing"* ]]
}

@test "hash-password.sh refuses two different passwords and changes nothing" {
  stub htpasswd 'echo "htpasswd must not run" >&2; exit 1'
  run env PATH="$STUBS:$PATH" "$ROOT/infra/scripts/hash-password.sh" katie <<<$'first password here\nsecond password here'
  [ "$status" -eq 1 ]
  [[ "$output" == *"The two passwords differ"* ]]
}

@test "hash-password.sh refuses a short password" {
  stub htpasswd 'exit 1'
  run env PATH="$STUBS:$PATH" "$ROOT/infra/scripts/hash-password.sh" katie <<<$'short\nshort'
  [ "$status" -eq 1 ]
  [[ "$output" == *"at least 12 characters"* ]]
}

@test "hash-password.sh prints a quoted .env.production line with a real bcrypt hash" {
  run "$ROOT/infra/scripts/hash-password.sh" katie <<<$'a long test password\na long test password'
  [ "$status" -eq 0 ]
  line="$(grep "^STOREFRONT_ADMIN_USERS=" <<<"$output")"
  [[ "$line" =~ ^STOREFRONT_ADMIN_USERS=\'katie:\$2y\$12\$[./A-Za-z0-9]{53}\'$ ]]
  hash="${line#*katie:}"
  hash="${hash%\'}"
  printf 'katie:%s\n' "$hash" >"$BATS_TEST_TMPDIR/htpasswd"
  htpasswd -vb "$BATS_TEST_TMPDIR/htpasswd" katie 'a long test password'
}

@test "hash-password.sh needs a proper account name" {
  run "$ROOT/infra/scripts/hash-password.sh" 'Katie Smith'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Give the account name"* ]]
}
