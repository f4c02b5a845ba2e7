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

@test "check-disk-space.sh on a small filesystem made for the test: OK, then WARNING, then CRITICAL as it fills" {
  local small="$BATS_TEST_TMPDIR/small"
  mkdir -p "$small"
  mount -t tmpfs -o size=4m bakeshop-test "$small" || { echo "cannot mount a 4 MB tmpfs (root is needed)"; false; }
  run "$ROOT/infra/scripts/check-disk-space.sh" "$small"
  [ "$status" -eq 0 ] || { umount "$small"; echo "$output"; false; }
  [[ "$output" == "OK: $small "*" % used, "*" MB free (warning at 85 %, critical at 95 %)" ]] || { umount "$small"; echo "$output"; false; }
  dd if=/dev/zero of="$small/fill" bs=1k count=3600 2>/dev/null
  run "$ROOT/infra/scripts/check-disk-space.sh" "$small"
  local warned="$status" warning="$output"
  dd if=/dev/zero of="$small/more" bs=1k count=300 2>/dev/null
  run "$ROOT/infra/scripts/check-disk-space.sh" --warn 50 --critical 90 "$small"
  umount "$small"
  [ "$warned" -eq 1 ] && [[ "$warning" == "WARNING: $small 88 % used"* ]] || { echo "$warning"; false; }
  [ "$status" -eq 2 ] && [[ "$output" == "CRITICAL: $small 9"?" % used"*"(warning at 50 %, critical at 90 %)" ]] || { echo "$output"; false; }
  run "$ROOT/infra/scripts/check-disk-space.sh" "$BATS_TEST_TMPDIR/nothing-here"
  [ "$status" -eq 3 ] && [[ "$output" == "UNKNOWN: $BATS_TEST_TMPDIR/nothing-here does not exist" ]]
}

@test "health-check.sh names a project with no containers and a site that does not answer, in one line, exit 1" {
  run "$ROOT/infra/scripts/health-check.sh" --project bakeshop-none-here --url http://127.0.0.1:9/
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == "PROBLEM: no containers of the project bakeshop-none-here (bakeshop up starts them); the site at http://127.0.0.1:9/ does not answer"* ]]
}

@test "every benchmark answers --help with its usage and its --smoke mode" {
  local bench
  for bench in storefront/bench/bench.sh storefront/bench/lighthouse.sh storefront/bench/photo-upload.sh \
    notifier/bench/latency.sh backup-agent/bench/backup.sh monitor-agent/bench/alert.sh infra/bench/stack.sh; do
    run "$ROOT/$bench" --help
    [ "$status" -eq 0 ] || { echo "$bench --help exited with $status"; return 1; }
    [[ "$output" == *"Usage: $bench"* && "$output" == *"--smoke"* ]] || { echo "$bench --help: $output"; return 1; }
  done
}

# A copy of run-tests.sh and its libraries in a folder of its own (its ROOT), so that nothing
# of this worktree is read or removed, with every tool it calls stubbed, each stub logging its call.
stub_test_run() {
  local fake="$BATS_TEST_TMPDIR/root" tool
  mkdir -p "$fake/infra/scripts" "$fake/.ci" "$fake/storefront/bench" "$fake/notifier/bench" "$fake/backup-agent/bench" \
    "$fake/monitor-agent/bench"
  cp -r "$ROOT/infra/scripts/run-tests.sh" "$ROOT/infra/scripts/lib" "$fake/infra/scripts/"
  for tool in javac chromium chromedriver shellcheck htpasswd curl wrk nginx node npm nsenter rclone dockerd docker \
    docker-compose debootstrap; do
    stub "$tool" "echo \"$tool \$*\" >>'$BATS_TEST_TMPDIR/calls.log'"
  done
  stub java "echo '    java.specification.version = 17' >&2"
  stub mvn "echo \"mvn \$*\" >>'$BATS_TEST_TMPDIR/calls.log'; exit 1"
  stub apt-get 'echo "apt-get must not run here" >&2; exit 1'
  stub bats 'echo "ok 1 a stub test"'
}

