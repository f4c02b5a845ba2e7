#!/usr/bin/env bash
# The same as `infra/scripts/bakeshop cleanup`; `--help` says what it does and takes.
set -Eeuo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bakeshop" cleanup "$@"
