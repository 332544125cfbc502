#!/usr/bin/env bash
# Held-out set C: projects from Debian's packages that no rule was tuned on and that the other
# sets do not hold (OpenStack Cinder and Keystone, Django, ansible-core, Paramiko, Twisted,
# Tornado, Celery). Unpacked, not installed, under ~/.cache/pyreview-corpus-c; prints the
# dist-packages folder. Usage: bash bench/precision/corpus-c.sh
set -euo pipefail
pkgs="python3-cinder python3-keystone python3-django ansible-core python3-paramiko python3-twisted
      python3-tornado python3-celery"
dir="${PYREVIEW_CORPUS_C:-$HOME/.cache/pyreview-corpus-c}"
out="$dir/root/usr/lib/python3/dist-packages"
if [ ! -d "$out/cinder" ]; then
  mkdir -p "$dir/debs"
  ( cd "$dir/debs"
    if ! apt-get download $pkgs >/dev/null 2>&1; then
      apt-get update >/dev/null 2>&1
      apt-get download $pkgs >/dev/null
    fi )
  for f in "$dir"/debs/*.deb; do dpkg -x "$f" "$dir/root"; done
fi
echo "$out"