@test "run-tests.sh: a build that packages nothing stops what needs the jars, the others run, and the phase times and closing line are printed" {
  stub_test_run
  stub shellcheck 'echo "SC2086 in a stub" >&2; exit 1'
  # The latency benchmark's prerequisite is checked with Debian's Python itself: it must be there.
  /usr/bin/python3 -c 'import aiosmtpd' || { echo "needs python3-aiosmtpd (run-tests.sh installs it)"; return 1; }
  run env PATH="$STUBS:$PATH" "$BATS_TEST_TMPDIR/root/infra/scripts/run-tests.sh"
  echo "$output"
  [ "$status" -eq 1 ]
  grep -q '^mvn -B verify' "$BATS_TEST_TMPDIR/calls.log" # Maven ran although shellcheck failed
  grep -Eq '^\| shellcheck +\| failed +\| +0m[0-9]{2}s \|$' <<<"$output"
  grep -Eq '^\| script bats +\| passed +\|' <<<"$output"
  grep -Eq '^\| Maven +\| failed +\|' <<<"$output"
  grep -Eq '^\| benchmarks \(smoke\) +\| not run \(Maven did not package storefront notifier backup-agent monitor-agent deploy-hook\) +\| +\|$' <<<"$output"
  grep -Eq '^\| arm64 bats +\| not run \(Maven did not package' <<<"$output"
  grep -Eq '^\| total +\| +\| +[0-9]+m[0-9]{2}s \|$' <<<"$output"
  grep -Eq '^\| setup-pi bats +\| passed +\|' <<<"$output" # needs no jars: runs without Maven
  # the bats stub's test passed in each of the four bats phases before Maven and in setup-pi's;
  # the shellcheck phase and the build failed with no test to name
  [ "${lines[-1]}" = "tests: 5 passed, 2 failed, 0 skipped (named above)" ]
}

# A mvn stub that packages every service (as a real build does, test failures or not), leaving
# the JUnit report line given as $1, if any, where failsafe puts its reports.
stub_mvn_packaging() {
  [[ -z "${1:-}" ]] || printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/report.xml"
  stub mvn "echo \"mvn \$*\" >>'$BATS_TEST_TMPDIR/calls.log'
for s in storefront notifier backup-agent monitor-agent deploy-hook; do mkdir -p \$s/target/quarkus-app && touch \$s/target/quarkus-app/quarkus-run.jar; done
if [ -f '$BATS_TEST_TMPDIR/report.xml' ]; then mkdir -p storefront/target/failsafe-reports && cp '$BATS_TEST_TMPDIR/report.xml' storefront/target/failsafe-reports/TEST-it.xml; fi"
}

