// stopped_at and live evidence from observations (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStoppedAt } from '../../src/trace/timeline.js';
import { unansweredArp } from '../../src/trace/explain-run.js';
import type { Observation } from '../../src/model/observation.js';
import type { PathHop, TraceResult } from '../../src/model/verdict.js';

const path: PathHop[] = [
  { namespace: 'RED', interface: 'reth0', role: 'source' },
  { namespace: 'nt-host', interface: 'reth1', role: 'bridge-port' },
  { namespace: 'nt-host', interface: 'br0', role: 'bridge' },
  { namespace: 'nt-host', interface: 'eth0', role: 'uplink' },
];
const obs = (where: string, type: Observation['type'], direction: 'request' | 'reply', src = '11.11.11.2', dst = '203.0.113.8'): Observation => {
  const [namespace, iface] = where.split(':');
  return { namespace: namespace!, interface: iface!, direction, protocol: type.startsWith('arp') ? 'arp' : 'icmp', type, src, dst, time_ms: 0, ts_us: 0 };
};

test('a reply that came back to eth0 only stops there, direction reply', () => {
  const o = [obs('RED:reth0', 'echo-request', 'request'), obs('nt-host:eth0', 'echo-request', 'request'), obs('nt-host:eth0', 'echo-reply', 'reply', '203.0.113.8', '10.0.2.15')];
  assert.deepEqual(findStoppedAt(path, o, false, 'RED'), { namespace: 'nt-host', interface: 'eth0', direction: 'reply' });
});

test('a request that never got past the bridge stops at the last hop that saw it', () => {
  const o = [obs('RED:reth0', 'echo-request', 'request'), obs('nt-host:reth1', 'echo-request', 'request'), obs('nt-host:br0', 'echo-request', 'request')];
  assert.deepEqual(findStoppedAt(path, o, false, 'RED'), { namespace: 'nt-host', interface: 'br0', direction: 'request' });
});

test('ARP progress counts only when no echo was ever sent', () => {
  const arpOnly = [obs('RED:reth0', 'arp-request', 'request', '11.11.11.2', '11.11.11.1'), obs('nt-host:reth1', 'arp-request', 'request', '11.11.11.2', '11.11.11.1')];
  assert.deepEqual(findStoppedAt(path, arpOnly, false, 'RED'), { namespace: 'nt-host', interface: 'reth1', direction: 'request' });
  const withEcho = [...arpOnly, obs('nt-host:br0', 'arp-request', 'request', '11.11.11.2', '11.11.11.1'), obs('RED:reth0', 'echo-request', 'request')];
  assert.deepEqual(findStoppedAt(path, withEcho, false, 'RED'), { namespace: 'RED', interface: 'reth0', direction: 'request' });
});

test('reached: no stopped_at; nothing seen and no path: the source with "-"', () => {
  assert.equal(findStoppedAt(path, [], true, 'RED'), null);
  assert.deepEqual(findStoppedAt([], [], false, 'RED'), { namespace: 'RED', interface: '-', direction: 'request' });
});

test('an ARP request never answered is live evidence of neighbor-unreachable; an answered one is not', () => {
  const base = { observations: [] } as unknown as TraceResult;
  const asked = obs('RED:reth0', 'arp-request', 'request', '11.11.11.2', '11.11.11.9');
  const cause = unansweredArp({ ...base, observations: [asked, asked] });
  assert.equal(cause?.kind, 'neighbor-unreachable');
  assert.match(cause!.evidence[0]!, /seen 2× on RED:reth0/);
  const answered = obs('nt-host:br0', 'arp-reply', 'request', '11.11.11.9', '11.11.11.2');
  assert.equal(unansweredArp({ ...base, observations: [asked, answered] }), null);
});
