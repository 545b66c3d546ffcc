// Unit tests of the conntrack parser on lists recorded in the h3p router namespace (MASQUERADE of
// 10.203.1.0/24 out of 203.0.113.1; conntrack-tools 1.4.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeNat, findProbeFlows, parseConntrackList } from '../../src/adapters/conntrack-parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/conntrack/${name}.txt`, import.meta.url), 'utf8');

test('masquerade: the reply tuple goes to the router\'s address, the original keeps the client\'s', () => {
  const entries = parseConntrackList(fixture('masquerade-default'));
  assert.equal(entries.length, 2);
  const [flow] = findProbeFlows(entries, { dst: '203.0.113.8', src: '10.203.1.2', icmpId: 4660 });
  assert.deepEqual(flow.original, { src: '10.203.1.2', dst: '203.0.113.8', type: 8, code: 0, id: 4660 });
  assert.deepEqual(flow.reply, { src: '203.0.113.8', dst: '203.0.113.1', type: 0, code: 0, id: 4660 });
  assert.deepEqual(describeNat(flow), { snatTo: '203.0.113.1', dnatTo: null, icmpIdTo: null });
  assert.deepEqual([flow.protocol, flow.timeout, flow.unreplied, flow.mark, flow.l3, flow.ctId], ['icmp', 29, false, 0, null, null]);
  const local = entries.find((e) => e.original.dst === '10.203.1.1');
  assert.deepEqual(describeNat(local!), { snatTo: null, dnatTo: null, icmpIdTo: null });
});

test('an id clash: MASQUERADE rewrote the echo id (7777 → 10099); an unreplied flow is flagged', () => {
  const entries = parseConntrackList(fixture('masquerade-id-rewrite'));
  const [clashed] = findProbeFlows(entries, { dst: '203.0.113.8', src: '10.203.1.2' });
  assert.deepEqual(describeNat(clashed), { snatTo: '203.0.113.1', dnatTo: null, icmpIdTo: 10099 });
  const [silent] = findProbeFlows(entries, { dst: '203.0.113.9' });
  assert.equal(silent.unreplied, true);
  assert.equal(silent.reply.id, 4662);
});

test('-o extended,id: the layer-3 name and the kernel entry id are read, tuples unchanged', () => {
  const entries = parseConntrackList(fixture('masquerade-extended-id'));
  assert.equal(entries.length, 3);
  assert.deepEqual([entries[1].l3, entries[1].ctId, entries[1].original.id, entries[1].reply.id], ['ipv4', 3379052684, 7777, 10099]);
  assert.deepEqual(parseConntrackList(fixture('masquerade-extended')).map((e) => e.original.dst), ['10.203.1.1', '203.0.113.8']);
});

test('empty lists and namespaces without conntrack give no entries', () => {
  assert.deepEqual(parseConntrackList(fixture('empty')), []);
  assert.deepEqual(parseConntrackList(fixture('client-no-nat')), []);
});
