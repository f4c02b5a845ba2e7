#!/usr/bin/env bash
# Runs every test of the project: shell-script checks, the Maven build with all unit, HTTP and
# browser tests, a smoke run of every benchmark, then the container stack on the Docker engine
# (and the stack benchmark's smoke run), the arm64 image and setup-pi.sh under emulation. Installs what is
# missing when run as root on Debian (JDK, Maven, Chromium and its driver, shellcheck, bats,
# Docker, docker-compose, debootstrap, qemu-user-static, and the benchmarks' wrk, nginx-light,
# nodejs, npm, python3-aiosmtpd, util-linux, apache2-utils; python3-yaml for the settings tests;
# rclone for the backups; docker-registry and perl for the deploys), starts dockerd when none runs, and fails with the
# reason when something cannot be had: no test is ever skipped because a tool is absent.
# Ends with the time of each phase and one line, `tests: N passed, M failed, S skipped`, also
# when a phase failed.
#
# Usage: infra/scripts/run-tests.sh [--help] [-- extra Maven arguments]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

usage() {
  cat <<USAGE
Usage: infra/scripts/run-tests.sh [--help] [-- extra Maven arguments]

Runs all tests, in phases: shellcheck on every script, the scripts' bats tests (infra/test:
scripts.bats, docs.bats, settings.bats, which checks .env.example, compose.yaml and the
services' settings against each other and the refusals of infra/scripts/bakeshop, and
backup.bats, setup-rclone.sh against an SFTP server on loopback), then
'mvn verify' over all modules (unit tests, HTTP tests against each service, headless
Chromium tests of the website, integration tests of the packaged services), then a smoke run
of every benchmark (its path end to end in seconds, no speed target asserted):
$(printf '  %s --smoke\n' "${BENCH_SMOKES[@]}")
then the compose stack on the Docker engine (infra/test/compose.bats), deploys on a stack of
their own (infra/test/deploy.bats: a registry on loopback, load through the edge), the stack benchmark's
smoke run ($STACK_BENCH --smoke; compose project $STACK_BENCH_PROJECT, removed afterwards), the
deploy benchmark's ($DEPLOY_BENCH --smoke; project $DEPLOY_BENCH_PROJECT) and
the storefront's arm64 image under qemu (infra/test/arm64.bats), and setup-pi.sh on a fresh
arm64 Debian under qemu (infra/test/setup-pi.bats, also when Maven failed).

A failed phase does not stop the others: a failed JUnit test leaves every module packaged
(Maven --fail-at-end, failures counted from the reports), so the container phases still run;
they are left out only when Maven could not package a service (a compile error). A missing
prerequisite stops the run. The processes the Java tests start keep their logs in
*/target/child-logs/. At the end: a table of the phases with their result
and time, then one line, 'tests: N passed, M failed, S skipped (named above)', in every case;
the exit status is non-zero when anything failed. N, M and S count the JUnit tests, the bats
tests and each benchmark smoke run as one check ("ok"/"not ok" lines like bats'); a phase that
fails without a failing test to count (a compile error, a shellcheck finding, a missing
prerequisite) counts as one failed check.
Example: infra/scripts/run-tests.sh -- -o     (Maven offline, once its dependencies are here)
To test one module alone, use Maven directly (docs/development.md).
USAGE
}

# The benchmarks' smoke runs, in this order after Maven; the stack's after the container tests.
BENCH_SMOKES=(storefront/bench/bench.sh storefront/bench/lighthouse.sh storefront/bench/photo-upload.sh storefront/bench/signin-flood.sh storefront/bench/order-durability.sh notifier/bench/latency.sh backup-agent/bench/backup.sh monitor-agent/bench/alert.sh)
STACK_BENCH=infra/bench/stack.sh
STACK_BENCH_PROJECT=bakeshop-bench # the compose project stack.sh runs as
DEPLOY_BENCH=infra/bench/deploy.sh
DEPLOY_BENCH_PROJECT=bakeshop-deploy-bench # the compose project deploy.sh runs as

