#!/usr/bin/env bats
# The Pi is arm64: the storefront's image, from the same Dockerfile, built on arm64 stand-in base
# images (debootstrap --arch arm64, run through qemu-user-static and binfmt_misc), starts and
# reports healthy under emulation. Slow by nature (every arm64 instruction is emulated).
# Needs `mvn package` first and a running Docker engine (infra/scripts/run-tests.sh does both).

IMAGE=bakeshop-storefront:arm64-test

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  "$ROOT/infra/docker/build-standins.sh" --arch arm64 >&3 2>&1
  docker rm -f -v bakeshop-arm64-test >/dev/null 2>&1 || true
  docker build --platform linux/arm64 -f "$ROOT/infra/docker/java-service.Dockerfile" \
    --build-arg SERVICE=storefront --build-arg PORT=8080 --build-arg JVM_OPTIONS=storefront.options \
    --build-arg JDK_IMAGE=bakeshop-standin-jdk:bookworm-arm64 \
    --build-arg TOOLS_IMAGE=bakeshop-standin-base:bookworm-arm64 \
    --build-arg RCLONE_IMAGE=bakeshop-standin-rclone:bookworm-arm64 \
    -t "$IMAGE" "$ROOT" >"$BATS_FILE_TMPDIR/build.log" 2>&1 || { tail -30 "$BATS_FILE_TMPDIR/build.log" >&3; return 1; }
}

teardown_file() {
  docker rm -f -v bakeshop-arm64-test >/dev/null 2>&1 || true
  docker rmi "$IMAGE" >/dev/null 2>&1 || true
}

@test "the storefront image built for arm64 is an arm64 image running arm64 programs" {
  [ "$(docker image inspect -f '{{.Architecture}}' "$IMAGE")" = "arm64" ]
  run docker run --rm --platform linux/arm64 --entrypoint /usr/local/bin/busybox "$IMAGE" uname -m
  [ "$output" = "aarch64" ]
  # The Java runtime jlink made: an ELF file for machine 0xB7 (AArch64), bytes 18-19.
  run docker run --rm --platform linux/arm64 --entrypoint /usr/local/bin/busybox "$IMAGE" \
    od -An -tx1 -j18 -N2 /opt/java/bin/java
  [ "$(tr -d ' ' <<<"$output")" = "b700" ]
}

@test "the arm64 storefront starts under emulation, reports healthy and serves the menu" {
  docker run -d --name bakeshop-arm64-test --platform linux/arm64 --read-only --tmpfs /tmp \
    --cap-drop ALL --security-opt no-new-privileges:true \
    -e STOREFRONT_DATA_DIR=/data -e STOREFRONT_PHOTOS_DIR=/photos -e STOREFRONT_SAMPLE_MENU=true \
    -e INTERNAL_API_TOKEN=arm64-token-0123456789abcdef0123456789abcdef -e NOTIFIER_URL=http://127.0.0.1:9 \
    -v /data -v /photos "$IMAGE" >/dev/null
  local i status
  for ((i = 0; i < 150; i++)); do
    status="$(docker inspect -f '{{.State.Status}}/{{.State.Health.Status}}' bakeshop-arm64-test)"
    [[ "$status" == running/healthy || "$status" == exited/* ]] && break
    sleep 2
  done
  [ "$status" = "running/healthy" ] || { echo "$status"; docker logs --tail 30 bakeshop-arm64-test; false; }
  # The page itself, from inside (the image has busybox wget).
  run docker exec bakeshop-arm64-test /usr/local/bin/busybox wget -q -O - http://127.0.0.1:8080/menu
  [[ "$output" == *"Country Sourdough"* ]]
  # SQLite's native library for aarch64 loaded: the sample menu was written to the database.
  run docker logs bakeshop-arm64-test
  [[ "$output" != *"UnsatisfiedLinkError"* ]]
}

@test "the backup-agent's arm64 image carries an arm64 rclone that runs" {
  local agent=bakeshop-backup-agent:arm64-test
  docker build --platform linux/arm64 -f "$ROOT/infra/docker/java-service.Dockerfile" \
    --build-arg SERVICE=backup-agent --build-arg PORT=8082 \
    --build-arg JDK_IMAGE=bakeshop-standin-jdk:bookworm-arm64 \
    --build-arg TOOLS_IMAGE=bakeshop-standin-base:bookworm-arm64 \
    --build-arg RCLONE_IMAGE=bakeshop-standin-rclone:bookworm-arm64 \
    -t "$agent" "$ROOT" >"$BATS_TEST_TMPDIR/build.log" 2>&1 || { tail -30 "$BATS_TEST_TMPDIR/build.log"; false; }
  # An ELF file for AArch64 (bytes 18-19: 0xB7), and it runs under emulation.
  run docker run --rm --platform linux/arm64 --entrypoint /usr/local/bin/busybox "$agent" \
    od -An -tx1 -j18 -N2 /usr/local/bin/rclone
  [ "$(tr -d ' ' <<<"$output")" = "b700" ]
  run docker run --rm --platform linux/arm64 --entrypoint /usr/local/bin/rclone "$agent" version
  docker rmi "$agent" >/dev/null 2>&1 || true
  [[ "$output" == "rclone v1."* && "$output" == *"arm64"* ]] || { echo "$output"; false; }
}
