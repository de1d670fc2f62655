#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (it cannot download its own build here).
# Install it once if it is missing; everything else the tests need comes from npm.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium fonts-noto-cjk'." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
