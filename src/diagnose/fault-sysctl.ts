// Faults decided by sysctls on arrival in a namespace: forwarding disabled, reverse-path filter.
import type { NamespaceSnapshot } from './evidence.js';
import type { Fault } from './fault.js';
import { makeFault } from './fault.js';
import { sysctlFix } from './fix-builders.js';
import type { PacketAt } from './fault-route.js';
import { lookupRoute } from './simulate-route.js';
import { displayNs } from './snapshot-index.js';

// Forwarding of packets arriving on `iif` (the kernel checks the input device's `forwarding`).
export function forwardingFault(snapshot: NamespaceSnapshot, at: PacketAt, iif: string, oif: string): Fault | null {
  const sysctls = snapshot.sysctls;
  if (!sysctls) return null;
  const perDevice = sysctls.forwarding[iif];
  const value = perDevice ?? sysctls.ipForward;
  if (value === null || value === undefined || value !== 0) return null;
  const ns = displayNs(snapshot.name);
  const global = sysctls.ipForward === 0;
  const key = global ? 'net.ipv4.ip_forward' : `net.ipv4.conf.${iif}.forwarding`;
  const lines = [`${ns}: ${key} = 0`];
  if (global && perDevice !== undefined) lines.push(`${ns}: net.ipv4.conf.${iif}.forwarding = ${perDevice}`);
  const fix = global ? sysctlFix(snapshot.name, 'ip_forward', 1) : sysctlFix(snapshot.name, 'forwarding', 1, iif);
  return makeFault('ip-forward-disabled', snapshot.name, iif, at.direction, 'diagnose.ipForwardDisabled', { ns, src: at.src, dst: at.dst, iif, oif, key, value: '0' }, lines, [fix]);
}

// Reverse-path filter: strict (1) wants the route back to the source through `iif`; loose (2) any route.
export function reversePathFault(snapshot: NamespaceSnapshot, at: PacketAt, iif: string): Fault | null {
  const all = snapshot.sysctls?.rpFilter.all ?? 0;
  const own = snapshot.sysctls?.rpFilter[iif] ?? 0;
  const mode = Math.max(all, own);
  if (mode === 0) return null;
  const back = lookupRoute(snapshot, at.src);
  if (back.kind === 'local') return null;
  const passes = mode === 1 ? back.kind === 'unicast' && back.dev === iif : back.kind === 'unicast';
  if (passes) return null;
  const ns = displayNs(snapshot.name);
  const key = all >= own ? 'net.ipv4.conf.all.rp_filter' : `net.ipv4.conf.${iif}.rp_filter`;
  const backDev = back.kind === 'unicast' ? back.dev : 'nowhere';
  const lines = [
    `${ns}: net.ipv4.conf.all.rp_filter = ${all}, net.ipv4.conf.${iif}.rp_filter = ${own} (effective ${mode})`,
    `${ns}: ip route get ${at.src}: ${back.kind === 'unicast' ? `dev ${back.dev}` : 'no route'}`,
  ];
  // The kernel uses max(all, iif): loose (2) on iif alone passes whenever any route back exists;
  // without one, the filter must be off on both.
  const fixes =
    back.kind === 'unicast'
      ? [sysctlFix(snapshot.name, 'rp_filter', 2, iif)]
      : [...(all !== 0 ? [sysctlFix(snapshot.name, 'rp_filter', 0, 'all')] : []), ...(own !== 0 ? [sysctlFix(snapshot.name, 'rp_filter', 0, iif)] : [])];
  const key2 = mode === 1 ? 'diagnose.rpFilterStrict' : 'diagnose.rpFilterLoose';
  return makeFault('rp-filter', snapshot.name, iif, at.direction, key2, { ns, src: at.src, dst: at.dst, iif, back: backDev, key, value: String(mode) }, lines, fixes);
}
