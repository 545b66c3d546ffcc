// `ping --json`: exactly CONTRACT.md's fields in its order, host for nettrace's own namespace, extras of the result left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textSink } from '../helpers/text-sink.js';
import { buildTraceJson, renderTraceJson } from '../../src/render/trace-json.js';
import { bridgedRedBlue, masqueradeStage, noRouteAtSource } from './render-trace-fixtures.js';

function written(result: Parameters<typeof renderTraceJson>[0]): string {
  const out = textSink();
  renderTraceJson(result, out.stream);
  return out.text();
}

test('top-level keys are the contract\'s, in its order; endpoint and cause fields only the contract\'s', () => {
  const result = Object.assign(masqueradeStage(), { faults: [], more_faults: false, unchecked: [] });
  const doc = JSON.parse(written(result));
  assert.deepEqual(Object.keys(doc),
    ['verdict', 'source', 'destination', 'path', 'observations', 'netfilter', 'stopped_at', 'cause', 'fix', 'timing_ms']);
  assert.deepEqual(doc.source, { kind: 'netns', name: 'RED', address: '11.11.11.2' }, 'netns (internal) left out');
  assert.deepEqual(Object.keys(doc.cause), ['kind', 'namespace', 'detail', 'evidence']);
  assert.deepEqual(doc.netfilter[1], {
    namespace: 'nt-host', table: 'filter', chain: 'FORWARD', rule: '-P FORWARD DROP', verdict: 'DROP', direction: 'reply',
  });
  assert.deepEqual(doc.stopped_at, { namespace: 'nt-host', interface: 'eth0', direction: 'reply' });
  assert.deepEqual(doc.fix, ['ip netns exec nt-host iptables -t filter -A FORWARD -d 11.11.11.0/24 -j ACCEPT']);
  assert.deepEqual(doc.timing_ms, { total: 412, armed: 27, probe: 301 });
});

test('observations: contract fields in order, then optional fields present; namespace null → "host"', () => {
  const doc = buildTraceJson(bridgedRedBlue()) as { observations: Record<string, unknown>[] };
  const onBridge = doc.observations.find((o) => o.interface === 'br0' && o.type === 'echo-request');
  assert.deepEqual(onBridge, {
    namespace: 'host', interface: 'br0', direction: 'request', protocol: 'icmp', type: 'echo-request',
    src: '11.11.11.2', dst: '11.11.11.3', time_ms: 0.08,
  });
  const arpReply = doc.observations.find((o) => o.type === 'arp-reply');
  assert.deepEqual(Object.keys(arpReply!),
    ['namespace', 'interface', 'direction', 'protocol', 'type', 'src', 'dst', 'time_ms', 'senderMac']);
  const withId = buildTraceJson(masqueradeStage()) as { observations: Record<string, unknown>[] };
  assert.equal(withId.observations[2].icmpId, 4242);
  assert.ok(!('ts_us' in withId.observations[2]));
});

test('no route at source: empty path and observations, stop before any interface, one fix', () => {
  const doc = JSON.parse(written(noRouteAtSource()));
  assert.equal(doc.verdict, 'unreachable');
  assert.deepEqual(doc.path, []);
  assert.deepEqual(doc.observations, []);
  assert.deepEqual(doc.stopped_at, { namespace: 'RED', interface: '', direction: 'request' });
  assert.equal(doc.cause.kind, 'no-route');
  assert.deepEqual(doc.fix, ['ip netns exec RED ip route add default via 11.11.11.1']);
});
