#!/usr/bin/env bash
# `npm start`: runs the gateway on the bundled example. Stdio servers run sandboxed with
# bubblewrap; on a machine without it, installs Debian's package first (when root), since
# Gatehouse never starts a stdio server unsandboxed unless a config says so.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing bubblewrap (the stdio sandbox)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq bubblewrap >&2
  else
    echo "bubblewrap is missing: install it (apt-get install bubblewrap / dnf install bubblewrap)" >&2
  fi
fi
exec node dist/src/cli/main.js run -c examples/gatehouse.yaml --listen 127.0.0.1:8808 "$@"