# Results for the closing line (JUnit from the Maven reports, bats, smoke runs, failed phases).
JUNIT_PASSED=0 JUNIT_FAILED=0 JUNIT_SKIPPED=0
BATS_PASSED=0 BATS_FAILED=0 BATS_SKIPPED=0
SMOKE_PASSED=0 SMOKE_FAILED=0
PHASE_FAILED=0
# The phases so far, "name|result|seconds", and the one running.
PHASES=()
CURRENT_PHASE=""
PHASE_START=0
FAILED_AT_PHASE_START=0

prerequisites() {
  require_build_tools
  require_packages "chromium:chromium" "chromedriver:chromium-driver" "shellcheck:shellcheck" "bats:bats" \
    "htpasswd:apache2-utils" "curl:curl" "wrk:wrk" "nginx:nginx-light" "node:nodejs" "npm:npm" "nsenter:util-linux" "rclone:rclone" \
    "docker-registry:docker-registry" "perl:perl"
  # The latency benchmark's SMTP sink runs on Debian's Python (a pyenv shim may be first on PATH).
  require_debian_python_module aiosmtpd python3-aiosmtpd
  # The settings tests read compose.yaml with Debian's Python (settings_coverage.py).
  require_debian_python_module yaml python3-yaml
  check_browser
  ensure_docker
}

check_scripts() {
  local scripts=()
  # Not the scripts inside the Lighthouse install (storefront/bench/.lighthouse/node_modules).
  mapfile -t scripts < <(cd "$ROOT" && find infra .ci storefront/bench notifier/bench backup-agent/bench monitor-agent/bench \( -name node_modules -o -name .lighthouse \) -prune \
    -o -type f \( -name "*.sh" -o -name "*.bats" -o -name run -o -name bakeshop \) -print | sort)
  (cd "$ROOT" && shellcheck -x "${scripts[@]}") || { log error "shellcheck found problems in the scripts above"; return 1; }
}

check_browser() {
  # Chromium must start headless here, or every browser test would fail with a vaguer error.
  local profile
  profile="$(mktemp -d)"
  if ! timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --dump-dom about:blank >/dev/null 2>&1; then
    rm -rf "$profile"
    die "Chromium is installed but does not start headless; run it by hand to see why"
  fi
  rm -rf "$profile"
}

# 'mvn verify' with the extra arguments; counts this run's JUnit results (surefire, failsafe).
# A failed test stops neither its module nor the others: every module is still packaged and
# verified (--fail-at-end, test failures counted from the reports instead), so the phases after
# this one can run on this run's jars; the phase fails all the same.
maven() {
  local status=0 counts
  rm -rf "$ROOT"/*/target/surefire-reports "$ROOT"/*/target/failsafe-reports # no results of an earlier run
  rm -f "$ROOT"/*/target/quarkus-app/quarkus-run.jar # the later phases run only on jars of this run
  (cd "$ROOT" && mvn -B verify --fail-at-end -Dmaven.test.failure.ignore=true "$@") || status=$?
  counts="$(cat "$ROOT"/*/target/surefire-reports/TEST-*.xml "$ROOT"/*/target/failsafe-reports/TEST-*.xml 2>/dev/null \
    | grep -o '<testsuite [^>]*>' \
    | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
             if (kv[1] == "tests") t += kv[2]; if (kv[1] == "failures" || kv[1] == "errors") f += kv[2]; if (kv[1] == "skipped") s += kv[2] } }
           END { printf "%d %d %d", t - f - s, f, s }')"
  read -r JUNIT_PASSED JUNIT_FAILED JUNIT_SKIPPED <<<"$counts"
  if ((status != 0)); then
    log error "Maven failed; see the report above (and */target/surefire-reports, */target/failsafe-reports)"
  elif ((JUNIT_FAILED > 0)); then
    status=1
    log error "$JUNIT_FAILED JUnit tests failed; see the report above (*/target/surefire-reports, */target/failsafe-reports, and the logs of the processes they started in */target/child-logs)"
  fi
  return "$status"
}

