#!/usr/bin/env bash
# Prints the services whose image must be rebuilt between two commits, one per line, in the order
# storefront notifier backup-agent monitor-agent deploy-hook edge. Only what goes into an image
# counts: tests, benchmarks, docs, infra/test/ and .github/ never do (the workflow in
# .github/workflows/deploy.yml builds what this prints).
#
# Usage: infra/scripts/changed-services.sh [--help] [--from REV] [--to REV] [--all] [--json]
#   --from REV  the commit already deployed (default HEAD~1); unknown, or all zeros as GitHub gives
#               for a new branch: every service
#   --to REV    the commit to deploy (default HEAD)
#   --all       every service, whatever changed
#   --json      a JSON array on one line, e.g. ["storefront","edge"], [] when none
# Run inside the repository. Exit status: 0 done, 1 not a git repository, 2 bad arguments.
#
# What rebuilds what:
#   <service>/ (not src/test/, bench/, *.md)            that service
#   pom.xml, infra/docker/java-service.Dockerfile,
#   infra/jvm/default.options, infra/docker/empty-data/ the five Java services
#   infra/jvm/<service>.options                         that service
#   sqlite-snapshot/ (not src/test/, *.md)              the services whose pom.xml depends on it
#   infra/docker/edge.Dockerfile, infra/caddy/          edge
#   .dockerignore                                       every service
set -Eeuo pipefail

# shellcheck source=infra/scripts/lib/log.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/log.sh"

JAVA_SERVICES=(storefront notifier backup-agent monitor-agent deploy-hook)
ALL_SERVICES=("${JAVA_SERVICES[@]}" edge)
# A library module: a change to it rebuilds the services that depend on its artifact.
LIBRARY=sqlite-snapshot

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "changed-services.sh: $*" >&2
  echo "Try: infra/scripts/changed-services.sh --help" >&2
  exit 2
}

is_java_service() {
  local service
  for service in "${JAVA_SERVICES[@]}"; do
    [[ "$service" == "$1" ]] && return 0
  done
  return 1
}

# The Java services whose pom.xml at REV has a compile or runtime dependency on the library
# (a test-scoped one puts nothing into the image).
library_dependants() {
  local rev="$1" service
  for service in "${JAVA_SERVICES[@]}"; do
    git show "$rev:$service/pom.xml" 2>/dev/null | awk -v artifact="$LIBRARY" '
      /<dependency>/ { block = ""; inside = 1 }
      inside { block = block $0 }
      /<\/dependency>/ {
        inside = 0
        if (block ~ "<artifactId>[ \t]*" artifact "[ \t]*</artifactId>" && block !~ /<scope>[ \t]*test[ \t]*<\/scope>/) found = 1
      }
      END { exit found ? 0 : 1 }' && echo "$service"
  done
  return 0
}

# services_for PATH REV: the services a change to PATH (a file's path in the repository) rebuilds.
services_for() {
  local path="$1" rev="$2" top="${1%%/*}" options
  case "$path" in
    */src/test/* | */bench/* | docs/* | infra/test/* | .github/*) return 0 ;;
    */src/main/*) ;; # anything in the sources goes into the image, Markdown included
    *.md) return 0 ;;
  esac
  case "$path" in
    pom.xml | infra/docker/java-service.Dockerfile | infra/jvm/default.options | infra/docker/empty-data/*)
      printf '%s\n' "${JAVA_SERVICES[@]}" ;;
    .dockerignore) printf '%s\n' "${ALL_SERVICES[@]}" ;;
    infra/jvm/*.options)
      options="${path#infra/jvm/}"
      options="${options%.options}"
      if is_java_service "$options"; then echo "$options"; fi ;;
    infra/docker/edge.Dockerfile | infra/caddy/*) echo edge ;;
    "$LIBRARY"/*) library_dependants "$rev" ;;
    */*) if is_java_service "$top"; then echo "$top"; fi ;;
  esac
  return 0
}

# The services to rebuild, in the order of ALL_SERVICES, from the paths changed FROM..TO.
changed_services() {
  local from="$1" to="$2" path service
  local -A wanted=()
  while IFS= read -r -d '' path; do
    while IFS= read -r service; do
      [[ -n "$service" ]] && wanted[$service]=1
    done < <(services_for "$path" "$to")
  done < <(git diff --no-renames --name-only -z "$from" "$to" --)
  for service in "${ALL_SERVICES[@]}"; do
    [[ -z "${wanted[$service]:-}" ]] || echo "$service"
  done
}

print_list() { # print_list JSON SERVICE...
  local json="$1" service joined=""
  shift
  if [[ "$json" == true ]]; then
    for service in "$@"; do joined+="${joined:+,}\"$service\""; done
    echo "[$joined]"
  elif (($# > 0)); then
    printf '%s\n' "$@"
  fi
}

main() {
  local from=HEAD~1 to=HEAD all=false json=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --from | --to)
        [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || bad_argument "$1 needs a revision (a commit SHA, HEAD~1, a branch)"
        if [[ "$1" == --from ]]; then from="$2"; else to="$2"; fi
        shift ;;
      --all) all=true ;;
      --json) json=true ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done

  git rev-parse --git-dir >/dev/null 2>&1 || die "$(pwd) is not in a git repository; run this from the repository's checkout"
  git rev-parse --verify --quiet "$to^{commit}" >/dev/null || bad_argument "--to '$to' is not a commit of this repository"

  local services=()
  if [[ "$all" == true ]]; then
    services=("${ALL_SERVICES[@]}")
  elif [[ "$from" =~ ^0+$ ]] || ! git rev-parse --verify --quiet "$from^{commit}" >/dev/null; then
    log warn "The commit '$from' is unknown here (a first push, a new branch, or a shallow clone): every service is rebuilt"
    services=("${ALL_SERVICES[@]}")
  else
    mapfile -t services < <(changed_services "$from" "$to")
  fi
  print_list "$json" "${services[@]}"
}

main "$@"
