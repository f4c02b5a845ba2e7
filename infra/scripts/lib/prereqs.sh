# shellcheck shell=bash
# Makes sure the commands a script needs are there. As root on Debian it installs what is
# missing with apt-get; anywhere else it says exactly what to install and stops.
# Usage: require_packages "COMMAND:PACKAGE" ... (source lib/log.sh first)

apt_updated=false

can_install() {
  [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1
}

require_packages() {
  local missing_packages=() missing_commands=() spec cmd pkg
  for spec in "$@"; do
    cmd="${spec%%:*}"
    pkg="${spec#*:}"
    if ! command -v "$cmd" >/dev/null 2>&1; then
      missing_commands+=("$cmd")
      missing_packages+=("$pkg")
    fi
  done
  [[ ${#missing_packages[@]} -eq 0 ]] && return 0

  if ! can_install; then
    die "Missing ${missing_commands[*]}. Install the Debian packages: sudo apt-get install ${missing_packages[*]}"
  fi
  log info "Installing ${missing_packages[*]} (needed for: ${missing_commands[*]})"
  apt_install "${missing_packages[@]}"
  for cmd in "${missing_commands[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || die "Installed the packages but '$cmd' is still missing"
  done
}

apt_install() {
  if [[ "$apt_updated" == false ]]; then
    apt-get update -q >/dev/null || die "apt-get update failed: check the network and /etc/apt/sources.list"
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || die "Could not install $* with apt-get; see the output above"
}

# A module for Debian's own Python, /usr/bin/python3, where Debian's python3-* packages land (a
# pyenv or venv python first on PATH would not see them).
# Usage: require_debian_python_module MODULE PACKAGE   e.g. aiosmtpd python3-aiosmtpd
require_debian_python_module() {
  local module="$1" package="$2"
  /usr/bin/python3 -c "import $module" 2>/dev/null && return 0
  can_install || die "Debian's /usr/bin/python3 cannot import $module. Install the Debian package: sudo apt-get install $package"
  log info "Installing $package (needed for: /usr/bin/python3 -c 'import $module')"
  apt_install "$package"
  /usr/bin/python3 -c "import $module" 2>/dev/null || die "Installed $package but /usr/bin/python3 still cannot import $module"
}

# Java 17+ and Maven 3.8.6+ build every service.
require_build_tools() {
  require_packages "java:openjdk-17-jdk-headless" "javac:openjdk-17-jdk-headless" "mvn:maven"
  local java_major
  java_major="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
  [[ "${java_major%%.*}" -ge 17 ]] || die "Java 17 or newer is needed; 'java' is version $java_major"
}

# A running Docker engine (with docker-compose and debootstrap for the stand-in images): starts
# dockerd in the background when none answers. Its log: $ROOT/target/dockerd.log.
# The engine is looked for as `dockerd`: a machine can have the `docker` client alone (this kind
# of machine ships one in /usr/local/bin), and the client without an engine is no use.
ensure_docker() {
  require_packages "dockerd:docker.io" "docker:docker.io" "docker-compose:docker-compose" "debootstrap:debootstrap"
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  [[ "$(id -u)" -eq 0 ]] || die "The Docker engine is not running and only root can start it here (sudo dockerd &)"
  log info "Starting the Docker engine (dockerd)"
  mkdir -p "$ROOT/target"
  (setsid dockerd </dev/null >"$ROOT/target/dockerd.log" 2>&1 3>&- &)
  local i
  for ((i = 0; i < 60; i++)); do
    if docker info >/dev/null 2>&1; then
      # The container tests may restart an engine this run started (the "after a reboot" test).
      export BAKESHOP_STARTED_DOCKERD_LOG="$ROOT/target/dockerd.log"
      return 0
    fi
    sleep 1
  done
  die "dockerd did not start within 60 s; see $ROOT/target/dockerd.log"
}
