# The edge proxy: Caddy with the bakeshop's Caddyfile. The same image runs docker-ro (the
# monitor-agent's read-only Docker API) with docker-ro.Caddyfile. CADDY_IMAGE defaults to the
# official image; tests pass the local stand-in (Debian's Caddy 2.6, which both files support).
ARG CADDY_IMAGE=caddy:2
ARG TOOLS_IMAGE=busybox:1.36-musl

FROM ${TOOLS_IMAGE} AS tools

FROM ${CADDY_IMAGE}
COPY --from=tools /bin/busybox /usr/local/bin/busybox
COPY infra/caddy/Caddyfile infra/caddy/docker-ro.Caddyfile /etc/caddy/
# The official image gives /usr/bin/caddy the file capability cap_net_bind_service, and the
# kernel refuses to start such a file in a container that dropped all capabilities (ours do).
# A plain copy carries no capability; port 8000 needs none.
RUN ["/usr/local/bin/busybox", "cp", "/usr/bin/caddy", "/usr/local/bin/caddy"]
# Caddy keeps nothing worth keeping here (no certificates: TLS ends at Cloudflare): use the tmpfs.
ENV XDG_DATA_HOME=/tmp/caddy-data XDG_CONFIG_HOME=/tmp/caddy-config
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["/usr/local/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/healthz"]
CMD ["/usr/local/bin/caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
