#!/usr/bin/env bash
# Checks the public site from outside, as a customer's browser reaches it: the home page and the
# menu answer 200 (redirects are not followed), and plain http:// is sent to https:// for good
# (a 301 or 308 whose Location is https). A failed check is tried again before it counts, so one
# blip does not call the site down. Prints one line per check on stdout, "ok: …" or
# "FAILED: …"; the tries in between go to stderr. .github/workflows/health-check.yml runs it.
#
# Usage: infra/scripts/ci/check-public-site.sh [--help] [--retries N] [--wait SECONDS]
#          [--timeout SECONDS] [--http-url URL] URL
#   URL                the site, e.g. https://allthemuchbakeshop.com; an http:// URL is checked as
#                      given, with no redirect to check (unless --http-url names one)
#   --retries N        tries after the first before a check counts as failed (default 3)
#   --wait SECONDS     between tries (default 20)
#   --timeout SECONDS  for each request (default 10)
#   --http-url URL     the plain-HTTP address that must redirect to https (default: URL with
#                      http:// and no port, when URL is https)
# Exit status: 0 every check passed, 1 a check still failed after the retries (the site is down
# or answers wrongly), 2 bad arguments or no curl (nothing was checked).
# Example: infra/scripts/ci/check-public-site.sh https://allthemuchbakeshop.com
set -Eeuo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$SCRIPTS/lib/log.sh"

# Named, so that a Cloudflare rule can let the check through when bot protection is on.
USER_AGENT="AllTheMuchBakeShop-HealthCheck/1 (+docs/monitoring.md)"
PAGES=(/ /menu)

usage() { # the header comment
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

bad_argument() {
  echo "check-public-site.sh: $*" >&2
  echo "Try: infra/scripts/ci/check-public-site.sh --help" >&2
  exit 2
}

# Why curl got no answer, in plain words, from its exit status.
no_answer() {
  local status="$1" timeout="$2"
  case "$status" in
    6) echo "did not answer: the name does not resolve" ;;
    7) echo "did not answer: could not connect (refused or unreachable)" ;;
    28) echo "did not answer within $timeout s" ;;
    35 | 51 | 58 | 60 | 77 | 90 | 91) echo "did not answer: the TLS handshake or certificate failed (curl exit $status)" ;;
    52) echo "did not answer: the connection closed with no reply" ;;
    56) echo "did not answer: the connection was reset" ;;
    *) echo "did not answer (curl exit $status)" ;;
  esac
}

# curl_answer URL TIMEOUT FORMAT: curl's --write-out for one request (no redirect followed), or
# the reason it got none (with status 1).
curl_answer() {
  local answer status=0
  answer="$(curl --silent --output /dev/null --max-time "$2" --user-agent "$USER_AGENT" \
    --write-out "$3" -- "$1" 2>/dev/null)" || status=$?
  if ((status != 0)); then
    no_answer "$status" "$2"
    return 1
  fi
  echo "$answer"
}

# check_page URL TIMEOUT: "ok …" or "FAILED …" for a page that must answer 200.
check_page() {
  local url="$1" timeout="$2" answer code seconds
  answer="$(curl_answer "$url" "$timeout" '%{http_code} %{time_total}')" || { echo "FAILED: $url $answer"; return 0; }
  read -r code seconds <<<"$answer"
  if [[ "$code" == 200 ]]; then
    printf 'ok: %s answered 200 in %.2f s\n' "$url" "$seconds"
  else
    echo "FAILED: $url answered $code, not 200"
  fi
}

# check_redirect URL TIMEOUT: the plain-HTTP address must send visitors to https for good.
check_redirect() {
  local url="$1" timeout="$2" answer code location
  answer="$(curl_answer "$url" "$timeout" '%{http_code} %{redirect_url}')" || { echo "FAILED: $url $answer"; return 0; }
  read -r code location <<<"$answer"
  case "$code" in
    301 | 308)
      if [[ "$location" == https://* ]]; then
        echo "ok: $url redirects to $location ($code)"
      else
        echo "FAILED: $url redirects to ${location:-nowhere} ($code), not to https"
      fi ;;
    302 | 303 | 307) echo "FAILED: $url redirects to ${location:-nowhere} with a temporary $code; a permanent 301 or 308 to https is wanted" ;;
    *) echo "FAILED: $url answered $code instead of redirecting to https" ;;
  esac
}

