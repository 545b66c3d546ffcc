#!/usr/bin/env bash
# Development aid: run a command in a private mount namespace whose /run/netns and /run/nettrace are
# empty tmpfs, so that lab tests can run beside another lab (namespace names do not collide).
set -euo pipefail
mkdir -p /run/netns /run/nettrace
exec unshare -m --propagation private bash -c 'mount -t tmpfs nettrace-netns /run/netns && mount -t tmpfs nettrace-state /run/nettrace && exec "$@"' isolated "$@"
