#!/usr/bin/env bash
# Builds the stand-in base image the tests use where no image registry is reachable: a Debian
# bookworm rootfs (debootstrap minbase) with a Java 17 runtime, Caddy and a static busybox,
# imported as bakeshop-standin:bookworm. The real Dockerfiles take it through build arguments
# instead of the official images (eclipse-temurin, caddy, busybox). Cached: an existing image
# is reused. The package mirror is read from this machine's apt configuration.
#
# Usage: infra/docker/build-standins.sh [--force]
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/scripts/lib/log.sh
source "$ROOT/infra/scripts/lib/log.sh"
# shellcheck source=infra/scripts/lib/prereqs.sh
source "$ROOT/infra/scripts/lib/prereqs.sh"

IMAGE="bakeshop-standin:bookworm"
ROOTFS=""

mirror() {
  local uri
  uri="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -v security | head -1 | awk '{print ($1 == "deb") ? $2 : $2}')"
  [[ -n "$uri" ]] || die "No Debian mirror found in /etc/apt/sources.list{,.d}; cannot build the stand-in image"
  echo "$uri"
}

main() {
  [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0; }
  if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log info "Stand-in image $IMAGE exists; reusing it (--force rebuilds)"
    return 0
  fi
  require_packages "debootstrap:debootstrap"
  ROOTFS="$(mktemp -d)"
  trap 'rm -rf "$ROOTFS" "$ROOTFS.log"' EXIT
  local rootfs="$ROOTFS"
  log info "debootstrap bookworm (JRE, Caddy, busybox) from $(mirror)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,caddy,busybox-static,ca-certificates \
    bookworm "$rootfs" "$(mirror)" >"$rootfs.log" 2>&1 || die "debootstrap failed; see $rootfs.log"
  # What an image never needs: package caches, documentation, manuals, other languages.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | docker import - "$IMAGE" >/dev/null || die "docker import failed"
  rm -f "$rootfs.log"
  log info "Built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

main "$@"
