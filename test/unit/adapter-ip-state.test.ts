// Addresses, routes and neighbours, on outputs recorded from the hand-built lab (fixtures/ip/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAddresses } from '../../src/adapters/ip-addr.js';
import { normalizeDst, parseRoutes } from '../../src/adapters/ip-route.js';
import { parseNeighbors } from '../../src/adapters/ip-neigh.js';

const dir = new URL('../../fixtures/ip/hand-built/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

test('parseAddresses lists each IPv4 address with its device and prefix', () => {
  assert.deepEqual(parseAddresses(read('h2host.addr.json'), 'h2host'), [
    { ns: 'h2host', dev: 'lo', address: '127.0.0.1', prefixLength: 8 },
    { ns: 'h2host', dev: 'eth0', address: '10.0.2.15', prefixLength: 24 },
    { ns: 'h2host', dev: 'br0', address: '11.11.11.1', prefixLength: 24 },
    { ns: 'h2host', dev: 'h2a', address: '192.0.2.1', prefixLength: 24 },
  ]);
  // lo is down in a fresh namespace and has no IPv4 address listed there
  assert.deepEqual(parseAddresses(read('h2red.addr.json'), 'h2red'), [{ ns: 'h2red', dev: 'reth0', address: '11.11.11.2', prefixLength: 24 }]);
});

test('parseRoutes fills in iproute2\'s omitted defaults and keeps type, table and linkdown', () => {
  const routes = parseRoutes(read('h2host.route.json'), 'h2host');
  const main = routes.filter((r) => r.table === 'main');
  assert.deepEqual(main.map((r) => r.dst), ['default', '10.0.2.0/24', '11.11.11.0/24', '192.0.2.0/24']);
  assert.deepEqual(main[0], { ns: 'h2host', dst: 'default', gateway: '10.0.2.2', dev: 'eth0', prefsrc: null, type: 'unicast', table: 'main', protocol: 'boot', metric: null, flags: [] });
  assert.equal(main[2].protocol, 'kernel');
  assert.equal(main[2].prefsrc, '11.11.11.1');
  assert.deepEqual(main[3].flags, ['linkdown']);
  const local = routes.find((r) => r.table === 'local' && r.dst === '11.11.11.1/32');
  assert.equal(local?.type, 'local');
  assert.ok(routes.some((r) => r.type === 'broadcast' && r.dst === '11.11.11.255/32'));
  const red = parseRoutes(read('h2red.route.json'), 'h2red');
  assert.equal(red.find((r) => r.dst === 'default')?.gateway, '11.11.11.1');
  const wan = parseRoutes(read('h2wan.route.json'), 'h2wan');
  const blackhole = wan.find((r) => r.type === 'blackhole');
  assert.equal(blackhole?.dst, '198.51.100.0/24');
  assert.equal(blackhole?.dev, null);
  assert.equal(wan.some((r) => r.dst === 'default'), false);
});

test('normalizeDst writes host routes with /32 and 0.0.0.0/0 as default', () => {
  assert.equal(normalizeDst('11.11.11.2'), '11.11.11.2/32');
  assert.equal(normalizeDst('0.0.0.0/0'), 'default');
  assert.equal(normalizeDst('11.11.11.0/24'), '11.11.11.0/24');
});

test('parseNeighbors keeps lladdr and state, including a FAILED entry without lladdr', () => {
  const neighbors = parseNeighbors(read('h2red.neigh.json'), 'h2red');
  assert.deepEqual(neighbors.find((n) => n.dst === '11.11.11.1'), { ns: 'h2red', dst: '11.11.11.1', dev: 'reth0', lladdr: '1a:b1:21:14:6b:09', state: ['REACHABLE'] });
  assert.deepEqual(neighbors.find((n) => n.dst === '11.11.11.9'), { ns: 'h2red', dst: '11.11.11.9', dev: 'reth0', lladdr: null, state: ['FAILED'] });
  assert.deepEqual(parseNeighbors('', 'x'), []);
});
