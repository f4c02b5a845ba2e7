#!/usr/bin/env bash
# Builds the stand-in base images the tests use where no image registry is reachable, from
# Debian bookworm packages (debootstrap minbase), and loads them into Docker:
#   bakeshop-standin-jdk:TAG    a JDK (+ objcopy, which Debian's jlink uses), for the jlink stage
#                               (official: eclipse-temurin:17-jdk)
#   bakeshop-standin-base:TAG   a minimal Debian with a static busybox (official: busybox, for the
#                               tools stage; tests also start from it as from a fresh Debian)
#   bakeshop-standin-caddy:TAG  Caddy 2.6 for the edge proxy       (official: caddy:2)
#   bakeshop-standin-rclone:TAG Debian's rclone in /usr/local/bin  (official: rclone/rclone)
# TAG is bookworm on this machine's architecture, bookworm-arm64 with --arch arm64 (which needs
# qemu-user-static and binfmt_misc; see setup_emulation). Cached: existing images are reused and
# downloaded packages are kept in /var/cache/bakeshop-debootstrap. The package mirror is read
# from this machine's apt configuration.
#
# Usage: infra/docker/build-standins.sh [--arch amd64|arm64] [--force]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

CACHE=/var/cache/bakeshop-debootstrap
# A few libraries beyond minbase (the Java images no longer start from this one: they carry what
# their runtime links, copied in the jlink stage; kept so that cached stand-ins stay valid).
RUNTIME_PACKAGES=busybox-static,ca-certificates,libjpeg62-turbo,liblcms2-2,zlib1g
WORK=""

mirror() {
  local uri
  uri="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -v security | head -1 | awk '{print $2}')"
  [[ -n "$uri" ]] || die "No Debian mirror found in /etc/apt/sources.list{,.d}; cannot build the stand-in images"
  echo "$uri"
}

# Running arm64 programs here (debootstrap's second stage, jlink, the image's healthcheck) needs
# qemu's user-mode emulator registered with binfmt_misc, with the F flag so containers use it.
setup_emulation() {
  require_packages "qemu-aarch64-static:qemu-user-static" "update-binfmts:binfmt-support"
  if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
      || die "Cannot mount binfmt_misc (needed to run arm64 programs); is this a privileged machine?"
  fi
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || update-binfmts --enable qemu-aarch64 \
    || die "Cannot register qemu-aarch64 with binfmt_misc"
  grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || die "qemu-aarch64 is registered without the F flag; containers could not find the emulator"
}

# load_image ROOTFS IMAGE ARCH: the folder as a one-layer image marked with its architecture.
# (`docker import --platform` only works on an experimental engine; an image `docker load`s
# carries the architecture of its config, which `docker build --platform` then matches.)
load_image() {
  local rootfs="$1" image="$2" arch="$3" dir layer config
  dir="$WORK/image"
  rm -rf "$dir" && mkdir -p "$dir"
  tar -C "$rootfs" --xattrs --xattrs-include=security.capability -cf "$dir/layer.tar" . || die "Could not pack $rootfs"
  layer="$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)"
  mkdir "$dir/$layer" && mv "$dir/layer.tar" "$dir/$layer/layer.tar"
  printf '{"architecture":"%s","os":"linux","created":"%s","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"infra/docker/build-standins.sh: debootstrap bookworm"}]}' \
    "$arch" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$layer" >"$dir/config.json"
  config="$(sha256sum "$dir/config.json" | cut -d' ' -f1)"
  mv "$dir/config.json" "$dir/$config.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config" "$image" "$layer" >"$dir/manifest.json"
  tar -C "$dir" -c manifest.json "$config.json" "$layer" | docker load >/dev/null || die "docker load of $image failed"
  rm -rf "$dir"
}

# debootstrap a minbase root with extra packages and load it as an image.
build() {
  local image="$1" arch="$2" packages="$3" rootfs
  rootfs="$WORK/${image//[^a-zA-Z0-9.-]/_}"
  if [[ "$FORCE" != true ]] && docker image inspect "$image" >/dev/null 2>&1; then
    log info "$image exists; reusing it (--force rebuilds)"
    return 0
  fi
  local mirror_uri
  mirror_uri="$(mirror)" || exit 1
  log info "debootstrap $image ($packages) from $mirror_uri"
  mkdir -p "$CACHE"
  if ! debootstrap --variant=minbase --arch="$arch" --cache-dir="$CACHE" --include="$packages" \
    bookworm "$rootfs" "$mirror_uri" >"$rootfs.log" 2>&1; then
    tail -30 "$rootfs.log" >&2
    die "debootstrap of $image failed (its last lines above)"
  fi
  # As the official Caddy image does: the binary carries cap_net_bind_service, so the images
  # built on the stand-in meet the same restriction (no file capability may start without it).
  if [[ "$image" == bakeshop-standin-caddy:* ]]; then
    setcap cap_net_bind_service=+ep "$rootfs/usr/bin/caddy" || die "setcap on the stand-in's caddy failed"
  fi
  # Where the official rclone image has its binary (the Dockerfile copies it from there).
  if [[ "$image" == bakeshop-standin-rclone:* ]]; then
    cp "$rootfs/usr/bin/rclone" "$rootfs/usr/local/bin/rclone" || die "the stand-in's rclone is missing"
  fi
  # What an image never needs: package caches, documentation, manuals, other languages.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  load_image "$rootfs" "$image" "$arch"
  rm -rf "$rootfs" "$rootfs.log"
  log info "Built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

main() {
  local arch tag
  arch="$(dpkg --print-architecture)"
  FORCE=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
      --force) FORCE=true ;;
      --arch) arch="${2:?--arch needs amd64 or arm64}"; shift ;;
      *) die "Unknown argument '$1' (try --help)" ;;
    esac
    shift
  done
  [[ "$arch" == amd64 || "$arch" == arm64 ]] || die "Unsupported architecture '$arch': amd64 or arm64"
  tag=bookworm
  [[ "$arch" == "$(dpkg --print-architecture)" ]] || { tag="bookworm-$arch"; setup_emulation; }
  require_packages "debootstrap:debootstrap" "setcap:libcap2-bin"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  build "bakeshop-standin-base:$tag" "$arch" "$RUNTIME_PACKAGES"
  build "bakeshop-standin-jdk:$tag" "$arch" "openjdk-17-jdk-headless,binutils"
  build "bakeshop-standin-rclone:$tag" "$arch" "rclone,ca-certificates"
  [[ "$arch" == "$(dpkg --print-architecture)" ]] && build "bakeshop-standin-caddy:$tag" "$arch" "caddy"
  return 0
}

main "$@"
