// Hand-made TraceResult fixtures for the trace renderers (shapes as CONTRACT.md; addresses of the tutorial lab).
import type { Observation } from '../../src/model/observation.js';
import type { PathHop, TraceResult } from '../../src/model/verdict.js';

let clock = 1_700_000_000_000_000;

/** One observation with defaults for the fields a scenario does not care about. */
export function obs(ns: string | null, iface: string, direction: 'request' | 'reply' | null,
  type: Observation['type'], src: string, dst: string, time: number, extra: Partial<Observation> = {}): Observation {
  clock += 10;
  return {
    namespace: ns, interface: iface, direction, protocol: type.startsWith('arp') ? 'arp' : 'icmp', type, src, dst,
    time_ms: time, ts_us: clock, ...extra,
  };
}

export const UPLINK_PATH: PathHop[] = [
  { namespace: 'RED', interface: 'reth0', role: 'source' },
  { namespace: 'nt-host', interface: 'reth1', role: 'bridge-port' },
  { namespace: 'nt-host', interface: 'br0', role: 'bridge' },
  { namespace: 'nt-host', interface: 'eth0', role: 'uplink' },
];

function base(): Omit<TraceResult, 'verdict' | 'observations' | 'netfilter' | 'stopped_at' | 'cause' | 'fix'> {
  return {
    source: { kind: 'netns', name: 'RED', address: '11.11.11.2', netns: 'RED' },
    destination: { kind: 'address', name: '203.0.113.8', address: '203.0.113.8' },
    path: UPLINK_PATH,
    timing_ms: { total: 412, armed: 27, probe: 301 },
  };
}

function requestToInternet(): Observation[] {
  return [
    obs('RED', 'reth0', 'request', 'arp-request', '11.11.11.2', '11.11.11.1', 0.01),
    obs('RED', 'reth0', 'request', 'arp-reply', '11.11.11.1', '11.11.11.2', 0.03, { senderMac: '7e:0a:11:22:33:44' }),
    obs('RED', 'reth0', 'request', 'echo-request', '11.11.11.2', '203.0.113.8', 0.05, { icmpId: 4242, icmpSeq: 1 }),
    obs('nt-host', 'reth1', 'request', 'echo-request', '11.11.11.2', '203.0.113.8', 0.07, { icmpId: 4242, icmpSeq: 1 }),
    obs('nt-host', 'br0', 'request', 'echo-request', '11.11.11.2', '203.0.113.8', 0.09, { icmpId: 4242, icmpSeq: 1 }),
    obs('nt-host', 'eth0', 'request', 'echo-request', '10.0.2.15', '203.0.113.8', 0.12, { icmpId: 4242, icmpSeq: 1 }),
  ];
}

/** FORWARD accepting the request out of the lab (stages masquerade and complete). */
const REQUEST_FORWARDED: TraceResult['netfilter'][number] = { namespace: 'nt-host', table: 'filter', chain: 'FORWARD', rule: '-A FORWARD -s 11.11.11.0/24 -j ACCEPT', verdict: 'ACCEPT', direction: 'request', source: 'trace' };

/** The reply arriving on the uplink, de-masqueraded next (stages masquerade and complete). */
function replyOnEth0(): Observation {
  return obs('nt-host', 'eth0', 'reply', 'echo-reply', '203.0.113.8', '10.0.2.15', 0.50, { icmpId: 4242, icmpSeq: 1 });
}

/** Stage `complete`: RED → 203.0.113.8 reaches, masqueraded on eth0. */
export function reachedInternet(): TraceResult {
  return {
    ...base(),
    verdict: 'reached',
    observations: [
      ...requestToInternet(),
      replyOnEth0(),
      obs('nt-host', 'br0', 'reply', 'echo-reply', '203.0.113.8', '11.11.11.2', 0.57, { icmpId: 4242, icmpSeq: 1 }),
      obs('nt-host', 'reth1', 'reply', 'echo-reply', '203.0.113.8', '11.11.11.2', 0.59, { icmpId: 4242, icmpSeq: 1 }),
      obs('RED', 'reth0', 'reply', 'echo-reply', '203.0.113.8', '11.11.11.2', 0.61, { icmpId: 4242, icmpSeq: 1 }),
    ],
    netfilter: [
      REQUEST_FORWARDED,
      { namespace: 'nt-host', table: 'filter', chain: 'FORWARD', rule: '-A FORWARD -d 11.11.11.0/24 -j ACCEPT', verdict: 'ACCEPT', direction: 'reply', source: 'trace' },
    ],
    stopped_at: null,
    cause: null,
    fix: [],
  };
}

