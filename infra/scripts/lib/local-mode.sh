# shellcheck shell=bash
# Settings shared by the scripts that run the bakeshop on a development machine.

# The embedded local mode, the only place it is chosen (NOTIFIER_DELIVERY=local): sample menu,
# cookies over plain http, mail kept in the notifier's mailbox instead of sent, the local-only
# admin account katie / bakeshop-local (never use this hash in production). The production
# settings infra/compose.yaml requires get local values here. Values already set in the
# environment win, except the mode itself.
export_local_mode() {
  export STOREFRONT_SAMPLE_MENU=true STOREFRONT_SECURE_COOKIES=false NOTIFIER_DELIVERY=local
  export SITE_URL="${SITE_URL:-http://localhost:8080}"
  export MAIL_FROM="${MAIL_FROM:-orders@localhost.test}" OWNER_EMAIL="${OWNER_EMAIL:-owner@localhost.test}"
  export OWNER_TEXT_CHANNEL="${OWNER_TEXT_CHANNEL:-email-gateway}" OWNER_SMS_GATEWAY="${OWNER_SMS_GATEWAY:-5550104477@sms.localhost.test}"
  # Backups to a directory on this machine (compose mounts BACKUP_LOCAL_REMOTE_DIR there), never Drive.
  export BACKUP_REMOTE="${BACKUP_REMOTE:-/backup-remote}"
  export STOREFRONT_ADMIN_USERS="${STOREFRONT_ADMIN_USERS:-katie:\$2a\$10\$4bUO48Q1BQ3Fh325TIIUXeaMeE9221nc/CBCe/qOEoqDVWss1mhEC}"
  # A fresh deploy-hook secret per start unless one is given (nothing deploys in the local mode).
  DEPLOY_HOOK_SECRET="${DEPLOY_HOOK_SECRET:-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}"
  export DEPLOY_HOOK_SECRET
}

# export_image_tag TAG: every service's image (compose's <SERVICE>_IMAGE) as bakeshop-<service>:TAG,
# what `docker-compose build` then tags.
export_image_tag() {
  export EDGE_IMAGE="bakeshop-edge:$1" STOREFRONT_IMAGE="bakeshop-storefront:$1" NOTIFIER_IMAGE="bakeshop-notifier:$1" \
    BACKUP_AGENT_IMAGE="bakeshop-backup-agent:$1" MONITOR_AGENT_IMAGE="bakeshop-monitor-agent:$1" \
    DEPLOY_HOOK_IMAGE="bakeshop-deploy-hook:$1"
}

# The local stand-in base images (infra/docker/build-standins.sh) instead of the official ones.
export_standin_images() {
  export JDK_IMAGE=bakeshop-standin-jdk:bookworm \
    CADDY_IMAGE=bakeshop-standin-caddy:bookworm TOOLS_IMAGE=bakeshop-standin-base:bookworm \
    RCLONE_IMAGE=bakeshop-standin-rclone:bookworm
}