# The services' jars this run's Maven phase packaged, or a line naming those it did not.
jars_built() {
  local service missing=()
  for service in storefront notifier backup-agent monitor-agent deploy-hook; do
    [[ -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ]] || missing+=("$service")
  done
  ((${#missing[@]} == 0)) || { echo "Maven did not package ${missing[*]}"; return 1; }
}

# Runs each benchmark given with --smoke, one "ok"/"not ok" line each (counted as one check in
# the closing line); fails if any of them failed.
run_smokes() {
  local bench start status failed=0 n=0
  for bench in "$@"; do
    n=$((n + 1))
    start=$SECONDS
    status=0
    (cd "$ROOT" && "./$bench" --smoke) || status=$?
    if ((status == 0)); then
      SMOKE_PASSED=$((SMOKE_PASSED + 1))
      echo "ok $n benchmark smoke run: $bench --smoke ($((SECONDS - start)) s)"
    else
      SMOKE_FAILED=$((SMOKE_FAILED + 1))
      failed=1
      echo "not ok $n benchmark smoke run: $bench --smoke ($((SECONDS - start)) s)"
      log error "The benchmark $bench is broken: '$bench --smoke' exited with status $status; see its output above"
    fi
  done
  return "$failed"
}

# stack_smoke BENCH PROJECT: a stack benchmark's smoke run, and nothing of its compose project left behind.
stack_smoke() {
  local status=0 filter="label=com.docker.compose.project=$2"
  run_smokes "$1" || status=$?
  if [[ -n "$(docker ps -aq --filter "$filter")$(docker volume ls -q --filter "$filter")$(docker network ls -q --filter "$filter")" ]]; then
    log error "$1 left containers, volumes or networks of project $2 behind (docker ps -a --filter $filter)"
    status=1
  fi
  return "$status"
}

failed_so_far() {
  echo $((JUNIT_FAILED + BATS_FAILED + SMOKE_FAILED + PHASE_FAILED))
}

# phase NAME COMMAND...: runs COMMAND as one timed phase of the run; returns its status.
phase() {
  local name="$1" status=0
  shift
  log info "Phase: $name"
  CURRENT_PHASE="$name" PHASE_START=$SECONDS FAILED_AT_PHASE_START="$(failed_so_far)"
  "$@" || status=$?
  if ((status == 0)); then end_phase passed; else end_phase failed; fi
  return "$status"
}

# end_phase RESULT: records the running phase. A failed one with no failed test to show for it
# counts as one failed check, so the closing line never says "0 failed" for a failed run.
end_phase() {
  PHASES+=("$CURRENT_PHASE|$1|$((SECONDS - PHASE_START))")
  if [[ "$1" == failed && "$(failed_so_far)" -eq "$FAILED_AT_PHASE_START" ]]; then
    PHASE_FAILED=$((PHASE_FAILED + 1))
    echo "not ok - phase '$CURRENT_PHASE' failed (no single test to name; see above)"
  fi
  CURRENT_PHASE=""
}

# not_run NAME REASON: a phase left out, shown as such in the table.
not_run() {
  log error "Phase '$1' not run: $2"
  PHASES+=("$1|not run ($2)|")
}

# The phases with their result and time, then one closing line for the whole run.
summary() {
  local row name result seconds
  printf '\n| %-26s | %-22s | %8s |\n|%s|%s|%s|\n' phase result time \
    "$(printf -- '-%.0s' {1..28})" "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..10})"
  for row in "${PHASES[@]}"; do
    IFS='|' read -r name result seconds <<<"$row"
    printf '| %-26s | %-22s | %8s |\n' "$name" "$result" "$(duration "$seconds")"
  done
  printf '| %-26s | %-22s | %8s |\n' total "" "$(duration "$SECONDS")"
  echo "tests: $((JUNIT_PASSED + BATS_PASSED + SMOKE_PASSED)) passed, $(failed_so_far) failed, $((JUNIT_SKIPPED + BATS_SKIPPED)) skipped (named above)"
}

duration() { # seconds as 1m05s; empty stays empty
  [[ -n "$1" ]] && printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
  return 0
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
finish() {
  local status=$?
  [[ -z "$CURRENT_PHASE" ]] || end_phase failed # stopped inside a phase: a missing prerequisite, Ctrl-C
  summary
  exit "$status"
}

# Runs bats files, counting their results for the summary; fails the run if any test failed.
run_bats() {
  local out status=0
  out="$(cd "$ROOT" && bats --tap "$@" 2>&1)" || status=$?
  echo "$out"
  BATS_PASSED=$(( BATS_PASSED + $(grep '^ok ' <<<"$out" | grep -vc ' # skip' || true) ))
  BATS_SKIPPED=$(( BATS_SKIPPED + $(grep -c '^ok .* # skip' <<<"$out" || true) ))
  BATS_FAILED=$(( BATS_FAILED + $(grep -c '^not ok ' <<<"$out" || true) ))
  return "$status"
}

main() {
  local maven_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --) shift; maven_args=("$@"); break ;;
      *) usage; die "Unknown option: $1" ;;
    esac
  done

  trap finish EXIT
  phase "prerequisites" prerequisites || die "A prerequisite is missing; see above"
  phase "shellcheck" check_scripts || true
  phase "script bats" run_bats infra/test/scripts.bats infra/test/workflows.bats || log error "A script test failed; see above"
  phase "docs bats" run_bats infra/test/docs.bats || log error "A docs test failed; see above"
  # .env.example, compose.yaml and the services agree; bakeshop refuses unsafe settings files.
  phase "settings bats" run_bats infra/test/settings.bats || log error "A settings test failed; see above"
  # setup-rclone.sh against an SFTP server on loopback, into a test project's volume.
  phase "backup bats" run_bats infra/test/backup.bats || log error "A backup set-up test failed; see above"

  phase "Maven" maven "${maven_args[@]}" || true
  local unbuilt
  if unbuilt="$(jars_built)"; then
    phase "benchmarks (smoke)" run_smokes "${BENCH_SMOKES[@]}" || true
    # The container tests: the compose stack on the Docker engine (stand-in base images).
    phase "compose bats" run_bats infra/test/compose.bats || log error "A container test failed; see above"
    # Deploys: a stack of its own, a registry on loopback, deploy.sh and the deploy-hook under load.
    phase "deploy bats" run_bats infra/test/deploy.bats || log error "A deploy test failed; see above"
    # After the container tests, not beside them: it brings up a stack of its own.
    phase "stack benchmark (smoke)" stack_smoke "$STACK_BENCH" "$STACK_BENCH_PROJECT" || true
    phase "deploy benchmark (smoke)" stack_smoke "$DEPLOY_BENCH" "$DEPLOY_BENCH_PROJECT" || true
    # The storefront's arm64 image under emulation (qemu-user-static).
    phase "arm64 bats" run_bats infra/test/arm64.bats || log error "The arm64 image test failed; see above"
  else
    local later
    for later in "benchmarks (smoke)" "compose bats" "deploy bats" "stack benchmark (smoke)" "deploy benchmark (smoke)" "arm64 bats"; do
      not_run "$later" "$unbuilt"
    done
  fi
  # setup-pi.sh for real on a fresh arm64 Debian under emulation (needs no jars: runs either way).
  phase "setup-pi bats" run_bats infra/test/setup-pi.bats || log error "The Pi set-up test failed; see above"

  local row failed=()
  for row in "${PHASES[@]}"; do
    [[ "$row" == *"|passed|"* ]] || failed+=("${row%%|*}")
  done
  if [[ ${#failed[@]} -gt 0 ]]; then
    log error "Failed or not run: $(printf '%s, ' "${failed[@]}" | sed 's/, $//')"
    exit 1
  fi
  log info "All tests passed"
}

main "$@"