export const MASQUERADE_FIX = 'ip netns exec nt-host iptables -t filter -A FORWARD -d 11.11.11.0/24 -j ACCEPT';

/** Stage `masquerade`: the reply comes back to eth0 and FORWARD's policy DROP takes it. */
export function masqueradeStage(): TraceResult {
  return {
    ...base(),
    verdict: 'unreachable',
    observations: [
      ...requestToInternet(),
      replyOnEth0(),
    ],
    netfilter: [
      REQUEST_FORWARDED,
      { namespace: 'nt-host', table: 'filter', chain: 'FORWARD', rule: '-P FORWARD DROP', verdict: 'DROP', direction: 'reply', source: 'trace' },
    ],
    stopped_at: { namespace: 'nt-host', interface: 'eth0', direction: 'reply' },
    cause: {
      kind: 'forward-drop',
      namespace: 'nt-host',
      detail: 'The reply 203.0.113.8 → 11.11.11.2 is routed in nt-host from eth0 to br0, and the filter FORWARD chain drops it with `-P FORWARD DROP`.',
      evidence: ['nt-host: -P FORWARD DROP (policy, 1 packet)', 'nt-host: ip route get 11.11.11.2 from 203.0.113.8 iif eth0 → dev br0'],
    },
    fix: [MASQUERADE_FIX],
  };
}

export const NO_ROUTE_FIX = 'ip netns exec RED ip route add default via 11.11.11.1';

/** Stage `host-address`: RED has no default route, the probe is never sent. */
export function noRouteAtSource(path: PathHop[] = []): TraceResult {
  return {
    ...base(),
    path,
    verdict: 'unreachable',
    observations: [],
    netfilter: [],
    stopped_at: { namespace: 'RED', interface: '', direction: 'request' },
    cause: {
      kind: 'no-route',
      namespace: 'RED',
      detail: 'The request 11.11.11.2 → 203.0.113.8 stops in RED: its routing table has no route to 203.0.113.8 (`ip route get 203.0.113.8` → Network is unreachable), so the packet is never sent.',
      evidence: ['RED: ip route get 203.0.113.8 → RTNETLINK answers: Network is unreachable', 'ping: connect: Network is unreachable'],
    },
    fix: [NO_ROUTE_FIX],
  };
}

/** RED → BLUE across br0 in nettrace's own namespace (observations carry namespace null). */
export function bridgedRedBlue(): TraceResult {
  const hops: [string | null, string][] = [['RED', 'reth0'], [null, 'reth1'], [null, 'br0'], [null, 'beth1'], ['BLUE', 'beth0']];
  return {
    source: { kind: 'netns', name: 'RED', address: '11.11.11.2' },
    destination: { kind: 'netns', name: 'BLUE', address: '11.11.11.3' },
    path: [
      { namespace: 'RED', interface: 'reth0', role: 'source' },
      { namespace: 'host', interface: 'reth1', role: 'bridge-port' },
      { namespace: 'host', interface: 'br0', role: 'bridge' },
      { namespace: 'host', interface: 'beth1', role: 'bridge-port' },
      { namespace: 'BLUE', interface: 'beth0', role: 'destination' },
    ],
    verdict: 'reached',
    observations: [
      obs('RED', 'reth0', 'request', 'arp-request', '11.11.11.2', '11.11.11.3', 0.01),
      obs('BLUE', 'beth0', 'request', 'arp-reply', '11.11.11.3', '11.11.11.2', 0.04, { senderMac: '9a:bb:cc:dd:ee:03' }),
      ...hops.map(([ns, iface], i) => obs(ns, iface, 'request', 'echo-request', '11.11.11.2', '11.11.11.3', 0.06 + i * 0.01)),
      ...[...hops].reverse().map(([ns, iface], i) => obs(ns, iface, 'reply', 'echo-reply', '11.11.11.3', '11.11.11.2', 0.2 + i * 0.01)),
    ],
    netfilter: [],
    stopped_at: null,
    cause: null,
    fix: [],
    timing_ms: { total: 180, armed: 25, probe: 90 },
  };
}
