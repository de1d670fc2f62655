#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (it cannot download its own build here), with a CJK font
# so the Chinese UI renders. Install whatever is missing; everything else comes from npm.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Browser tests need: ${need[*]}. Run: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing ${need[*]} for the browser tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
