#!/usr/bin/env bats
# The docs against the repository: every script the README and docs/ tell someone to run is
# there and explains itself with --help.

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
}

@test "hash-password.sh --help prints its usage, not lines of its code" {
  run "$ROOT/infra/scripts/hash-password.sh" --help
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "Usage: infra/scripts/hash-password.sh NAME"* ]]
  [[ "$output" == *".env.production"* ]]
  [[ "$output" != *"set -"* && "$output" != *"source "* && "$output" != *'#!'* ]] || { echo "$output"; false; }
}