@test "run-tests.sh: a failed JUnit test fails the Maven phase and the run, and the container phases still run on its jars" {
  stub_test_run
  stub_mvn_packaging '<testsuite name="OrderNotificationIT" tests="2" failures="1" errors="0" skipped="0">'
  /usr/bin/python3 -c 'import aiosmtpd' || { echo "needs python3-aiosmtpd (run-tests.sh installs it)"; return 1; }
  local bench fake="$BATS_TEST_TMPDIR/root"
  mkdir -p "$fake/infra/bench"
  for bench in storefront/bench/bench.sh storefront/bench/lighthouse.sh storefront/bench/photo-upload.sh storefront/bench/signin-flood.sh \
    storefront/bench/order-durability.sh notifier/bench/latency.sh backup-agent/bench/backup.sh monitor-agent/bench/alert.sh \
    infra/bench/stack.sh infra/bench/deploy.sh; do
    printf '#!/usr/bin/env bash\necho "%s $*" >>"%s/calls.log"\n' "$bench" "$BATS_TEST_TMPDIR" >"$fake/$bench"
  done
  chmod +x "$fake"/*/bench/*.sh
  run env PATH="$STUBS:$PATH" "$fake/infra/scripts/run-tests.sh"
  echo "$output"
  [ "$status" -eq 1 ]
  grep -q '^mvn -B verify --fail-at-end -Dmaven.test.failure.ignore=true' "$BATS_TEST_TMPDIR/calls.log"
  grep -q '1 JUnit tests failed' <<<"$output"
  grep -Eq '^\| Maven +\| failed +\|' <<<"$output"
  grep -Eq '^\| compose bats +\| passed +\|' <<<"$output"
  grep -Eq '^\| arm64 bats +\| passed +\|' <<<"$output"
  grep -qx 'infra/bench/deploy.sh --smoke' "$BATS_TEST_TMPDIR/calls.log"
  # 8 bats phases of one stub test each, 10 smoke runs, the JUnit test that passed; the one that failed
  [ "${lines[-1]}" = "tests: 19 passed, 1 failed, 0 skipped (named above)" ]
}

@test "run-tests.sh: a missing prerequisite stops the run, still with the phase times and closing line" {
  stub_test_run
  stub java "echo '    java.specification.version = 11' >&2"
  run env PATH="$STUBS:$PATH" "$BATS_TEST_TMPDIR/root/infra/scripts/run-tests.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"Java 17 or newer is needed"* ]]
  grep -Eq '^\| prerequisites +\| failed +\|' <<<"$output"
  [ "${lines[-1]}" = "tests: 0 passed, 1 failed, 0 skipped (named above)" ]
  run grep -qs mvn "$BATS_TEST_TMPDIR/calls.log"
  [ "$status" -ne 0 ] # Maven did not run
}

@test "run-tests.sh: each benchmark smoke run counts as one check; a broken one is named and fails the run" {
  stub_test_run
  stub_mvn_packaging
  /usr/bin/python3 -c 'import aiosmtpd' || { echo "needs python3-aiosmtpd (run-tests.sh installs it)"; return 1; }
  local bench fake="$BATS_TEST_TMPDIR/root"
  mkdir -p "$fake/infra/bench"
  for bench in storefront/bench/bench.sh storefront/bench/lighthouse.sh storefront/bench/signin-flood.sh \
    storefront/bench/order-durability.sh notifier/bench/latency.sh backup-agent/bench/backup.sh monitor-agent/bench/alert.sh \
    infra/bench/stack.sh infra/bench/deploy.sh; do
    printf '#!/usr/bin/env bash\necho "%s $*" >>"%s/calls.log"\n' "$bench" "$BATS_TEST_TMPDIR" >"$fake/$bench"
  done
  printf '#!/usr/bin/env bash\necho "upload answered 500" >&2\nexit 3\n' >"$fake/storefront/bench/photo-upload.sh"
  chmod +x "$fake"/*/bench/*.sh
  run env PATH="$STUBS:$PATH" "$fake/infra/scripts/run-tests.sh"
  echo "$output"
  [ "$status" -eq 1 ]
  grep -qx 'storefront/bench/bench.sh --smoke' "$BATS_TEST_TMPDIR/calls.log"
  grep -qx 'infra/bench/stack.sh --smoke' "$BATS_TEST_TMPDIR/calls.log" # the later phases still ran
  grep -qx 'infra/bench/deploy.sh --smoke' "$BATS_TEST_TMPDIR/calls.log"
  grep -q '^ok 1 benchmark smoke run: storefront/bench/bench.sh --smoke' <<<"$output"
  grep -q '^not ok 3 benchmark smoke run: storefront/bench/photo-upload.sh --smoke' <<<"$output"
  grep -q 'The benchmark storefront/bench/photo-upload.sh is broken' <<<"$output"
  grep -Eq '^\| benchmarks \(smoke\) +\| failed +\|' <<<"$output"
  grep -Eq '^\| stack benchmark \(smoke\) +\| passed +\|' <<<"$output"
  # 8 bats phases of one stub test each, 9 smoke runs passed and 1 failed
  [ "${lines[-1]}" = "tests: 17 passed, 1 failed, 0 skipped (named above)" ]
}

@test "check-secrets.sh: this repository's whole history holds no key, token, private key or secrets file" {
  run "$ROOT/infra/scripts/check-secrets.sh"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"No secret found in the "*" commits of $ROOT"* ]]
}

@test "check-secrets.sh finds a key deleted in a later commit and a committed .env.production, without printing the key" {
  local repo="$BATS_TEST_TMPDIR/repo" key first
  git init -q "$repo"
  git -C "$repo" config user.email t@example.org && git -C "$repo" config user.name t
  # Made here, so that no file of this repository holds one.
  key="SG.$(printf 'a%.0s' {1..22}).$(printf 'B%.0s' {1..43})"
  mkdir "$repo/config"
  printf 'SENDGRID_API_KEY=%s\n' "$key" >"$repo/config/app.env"
  printf 'SENDGRID_API_KEY=SG.xxxx\n' >"$repo/.env.example" # a placeholder is fine
  git -C "$repo" add -A && git -C "$repo" commit -qm leak
  first="$(git -C "$repo" rev-parse --short HEAD)"
  git -C "$repo" rm -q config/app.env && git -C "$repo" commit -qm "remove the key"
  printf 'X=1\n' >"$repo/.env.production"
  git -C "$repo" add -A && git -C "$repo" commit -qm oops
  run "$ROOT/infra/scripts/check-secrets.sh" --repo "$repo"
  [ "$status" -eq 1 ] || { echo "$output"; false; }
  [[ "$output" == *"FOUND: SendGrid API key in config/app.env (commit $first"* ]] || { echo "$output"; false; }
  [[ "$output" == *"FOUND: a secrets file in git: .env.production"* ]] || { echo "$output"; false; }
  [[ "$output" != *"$key"* && "$output" != *".env.example"* ]] || { echo "$output"; false; }
  [[ "$output" == *"2 possible secrets in the history"*"rotate each one now"* ]] || { echo "$output"; false; }
  run "$ROOT/infra/scripts/check-secrets.sh" --repo "$BATS_TEST_TMPDIR"
  [ "$status" -eq 2 ] && [[ "$output" == *"is not a git repository"* ]]
}

@test "update-system.sh upgrades for real with apt on a Debian system (a local package repository), refuses non-root, and a dry run changes nothing" {
  "$ROOT/infra/docker/build-standins.sh" >/dev/null 2>&1
  local work="$BATS_TEST_TMPDIR/apt" v
  mkdir -p "$work/repo"
  # One package, installed at version 1, with version 2 in the system's only package source.
  for v in 1 2; do
    mkdir -p "$work/pkg$v/DEBIAN"
    printf 'Package: bakeshop-drill\nVersion: %s\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: update test\n' "$v" >"$work/pkg$v/DEBIAN/control"
    dpkg-deb -b "$work/pkg$v" "$work/bakeshop-drill_$v.deb" >/dev/null
  done
  cp "$work/bakeshop-drill_2.deb" "$work/repo/"
  (cd "$work/repo" && {
    cat "$work/pkg2/DEBIAN/control"
    printf 'Filename: ./bakeshop-drill_2.deb\nSize: %s\nSHA256: %s\n\n' "$(stat -c %s bakeshop-drill_2.deb)" "$(sha256sum bakeshop-drill_2.deb | cut -d' ' -f1)"
  } >Packages)
  docker rm -f bakeshop-update-test >/dev/null 2>&1 || true
  docker run -d --name bakeshop-update-test --network none -v "$ROOT:/src:ro" -v "$work:/work" \
    bakeshop-standin-base:bookworm sleep 600 >/dev/null
  docker exec bakeshop-update-test sh -c 'rm -f /etc/apt/sources.list.d/* && echo "deb [trusted=yes] file:/work/repo ./" >/etc/apt/sources.list && dpkg -i /work/bakeshop-drill_1.deb >/dev/null'
  run docker exec bakeshop-update-test setpriv --reuid 65534 --regid 65534 --clear-groups /src/infra/scripts/update-system.sh
  [ "$status" -eq 1 ] && [[ "$output" == *"Updating the system needs root: sudo infra/scripts/update-system.sh"* ]] || { echo "$output"; false; }
  run docker exec bakeshop-update-test /src/infra/scripts/update-system.sh --dry-run
  [ "$status" -eq 0 ] && [[ "$output" == *"bakeshop-drill"*"Dry run: 1 packages would be upgraded; nothing was changed"* ]] || { echo "$output"; false; }
  [ "$(docker exec bakeshop-update-test dpkg-query -W -f '${Version}' bakeshop-drill)" = 1 ]
  run docker exec bakeshop-update-test /src/infra/scripts/update-system.sh
  [ "$status" -eq 0 ] && [[ "$output" == *"Upgraded 1 packages in "*"No reboot needed"* ]] || { echo "$output"; false; }
  [ "$(docker exec bakeshop-update-test dpkg-query -W -f '${Version}' bakeshop-drill)" = 2 ]
  # A kernel or library update asks for a reboot: said, not done without --reboot.
  docker exec bakeshop-update-test sh -c 'echo linux-image-arm64 >/var/run/reboot-required.pkgs; : >/var/run/reboot-required'
  run docker exec bakeshop-update-test /src/infra/scripts/update-system.sh
  docker rm -f bakeshop-update-test >/dev/null 2>&1
  [ "$status" -eq 0 ] && [[ "$output" == *"Nothing to upgrade"*"A reboot is needed (linux-image-arm64 ): sudo infra/scripts/update-system.sh --reboot"* ]] || { echo "$output"; false; }
}
