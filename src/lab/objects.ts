// Concrete kernel objects a lab is made of, in creation order, each with an identity key so that
// two lab states can be compared and the ownership record can say exactly what nettrace created.
import type { NsName } from '../model/state.js';

/** The comment every lab rule carries, so that it is recognisably nettrace's. */
export const LAB_RULE_TAG = 'nettrace:lab';

/** One object nettrace creates (or a setting it changes and restores). */
export type LabObject =
  | { kind: 'netns'; name: string }
  | { kind: 'bridge'; ns: NsName; name: string; mtu?: number; stp?: boolean }
  | { kind: 'veth'; ns: NsName; name: string; peerNs: NsName; peerName: string }
  | { kind: 'master'; ns: NsName; dev: string; bridge: string }
  | { kind: 'up'; ns: NsName; dev: string }
  | { kind: 'mtu'; ns: NsName; dev: string; mtu: number }
  | { kind: 'address'; ns: NsName; dev: string; cidr: string }
  | { kind: 'route'; ns: NsName; to: string; via?: string; dev?: string }
  | { kind: 'sysctl'; ns: NsName; key: string; value: string; previous?: string }
  | { kind: 'chain'; ns: NsName; table: string; chain: string }
  | { kind: 'policy'; ns: NsName; table: string; chain: string; policy: string; previous?: string }
  | { kind: 'rule'; ns: NsName; table: string; chain: string; args: string[] };

/** Identity of an object: equal keys = the same kernel object (restore values excluded). */
export function objectKey(o: LabObject): string {
  switch (o.kind) {
    case 'netns': return `netns ${o.name}`;
    case 'bridge': return `bridge ${o.ns ?? '-'} ${o.name}`;
    case 'veth': return `veth ${o.ns ?? '-'} ${o.name} ${o.peerNs ?? '-'} ${o.peerName}`;
    case 'master': return `master ${o.ns ?? '-'} ${o.dev} ${o.bridge}`;
    case 'up': return `up ${o.ns ?? '-'} ${o.dev}`;
    case 'mtu': return `mtu ${o.ns ?? '-'} ${o.dev} ${o.mtu}`;
    case 'address': return `address ${o.ns ?? '-'} ${o.dev} ${o.cidr}`;
    case 'route': return `route ${o.ns ?? '-'} ${o.to} ${o.via ?? ''} ${o.dev ?? ''}`;
    case 'sysctl': return `sysctl ${o.ns ?? '-'} ${o.key} ${o.value}`;
    case 'chain': return `chain ${o.ns ?? '-'} ${o.table} ${o.chain}`;
    case 'policy': return `policy ${o.ns ?? '-'} ${o.table} ${o.chain} ${o.policy}`;
    case 'rule': return `rule ${o.ns ?? '-'} ${o.table} ${o.chain} ${o.args.join(' ')}`;
  }
}

/** The namespace an object lives in (a netns object lives in itself). */
export function objectNamespace(o: LabObject): NsName {
  return o.kind === 'netns' ? o.name : o.ns;
}

/** Short human description used in messages and the status of a change. */
export function describeObject(o: LabObject): string {
  const where = (ns: NsName) => (ns === null ? '' : ` in ${ns}`);
  switch (o.kind) {
    case 'netns': return `namespace ${o.name}`;
    case 'bridge': return `bridge ${o.name}${where(o.ns)}`;
    case 'veth': return `veth ${o.name}${where(o.ns)} ↔ ${o.peerName}${where(o.peerNs)}`;
    case 'master': return `${o.dev} enslaved to ${o.bridge}${where(o.ns)}`;
    case 'up': return `${o.dev} up${where(o.ns)}`;
    case 'mtu': return `${o.dev} mtu ${o.mtu}${where(o.ns)}`;
    case 'address': return `${o.cidr} on ${o.dev}${where(o.ns)}`;
    case 'route': return `route ${o.to}${o.via ? ` via ${o.via}` : ''}${o.dev ? ` dev ${o.dev}` : ''}${where(o.ns)}`;
    case 'sysctl': return `${o.key}=${o.value}${where(o.ns)}`;
    case 'chain': return `chain ${o.table}/${o.chain}${where(o.ns)}`;
    case 'policy': return `-P ${o.chain} ${o.policy} (${o.table})${where(o.ns)}`;
    case 'rule': return `-t ${o.table} -A ${o.chain} ${o.args.join(' ')}${where(o.ns)}`;
  }
}