# The plain-HTTP form of an https URL: same host, no port, the root.
http_form() {
  local host="${1#https://}"
  host="${host%%/*}"
  [[ ! "$host" =~ ^(.*[^]]):[0-9]+$ ]] || host="${BASH_REMATCH[1]}"
  echo "http://$host/"
}

main() {
  local url="" retries=3 wait=20 timeout=10 http_url=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --retries | --wait | --timeout | --http-url)
        [[ $# -ge 2 ]] || bad_argument "$1 needs a value"
        case "$1" in
          --retries) retries="$2" ;;
          --wait) wait="$2" ;;
          --timeout) timeout="$2" ;;
          --http-url) http_url="$2" ;;
        esac
        shift ;;
      -*) bad_argument "unknown option '$1'" ;;
      *) [[ -z "$url" ]] || bad_argument "one URL only (got '$url' and '$1')"; url="$1" ;;
    esac
    shift
  done
  [[ -n "$url" ]] || bad_argument "the site's URL is missing (in health-check.yml: the repository variable PUBLIC_URL)"
  [[ "$url" =~ ^https?://[^/]+ ]] || bad_argument "'$url' is not an http:// or https:// URL"
  [[ -z "$http_url" || "$http_url" =~ ^http://[^/]+ ]] || bad_argument "--http-url '$http_url' is not an http:// URL"
  [[ "$retries" =~ ^[0-9]+$ ]] || bad_argument "--retries needs a whole number (0 for a single try)"
  [[ "$wait" =~ ^[0-9]+$ ]] || bad_argument "--wait needs a whole number of seconds"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || bad_argument "--timeout needs a positive number of seconds"
  command -v curl >/dev/null 2>&1 || { log error "curl is missing (apt-get install curl): nothing was checked"; exit 2; }

  while [[ "$url" == */ ]]; do url="${url%/}"; done
  [[ -n "$http_url" || "$url" != https://* ]] || http_url="$(http_form "$url")"

  # Each check as "kind url"; its latest line in results.
  local checks=() results=() pending=() page
  for page in "${PAGES[@]}"; do checks+=("page $url$page"); done
  [[ -z "$http_url" ]] || checks+=("redirect $http_url")
  mapfile -t pending < <(seq 0 $((${#checks[@]} - 1)))

  local try tries=$((retries + 1)) i kind target failed
  for ((try = 1; try <= tries; try++)); do
    failed=()
    for i in "${pending[@]}"; do
      read -r kind target <<<"${checks[$i]}"
      results[i]="$("check_$kind" "$target" "$timeout")"
      if [[ "${results[$i]}" == FAILED:* ]]; then
        failed+=("$i")
      elif ((try > 1)); then
        results[i]="${results[$i]} (on try $try of $tries)"
      fi
    done
    pending=("${failed[@]}")
    ((${#pending[@]} > 0 && try < tries)) || break
    for i in "${pending[@]}"; do log warn "${results[$i]}"; done
    log warn "Trying the failed check(s) again in $wait s (try $((try + 1)) of $tries)"
    sleep "$wait"
  done
  if ((retries > 0)); then
    for i in "${pending[@]}"; do results[i]="${results[$i]} ($tries tries, $wait s apart)"; done
  fi

  printf '%s\n' "${results[@]}"
  if [[ -z "$http_url" ]]; then
    echo "skipped: the redirect to https ($url is not https; --http-url names an address to check)"
  fi
  if ((${#pending[@]} > 0)); then
    log error "The site at $url is down or answers wrongly: ${#pending[@]} of ${#checks[@]} checks failed"
    exit 1
  fi
  log info "The site at $url is up: ${#checks[@]} checks passed"
}

main "$@"
