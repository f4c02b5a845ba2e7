#!/usr/bin/env bash
# The newcomer drill (docs/drill.md) on a running stack: runs that page's marked code blocks in
# order (status, backup, disaster, restore, check) exactly as written, from the
# repository's root, places an order through the edge proxy before the backup and checks that it
# is back after the restore. Prints a table of the steps with their seconds. Exit 1 at the first
# step that fails, naming it.
#
# Usage: infra/test/drill.sh --env-file FILE --project NAME --edge HOST:PORT [--compose-file F]...
#   The stack's settings file, compose project and the edge proxy's published address; the
#   options reach the docs' commands as BAKESHOP_ENV_FILE, BAKESHOP_PROJECT and
#   BAKESHOP_COMPOSE_FILES. infra/test/compose.bats runs it on its stack.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/test/lib/order.sh
source "$ROOT/infra/test/lib/order.sh"

DOC="$ROOT/docs/drill.md"
ROWS=()

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# block STEP: the fenced code block right after the page's `<!-- drill: STEP -->` line.
block() {
  awk -v step="$1" '
    $0 == "<!-- drill: " step " -->" { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    found && inside { print }' "$DOC"
}

# run_step STEP: its block through bash, timed; the output shown as it comes.
run_step() {
  local code start=$SECONDS
  code="$(block "$1")"
  [[ -n "$code" ]] || die "docs/drill.md has no code block for step '$1' (<!-- drill: $1 --> before a fenced block)"
  log info "Drill step '$1':"$'\n'"$code"
  (cd "$ROOT" && bash -Eeuo pipefail -c "$code") || die "Drill step '$1' failed (docs/drill.md): see its output above"
  ROWS+=("$(printf '| %-9s | %-46s | %7s |' "$1" "$(head -1 <<<"$code" | cut -c1-46)" $((SECONDS - start)))")
}

main() {
  local files=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --env-file) BAKESHOP_ENV_FILE="${2:?--env-file needs a file}"; shift ;;
      --project) BAKESHOP_PROJECT="${2:?--project needs a name}"; shift ;;
      --compose-file) files+=("${2:?--compose-file needs a file}"); shift ;;
      --edge) EDGE="${2:?--edge needs HOST:PORT}"; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "Unknown option: $1" ;;
    esac
    shift
  done
  [[ -n "${BAKESHOP_ENV_FILE:-}" && -n "${BAKESHOP_PROJECT:-}" && -n "${EDGE:-}" ]] || { usage >&2; die "Give --env-file, --project and --edge"; }
  BAKESHOP_COMPOSE_FILES="$(IFS=:; echo "${files[*]}")"
  export BAKESHOP_ENV_FILE BAKESHOP_PROJECT BAKESHOP_COMPOSE_FILES
  local start=$SECONDS request ref
  request="Drill $(date +%s): one loaf, do not bake"
  run_step status
  local t=$SECONDS
  ref="$(order_through_edge "$EDGE" "Drill Customer" drill@customers.test "$request")" || die "Drill step 'order' failed: the site did not take the order"
  ROWS+=("$(printf '| %-9s | %-46s | %7s |' order "an order through the edge ($ref)" $((SECONDS - t)))")
  run_step backup
  run_step disaster
  [[ -z "$(docker volume ls -q --filter "label=com.docker.compose.project=$BAKESHOP_PROJECT")" ]] \
    || die "Drill step 'disaster' left volumes of $BAKESHOP_PROJECT behind"
  run_step restore
  run_step check
  curl -fsS "http://$EDGE/order/thanks/$ref" | grep -qF "$request" \
    || die "Drill: order $ref is not back after the restore"
  printf '\nNewcomer drill (docs/drill.md), %s\n\n| %-9s | %-46s | %7s |\n|-----------|------------------------------------------------|---------|\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" step command seconds
  printf '%s\n' "${ROWS[@]}"
  printf '\nAll steps passed in %s s; order %s is back after the restore.\n' $((SECONDS - start)) "$ref"
}

main "$@"
