#!/usr/bin/env bats
# The docs against the repository: every script the README and docs/ tell someone to run is
# there and explains itself with --help.

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  DOCS=("$ROOT/README.md" "$ROOT"/docs/*.md)
}

# The scripts named by path (infra/scripts/NAME.sh, infra/scripts/bakeshop) in README.md and
# docs/*.md, one per line. Libraries under infra/scripts/lib/ are sourced, not run: not listed.
named_scripts() {
  grep -ohE 'infra/scripts/[A-Za-z0-9._-]+' "${DOCS[@]}" | sed 's/[.]*$//' \
    | grep -E '^infra/scripts/([A-Za-z0-9_-]+\.sh|bakeshop)$' | sort -u
}

# The lines of README.md and docs/*.md naming SCRIPT, as FILE:TEXT.
lines_naming() {
  local pattern
  pattern="${1//./\\.}([^A-Za-z0-9._-]|$)"
  grep -HE "$pattern" "${DOCS[@]}" | sed "s|^$ROOT/||"
}

# True when every line naming SCRIPT is a row of docs/user-stories.md's table whose Status
# column says planned: a script that is not built yet and says so.
only_in_planned_rows() {
  local line file text status
  while IFS= read -r line; do
    file="${line%%:*}"
    text="${line#*:}"
    [[ "$file" == docs/user-stories.md && "$text" == "|"* ]] || return 1
    status="$(awk -F'|' '{ gsub(/^[ \t]+|[ \t]+$/, "", $4); print $4 }' <<<"$text")"
    [[ "$status" == planned ]] || return 1
  done < <(lines_naming "$1")
}

# The story IDs of the rows naming SCRIPT, for the skip message.
planned_rows() {
  lines_naming "$1" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | xargs
}

@test "hash-password.sh --help prints its usage, not lines of its code" {
  run "$ROOT/infra/scripts/hash-password.sh" --help
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "Usage: infra/scripts/hash-password.sh NAME"* ]]
  [[ "$output" == *".env.production"* ]]
  [[ "$output" != *"set -"* && "$output" != *"source "* && "$output" != *'#!'* ]] || { echo "$output"; false; }
}

@test "every script named in the README and docs exists and answers --help with a Usage: line" {
  local script scripts=() problems=() checked=0
  mapfile -t scripts < <(named_scripts)
  for script in "${scripts[@]}"; do
    if [[ ! -e "$ROOT/$script" ]] && only_in_planned_rows "$script"; then
      echo "# skipped $script: not built yet, named only in planned rows of docs/user-stories.md ($(planned_rows "$script"))" >&3
      continue
    fi
    checked=$((checked + 1))
    if [[ ! -x "$ROOT/$script" ]]; then
      problems+=("$script is missing or not executable; named in: $(lines_naming "$script" | cut -d: -f1 | sort -u | xargs)")
      continue
    fi
    run timeout 30 "$ROOT/$script" --help </dev/null
    if [[ "$status" -ne 0 ]]; then
      problems+=("$script --help exited with $status")
    elif ! grep -q '^Usage:' <<<"$output"; then
      problems+=("$script --help printed no line starting with 'Usage:'")
    elif grep -qE '^(set -|source |#!)' <<<"$output"; then
      problems+=("$script --help prints lines of its code: $(grep -E '^(set -|source |#!)' <<<"$output" | head -1)")
    fi
  done
  [ "$checked" -gt 0 ]
  [ "${#problems[@]}" -eq 0 ] || { printf '%s\n' "${problems[@]}"; false; }
}

# The commands in the docs' code (fenced blocks and `inline code`), one per line, split at &&, ;
# and |: what a reader would type.
doc_commands() {
  python3 - "${DOCS[@]}" <<'PY'
import re, sys
for path in sys.argv[1:]:
    block = False
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            block = not block
            continue
        for code in ([line.rstrip()] if block else re.findall(r"`([^`]+)`", line)):
            for part in re.split(r"&&|;|\|", code):
                print(part.strip())
PY
}

@test "every bakeshop command and every option of our scripts the docs show exists (drift between docs and code)" {
  local commands line script rest option problems=() word help
  declare -A helps=()
  commands="$("$ROOT/infra/scripts/bakeshop" --help | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' | sort -u)"
  grep -qx logs <<<"$commands" && grep -qx check <<<"$commands" # the list itself was read
  helps[bakeshop]="$("$ROOT/infra/scripts/bakeshop" --help; for word in logs restart cleanup update-system; do "$ROOT/infra/scripts/bakeshop" "$word" --help; done)"
  while IFS= read -r line; do
    [[ "$line" =~ (^|[/ ])(infra/scripts/)?(bakeshop|[a-z0-9-]+\.sh)( (.*))?$ ]] || continue
    script="${BASH_REMATCH[3]}" rest="${BASH_REMATCH[5]}"
    [[ "$script" == bakeshop || -x "$ROOT/infra/scripts/$script" ]] || continue
    if [[ "$script" == bakeshop && "$rest" =~ ^([a-z][a-z-]*) ]]; then
      word="${BASH_REMATCH[1]}"
      grep -qx -- "$word" <<<"$commands" || problems+=("\`$line\`: bakeshop has no command $word")
      [[ "$word" == compose ]] && continue # docker-compose's own options
    fi
    [[ -n "${helps[$script]:-}" ]] || helps[$script]="$("$ROOT/infra/scripts/$script" --help 2>&1)"
    help="${helps[$script]}"
    while read -r option; do
      grep -qF -- "$option" <<<"$help" || problems+=("\`$line\`: $script --help does not know $option")
    done < <(grep -oE '(^| )--[a-z][a-z-]*' <<<"$rest" | tr -d ' ')
  done < <(doc_commands)
  [ "${#problems[@]}" -eq 0 ] || { printf '%s\n' "${problems[@]}"; false; }
}

@test "the docs' values are ones the code takes: --since in hours (Docker has no days), references as the shop makes them" {
  local problems=()
  # `docker logs --since 1d` is refused ("invalid duration"): Docker takes Go durations, 24h.
  mapfile -t problems < <(grep -rnoE -- '--since [0-9]+d\b' "$ROOT/docs" "$ROOT/README.md" "$ROOT/infra/scripts" || true)
  # An order's reference is six characters of the storefront's alphabet (GHFPZT), never ORD-…
  local alphabet
  alphabet="$(sed -n 's/.*REFERENCE_ALPHABET = "\([0-9A-Z]*\)".*/\1/p' "$ROOT/storefront/src/main/java/com/allthemuchbakeshop/storefront/service/OrderIntakeService.java")"
  [[ -n "$alphabet" && GHFPZT =~ ^[$alphabet]{6}$ ]] || problems+=("GHFPZT, the docs' example reference, is not one the storefront makes (alphabet '$alphabet')")
  mapfile -t -O "${#problems[@]}" problems < <(grep -rnoE 'ORD-[0-9A-Z]*' "$ROOT/docs" "$ROOT/README.md" "$ROOT/infra/scripts" || true)
  # The text channel's settings are named where the owner's details are explained.
  local setting
  for setting in OWNER_TEXT_CHANNEL OWNER_SMS_GATEWAY OWNER_PHONE; do
    grep -q "\`$setting\`" "$ROOT/docs/configuration.md" || problems+=("docs/configuration.md does not name $setting")
  done
  [ "${#problems[@]}" -eq 0 ] || { printf '%s\n' "${problems[@]}"; false; }
}
