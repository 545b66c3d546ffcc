// The scale lab: the tutorial lab plus `extra` namespaces, each a veth into br0 with an address on the
// lab subnet; and the same topology as a plain shell script of one `ip`/`iptables` command per step,
// the baseline `lab up`/`lab down` are compared with.
import { readFileSync } from 'node:fs';
import type { LabSpec } from '../src/lab/spec.js';

const TUTORIAL = new URL('../fixtures/labs/tutorial.json', import.meta.url);

/** Name of the i-th extra namespace (short: veth names must stay ≤ 15 characters). */
export function extraName(i: number): string {
  return `S${String(i).padStart(3, '0')}`;
}

// The tutorial lab with `extra` more namespaces on br0 (addresses 11.11.11.10 and up).
export function scaleLab(extra: number): LabSpec {
  const spec = JSON.parse(readFileSync(TUTORIAL, 'utf8')) as LabSpec;
  const names = Array.from({ length: extra }, (_, i) => extraName(i));
  return {
    ...spec,
    name: `tutorial-${extra}`,
    namespaces: [...spec.namespaces, ...names],
    veths: [...(spec.veths ?? []), ...names.map((n) => ({ a: { namespace: n, name: 'e0' }, b: { namespace: 'host', name: `${n.toLowerCase()}p`, master: 'br0' } }))],
    addresses: [...(spec.addresses ?? []), ...names.map((n, i) => ({ namespace: n, dev: 'e0', cidr: `11.11.11.${10 + i}/24` }))],
  };
}

// The scale lab (complete stage, in the sandbox) as shell lines, one command per step.
export function shellBuildLines(extra: number): string[] {
  const names = ['RED', 'BLUE', ...Array.from({ length: extra }, (_, i) => extraName(i))];
  const inner = (n: string) => (n === 'RED' ? 'reth0' : n === 'BLUE' ? 'beth0' : 'e0');
  const outer = (n: string) => (n === 'RED' ? 'reth1' : n === 'BLUE' ? 'beth1' : `${n.toLowerCase()}p`);
  const addr = (n: string, i: number) => (n === 'RED' ? '11.11.11.2' : n === 'BLUE' ? '11.11.11.3' : `11.11.11.${10 + i - 2}`);
  const L: string[] = [];
  for (const ns of ['nt-host', 'nt-wan', ...names]) L.push(`ip netns add ${ns}`);
  L.push('ip -n nt-host link set lo up', 'ip -n nt-wan link set lo up');
  L.push('ip -n nt-host link add eth0 type veth peer name wan0 netns nt-wan');
  L.push('ip -n nt-host addr add 10.0.2.15/24 dev eth0', 'ip -n nt-wan addr add 10.0.2.2/24 dev wan0');
  L.push('ip -n nt-host link set eth0 up', 'ip -n nt-wan link set wan0 up', 'ip -n nt-host route add default via 10.0.2.2');
  L.push('ip -n nt-host link add br0 type bridge', 'ip -n nt-host link set br0 up', 'ip -n nt-host addr add 11.11.11.1/24 dev br0');
  names.forEach((n, i) => {
    L.push(`ip -n ${n} link set lo up`);
    L.push(`ip -n nt-host link add ${outer(n)} type veth peer name ${inner(n)} netns ${n}`);
    L.push(`ip -n nt-host link set ${outer(n)} master br0`);
    L.push(`ip -n nt-host link set ${outer(n)} up`);
    L.push(`ip -n ${n} addr add ${addr(n, i)}/24 dev ${inner(n)}`);
    L.push(`ip -n ${n} link set ${inner(n)} up`);
  });
  L.push('ip -n RED route add default via 11.11.11.1', 'ip -n BLUE route add default via 11.11.11.1');
  L.push('ip netns exec nt-host sysctl -q -w net.ipv4.ip_forward=1', 'ip netns exec nt-wan sysctl -q -w net.ipv4.ip_forward=0');
  L.push('ip netns exec nt-host iptables -P FORWARD DROP');
  L.push('ip netns exec nt-host iptables -A FORWARD -s 11.11.11.0/24 -j ACCEPT');
  L.push('ip netns exec nt-host iptables -A FORWARD -d 11.11.11.0/24 -j ACCEPT');
  L.push('ip netns exec nt-host iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE');
  L.push('ip netns exec nt-wan iptables -t nat -A PREROUTING -i wan0 -d 11.11.11.0/24 -j RETURN');
  L.push('ip netns exec nt-wan iptables -t nat -A PREROUTING -i wan0 -d 172.17.0.0/16 -j RETURN');
  L.push('ip netns exec nt-wan iptables -t nat -A PREROUTING -i wan0 -j DNAT --to-destination 10.0.2.2');
  return L;
}

// Teardown of the same lab, one command per namespace (a namespace takes its interfaces with it).
export function shellTeardownLines(extra: number): string[] {
  return ['nt-host', 'nt-wan', 'RED', 'BLUE', ...Array.from({ length: extra }, (_, i) => extraName(i))].map((n) => `ip netns del ${n}`);
}
