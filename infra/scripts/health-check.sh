#!/usr/bin/env bash
# Checks the site from the Pi itself, for cron and for a person on SSH, independently of the
# monitor-agent (it works when the monitor is the thing that is down): every container of the
# stack running and healthy, and the site answering through the edge proxy. Prints one line.
#
# Usage: infra/scripts/health-check.sh [--help] [--project NAME] [--url URL]
#   --project NAME  the compose project (default: bakeshop, or $BAKESHOP_PROJECT)
#   --url URL       the page to fetch (default: the edge proxy on this machine, http://127.0.0.1:8000/)
# Exit status: 0 all well, 1 something is wrong (named in the line), 2 cannot check (no Docker engine).
# Every check and its alerts: docs/monitoring.md.
set -Eeuo pipefail

usage() {
  sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

main() {
  local project="${BAKESHOP_PROJECT:-bakeshop}" url="http://127.0.0.1:8000/"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --project) project="${2:?--project needs a name}"; shift ;;
      --url) url="${2:?--url needs an address}"; shift ;;
      *) usage >&2; echo "Unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
  done
  if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
    echo "CANNOT CHECK: the Docker engine does not answer (sudo systemctl start docker)"
    exit 2
  fi
  command -v curl >/dev/null 2>&1 || { echo "CANNOT CHECK: curl is missing (apt-get install curl)"; exit 2; }

  local problems=() fine=0 service state status
  while read -r service state status; do
    [[ -n "$service" ]] || continue
    case "$state $status" in
      "running "*"(unhealthy)"*) problems+=("$service unhealthy") ;;
      "running "*"(health: starting)"*) problems+=("$service still starting") ;;
      "running "*) fine=$((fine + 1)) ;;
      *) problems+=("$service $state") ;;
    esac
  done < <(docker ps -a --filter "label=com.docker.compose.project=$project" \
    --format '{{.Label "com.docker.compose.service"}} {{.State}} {{.Status}}' | sort)
  ((fine + ${#problems[@]} > 0)) || problems+=("no containers of the project $project (bakeshop up starts them)")

  local answer code seconds
  answer="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$url")" || true
  code="${answer%% *}" seconds="${answer##* }"
  if [[ "$code" =~ ^[23][0-9][0-9]$ ]]; then
    seconds="$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')"
  elif [[ "$code" =~ ^[45][0-9][0-9]$ ]]; then
    problems+=("the site at $url answers HTTP $code")
  else
    problems+=("the site at $url does not answer (refused, or nothing within 10 s)")
  fi

  if [[ ${#problems[@]} -eq 0 ]]; then
    echo "OK: $fine containers running and healthy; the site answers in $seconds ms"
    exit 0
  fi
  local IFS=';'
  echo "PROBLEM: ${problems[*]}" | sed 's/;/; /g'
  exit 1
}

main "$@"
