#!/usr/bin/env bash
# Held-out sets beyond the shared corpora, from Debian's packages (unpacked, not installed, under
# ~/.cache/pyreview-corpus-<set>); prints the set's dist-packages folder.
#   heldout-corpus.sh c   OpenStack Cinder and Keystone, Django, ansible-core, Paramiko, Twisted,
#                         Tornado, Celery: added when every named project had been read; measured
#                         first on the build that ended the held-out-B work, then tuned on.
#   heldout-corpus.sh d   OpenStack Glance and Heat, aiohttp, Jinja2, Alembic, Babel, Fabric, Invoke,
#                         Gunicorn, Pyramid: read by nobody until the final measurement of set C's fixes.
set -euo pipefail
case "${1:-}" in
  c) pkgs="python3-cinder python3-keystone python3-django ansible-core python3-paramiko python3-twisted
           python3-tornado python3-celery"; probe=cinder ;;
  d) pkgs="python3-glance python3-heat python3-aiohttp python3-jinja2 python3-alembic python3-babel
           python3-fabric python3-invoke python3-gunicorn python3-pyramid"; probe=glance ;;
  *) echo "usage: heldout-corpus.sh c|d" >&2; exit 2 ;;
esac
dir="$HOME/.cache/pyreview-corpus-$1"
out="$dir/root/usr/lib/python3/dist-packages"
if [ ! -d "$out/$probe" ]; then
  mkdir -p "$dir/debs"
  ( cd "$dir/debs"
    if ! apt-get download $pkgs >/dev/null 2>&1; then
      apt-get update >/dev/null 2>&1
      apt-get download $pkgs >/dev/null
    fi )
  for f in "$dir"/debs/*.deb; do dpkg -x "$f" "$dir/root"; done
fi
echo "$out"
