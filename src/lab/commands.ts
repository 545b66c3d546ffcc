// Pure translation of lab objects into the iproute2 batch lines and iptables/sysctl argument arrays
// that create or remove them.
import { LAB_RULE_TAG, type LabObject } from './objects.js';

/** `ip -batch` line creating an iproute2 object, or null for objects iproute2 does not handle. */
export function ipCreateLine(o: LabObject, ownPid: number): string | null {
  switch (o.kind) {
    case 'netns': return `netns add ${o.name}`;
    case 'bridge': return `link add ${o.name}${o.mtu ? ` mtu ${o.mtu}` : ''} type bridge${o.stp !== undefined ? ` stp_state ${o.stp ? 1 : 0}` : ''}`;
    case 'veth': {
      const where = o.peerNs === o.ns ? '' : ` netns ${o.peerNs ?? ownPid}`;
      return `link add ${o.name} type veth peer name ${o.peerName}${where}`;
    }
    case 'master': return `link set dev ${o.dev} master ${o.bridge}`;
    case 'up': return `link set dev ${o.dev} up`;
    case 'mtu': return `link set dev ${o.dev} mtu ${o.mtu}`;
    case 'address': return `addr add ${o.cidr} dev ${o.dev}`;
    case 'route': return `route add ${o.to}${o.via ? ` via ${o.via}` : ''}${o.dev ? ` dev ${o.dev}` : ''}`;
    default: return null;
  }
}

/** `ip -batch` line removing an iproute2 object, or null when nothing has to be done. */
export function ipRemoveLine(o: LabObject): string | null {
  switch (o.kind) {
    case 'netns': return `netns del ${o.name}`;
    case 'bridge':
    case 'veth': return `link del dev ${o.name}`;
    case 'master': return `link set dev ${o.dev} nomaster`;
    case 'address': return `addr del ${o.cidr} dev ${o.dev}`;
    case 'route': return `route del ${o.to}${o.via ? ` via ${o.via}` : ''}${o.dev ? ` dev ${o.dev}` : ''}`;
    default: return null;
  }
}

/** The rule's arguments with nettrace's ownership comment placed before its target. */
export function taggedRuleArgs(args: readonly string[]): string[] {
  const at = args.findIndex((a) => a === '-j' || a === '-g');
  const tag = ['-m', 'comment', '--comment', LAB_RULE_TAG];
  return at < 0 ? [...args, ...tag] : [...args.slice(0, at), ...tag, ...args.slice(at)];
}

/** iptables argument arrays that create a netfilter object (chain, policy, rule). */
export function iptablesCreateArgs(o: LabObject): string[] | null {
  switch (o.kind) {
    case 'chain': return ['-w', '-t', o.table, '-N', o.chain];
    case 'policy': return ['-w', '-t', o.table, '-P', o.chain, o.policy];
    case 'rule': return ['-w', '-t', o.table, '-A', o.chain, ...taggedRuleArgs(o.args)];
    default: return null;
  }
}

/** iptables argument arrays that undo a netfilter object (several for a chain: flush then delete). */
export function iptablesRemoveArgs(o: LabObject): string[][] {
  switch (o.kind) {
    case 'chain': return [['-w', '-t', o.table, '-F', o.chain], ['-w', '-t', o.table, '-X', o.chain]];
    case 'policy': return o.previous ? [['-w', '-t', o.table, '-P', o.chain, o.previous]] : [];
    case 'rule': return [['-w', '-t', o.table, '-D', o.chain, ...taggedRuleArgs(o.args)]];
    default: return [];
  }
}
