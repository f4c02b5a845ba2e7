#!/usr/bin/env bash
# Looks through every commit of the repository (all branches and tags, deleted files included) for
# credentials that must never be in git: API keys and tokens of the services the bakery uses,
# private keys, and files that hold secrets (.env.production, rclone.conf, SSH keys). Prints one
# line per finding (kind, file, commit, date), never the secret itself. A secret found in history
# stays readable by anyone with a clone: rotate it first (docs/operations.md), then rewrite history.
#
# Usage: infra/scripts/check-secrets.sh [--repo DIR] [--help]
#   --repo DIR   the repository to scan (default: this one)
# Exit: 0 nothing found, 1 something found, 2 bad usage.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"

# kind|extended regular expression. Specific shapes only, so that documentation placeholders
# (SENDGRID_API_KEY=SG.xxxx, change-me) do not count.
PATTERNS=(
  "SendGrid API key|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"
  "Twilio API key|SK[0-9a-f]{32}"
  "Twilio auth token|TWILIO_AUTH_TOKEN=[0-9a-f]{32}"
  "private key|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----"
  "Cloudflare tunnel token|eyJhIjoi[A-Za-z0-9+/=_-]{40,}"
  "Cloudflare API token|CLOUDFLARE_API_TOKEN=[A-Za-z0-9_-]{40}"
  "GitHub token|gh[pousr]_[A-Za-z0-9]{36}"
  "GitHub fine-grained token|github_pat_[A-Za-z0-9_]{60,}"
  "Google OAuth client secret|GOCSPX-[A-Za-z0-9_-]{28}"
  "Google OAuth refresh token|1//0[A-Za-z0-9_-]{40,}"
  "rclone OAuth token|\"refresh_token\":\"[^\"]{20,}\""
  "rclone crypt password|^password2? = [A-Za-z0-9_-]{20,}"
  "AWS access key|AKIA[0-9A-Z]{16}"
)
# Files that hold secrets by their nature, wherever they are.
SECRET_FILES='(^|/)(\.env\.production|\.env\.local|rclone\.conf|id_(rsa|ecdsa|ed25519)[^/]*|[^/]*\.pem|[^/]*\.p12|credentials\.json)$'

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local repo="$ROOT"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --repo) repo="${2:?--repo needs a directory}"; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; log error "Unknown argument: $1"; exit 2 ;;
    esac
    shift
  done
  git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || { log error "$repo is not a git repository"; exit 2; }
  local commits found=0 entry kind pattern line
  commits="$(git -C "$repo" rev-list --all | wc -l)"
  [[ "$(git -C "$repo" rev-parse --is-shallow-repository)" == false ]] \
    || log warn "$repo is a shallow clone: only the $commits commits it has are scanned (git fetch --unshallow scans all)"
  for entry in "${PATTERNS[@]}"; do
    kind="${entry%%|*}" pattern="${entry#*|}"
    # Every commit whose changes add or remove a matching line, and the files it touched that hold
    # one then (git log -G looks at the changes, so a secret deleted later is still found, at the
    # commit that added it).
    local commit="" date="" file
    while read -r line; do
      if [[ "$line" == @* ]]; then
        read -r commit date <<<"${line#@}"
        continue
      fi
      file="$line"
      [[ -n "$file" ]] || continue
      if git -C "$repo" show "$commit:$file" 2>/dev/null | grep -qE -- "$pattern"; then
        echo "FOUND: $kind in $file (commit $commit, $date; the secret is not printed)"
        found=$((found + 1))
      fi
    done < <(git -C "$repo" log --all -E -G"$pattern" --format='@%h %ad' --date=short --name-only)
  done
  while read -r line; do
    [[ -n "$line" ]] || continue
    echo "FOUND: a secrets file in git: $line (commit $(git -C "$repo" log --all --format=%h -1 -- "$line"))"
    found=$((found + 1))
  done < <(git -C "$repo" log --all --format= --name-only | sort -u | grep -E "$SECRET_FILES" || true)
  if ((found > 0)); then
    log error "$found possible secrets in the history of $repo (all $commits commits scanned): rotate each one now, then remove it from history (docs/operations.md)"
    exit 1
  fi
  log info "No secret found in the $commits commits of $repo (every branch and tag; ${#PATTERNS[@]} kinds of key and token, and secrets files)"
}

main "$@"
