#!/usr/bin/env bash
# The same as `infra/scripts/bakeshop configure-cloudflare`; `--help` says what it does and takes.
set -Eeuo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bakeshop" configure-cloudflare "$@"
