// Which Debian package provides each external tool, for "install it" messages.
const packages: Record<string, string> = {
  ip: 'iproute2',
  bridge: 'iproute2',
  iptables: 'iptables',
  'iptables-save': 'iptables',
  'iptables-restore': 'iptables',
  'iptables-legacy': 'iptables',
  'iptables-legacy-save': 'iptables',
  'iptables-nft': 'iptables',
  'iptables-nft-save': 'iptables',
  'xtables-monitor': 'iptables',
  tcpdump: 'tcpdump',
  conntrack: 'conntrack',
  nsenter: 'util-linux',
  ping: 'iputils-ping',
  sysctl: 'procps',
  dockerd: 'docker.io',
  docker: 'docker.io',
  busybox: 'busybox-static',
};

/** The Debian package that ships `tool` (the tool's own name when unknown). */
export function packageForTool(tool: string): string {
  return packages[tool] ?? tool;
}
