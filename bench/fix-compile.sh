#!/usr/bin/env bash
# `pyreview check --fix` over copies of both shared corpora (../shared/tools/corpus.sh openstack and
# wide): how many files the fixes change, and whether every changed file still compiles
# (`python3 -m py_compile`). Extra check flags go after the script's name:
#   bash bench/fix-compile.sh                          the default rules' safe fixes
#   bash bench/fix-compile.sh --preview                every rule's safe fixes
#   bash bench/fix-compile.sh --preview --unsafe-fixes every fix
# Copies go to $FIX_COMPILE_DIR (default /tmp/pyreview-fix-compile), replaced on each run.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${FIX_COMPILE_DIR:-/tmp/pyreview-fix-compile}"
rm -rf "$out"; mkdir -p "$out"
status=0
for corpus in openstack wide; do
  src="$(bash "$here/../shared/tools/corpus.sh" "$corpus" | tail -1)"
  mkdir -p "$out/$corpus"
  cp -r "$src" "$out/$corpus/orig" && cp -r "$src" "$out/$corpus/fixed"
  (cd "$out/$corpus/fixed" && node "$here/dist/cli.js" check --fix --exit-zero --format concise "$@" . >"$out/$corpus.log" 2>&1)
  diff -rq "$out/$corpus/orig" "$out/$corpus/fixed" 2>/dev/null | awk '/^Files/{print $4}' >"$out/$corpus.changed"
  broken=0
  while read -r f; do
    # a file that did not compile before the fixes is not the fixes' doing
    python3 -m py_compile "$f" 2>/dev/null ||
      { python3 -m py_compile "${f/\/fixed\//\/orig\/}" 2>/dev/null && { echo "BROKEN: $f"; broken=$((broken + 1)); }; }
  done <"$out/$corpus.changed"
  echo "$corpus: $(wc -l <"$out/$corpus.changed") files changed, $broken no longer compile"
  [ "$broken" -eq 0 ] || status=1
done
exit $status
