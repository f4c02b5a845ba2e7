#!/usr/bin/env bash
# Runs the README's test command, infra/scripts/run-tests.sh, as root inside a Debian container
# on this checkout: what .github/workflows/ci.yml does on GitHub's Ubuntu runners. The test
# command then installs its tools with apt-get and starts its own Docker engine exactly as on our
# Debian machines. Hence the container is privileged (dockerd, binfmt_misc for the arm64 test),
# shares the host's cgroup namespace (the inner engine's cgroups), keeps /var/lib/docker on a
# volume of its own (overlay2 cannot sit on the container's overlay), has --init to reap what
# the tests start, and 2 GB of /dev/shm for Chromium. Docker's socket is not mounted: the tests
# bind-mount paths of this container, which the host's engine would not find.
# Before the test command it installs what a machine holding a clone has and the bare image
# lacks (git, which also gets safe.directory for the mounted checkout; procps; ca-certificates).
#
# Usage: infra/scripts/ci/run-tests-in-debian.sh [--help] [--image IMAGE] [--m2 DIR] [--dry-run]
#          [-- extra Maven arguments]
#   --image IMAGE  the Debian image (default debian:bookworm; where no registry answers, a local
#                  Debian image)
#   --m2 DIR       Maven's directory here, mounted as root's ~/.m2 in the container so that a
#                  cached repository is used and filled (default ~/.m2, created if missing)
#   --dry-run      print the docker command, one line, instead of running it
#   -- ARGS        passed on to run-tests.sh after its own --, e.g. -- -o (Maven offline)
# Exit status: the test command's; docker's own (125 and up) when the container cannot start;
# 2 bad arguments.
# Example: infra/scripts/ci/run-tests-in-debian.sh --dry-run
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"

WORKDIR=/src # the checkout inside the container

# What runs inside: the tools of any clone's machine, then the test command with "$@".
INSIDE="apt-get update -q >/dev/null \
&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends git procps ca-certificates >/dev/null \
&& git config --system --add safe.directory $WORKDIR \
&& exec infra/scripts/run-tests.sh \"\$@\""

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "run-tests-in-debian.sh: $*" >&2
  echo "Try: infra/scripts/ci/run-tests-in-debian.sh --help" >&2
  exit 2
}

# WORD..., each quoted for a shell only when it needs it, on one line.
shell_words() {
  local word quoted=()
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      quoted+=("$word")
    else
      quoted+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  echo "${quoted[*]}"
}

main() {
  local image=debian:bookworm m2="${HOME:-/root}/.m2" dry_run=false maven_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --image | --m2)
        [[ $# -ge 2 && -n "$2" ]] || bad_argument "$1 needs a value"
        case "$1" in
          --image) image="$2" ;;
          --m2) m2="$2" ;;
        esac
        shift ;;
      --dry-run) dry_run=true ;;
      --) shift; maven_args=("$@"); break ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done

  local run_tests_args=()
  [[ ${#maven_args[@]} -eq 0 ]] || run_tests_args=(-- "${maven_args[@]}")
  local command=(docker run --rm --init --privileged --cgroupns=host --shm-size=2g
    --volume "$ROOT:$WORKDIR" --workdir "$WORKDIR"
    --volume "$m2:/root/.m2"
    --volume /var/lib/docker
    --env LANG=C.UTF-8
    "$image" bash -c "$INSIDE" run-tests "${run_tests_args[@]}")

  if [[ "$dry_run" == true ]]; then
    shell_words "${command[@]}"
    return 0
  fi
  command -v docker >/dev/null 2>&1 || die "docker is missing: this runs the tests in a Debian container (on Debian itself, run infra/scripts/run-tests.sh)"
  mkdir -p "$m2" || die "Cannot create Maven's directory $m2 (--m2 names another)"
  log info "Running infra/scripts/run-tests.sh in $image (privileged, its own Docker engine)"
  local status=0
  "${command[@]}" || status=$?
  case "$status" in
    0) log info "The test command passed in $image" ;;
    125 | 126 | 127) log error "docker could not run the container from $image (exit status $status; see above)" ;;
    *) log error "The test command failed in $image with exit status $status (its table and closing line are above)" ;;
  esac
  exit "$status"
}

main "$@"
