#!/usr/bin/env bash
# Lighthouse mobile scores (performance, accessibility, best practices, SEO) of the storefront's
# public pages, in Debian's Chromium. Starts the packaged storefront as bench.sh does, unless
# --url points at one already running. Lighthouse 12 (runs on Node 20) is installed into
# storefront/bench/.lighthouse on first use. A page that does not answer 2xx or gets no score
# fails the run. --smoke: the home page only, for the test command; asserts no score.
#
# Usage: storefront/bench/lighthouse.sh [--smoke] [--url http://localhost:8080] [--help]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"
# shellcheck source=storefront/bench/lib/storefront.sh
source "$ROOT/storefront/bench/lib/storefront.sh"

TOOLS="$ROOT/storefront/bench/.lighthouse"
PAGES=(/ /menu /order /about)
PORT=18080
WORK=""

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_storefront
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  return 0
}

# trace_summary TRACE: on stderr, what a failed run's trace holds of the page load: its main frame
# and every navigationStart (frame, URL), so that a failure in CI can be read from its log.
trace_summary() {
  [[ -f "$1" ]] || { log warn "Lighthouse left no trace"; return 0; }
  node -e '
    const events = require(process.argv[1]).traceEvents || [];
    const started = events.find((e) => e.name === "TracingStartedInBrowser");
    const main = started?.args?.data?.frames?.find((f) => !f.parent);
    console.error("trace: " + events.length + " events; main frame " + (main ? main.frame + " (" + main.url + ", pid " + main.processId + ")" : "none"));
    for (const e of events.filter((e) => e.name === "navigationStart"))
      console.error("  navigationStart pid " + e.pid + " frame " + e.args.frame + " url \"" + (e.args.data?.documentLoaderURL ?? "?") + "\"");
  ' "$1" || log warn "could not read the trace $1"
}

main() {
  local url=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --url) url="${2:?--url needs a value}"; shift ;;
      --smoke) PAGES=(/) ;;
      -h | --help) usage; exit 0 ;;
      *) usage; die "Unknown option: $1" ;;
    esac
    shift
  done
  require_build_tools
  require_packages "chromium:chromium" "node:nodejs" "npm:npm" "curl:curl"
  if [[ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]]; then
    log info "Installing Lighthouse 12 into $TOOLS"
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && npm install --no-audit --no-fund --silent lighthouse@12 >/dev/null) || die "npm could not install lighthouse@12"
  fi
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  if [[ -z "$url" ]]; then
    start_storefront "$PORT" "$WORK" "$WORK/app.log"
    url="http://localhost:$PORT"
  fi

  printf '\nLighthouse %s, mobile, %s\n\n' "$("$TOOLS/node_modules/.bin/lighthouse" --version)" "$url"
  printf '| %-8s | %-11s | %-13s | %-14s | %-5s | %-6s |\n' page performance accessibility "best practices" SEO LCP
  printf '|----------|-------------|---------------|----------------|-------|--------|\n'
  local page report try
  for page in "${PAGES[@]}"; do
    report="$WORK/report-${page//\//_}.json"
    # More tries when Lighthouse could not record the page load: now and then (in CI twice in a
    # row with one profile) it fails with NO_NAVSTART and itself says "Please run Lighthouse again".
    # Each try gets a browser profile of its own; a failed try's trace is summed up (trace_summary).
    for try in 1 2 3; do
      curl -fs -o /dev/null "$url$page" || die "$url$page does not answer 2xx: $(curl -s -o /dev/null -w '%{http_code}' "$url$page")"
      rm -f "${report%.json}"-0.* # a try that leaves no trace must not be summed up from the last one
      CHROME_PATH=/usr/bin/chromium "$TOOLS/node_modules/.bin/lighthouse" "$url$page" --quiet --form-factor=mobile \
        --output=json --output-path="$report" --save-assets \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$WORK/profile-$try" \
        && break
      trace_summary "${report%.json}-0.trace.json"
      ((try < 3)) || die "lighthouse failed 3 times on $url$page"
      log warn "Lighthouse could not measure $url$page (see above); once more, as it asks, with a new profile"
      sleep 2
    done
    node -e '
      const r = require(process.argv[1]); const c = r.categories;
      const broken = r.runtimeError ? r.runtimeError.message
        : r.audits["http-status-code"].score === 0 ? "the page answered an error status"
        : Object.values(c).some((k) => k.score === null) ? "a category got no score" : "";
      if (broken) { console.error("lighthouse: " + process.argv[2] + ": " + broken); process.exit(1); }
      const row = [process.argv[2], c.performance.score, c.accessibility.score, c["best-practices"].score, c.seo.score,
        r.audits["largest-contentful-paint"].displayValue];
      console.log("| " + row.map((v, i) => String(v).padEnd([8, 11, 13, 14, 5, 6][i])).join(" | ") + " |");
      for (const [id, a] of Object.entries(r.audits))
        if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary") console.log("  failed audit: " + id);
    ' "$report" "$page" || die "Lighthouse could not measure $url$page; see the reason above"
  done
}

main "$@"
