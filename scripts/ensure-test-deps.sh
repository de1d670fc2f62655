#!/usr/bin/env bash
# What `npm test` needs from Debian, installed when missing (`npm run pretest` runs this):
# - chromium and fonts-noto-cjk: the browser tests drive Debian's Chromium (it cannot download its
#   own build here), with a CJK font so the Chinese UI renders;
# - redis-server: the multi-process tests (test/scale/) start a private one on a free port. Only
#   the binary is wanted, so the install does not start Debian's own service;
# - tshark (Wireshark's command line, with dumpcap): the pcap tests check exported rounds with it
#   and capture real connections on the loopback with dumpcap (test/pcap/).
# Everything else comes from npm.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
[ -x /usr/bin/tshark ] && [ -x /usr/bin/dumpcap ] || need+=(tshark)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "The tests need: ${need[*]}. Run: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing ${need[*]} for the tests..." >&2
export DEBIAN_FRONTEND=noninteractive
# wireshark-common asks whether non-root users may capture; the tests run as root, so no.
echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections 2>/dev/null || true
# Keep package scripts from starting services (redis-server's would listen on 6379), unless the
# machine already has its own policy.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
