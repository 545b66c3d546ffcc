// One ip batch per namespace, parsed back into its five parts (recorded outputs, fixtures/ip/batch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ipBatchInput, parseIpBatch, splitJsonDocuments } from '../../src/adapters/ip-batch.js';
import { isUnavailable } from '../../src/adapters/ip-json.js';

const read = (name: string) => readFileSync(new URL(`../../fixtures/ip/batch/${name}`, import.meta.url), 'utf8');

test('the host batch gives links with bridge ports and veth peers, addresses, nsids, routes, neighbours', () => {
  const s = parseIpBatch(read('nt-host.json'), read('nt-host.stderr'), 'nt-host');
  assert.ok(!isUnavailable(s.links) && !isUnavailable(s.addresses) && !isUnavailable(s.nsids) && !isUnavailable(s.routes) && !isUnavailable(s.neighbors));
  if (isUnavailable(s.links) || isUnavailable(s.addresses) || isUnavailable(s.nsids) || isUnavailable(s.routes) || isUnavailable(s.neighbors)) return;
  assert.deepEqual(s.links.filter((l) => l.master === 'br0').map((l) => l.name).sort(), ['beth1', 'reth1']);
  assert.equal(s.links.find((l) => l.name === 'br0')?.kind, 'bridge');
  assert.equal(s.links.find((l) => l.name === 'reth1')?.peer?.netnsid !== null, true);
  assert.deepEqual(s.addresses.map((a) => `${a.dev} ${a.address}/${a.prefixLength}`).sort(), ['br0 11.11.11.1/24', 'eth0 10.0.2.15/24', 'lo 127.0.0.1/8']);
  assert.ok(Object.values(s.nsids).includes('RED') && Object.values(s.nsids).includes('nt-wan'));
  assert.ok(s.routes.some((r) => r.dst === 'default' && r.gateway === '10.0.2.2'));
  assert.ok(s.routes.some((r) => r.table === 'local'), 'table all includes local routes');
  assert.ok(s.neighbors.some((n) => n.dst === '11.11.11.2' && n.dev === 'br0'));
});

test('a namespace whose neighbour table is empty still maps every part', () => {
  const s = parseIpBatch(read('RED.json'), '', 'RED');
  assert.ok(!isUnavailable(s.routes) && s.routes.some((r) => r.dst === 'default'));
  assert.ok(!isUnavailable(s.links) && s.links.some((l) => l.name === 'reth0'));
});

test('a failed line is Unavailable with the kernel\'s words; the others are kept', () => {
  const docs = splitJsonDocuments(read('RED-failing.json'));
  assert.equal(docs.length, 2, 'the failed line printed nothing');
  const s = parseIpBatch(read('RED-failing.json'), read('RED-failing.stderr'), 'RED');
  assert.ok(!isUnavailable(s.links));
  assert.ok(!isUnavailable(s.addresses) && s.addresses.some((a) => a.dev === 'reth0'), 'addresses are found by their shape, not their line');
});

test('JSON documents are split even with brackets inside strings', () => {
  assert.deepEqual(splitJsonDocuments('[{"a":"x]["}]\n[]\n[{"b":1}]'), [[{ a: 'x][' }], [], [{ b: 1 }]]);
});

test('route lookups ride in the batch: answers in the order asked, a refused one with the kernel\'s words', () => {
  const asked = [{ dst: '203.0.113.8' }, { dst: '198.51.100.9', from: '11.11.11.2', iif: 'reth0' }, { dst: '11.11.11.3' }];
  assert.equal(ipBatchInput(asked).split('\n').slice(6, 9).join('|'), 'route get 203.0.113.8|route get 198.51.100.9 from 11.11.11.2 iif reth0|route get 11.11.11.3');
  const s = parseIpBatch(read('RED-routes.json'), read('RED-routes.stderr'), 'RED', asked);
  const [internet, refused, blue] = s.routeGets;
  assert.ok(internet?.ok && internet.gateway === '11.11.11.1' && internet.prefsrc === '11.11.11.2' && internet.dev === 'reth0');
  assert.ok(refused && !refused.ok && refused.error === 'No route to host', JSON.stringify(refused));
  assert.equal(refused.command, 'ip -n RED -j route get 198.51.100.9 from 11.11.11.2 iif reth0');
  assert.ok(blue?.ok && blue.dst === '11.11.11.3' && blue.gateway === null);
  assert.ok(!isUnavailable(s.routes) && s.routes.some((r) => r.dst === 'default'), 'route show is not taken for a lookup');
  assert.ok(!isUnavailable(s.neighbors) && s.neighbors.length > 0);
});

test('the batch carries the sysctls (netconf): forwarding off in RED', () => {
  const s = parseIpBatch(read('RED-routes.json'), read('RED-routes.stderr'), 'RED', [{ dst: '203.0.113.8' }, { dst: '198.51.100.9', from: '11.11.11.2', iif: 'reth0' }, { dst: '11.11.11.3' }]);
  assert.ok(!isUnavailable(s.netconf));
  if (isUnavailable(s.netconf)) return;
  assert.equal(s.netconf.ipForward, 0);
  assert.equal(s.netconf.forwarding.reth0, 0);
  assert.equal(s.netconf.rpFilter.all, 0);
});

test('a batch without a netconf answer leaves the sysctls Unavailable (they are then read from /proc)', () => {
  const s = parseIpBatch(read('RED.json'), '', 'RED');
  assert.ok(isUnavailable(s.netconf));
});
