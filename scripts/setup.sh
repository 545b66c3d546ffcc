#!/usr/bin/env bash
# Installs what nettrace needs on a Debian/Ubuntu machine (as root), then its npm packages and the build.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (sudo bash scripts/setup.sh): it installs Debian packages" >&2
    exit 3
  fi
}

# Debian packages and one file each proves installed.
PACKAGES=(
  "iproute2:/usr/sbin/ip /sbin/ip /bin/ip"
  "iptables:/usr/sbin/iptables /sbin/iptables"
  "nftables:/usr/sbin/nft /sbin/nft"
  "tcpdump:/usr/bin/tcpdump /usr/sbin/tcpdump"
  "libpcap-dev:/usr/include/pcap.h /usr/include/pcap/pcap.h"
  "conntrack:/usr/sbin/conntrack"
  "iputils-ping:/usr/bin/ping /bin/ping"
  "procps:/usr/sbin/sysctl /sbin/sysctl"
  "util-linux:/usr/bin/nsenter"
  "tshark:/usr/bin/tshark"
  "busybox-static:/bin/busybox /usr/bin/busybox"
  "docker.io:/usr/sbin/dockerd /usr/bin/dockerd"
  "python3:/usr/bin/python3"
  "time:/usr/bin/time"
)

missing=()
for entry in "${PACKAGES[@]}"; do
  pkg="${entry%%:*}"; files="${entry#*:}"; found=no
  for f in $files; do [ -e "$f" ] && found=yes && break; done
  [ "$found" = yes ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  need_root
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: nettrace needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none)); see README.md" >&2
  exit 3
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
echo "setup: ready ($(node --version), $(ip -V | head -1), $(iptables -V))"
