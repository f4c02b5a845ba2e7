#!/usr/bin/env bash
# Prints how to build one service's image, as GitHub Actions step outputs (append them to
# $GITHUB_OUTPUT): java (true when Maven must package the module first), dockerfile, image (the
# GHCR name, lower case as Docker requires), tags (image:commit), labels (the commit, and the
# repository as the source, which links the package to it on GitHub) and build-args (one
# NAME=value a line: infra/compose.yaml's, and the commit for the Java images).
#
# Usage: infra/scripts/ci/image-settings.sh [--help] --service NAME --commit SHA --repository OWNER/NAME
#   --service NAME  storefront, notifier, backup-agent, monitor-agent, deploy-hook or edge
#   --commit SHA    the commit built (the image's tag and its org.opencontainers.image.revision)
#   --repository OWNER/NAME  the GitHub repository (github.repository); its owner owns the images
# Example: infra/scripts/ci/image-settings.sh --service storefront --commit "$SHA" --repository o/bakeshop >>"$GITHUB_OUTPUT"
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"

# The Java services' ports, as in infra/compose.yaml (infra/test/workflows.bats compares them).
declare -A PORTS=([storefront]=8080 [notifier]=8081 [backup-agent]=8082 [monitor-agent]=8083 [deploy-hook]=8084)

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "image-settings.sh: $*" >&2
  echo "Try: infra/scripts/ci/image-settings.sh --help" >&2
  exit 2
}

main() {
  local service="" commit="" repository=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --service | --commit | --repository)
        [[ $# -ge 2 && -n "$2" ]] || bad_argument "$1 needs a value"
        case "$1" in
          --service) service="$2" ;;
          --commit) commit="$2" ;;
          --repository) repository="$2" ;;
        esac
        shift ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done
  [[ -n "$service" ]] || bad_argument "--service is missing"
  [[ "$commit" =~ ^[0-9a-f]{7,40}$ ]] || bad_argument "--commit needs a commit SHA in hexadecimal, not '$commit'"
  [[ "$repository" =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] || bad_argument "--repository needs OWNER/NAME, not '$repository'"

  local owner="${repository%%/*}"
  local image="ghcr.io/${owner,,}/bakeshop-$service" build_args=()
  if [[ "$service" == edge ]]; then
    echo "java=false"
    echo "dockerfile=infra/docker/edge.Dockerfile"
  elif [[ -n "${PORTS[$service]:-}" ]]; then
    # <service>.options when there is one, default.options otherwise (infra/jvm/README.md).
    local options=default.options
    [[ ! -f "$ROOT/infra/jvm/$service.options" ]] || options="$service.options"
    echo "java=true"
    echo "dockerfile=infra/docker/java-service.Dockerfile"
    build_args=("SERVICE=$service" "PORT=${PORTS[$service]}" "JVM_OPTIONS=$options" "COMMIT=$commit" "VERSION=${commit:0:12}")
  else
    bad_argument "unknown service '$service' (one of: storefront notifier backup-agent monitor-agent deploy-hook edge)"
  fi
  echo "image=$image"
  echo "tags=$image:$commit"
  echo "labels<<LABELS_END"
  echo "org.opencontainers.image.revision=$commit"
  echo "org.opencontainers.image.source=https://github.com/$repository"
  echo "LABELS_END"
  echo "build-args<<BUILD_ARGS_END"
  ((${#build_args[@]} == 0)) || printf '%s\n' "${build_args[@]}"
  echo "BUILD_ARGS_END"
}

main "$@"
