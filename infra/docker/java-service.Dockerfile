# One Dockerfile for every Java service (they differ only by module, port and JVM settings).
# Built from the Maven output: run `mvn package` first (CI does); nothing is compiled in here.
#   docker build -f infra/docker/java-service.Dockerfile --build-arg SERVICE=storefront --build-arg PORT=8080 .
# Base images default to official ones; tests pass local stand-ins (infra/docker/build-standins.sh).
# No architecture-specific step: the same file builds linux/arm64 and linux/amd64.
# The image has no distribution: the Java runtime, the C libraries it links (found by ldd), the
# CA certificates and a static busybox for the healthcheck, nothing else (no shell, no package
# manager): about 80 MB less per image than a slim Debian, and nothing to patch but what runs.
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG TOOLS_IMAGE=busybox:1.36-musl
# rclone for the backup-agent (the official image's static binary; tests pass a Debian stand-in).
ARG RCLONE_IMAGE=rclone/rclone:1.68
ARG SERVICE

# A Java runtime with only the modules the services use (about 60 MB instead of a 190 MB JRE),
# with a class-data-sharing archive for a faster start; the archive for heaps over 32 GB is never
# used here and goes. A missing module shows at start-up as NoClassDefFoundError: java/<module>/...
FROM ${JDK_IMAGE} AS jre
RUN jlink --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs \
      --include-locales=en --strip-debug --no-man-pages --no-header-files --compress=2 \
      --generate-cds-archive --output /jre \
 && rm -f /jre/lib/server/classes_nocoops.jsa
# The root file system of the image: what the runtime's programs and libraries link (the dynamic
# loader included; not the X11, sound and splash-screen libraries, which a headless server never
# loads), glibc's small compatibility libraries that native code from jars may name (SQLite's
# libpthread, libdl...), and the CA bundle rclone's TLS reads (Java has its own cacerts).
RUN set -eu; mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp; chmod 1777 /rootfs/tmp \
 && cp -L /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && rm -f /jre/lib/libawt_xawt.so /jre/lib/libjawt.so /jre/lib/libsplashscreen.so /jre/lib/libjsound.so \
 && libs="$(ldd /jre/bin/java /jre/lib/*.so /jre/lib/server/libjvm.so 2>/dev/null \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | grep -v '^/jre/' | sort -u)" \
 && multiarch="$(dirname "$(ldd /jre/bin/java | awk '$1 ~ /^libc\.so/ { print $3 }')")" \
 && for f in $libs "$multiarch"/libpthread.so.0 "$multiarch"/libdl.so.2 "$multiarch"/librt.so.1 \
      "$multiarch"/libm.so.6 "$multiarch"/libresolv.so.2 "$multiarch"/libutil.so.1; do \
      if [ -e "$f" ]; then cp -L --parents "$f" /rootfs/; fi; done \
 && test -n "$(ls /rootfs/lib*/ld-linux* /rootfs/lib/*/ld-linux* 2>/dev/null)"

FROM ${TOOLS_IMAGE} AS tools

# What one service adds to its image: the backup-agent its rclone; the others nothing more than
# an empty marker (an empty COPY layer trips the legacy builder: "layer does not exist"). Chosen by
# SERVICE (a stage name from a build argument works with the legacy builder and BuildKit alike;
# the legacy builder builds every stage, so every service's build needs RCLONE_IMAGE at hand).
FROM ${RCLONE_IMAGE} AS rclone
FROM ${TOOLS_IMAGE} AS extras-none
COPY infra/docker/empty-data/ /extras/usr/local/share/bakeshop/
FROM extras-none AS extras-backup-agent
COPY --from=rclone /usr/local/bin/rclone /extras/usr/local/bin/rclone
FROM extras-none AS extras-storefront
FROM extras-none AS extras-notifier
FROM extras-none AS extras-monitor-agent
FROM extras-none AS extras-deploy-hook
FROM extras-${SERVICE} AS extras

FROM scratch
# The runtime first: its content differs per architecture, so the legacy builder never reuses an
# amd64 layer on top of the empty base for an arm64 build ("does not match the specified platform").
COPY --from=jre /rootfs/ /
COPY --from=jre /jre /opt/java
ARG SERVICE
ARG PORT
ARG JVM_OPTIONS=default.options
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="bakeshop-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="https://github.com/allthemuchbakeshop/bakeshop"

# A static busybox for the healthcheck: a wget costs nothing; a JVM-based check would cost 100 MB.
COPY --from=tools /bin/busybox /usr/local/bin/busybox
COPY --from=extras /extras/ /
# The data (and the storefront's photos) directories exist in the image, owned by the service's
# user, so a new named volume mounted there takes that owner.
COPY --chown=10001:10001 infra/docker/empty-data/ /data/
COPY --chown=10001:10001 infra/docker/empty-data/ /photos/
COPY --chown=10001:10001 ${SERVICE}/target/quarkus-app/ /app/
COPY infra/jvm/${JVM_OPTIONS} /app/jvm.options

ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin \
    PORT=${PORT} \
    MALLOC_ARENA_MAX=2 \
    QUARKUS_HTTP_HOST=0.0.0.0
USER 10001:10001
WORKDIR /data
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/busybox", "sh", "-c", "/usr/local/bin/busybox wget -q -O /dev/null http://127.0.0.1:$PORT/q/health/ready"]
# SQLite's native library is unpacked into /data (the volume), since /tmp is a noexec tmpfs.
CMD ["/opt/java/bin/java", "@/app/jvm.options", "-Dorg.sqlite.tmpdir=/data", "-jar", "/app/quarkus-run.jar"]
