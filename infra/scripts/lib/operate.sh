# shellcheck shell=bash
# The operator's everyday commands of infra/scripts/bakeshop (sourced by it; uses its compose,
# require_engine and PROJECT): logs, restart, the containers' part of status, and cleanup.
# Every container is found by its compose labels, so stopped and crashed ones are seen too.

# project_containers [SERVICE...]: "service id" lines of the project's containers (stopped ones
# included), sorted by service; every SERVICE must be one of the stack's.
project_containers() {
  local service known
  known="$(compose config --services 2>/dev/null)" || die "docker-compose cannot read the configuration; see: bakeshop check"
  for service in "$@"; do
    grep -qxF -- "$service" <<<"$known" \
      || die "There is no service '$service'; the services are: $(tr '\n' ' ' <<<"$known")"
  done
  docker ps -a --filter "label=com.docker.compose.project=$PROJECT" \
    --format '{{.Label "com.docker.compose.service"}} {{.ID}}' | sort |
    if [[ $# -eq 0 ]]; then cat; else grep -E "^($(IFS='|'; echo "$*")) "; fi || true
}

# logs [-f] [--since WHEN] [--tail N] [--grep TEXT] [SERVICE...]
logs_command() {
  local follow=false since="" tail="" pattern="" services=() lines service id width=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -f | --follow) follow=true ;;
      --since) since="${2:?--since needs a time: 10m, 2h, 2026-12-04 or 2026-12-04T06:00}"; shift ;;
      --tail) tail="${2:?--tail needs a number of lines}"; shift ;;
      --grep) pattern="${2:?--grep needs the text to look for}"; shift ;;
      -h | --help) logs_usage; return 0 ;;
      -*) logs_usage >&2; die "Unknown logs option: $1" ;;
      *) services+=("$1") ;;
    esac
    shift
  done
  [[ -z "$tail" || "$tail" =~ ^[0-9]+$ ]] || die "--tail $tail: give a number of lines"
  # Without --since or --tail, the last 100 lines of each; --grep looks through all of them.
  [[ -n "$tail$since" || -n "$pattern" ]] || tail=100
  require_engine
  mapfile -t lines < <(project_containers "${services[@]}")
  [[ ${#lines[@]} -gt 0 ]] || die "No containers of project $PROJECT${services:+ for ${services[*]}}; start them with: bakeshop up"
  for service in "${lines[@]}"; do
    service="${service%% *}"
    ((${#service} > width)) && width=${#service}
  done
  local args=(-t) out
  [[ -n "$since" ]] && args+=(--since "$since")
  [[ -n "$tail" ]] && args+=(--tail "$tail")
  # A bad --since is named by Docker itself before anything is printed.
  if [[ -n "$since" ]] && ! out="$(docker logs --since "$since" --tail 0 "${lines[0]#* }" 2>&1 >/dev/null)"; then
    die "--since $since: ${out:-Docker refused it} (e.g. 10m, 2h, 2026-12-04T06:00)"
  fi
  if [[ "$follow" == true ]]; then
    # One follower per container, each line prefixed with its service; Ctrl-C stops them all.
    local pids=()
    trap 'kill "${pids[@]}" 2>/dev/null; exit 0' INT TERM
    for service in "${lines[@]}"; do
      id="${service#* }" service="${service%% *}"
      (docker logs -f "${args[@]}" "$id" 2>&1 | log_lines "$service" "$width" "$pattern") &
      pids+=($!)
    done
    wait
    return 0
  fi
  # Every container's lines, merged in time order (the timestamp is the second field).
  for service in "${lines[@]}"; do
    id="${service#* }" service="${service%% *}"
    docker logs "${args[@]}" "$id" 2>&1 | log_lines "$service" "$width" "$pattern"
  done | sort -s -b -k3,3
}

# log_lines SERVICE WIDTH PATTERN: "service | timestamp line" for each line read, those holding
# PATTERN (case-insensitive, as text) only when given.
log_lines() {
  if [[ -n "$3" ]]; then grep --line-buffered -iF -- "$3" || true; else cat; fi |
    while IFS= read -r line; do printf '%-*s | %s\n' "$2" "$1" "$line"; done
}

logs_usage() {
  cat <<'EOF'
Usage: bakeshop logs [-f] [--since WHEN] [--tail N] [--grep TEXT] [SERVICE...]
  The logs of the services (all of them without SERVICE), each line with its service and time,
  merged in time order; stopped and crashed containers too.
  -f, --follow    keep printing new lines until Ctrl-C
  --since WHEN    from then on: 10m, 2h, 2026-12-04, 2026-12-04T06:00 (the Pi's clock, UTC)
  --tail N        the last N lines of each service (default 100 unless --since or --grep)
  --grep TEXT     only the lines holding TEXT (any case), e.g. --grep error, --grep GHFPZT (an order)
EOF
}

# wait_containers_healthy SECONDS ID...: until every container runs and is healthy (or runs
# without a healthcheck); 1 if one is not by then.
wait_containers_healthy() {
  local deadline=$((SECONDS + $1)) id state waiting
  shift
  while ((SECONDS < deadline)); do
    waiting=0
    for id in "$@"; do
      state="$(docker inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2>/dev/null)"
      [[ "$state" == running/healthy || "$state" == running/none ]] || waiting=$((waiting + 1))
    done
    ((waiting == 0)) && return 0
    sleep 2
  done
  return 1
}

# restart [SERVICE...]
restart_command() {
  local services=() lines entry ids=() start=$SECONDS
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) restart_usage; return 0 ;;
      -*) restart_usage >&2; die "Unknown restart option: $1" ;;
      *) services+=("$1") ;;
    esac
    shift
  done
  require_engine
  mapfile -t lines < <(project_containers "${services[@]}")
  [[ ${#lines[@]} -gt 0 ]] || die "No containers of project $PROJECT${services:+ for ${services[*]}}; start them with: bakeshop up"
  for entry in "${lines[@]}"; do ids+=("${entry#* }"); done
  log info "Restarting ${services[*]:-every service} (the same container, image and settings; a changed setting needs: bakeshop up)"
  [[ " ${services[*]:-storefront} " == *" storefront "* ]] \
    && log info "  the website is away for the storefront's restart (about 15 s); a deploy (infra/scripts/deploy.sh) replaces it with no gap"
  compose restart "${services[@]}" >/dev/null 2>&1 || die "docker-compose restart failed; see: bakeshop status"
  if ! wait_containers_healthy 300 "${ids[@]}"; then
    for entry in "${lines[@]}"; do
      log error "  ${entry%% *}: $(docker inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{else}}no healthcheck{{end}}' "${entry#* }")"
    done
    die "Restarted, but not every service is healthy after 5 minutes; see: bakeshop logs --tail 50 ${services[*]}"
  fi
  log info "Restarted and healthy in $((SECONDS - start)) s: $(for entry in "${lines[@]}"; do printf '%s ' "${entry%% *}"; done)"
}

restart_usage() {
  cat <<'EOF'
Usage: bakeshop restart [SERVICE...]
  Restarts the services (all of them without SERVICE) and waits until each is healthy again
  (exit 1 with their state if one is not within 5 minutes). The same containers, images and
  settings: after editing .env.production run `bakeshop up` instead, which recreates what changed.
EOF
}

# human_duration SECONDS: "3d 4h", "2h 5m", "4m 10s"
human_duration() {
  local s=$1
  if ((s >= 86400)); then printf '%dd %dh' $((s / 86400)) $((s % 86400 / 3600))
  elif ((s >= 3600)); then printf '%dh %dm' $((s / 3600)) $((s % 3600 / 60))
  else printf '%dm %ds' $((s / 60)) $((s % 60)); fi
}

# containers_status: a table of every container of the project (state, health, up for, restarts,
# CPU, memory against its limit, image), then the disk Docker writes to. 1 if one is not running
# and healthy.
containers_status() {
  local lines entry service id state health started restarts image cpu mem up bad=0 now
  declare -A stats=()
  mapfile -t lines < <(project_containers)
  [[ ${#lines[@]} -gt 0 ]] || { log error "No containers of project $PROJECT; start them with: bakeshop up"; return 1; }
  while IFS=$'\t' read -r id cpu mem; do stats[$id]="$cpu"$'\t'"$mem"; done \
    < <(docker stats --no-stream --format '{{.ID}}\t{{.CPUPerc}}\t{{.MemUsage}}' 2>/dev/null)
  now="$(date +%s)"
  printf '\n%-14s %-9s %-10s %-9s %-8s %-6s %-21s %s\n' service state health "up for" restarts CPU "memory / limit" image
  for entry in "${lines[@]}"; do
    service="${entry%% *}" id="${entry#* }"
    IFS=$'\t' read -r state health started restarts image < <(docker inspect -f \
      '{{.State.Status}}	{{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}	{{.State.StartedAt}}	{{.RestartCount}}	{{.Config.Image}}' "$id")
    up=-
    [[ "$state" == running ]] && up="$(human_duration $((now - $(date -d "$started" +%s))))"
    cpu="$(cut -f1 <<<"${stats[$id]:-}")" mem="$(cut -f2 <<<"${stats[$id]:-}")"
    printf '%-14s %-9s %-10s %-9s %-8s %-6s %-21s %s\n' "$service" "$state" "$health" "$up" "$restarts" \
      "${cpu:--}" "$(tr -d ' ' <<<"${mem:--}" | sed 's|/| / |')" "$image"
    [[ "$state" == running && ( "$health" == healthy || "$health" == - ) ]] || bad=$((bad + 1))
  done
  local root
  root="$(docker info -f '{{.DockerRootDir}}' 2>/dev/null || echo /var/lib/docker)"
  printf '\nDisk: '
  df -h --output=avail,size,pcent "$root" 2>/dev/null | awk -v r="$root" 'NR == 2 { printf "%s free of %s (%s used) where Docker keeps images, containers and volumes (%s)\n", $1, $2, $3, r }' \
    || echo "cannot read the free space of $root"
  ((bad == 0)) || { log warn "$bad of ${#lines[@]} containers are not running and healthy: bakeshop logs --tail 50 SERVICE"; return 1; }
}

# cleanup [--dry-run] [--keep N] [--log-days N]
cleanup_command() {
  local dry=false keep=3 days=14
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run) dry=true ;;
      --keep) keep="${2:?--keep needs a number}"; shift ;;
      --log-days) days="${2:?--log-days needs a number of days}"; shift ;;
      -h | --help) cleanup_usage; return 0 ;;
      *) cleanup_usage >&2; die "Unknown cleanup option: $1" ;;
    esac
    shift
  done
  [[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "--keep $keep: keep at least 1 image per service (the one that runs is always kept)"
  [[ "$days" =~ ^[1-9][0-9]*$ ]] || die "--log-days $days: give a number of days, 1 or more"
  require_engine
  local root before after used repos=() entry image repo
  root="$(docker info -f '{{.DockerRootDir}}')"
  before="$(df -B1M --output=avail "$root" | tail -1 | tr -d ' ')"
  declare -A in_use=()
  for image in $(docker ps -aq | xargs -r docker inspect -f '{{.Image}}'); do in_use[$image]=1; done
  # 1. Each service's older images beyond the newest --keep (deploys leave them; a rollback needs
  #    the previous one), never one a container uses, running or stopped.
  while read -r entry; do
    image="$(docker inspect -f '{{.Config.Image}}' "${entry#* }")"
    repo="${image%@*}"
    [[ "$repo" == *:* && "${repo##*:}" != */* ]] && repo="${repo%:*}"
    [[ " ${repos[*]} " == *" $repo "* ]] || repos+=("$repo")
  done < <(project_containers)
  local n id tags removed=0 kept=0 size names=()
  for repo in "${repos[@]}"; do
    n=0
    while read -r id; do
      n=$((n + 1))
      tags="$(docker image inspect -f '{{join .RepoTags " "}}' "$id" 2>/dev/null)"
      if ((n <= keep)) || [[ -n "${in_use[$id]:-}" ]]; then
        kept=$((kept + 1)); continue
      fi
      size="$(docker image inspect -f '{{.Size}}' "$id" | awk '{ printf "%.0f", $1 / 1e6 }')"
      if [[ "$dry" == true ]]; then
        echo "  would remove image $id ${tags:-<untagged>} ($size MB)"
      else
        # Every tag of this repository on the image, then the image if nothing else names it.
        mapfile -t names < <(tr ' ' '\n' <<<"$tags" | grep -F "$repo:" || true)
        [[ ${#names[@]} -gt 0 ]] || names=("$id")
        docker rmi "${names[@]}" >/dev/null 2>&1 || { log warn "  kept image $id ($tags): Docker would not remove it"; continue; }
        echo "  removed image $id ${tags:-<untagged>} ($size MB)"
      fi
      removed=$((removed + 1))
    done < <(docker images --no-trunc --format '{{.CreatedAt}}\t{{.ID}}' "$repo" | sort -r | cut -f2 | awk '!seen[$0]++')
  done
  log info "Service images: $removed older ones $([[ "$dry" == true ]] && echo "would go" || echo removed), $kept kept (the newest $keep of each and every one in use)"
  # 2. Untagged images nothing uses, and the build cache.
  if [[ "$dry" == true ]]; then
    log info "Would remove $(docker images -q -f dangling=true | wc -l) untagged images and the build cache ($(docker system df --format '{{.Type}}: {{.Reclaimable}}' | grep -i 'build cache' || echo 'none'))"
  else
    docker image prune -f >/dev/null || log warn "docker image prune failed"
    docker builder prune -f >/dev/null 2>&1 || true
    log info "Untagged images and the build cache removed"
  fi
  # 3. Logs: the system journal beyond --log-days and rotated files in /var/log (containers' own
  #    logs are capped by Docker's log limits, which infra/scripts/setup-pi.sh sets).
  if [[ $EUID -ne 0 ]]; then
    log info "Old system logs: run with sudo to clean them too"
  elif [[ "$dry" == true ]]; then
    log info "Would remove $(find /var/log -type f \( -name '*.gz' -o -name '*.[0-9]' \) -mtime +"$days" | wc -l) rotated log files older than $days days$(command -v journalctl >/dev/null && echo ' and journal entries older than that')"
  else
    used="$(find /var/log -type f \( -name '*.gz' -o -name '*.[0-9]' \) -mtime +"$days" -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }')"
    find /var/log -type f \( -name '*.gz' -o -name '*.[0-9]' \) -mtime +"$days" -delete
    if command -v journalctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
      journalctl --vacuum-time="${days}d" >/dev/null 2>&1 || log warn "journalctl --vacuum-time failed"
    fi
    log info "Logs older than $days days removed ($used MB of rotated files$(command -v journalctl >/dev/null && echo ', plus the journal'))"
  fi
  after="$(df -B1M --output=avail "$root" | tail -1 | tr -d ' ')"
  if [[ "$dry" == true ]]; then
    log info "Dry run: nothing was removed. $after MB free where Docker keeps its data ($root)"
  else
    log info "Freed $((after > before ? after - before : 0)) MB; $after MB free where Docker keeps its data ($root)"
  fi
}

cleanup_usage() {
  cat <<'EOF'
Usage: bakeshop cleanup [--dry-run] [--keep N] [--log-days N]
  Frees disk space, keeping everything in use: each service's older images beyond the newest N
  (default 3, so a rollback still has the previous one; an image any container uses is always
  kept), untagged images, Docker's build cache, and (as root) rotated logs in /var/log and
  journal entries older than --log-days (default 14). Ends with the space freed.
  --dry-run       say what would go; remove nothing
EOF
}

# update-system [--dry-run] [--reboot]
update_system_command() {
  local dry=false reboot=false start=$SECONDS upgradable n
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run) dry=true ;;
      --reboot) reboot=true ;;
      -h | --help) update_system_usage; return 0 ;;
      *) update_system_usage >&2; die "Unknown update-system option: $1" ;;
    esac
    shift
  done
  [[ $EUID -eq 0 ]] || die "Updating the system needs root: sudo infra/scripts/update-system.sh"
  command -v apt-get >/dev/null 2>&1 || die "There is no apt-get here: update-system is for Raspberry Pi OS / Debian"
  export DEBIAN_FRONTEND=noninteractive
  log info "Step 1/3: reading the package lists (apt-get update)"
  apt-get update -qq || die "apt-get update failed (see above): is the Pi online? Nothing was changed"
  upgradable="$(apt list --upgradable 2>/dev/null | grep -v '^Listing' || true)"
  n="$(grep -c . <<<"$upgradable" || true)"
  if ((n == 0)); then
    log info "Nothing to upgrade: every package is up to date"
  elif [[ "$dry" == true ]]; then
    printf '%s\n' "$upgradable"
    log info "Dry run: $n packages would be upgraded; nothing was changed"
    return 0
  else
    log info "Step 2/3: upgrading $n packages (settings files you changed are kept)"
    apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold upgrade \
      || die "apt-get upgrade failed (see above); run it again, or: sudo dpkg --configure -a"
    log info "Upgraded $n packages in $((SECONDS - start)) s"
    # An upgraded Docker engine restarts, and the containers with it: wait until they are back.
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
      local ids=()
      mapfile -t ids < <(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter status=running)
      if [[ ${#ids[@]} -gt 0 ]] && ! wait_containers_healthy 300 "${ids[@]}"; then
        log warn "Not every container is healthy 5 minutes after the upgrade: bakeshop status"
      fi
    fi
  fi
  [[ "$dry" == true ]] && return 0
  log info "Step 3/3: reboot needed?"
  if [[ -f /var/run/reboot-required ]]; then
    if [[ "$reboot" == true ]]; then
      log info "Rebooting now (the site is away about 2 minutes; every container starts by itself)"
      maintenance 15 reboot after system updates >/dev/null 2>&1 || log warn "Could not open a maintenance window: the monitor may send a down alert"
      systemctl reboot || die "systemctl reboot failed: sudo reboot"
    else
      log warn "A reboot is needed ($(tr '\n' ' ' </var/run/reboot-required.pkgs 2>/dev/null || echo 'kernel or system libraries')): sudo infra/scripts/update-system.sh --reboot, at a quiet hour (the site is away about 2 minutes)"
    fi
  else
    log info "No reboot needed"
  fi
}

update_system_usage() {
  cat <<'EOF2'
Usage: sudo bakeshop update-system [--dry-run] [--reboot]
  The Pi's package updates (unattended-upgrades already installs security updates every night):
  apt-get update, then apt-get upgrade (nothing removed; settings files you changed are kept),
  waits until the containers are healthy again if Docker itself was upgraded, then says whether
  a reboot is needed.
  --dry-run    list what would be upgraded; change nothing
  --reboot     reboot when an update needs it, with a 15-minute maintenance window (no alerts)
EOF2
}

# configure-cloudflare [--site-url URL] [--no-start]: the tunnel's token into the settings file.
configure_cloudflare_command() {
  local site_url="" start=true token decoded
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --site-url) site_url="${2:?--site-url needs the site address, e.g. https://allthemuchbakeshop.com}"; shift ;;
      --no-start) start=false ;;
      -h | --help) configure_cloudflare_usage; return 0 ;;
      -*) configure_cloudflare_usage >&2; die "Unknown configure-cloudflare option: $1" ;;
      *) die "Do not put the token on the command line (it would stay in the shell's history and the process list): paste it when asked, or pipe it in" ;;
    esac
    shift
  done
  [[ -f "$ENV_FILE" ]] || die "No settings file at $ENV_FILE: cp .env.example .env.production, fill it in, chmod 600 .env.production"
  [[ -z "$site_url" || "$site_url" =~ ^https://[a-z0-9.-]+\.[a-z]{2,}/?$ ]] \
    || die "--site-url $site_url: give the public address, https://your-domain (the address email links use)"
  if [[ -t 0 ]]; then
    echo "Paste the tunnel's token (the eyJ... text after --token on the tunnel's Docker install page), then Enter:" >&2
    IFS= read -r -s token
    echo >&2
  else
    IFS= read -r token || true
  fi
  token="$(tr -d '[:space:]' <<<"$token")"
  [[ -n "$token" ]] || die "No token given; nothing was changed"
  # A remotely managed tunnel's token is base64 JSON: {"a": account tag, "t": tunnel id, "s": secret}.
  local padded="$token"
  while ((${#padded} % 4)); do padded+="="; done
  decoded="$(base64 -d <<<"$padded" 2>/dev/null | tr -d '[:space:]' || true)"
  [[ "$decoded" =~ \"a\":\"[0-9a-f]{32}\" && "$decoded" =~ \"t\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\" && "$decoded" =~ \"s\":\"[A-Za-z0-9+/=]{20,}\" ]] \
    || die "That is not a tunnel token (expected the eyJ... text after --token on the tunnel's Docker install page, docs/cloudflare.md); nothing was changed"
  local tunnel="${decoded#*\"t\":\"}"
  tunnel="${tunnel%%\"*}"
  # The file rewritten beside itself (mode 600 from the start), every other line as it was: the
  # token line replaced or added, tunnel added to COMPOSE_PROFILES, SITE_URL when given.
  local tmp
  tmp="$(dirname "$ENV_FILE")/.$(basename "$ENV_FILE").tmp.$$"
  (umask 077 && TOKEN="$token" SITE="$site_url" awk '
    BEGIN { token = ENVIRON["TOKEN"]; site = ENVIRON["SITE"] }
    /^[[:space:]]*TUNNEL_TOKEN=/ { if (!t) print "TUNNEL_TOKEN=" token; t = 1; next }
    /^[[:space:]]*COMPOSE_PROFILES=/ {
      v = $0; sub(/^[^=]*=/, "", v); gsub(/["'"'"' ]/, "", v)
      if (("," v ",") !~ /,tunnel,/) v = (v == "" ? "tunnel" : v ",tunnel")
      if (!p) print "COMPOSE_PROFILES=" v; p = 1; next
    }
    /^[[:space:]]*SITE_URL=/ && site != "" { if (!s) print "SITE_URL=" site; s = 1; next }
    { print }
    END {
      if (!t) print "TUNNEL_TOKEN=" token
      if (!p) print "COMPOSE_PROFILES=tunnel"
      if (site != "" && !s) print "SITE_URL=" site
    }' "$ENV_FILE" >"$tmp") || { rm -f "$tmp"; die "Could not write $tmp; nothing was changed"; }
  chmod 600 "$tmp" && mv "$tmp" "$ENV_FILE"
  log info "Tunnel ${tunnel:0:8}… set in $ENV_FILE (TUNNEL_TOKEN, COMPOSE_PROFILES with tunnel${site_url:+, SITE_URL=$site_url}); the token is not shown"
  [[ "$start" == true ]] || { log info "Not started (--no-start): infra/scripts/bakeshop up starts cloudflared"; return 0; }
  check_settings
  require_engine
  compose up -d --remove-orphans || die "docker-compose up failed; see above"
  local id
  id="$(compose ps -q cloudflared)"
  [[ -n "$id" ]] || die "No cloudflared container: this docker-compose did not read COMPOSE_PROFILES from $ENV_FILE; run: infra/scripts/bakeshop compose --profile tunnel up -d"
  log info "Waiting for cloudflared to connect to Cloudflare (up to 2 minutes)"
  if wait_containers_healthy 120 "$id"; then
    log info "The tunnel is connected. In the Cloudflare dashboard it shows Healthy; its public hostname must point at http://edge:8000 (docs/cloudflare.md)"
  else
    docker logs --tail 20 "$id" 2>&1 | sed 's/^/  /' >&2
    die "cloudflared did not connect within 2 minutes (its last lines above): a rotated or mistyped token, or no way out to Cloudflare (port 7844); docs/operations.md"
  fi
}

configure_cloudflare_usage() {
  cat <<'EOF2'
Usage: bakeshop configure-cloudflare [--site-url https://DOMAIN] [--no-start]
  Puts the Cloudflare Tunnel's token into the settings file and starts cloudflared: asks for the
  token (hidden; or reads it from a pipe, never from the command line), checks that it is one,
  sets TUNNEL_TOKEN and adds tunnel to COMPOSE_PROFILES (and SITE_URL with --site-url), every
  other line kept and the file mode 600; then `bakeshop up` and waits until cloudflared is
  connected. The dashboard's side (the tunnel, its public hostnames) is in docs/cloudflare.md.
  Also for a rotated token.
  --no-start   only write the settings
EOF2
}
