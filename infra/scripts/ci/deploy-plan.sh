#!/usr/bin/env bash
# Decides what one run of .github/workflows/deploy.yml does, and prints it as GitHub Actions step
# outputs (append them to $GITHUB_OUTPUT):
#   sha       the commit to deploy (full SHA)
#   from      the last commit deployed in full (empty when unknown: every service is built)
#   services  the images to build, a JSON array for the build matrix (changed-services.sh)
#   deploy    false when the commit is older than the one deployed (a late CI run), else true
#   record    true when this deploy covers every change since FROM, so that its success may be
#             recorded as the new starting point (not so when --services chose the images)
#
# The last deploy: each successful full deploy keeps an artifact named deployed-<sha>; the
# newest one not expired is the starting point. Not the commit before SHA: a push of several
# commits, a commit whose CI failed, or a deploy that failed or was cancelled would leave changes
# behind that no later deploy builds.
#
# Usage: infra/scripts/ci/deploy-plan.sh [--help] --sha REV [--services "NAME ..."] [--last-deployed REV]
#   --sha REV            the commit to deploy
#   --services "NAME …"  build these images instead of the changed ones (spaces or commas);
#                        empty: the changed ones
#   --last-deployed REV  the starting point, instead of asking GitHub for the newest
#                        deployed-<sha> artifact of $GITHUB_REPOSITORY (with gh, GH_TOKEN set)
# Run inside the repository's checkout, with its whole history (fetch-depth: 0).
# Exit status: 0 done, 1 not a git repository, 2 bad arguments.
set -Eeuo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$SCRIPTS/lib/log.sh"

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "deploy-plan.sh: $*" >&2
  echo "Try: infra/scripts/ci/deploy-plan.sh --help" >&2
  exit 2
}

# The commit of the newest deployed-<sha> artifact of the repository, or nothing.
last_deployed_from_github() {
  local repository="${GITHUB_REPOSITORY:-}" listing
  if [[ -z "$repository" ]] || ! command -v gh >/dev/null 2>&1; then
    log warn "Cannot ask GitHub for the last deploy (needs gh and GITHUB_REPOSITORY): taken as none"
    return 0
  fi
  if ! listing="$(gh api --paginate "repos/$repository/actions/artifacts?per_page=100" \
      --jq '.artifacts[] | select(.expired | not) | "\(.created_at) \(.name)"')"; then
    log warn "GitHub did not list the artifacts of $repository (see above; the job needs actions: read): taken as none"
    return 0
  fi
  # Newest first; deployed- and 40 hexadecimal digits (no {40}: mawk has no intervals); all of
  # the input read, or sort would die of SIGPIPE on a long list.
  sort -r <<<"$listing" | awk '!found && $2 ~ /^deployed-[0-9a-f]+$/ && length($2) == 49 { print substr($2, 10); found = 1 }'
}

# The JSON array of the services named in LIST, in the usual order; exit 2 on an unknown name.
chosen_services() {
  local list="${1//,/ }" name service known joined=""
  local -A wanted=()
  mapfile -t known < <("$SCRIPTS/changed-services.sh" --all)
  for name in $list; do
    [[ " ${known[*]} " == *" $name "* ]] || bad_argument "unknown service '$name' in --services (one of: ${known[*]})"
    wanted[$name]=1
  done
  for service in "${known[@]}"; do
    [[ -z "${wanted[$service]:-}" ]] || joined+="${joined:+,}\"$service\""
  done
  echo "[$joined]"
}

main() {
  local sha="" services="" last="" last_given=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --sha | --services | --last-deployed)
        [[ $# -ge 2 ]] || bad_argument "$1 needs a value"
        case "$1" in
          --sha) sha="$2" ;;
          --services) services="$2" ;;
          --last-deployed) last="$2" last_given=true ;;
        esac
        shift ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done
  [[ -n "$sha" ]] || bad_argument "--sha is missing: which commit to deploy?"
  git rev-parse --git-dir >/dev/null 2>&1 || die "$(pwd) is not in a git repository; run this from the repository's checkout"
  sha="$(git rev-parse --verify --quiet "$sha^{commit}")" || bad_argument "--sha '$sha' is not a commit of this repository"

  [[ "$last_given" == true ]] || last="$(last_deployed_from_github)"
  if [[ -n "$last" ]]; then
    local resolved
    if resolved="$(git rev-parse --verify --quiet "$last^{commit}")"; then
      last="$resolved"
    else
      log warn "The last deployed commit $last is not in this history (rewritten?): taken as none"
      last=""
    fi
  fi

  local deploy=true record=true json
  if [[ -n "$last" && "$last" != "$sha" ]] && git merge-base --is-ancestor "$sha" "$last"; then
    log warn "Commit $sha is older than the deployed $last (its CI finished late): not deployed over it"
    deploy=false record=false json="[]"
  elif [[ -n "${services//[ ,]/}" ]]; then
    json="$(chosen_services "$services")"
    record=false
    log info "Images chosen by hand: $json"
  elif [[ -z "$last" ]]; then
    json="$("$SCRIPTS/changed-services.sh" --json --all)"
    log info "No earlier deploy known: every image is built, $json"
  else
    json="$("$SCRIPTS/changed-services.sh" --json --from "$last" --to "$sha")"
    log info "Changed since $last: $json"
  fi
  echo "sha=$sha"
  echo "from=$last"
  echo "services=$json"
  echo "deploy=$deploy"
  echo "record=$record"
}

main "$@"
