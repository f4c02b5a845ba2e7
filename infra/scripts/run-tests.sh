#!/usr/bin/env bash
# Runs every test of the project: shell-script checks, the Maven build with all unit, HTTP and
# browser tests, then the container stack on the Docker engine and the arm64 image under
# emulation. Installs what is missing when run as root on Debian (JDK, Maven, Chromium and its
# driver, shellcheck, bats, Docker, docker-compose, debootstrap, qemu-user-static), starts
# dockerd when none runs, and fails with the reason when something cannot be had: no test is
# ever skipped because a tool is absent.
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

Runs all tests: shellcheck on every script, the scripts' bats tests (infra/test), then
'mvn verify' over all modules (unit tests, HTTP tests against each service, headless Chromium
tests of the website, integration tests of the packaged services), then the compose stack on
the Docker engine (infra/test/compose.bats) and the storefront's arm64 image under qemu
(infra/test/arm64.bats).
Example: infra/scripts/run-tests.sh -- -pl storefront
USAGE
}

check_scripts() {
  log info "shellcheck: every script under infra/ and .ci/"
  local scripts=()
  mapfile -t scripts < <(cd "$ROOT" && find infra .ci storefront/bench notifier/bench -type f \( -name "*.sh" -o -name "*.bats" -o -name run \) | sort)
  (cd "$ROOT" && shellcheck -x "${scripts[@]}") || die "shellcheck found problems in the scripts above"
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

# One closing line for the whole run: every JUnit result (surefire, failsafe) plus the bats tests.
summary() {
  local junit bats_passed="$1" bats_failed="$2" bats_skipped="$3" total failed
  junit="$(cat "$ROOT"/*/target/surefire-reports/TEST-*.xml "$ROOT"/*/target/failsafe-reports/TEST-*.xml 2>/dev/null \
    | grep -o '<testsuite [^>]*>' \
    | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
             if (kv[1] == "tests") t += kv[2]; if (kv[1] == "failures" || kv[1] == "errors") f += kv[2] } }
           END { printf "%d %d", t, f }')"
  total=$(( ${junit% *} + bats_passed + bats_failed ))
  failed=$(( ${junit#* } + bats_failed ))
  echo "tests: $((total - failed)) passed, $failed failed, $bats_skipped skipped (named above)"
}

# Runs a bats file, counting its results for the summary; fails the run if any test failed.
run_bats() {
  local out status=0
  out="$(cd "$ROOT" && bats --tap "$1" 2>&1)" || status=$?
  echo "$out"
  BATS_PASSED=$(( BATS_PASSED + $(grep '^ok ' <<<"$out" | grep -vc ' # skip' || true) ))
  BATS_SKIPPED=$(( BATS_SKIPPED + $(grep -c '^ok .* # skip' <<<"$out" || true) ))
  BATS_FAILED=$(( BATS_FAILED + $(grep -c '^not ok ' <<<"$out" || true) ))
  return "$status"
}

BATS_PASSED=0
BATS_FAILED=0
BATS_SKIPPED=0

main() {
  local maven_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --) shift; maven_args=("$@"); break ;;
      *) usage; die "Unknown option: $1" ;;
    esac
  done

  require_build_tools
  require_packages "chromium:chromium" "chromedriver:chromium-driver" "shellcheck:shellcheck" "bats:bats" \
    "htpasswd:apache2-utils" "curl:curl"
  check_browser
  check_scripts
  ensure_docker
  log info "bats: the scripts' own tests"
  run_bats infra/test/scripts.bats || die "A script test failed; see above"

  log info "Maven: build and test every module"
  (cd "$ROOT" && mvn -B verify "${maven_args[@]}") || die "Tests failed; see the report above (and */target/surefire-reports)"

  log info "Containers: the compose stack on the Docker engine (stand-in base images)"
  run_bats infra/test/compose.bats || die "A container test failed; see above"
  log info "Containers: the storefront's arm64 image under emulation (qemu-user-static)"
  run_bats infra/test/arm64.bats || die "The arm64 image test failed; see above"
  log info "All tests passed"
  summary "$BATS_PASSED" "$BATS_FAILED" "$BATS_SKIPPED"
}

main "$@"
