#!/usr/bin/env bash
# Keeps one GitHub issue, labelled site-down, for an outage seen by the scheduled health check
# (.github/workflows/health-check.yml), with the gh CLI:
#   open   the site is down: a comment on the open site-down issue, or a new issue when none is
#          open (never a second one)
#   close  the site is up: each open site-down issue closed with a comment; none open, nothing done
# CHECK_OUTPUT is the file of check-public-site.sh's lines, quoted in the issue or comment.
#
# Usage: infra/scripts/ci/site-down-issue.sh [--help] open|close CHECK_OUTPUT
# Environment: GH_TOKEN (in the workflow, github.token with issues: write), GH_REPO (else the
# repository of the current checkout); GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID,
# set by GitHub Actions, link the run.
# Exit status: 0 done, 1 gh failed or is missing, 2 bad arguments.
# Example: infra/scripts/ci/site-down-issue.sh open site-check.txt
set -Eeuo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$SCRIPTS/lib/log.sh"

LABEL=site-down
TITLE="The public site is down"

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "site-down-issue.sh: $*" >&2
  echo "Try: infra/scripts/ci/site-down-issue.sh --help" >&2
  exit 2
}

# The numbers of the open site-down issues, oldest first.
open_issues() {
  local numbers number
  numbers="$(gh issue list --label "$LABEL" --state open --json number --jq '.[].number')" \
    || die "gh could not list the open $LABEL issues (see above; the job needs GH_TOKEN and issues: write)"
  for number in $numbers; do
    [[ "$number" =~ ^[0-9]+$ ]] || die "gh issue list gave '$number' where an issue number was expected"
  done
  sort -n <<<"$numbers" | sed '/^$/d'
}

# The check's lines as a block, and the run's address when GitHub Actions set it.
details() {
  local output="$1"
  echo '```text'
  if [[ -s "$output" ]]; then
    cat "$output"
  else
    echo "(no check output in $output)"
  fi
  echo '```'
  if [[ -n "${GITHUB_SERVER_URL:-}" && -n "${GITHUB_REPOSITORY:-}" && -n "${GITHUB_RUN_ID:-}" ]]; then
    echo
    echo "Run: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
  fi
}

now() { date -u '+%Y-%m-%d %H:%M UTC'; }

site_down() {
  local output="$1" issues
  issues="$(open_issues)"
  if [[ -n "$issues" ]]; then
    local issue="${issues%%$'\n'*}"
    gh issue comment "$issue" --body "Still down at $(now):
$(details "$output")" >/dev/null || die "gh could not comment on issue #$issue (see above)"
    log info "The site is still down: commented on issue #$issue"
    return 0
  fi
  # The label may not exist yet in the repository; --force makes this a no-op when it does.
  gh label create "$LABEL" --color B60205 --description "The scheduled health check finds the public site down" --force >/dev/null \
    || log warn "gh could not create the label $LABEL (see above); creating the issue anyway"
  local url
  url="$(gh issue create --title "$TITLE" --label "$LABEL" --body "The scheduled health check found the public site down or answering wrongly at $(now), after its retries:

$(details "$output")

Every later failed check adds a comment here; the first check that passes closes this issue.
What to look at: docs/monitoring.md, \"From outside: the scheduled health check\"; on the Pi,
\`infra/scripts/bakeshop status\`.")" || die "gh could not create the $LABEL issue (see above)"
  log info "The site is down: opened ${url:-an issue}"
}

site_up() {
  local output="$1" issues issue
  issues="$(open_issues)"
  if [[ -z "$issues" ]]; then
    log info "The site is up and no $LABEL issue is open: nothing to do"
    return 0
  fi
  for issue in $issues; do
    gh issue close "$issue" --comment "The site is back at $(now): every check passed.
$(details "$output")" >/dev/null || die "gh could not close issue #$issue (see above)"
    log info "The site is back: closed issue #$issue"
  done
}

main() {
  local action="" output="" have_output=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      open | close) [[ -z "$action" ]] || bad_argument "one action only: open or close"; action="$1" ;;
      -*) bad_argument "unknown option '$1'" ;;
      *) [[ "$have_output" == false ]] || bad_argument "one check output file only"; output="$1" have_output=true ;;
    esac
    shift
  done
  [[ -n "$action" ]] || bad_argument "open or close? (open: the site is down; close: it is up)"
  [[ "$have_output" == true ]] || bad_argument "the file of the check's output is missing"
  command -v gh >/dev/null 2>&1 || die "gh (the GitHub CLI) is missing; GitHub's runners have it"
  [[ -s "$output" ]] || log warn "The check's output $output is empty or missing: the issue says so"

  case "$action" in
    open) site_down "$output" ;;
    close) site_up "$output" ;;
  esac
}

main "$@"
