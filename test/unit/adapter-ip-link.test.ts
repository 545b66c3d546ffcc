// Links, nsid maps and veth-peer resolution, on outputs recorded from the hand-built lab (fixtures/ip/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLinks } from '../../src/adapters/ip-link.js';
import { parseNetnsList, parseNsidMap } from '../../src/adapters/ip-netns.js';
import { resolvePeers, type PeerScope } from '../../src/adapters/veth-peers.js';

const dir = new URL('../../fixtures/ip/hand-built/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const scopeOf = (ns: string): PeerScope => ({ ns, links: parseLinks(read(`${ns}.link.json`), ns), nsids: parseNsidMap(read(`${ns}.netns-list-id.json`)) });
const byName = (links: ReturnType<typeof parseLinks>, name: string) => {
  const link = links.find((l) => l.name === name);
  assert.ok(link, `link ${name} exists`);
  return link;
};

test('parseLinks reads kind, flags, master and bridge STP from ip -j -d link', () => {
  const links = parseLinks(read('h2host.link.json'), 'h2host');
  assert.deepEqual(links.map((l) => l.name), ['lo', 'eth0', 'reth1', 'beth1', 'br0', 'h2b', 'h2a']);
  const reth1 = byName(links, 'reth1');
  assert.equal(reth1.kind, 'veth');
  assert.equal(reth1.master, 'br0');
  assert.equal(reth1.adminUp, true);
  assert.equal(reth1.lowerUp, true);
  assert.equal(reth1.operState, 'UP');
  assert.equal(reth1.mtu, 1500);
  assert.deepEqual(reth1.peer, { ifindex: 2, netnsid: 1 });
  const br0 = byName(links, 'br0');
  assert.equal(br0.kind, 'bridge');
  assert.equal(br0.stp, false);
  assert.equal(br0.peer, null);
  assert.equal(byName(links, 'lo').kind, 'loopback');
});

test('parseLinks resolves a same-namespace veth pair from the `link` name; up without carrier when the peer is down', () => {
  const links = parseLinks(read('h2host.link.json'), 'h2host');
  const h2a = byName(links, 'h2a');
  assert.equal(h2a.adminUp, true);
  assert.equal(h2a.lowerUp, false);
  assert.equal(h2a.operState, 'LOWERLAYERDOWN');
  assert.deepEqual(h2a.peer, { ifindex: 6, netnsid: null, ns: 'h2host', name: 'h2b' });
  const h2b = byName(links, 'h2b');
  assert.equal(h2b.adminUp, false);
  assert.equal(h2b.operState, 'DOWN');
  assert.deepEqual(h2b.peer, { ifindex: 7, netnsid: null, ns: 'h2host', name: 'h2a' });
});

test('parseNsidMap and parseNetnsList read ip -j netns output', () => {
  assert.deepEqual(parseNsidMap(read('h2host.netns-list-id.json')), { 0: 'h2wan', 1: 'h2red', 2: 'h2blue' });
  assert.deepEqual(parseNsidMap(read('h2red.netns-list-id.json')), { 0: 'h2host' });
  const names = parseNetnsList(read('netns-list.json'));
  for (const ns of ['h2host', 'h2red', 'h2blue', 'h2wan']) assert.ok(names.includes(ns), ns);
  assert.deepEqual(parseNetnsList(''), []);
});

test('resolvePeers finds every veth peer across the lab namespaces, both directions', () => {
  const scopes = ['h2host', 'h2red', 'h2blue', 'h2wan'].map(scopeOf);
  const [host, red, blue, wan] = resolvePeers(scopes);
  assert.deepEqual(byName(host, 'reth1').peer, { ifindex: 2, netnsid: 1, ns: 'h2red', name: 'reth0' });
  assert.deepEqual(byName(host, 'beth1').peer, { ifindex: 2, netnsid: 2, ns: 'h2blue', name: 'beth0' });
  assert.deepEqual(byName(host, 'eth0').peer, { ifindex: 2, netnsid: 0, ns: 'h2wan', name: 'weth0' });
  assert.deepEqual(byName(red, 'reth0').peer, { ifindex: 3, netnsid: 0, ns: 'h2host', name: 'reth1' });
  assert.deepEqual(byName(blue, 'beth0').peer, { ifindex: 4, netnsid: 0, ns: 'h2host', name: 'beth1' });
  assert.equal(byName(wan, 'weth0').peer?.name, 'eth0');
});

test('resolvePeers leaves a peer unresolved when its namespace was not read', () => {
  const [red] = resolvePeers([scopeOf('h2red')]);
  assert.deepEqual(byName(red, 'reth0').peer, { ifindex: 3, netnsid: 0 });
});

test('resolvePeers matches a peer in a namespace without a name (nettrace\'s own) by the link pointing back', () => {
  // As when the host is nettrace's own namespace: the lab namespaces cannot name it, so drop that name.
  const host = { ...scopeOf('h2host'), ns: null };
  const red = { ...scopeOf('h2red'), nsids: { 0: null } };
  const blue = { ...scopeOf('h2blue'), nsids: { 0: null } };
  const [, redLinks, blueLinks] = resolvePeers([host, red, blue]);
  assert.deepEqual(byName(redLinks, 'reth0').peer, { ifindex: 3, netnsid: 0, ns: null, name: 'reth1' });
  assert.deepEqual(byName(blueLinks, 'beth0').peer, { ifindex: 4, netnsid: 0, ns: null, name: 'beth1' });
});
