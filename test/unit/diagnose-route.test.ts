// Route lookup (longest prefix, metric, blocking types, down interfaces, local addresses) and the
// layer-2 resolution of next hops across veths and bridges, on the hand-built tutorial lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupRoute } from '../../src/diagnose/simulate-route.js';
import { resolveNextHop } from '../../src/diagnose/simulate-link.js';
import { find, link, route, setDown } from '../../fixtures/diagnose/lab-builder.js';
import { tutorialLab } from '../../fixtures/diagnose/tutorial-lab.js';

test('longest prefix wins over default, lower metric breaks ties, local addresses first', () => {
  const evidence = tutorialLab('complete', 'RED', '203.0.113.8');
  const host = find(evidence, 'nt-host');
  route(host, '203.0.113.0/24', { gateway: '10.0.2.3', dev: 'eth0', metric: 200 });
  route(host, '203.0.113.0/24', { gateway: '10.0.2.4', dev: 'eth0', metric: 100 });
  const decision = lookupRoute(host, '203.0.113.8');
  assert.equal(decision.kind, 'unicast');
  assert.equal(decision.kind === 'unicast' && decision.gateway, '10.0.2.4');
  assert.equal(lookupRoute(host, '198.51.100.1').kind === 'unicast' && (lookupRoute(host, '198.51.100.1') as { gateway: string }).gateway, '10.0.2.2');
  assert.equal(lookupRoute(host, '11.11.11.1').kind, 'local');
  assert.equal(lookupRoute(host, '127.0.0.5').kind, 'local');
  const red = lookupRoute(find(evidence, 'RED'), '11.11.11.3');
  assert.deepEqual(red.kind === 'unicast' && [red.dev, red.nextHop], ['reth0', '11.11.11.3']);
});

test('blackhole/unreachable/prohibit routes block, routes over down interfaces are ignored', () => {
  const evidence = tutorialLab('complete', 'RED', '203.0.113.8');
  const red = find(evidence, 'RED');
  route(red, '203.0.113.0/24', { type: 'prohibit' });
  const blocked = lookupRoute(red, '203.0.113.8');
  assert.equal(blocked.kind === 'blocked' && blocked.type, 'prohibit');
  link(red, 'reth0').adminUp = false;
  assert.equal(lookupRoute(red, '11.11.11.3').kind, 'none');
});

test('next hop across a veth and through the bridge: BLUE found, one port-to-port crossing', () => {
  const evidence = tutorialLab('complete', 'RED', 'BLUE');
  const hop = resolveNextHop(evidence, 'RED', 'reth0', '11.11.11.3');
  assert.equal(hop.kind, 'found');
  if (hop.kind !== 'found') return;
  assert.deepEqual([hop.ns, hop.dev], ['BLUE', 'beth0']);
  assert.deepEqual(hop.crossings, [{ ns: 'nt-host', bridge: 'br0', inPort: 'reth1', outPort: 'beth1' }]);
  assert.deepEqual(hop.trail.map((step) => step.link.name), ['reth0', 'reth1', 'br0', 'beth1', 'beth0']);
});

test('the gateway on the bridge is reached without crossing; the uplink leads outside', () => {
  const evidence = tutorialLab('complete', 'RED', '203.0.113.8');
  const gateway = resolveNextHop(evidence, 'RED', 'reth0', '11.11.11.1');
  assert.deepEqual(gateway.kind === 'found' && [gateway.ns, gateway.dev, gateway.crossings.length], ['nt-host', 'br0', 0]);
  assert.equal(resolveNextHop(evidence, 'nt-host', 'eth0', '10.0.2.2').kind, 'outside');
});

test('faults on the way: a down port, an unenslaved veth, an address nobody has', () => {
  const down = tutorialLab('complete', 'RED', 'BLUE');
  setDown(down, 'nt-host', 'beth1');
  const hop = resolveNextHop(down, 'RED', 'reth0', '11.11.11.3');
  assert.deepEqual(hop.kind === 'link-down' && [hop.ns, hop.dev], ['nt-host', 'beth1']);
  const loose = tutorialLab('complete', 'RED', 'BLUE');
  link(find(loose, 'nt-host'), 'beth1').master = null;
  const unbridged = resolveNextHop(loose, 'RED', 'reth0', '11.11.11.3');
  assert.deepEqual(unbridged.kind === 'not-bridged' && [unbridged.ns, unbridged.dev, unbridged.bridge], ['nt-host', 'beth1', 'br0']);
  assert.equal(resolveNextHop(tutorialLab('complete', 'RED', 'BLUE'), 'RED', 'reth0', '11.11.11.77').kind, 'unresolved');
});
