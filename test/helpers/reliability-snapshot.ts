// Read-only proof: the configuration of every namespace in /run/netns (rules without counters, routes,
// IPv4 addresses, links, permanent neighbours, the sysctls nettrace reads) as one comparable value.
import { execa } from 'execa';
import { netnsList } from './cli.js';

async function inNs(ns: string, file: string, args: string[]): Promise<string> {
  const r = await execa('nsenter', [`--net=/run/netns/${ns}`, '--', file, ...args], { reject: false, timeout: 20000, env: { LC_ALL: 'C' } });
  return String(r.stdout);
}

async function ipJson(ns: string, args: string[]): Promise<any[]> {
  const r = await execa('ip', ['-n', ns, '-j', ...args], { reject: false, timeout: 20000 });
  const text = String(r.stdout).trim();
  return text ? (JSON.parse(text) as any[]) : [];
}

// iptables-save text without comments, counters and the volatile table headers' counters.
export function normaliseSave(text: string): string[] {
  return text.split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/\s\[\d+:\d+\]$/, '').replace(/^\[\d+:\d+\]\s/, ''));
}

/** The configuration of one namespace. */
export interface NamespaceConfig {
  nft: string[];
  legacy: string[];
  routes: string[];
  addresses: string[];
  links: string[];
  neighbours: string[];
  sysctls: string[];
}

// Snapshot one namespace.
export async function snapshotNamespace(ns: string): Promise<NamespaceConfig> {
  const [nft, legacy, routes4, addrs, links, neigh, sysctls] = await Promise.all([
    inNs(ns, 'iptables-nft-save', []),
    inNs(ns, 'iptables-legacy-save', []),
    ipJson(ns, ['-4', 'route', 'show', 'table', 'all']),
    ipJson(ns, ['-4', 'addr', 'show']),
    ipJson(ns, ['link', 'show']),
    ipJson(ns, ['neigh', 'show', 'nud', 'permanent']),
    inNs(ns, 'grep', ['-r', '-s', '-H', '', '--include=rp_filter', '--include=forwarding', '--include=ip_forward',
      '--include=bridge-nf-call-iptables', '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/bridge/bridge-nf-call-iptables']),
  ]);
  return {
    nft: normaliseSave(nft),
    legacy: normaliseSave(legacy),
    routes: routes4.map((r) => `${r.table ?? 'main'} ${r.type ?? ''} ${r.dst} via ${r.gateway ?? '-'} dev ${r.dev ?? '-'} src ${r.prefsrc ?? '-'}`).sort(),
    addresses: addrs.flatMap((l) => (l.addr_info ?? []).map((a: any) => `${l.ifname} ${a.local}/${a.prefixlen}`)).sort(),
    links: links.map((l) => `${l.ifname} ${l.operstate} master=${l.master ?? '-'} mtu=${l.mtu} ${l.link_type}`).sort(),
    neighbours: neigh.map((n) => `${n.dst} ${n.dev} ${n.lladdr ?? '-'}`).sort(),
    sysctls: sysctls.split('\n').filter(Boolean).sort(),
  };
}

// Snapshot every namespace in /run/netns (the list of names included).
export async function snapshotAll(): Promise<Record<string, NamespaceConfig>> {
  const out: Record<string, NamespaceConfig> = {};
  for (const ns of (await netnsList()).sort()) out[ns] = await snapshotNamespace(ns);
  return out;
}
