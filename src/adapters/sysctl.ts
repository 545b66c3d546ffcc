// The forwarding/filtering sysctls of one namespace, read from /proc/sys inside it in one command
// (/proc/sys/net shows the values of the namespace of the process that reads it).
import type { NsName, SysctlInfo } from '../model/state.js';
import { run } from '../system/runner.js';
import { parseIpJsonArray, str } from './ip-json.js';

/** The files read: per-interface rp_filter/forwarding, ip_forward, and bridge-nf-call-iptables when br_netfilter is loaded. */
export const sysctlGrepArgs = [
  '-r', '-s', '-H', '',
  '--include=rp_filter', '--include=forwarding', '--include=ip_forward', '--include=bridge-nf-call-iptables',
  '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/bridge/bridge-nf-call-iptables',
] as const;

// Read the sysctls of `ns` (grep prints `path:value`; a missing bridge file only makes grep exit 2).
export async function collectSysctls(ns: NsName): Promise<SysctlInfo> {
  const result = await run('grep', sysctlGrepArgs, { netns: ns, check: false });
  if (result.stdout.trim() === '') {
    throw new Error(`cannot read /proc/sys/net in ${ns ?? 'this namespace'}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }
  return parseSysctls(result.stdout, ns);
}

// Pure: `grep -r -H '' …` lines (`/proc/sys/net/ipv4/conf/br0/rp_filter:0`) → SysctlInfo.
export function parseSysctls(text: string, ns: NsName): SysctlInfo {
  const info: SysctlInfo = { ns, ipForward: null, rpFilter: {}, forwarding: {}, bridgeNfCallIptables: null };
  for (const line of text.split('\n')) {
    const colon = line.lastIndexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon);
    const value = Number(line.slice(colon + 1).trim());
    if (!Number.isInteger(value)) continue;
    if (path === '/proc/sys/net/ipv4/ip_forward') info.ipForward = value;
    else if (path === '/proc/sys/net/bridge/bridge-nf-call-iptables') info.bridgeNfCallIptables = value;
    else {
      const m = /^\/proc\/sys\/net\/ipv4\/conf\/([^/]+)\/(rp_filter|forwarding)$/.exec(path);
      if (m) (m[2] === 'rp_filter' ? info.rpFilter : info.forwarding)[m[1]] = value;
    }
  }
  return info;
}

// The rp_filter the kernel applies on `dev`: the larger of `all` and the interface's own value.
export function effectiveRpFilter(info: SysctlInfo, dev: string): number | null {
  const all = info.rpFilter.all;
  const own = info.rpFilter[dev];
  if (all === undefined && own === undefined) return null;
  return Math.max(all ?? 0, own ?? 0);
}

/** rp_filter as `ip netconf` names it. */
const RP_FILTER: Record<string, number> = { off: 0, strict: 1, loose: 2 };

// Pure: `ip -4 -j netconf show` → the same SysctlInfo as /proc/sys gives, except bridge-nf-call-iptables
// (netconf does not carry it: null). ip_forward is `all`'s forwarding: the kernel keeps them as one value.
export function sysctlsFromNetconf(text: string, ns: NsName): SysctlInfo {
  const info: SysctlInfo = { ns, ipForward: null, rpFilter: {}, forwarding: {}, bridgeNfCallIptables: null };
  for (const entry of parseIpJsonArray(text, 'ip netconf show')) {
    const dev = str(entry, 'interface');
    if (!dev) continue;
    const forwarding = entry.forwarding;
    if (typeof forwarding === 'boolean') info.forwarding[dev] = forwarding ? 1 : 0;
    const rp = str(entry, 'rp_filter');
    if (rp !== null && RP_FILTER[rp] !== undefined) info.rpFilter[dev] = RP_FILTER[rp];
  }
  if (info.forwarding.all !== undefined) info.ipForward = info.forwarding.all;
  return info;
}
