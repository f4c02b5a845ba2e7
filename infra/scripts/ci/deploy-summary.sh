#!/usr/bin/env bash
# Prints the Markdown summary of one deploy (for a GitHub Actions job summary): the result, the
# commit, who started it, the images deployed and the last lines of the deploy's log.
#
# Usage: infra/scripts/ci/deploy-summary.sh [--help] --status N --commit SHA --log FILE
#          [--images FILE] [--actor NAME] [--lines N]
#   --status N     the deploy's exit status (0 = succeeded)
#   --commit SHA   the commit deployed
#   --log FILE     the deploy's output
#   --images FILE  lines service=image@digest (none or absent: no image rebuilt)
#   --actor NAME   who started the deploy
#   --lines N      how much of the log's end to show (default 40)
# Example: infra/scripts/ci/deploy-summary.sh --status 0 --commit abc123 --log deploy.log >>"$GITHUB_STEP_SUMMARY"
set -Eeuo pipefail

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "deploy-summary.sh: $*" >&2
  echo "Try: infra/scripts/ci/deploy-summary.sh --help" >&2
  exit 2
}

# A code fence longer than any run of backticks in the text it encloses.
fence_for() {
  local longest
  longest="$({ grep -o '`\+' "$1" || true; } | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')"
  ((longest < 3)) || { printf '`%.0s' $(seq 0 "$longest"); return 0; }
  printf '```'
}

images_table() {
  local images="$1" service image
  if [[ -z "$images" || ! -s "$images" ]]; then
    echo "No image rebuilt: the services keep their images; the configuration is the commit's."
    return 0
  fi
  echo "| service | image |"
  echo "|---|---|"
  while IFS='=' read -r service image; do
    [[ -n "$service" ]] || continue
    echo "| $service | \`$image\` |"
  done <"$images"
}

main() {
  local status="" commit="" log="" images="" actor="" lines=40
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --status | --commit | --log | --images | --actor | --lines)
        [[ $# -ge 2 ]] || bad_argument "$1 needs a value"
        case "$1" in
          --status) status="$2" ;;
          --commit) commit="$2" ;;
          --log) log="$2" ;;
          --images) images="$2" ;;
          --actor) actor="$2" ;;
          --lines) lines="$2" ;;
        esac
        shift ;;
      *) bad_argument "unknown argument '$1'" ;;
    esac
    shift
  done
  [[ "$status" =~ ^[0-9]+$ ]] || bad_argument "--status needs the deploy's exit status, a number"
  [[ -n "$commit" ]] || bad_argument "--commit needs the commit deployed"
  [[ -n "$log" ]] || bad_argument "--log needs the deploy's log file"
  [[ "$lines" =~ ^[1-9][0-9]*$ ]] || bad_argument "--lines needs a positive number"

  if ((status == 0)); then
    echo "## Deploy succeeded"
  else
    echo "## Deploy failed (exit status $status)"
  fi
  echo
  echo "Commit \`$commit\`${actor:+, started by $actor}."
  echo
  echo "### Images"
  echo
  images_table "$images"
  echo
  echo "### Last $lines lines of the log"
  echo
  local tail_file fence
  tail_file="$(mktemp)"
  # Colours mean nothing in Markdown: their escape sequences go.
  if [[ -s "$log" ]]; then
    tail -n "$lines" "$log" | awk '{ gsub(/\033\[[0-9;]*[A-Za-z]/, ""); print }' >"$tail_file"
  else
    echo "(no output${log:+: $log is empty or missing})" >"$tail_file"
  fi
  fence="$(fence_for "$tail_file")"
  echo "${fence}text"
  cat "$tail_file"
  echo "$fence"
  rm -f "$tail_file"
}

main "$@"
