// `lab status` report and tables built from the snapshot of the hand-built lab (recorded outputs, no root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLinks } from '../../src/adapters/ip-link.js';
import { parseNsidMap } from '../../src/adapters/ip-netns.js';
import { parseAddresses } from '../../src/adapters/ip-addr.js';
import { parseRoutes } from '../../src/adapters/ip-route.js';
import { parseNeighbors } from '../../src/adapters/ip-neigh.js';
import { parseSysctls } from '../../src/adapters/sysctl.js';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { resolveSnapshotPeers } from '../../src/adapters/namespace-state.js';
import { unavailable } from '../../src/adapters/ip-json.js';
import type { NamespaceState, Snapshot } from '../../src/adapters/snapshot.js';
import { buildStatusReport } from '../../src/status/build-status.js';
import { statusNamespaces } from '../../src/status/gather-status.js';
import { renderStatusTables } from '../../src/render/status-tables.js';
import { context } from '../../src/system/context.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function recordedState(ns: string): NamespaceState {
  const ip = (what: string) => fixture(`ip/hand-built/${ns}.${what}`);
  return {
    ns,
    links: parseLinks(ip('link.json'), ns),
    nsids: parseNsidMap(ip('netns-list-id.json')),
    addresses: parseAddresses(ip('addr.json'), ns),
    routes: parseRoutes(ip('route.json'), ns),
    neighbors: parseNeighbors(ip('neigh.json'), ns),
    sysctls: parseSysctls(fixture(`sysctl/hand-built.${ns}.txt`), ns),
    ruleset: parseIptablesSave(fixture(`iptables/hand-built.${ns}.nft.save`), ns, 'nf_tables'),
  };
}

function recordedSnapshot(): Snapshot {
  const order = statusNamespaces('h2host', ['h2wan', 'h2red', 'h2blue', 'h2host']);
  return { takenAt: '2026-11-28T23:00:00.000Z', namespaces: resolveSnapshotPeers(order.map((ns) => recordedState(ns as string))) };
}

test('statusNamespaces puts the host first and the others sorted, without duplicates', () => {
  assert.deepEqual(statusNamespaces('h2host', ['h2wan', 'h2red', 'h2host', 'h2red']), ['h2host', 'h2red', 'h2wan']);
  assert.deepEqual(statusNamespaces(null, ['b', 'a']), [null, 'a', 'b']);
});

test('the report describes the hand-built lab: roles, bridge ports with peers, addresses, routes', () => {
  const report = buildStatusReport(recordedSnapshot(), 'h2host');
  assert.equal(report.host, 'h2host');
  assert.deepEqual(report.namespaces.map((n) => [n.name, n.role]), [['h2host', 'host'], ['h2blue', 'lab'], ['h2red', 'lab'], ['h2wan', 'lab']]);
  assert.deepEqual(report.bridges, [{
    namespace: 'h2host', name: 'br0', state: 'UP', stp: false,
    ports: [
      { name: 'reth1', state: 'UP', peer: { resolved: true, namespace: 'h2red', name: 'reth0', ifindex: 2, netnsid: 1 } },
      { name: 'beth1', state: 'UP', peer: { resolved: true, namespace: 'h2blue', name: 'beth0', ifindex: 2, netnsid: 2 } },
    ],
  }]);
  const reth0 = report.links.find((l) => l.namespace === 'h2red' && l.name === 'reth0');
  assert.deepEqual(reth0?.peer, { resolved: true, namespace: 'h2host', name: 'reth1', ifindex: 3, netnsid: 0 });
  assert.ok(report.addresses.some((a) => a.namespace === 'h2host' && a.interface === 'br0' && a.cidr === '11.11.11.1/24'));
  assert.ok(report.addresses.some((a) => a.namespace === 'h2blue' && a.cidr === '11.11.11.3/24'));
  assert.equal(report.routes.some((r) => r.table === 'local'), false, 'local table left out');
  assert.deepEqual(report.routes.filter((r) => r.namespace === 'h2red' && r.dst === 'default').map((r) => r.gateway), ['11.11.11.1']);
});

test('the report shows FORWARD and POSTROUTING of the host, and sysctls of every namespace', () => {
  const report = buildStatusReport(recordedSnapshot(), 'h2host');
  assert.deepEqual(report.netfilter.map((c) => [c.namespace, c.table, c.chain, c.exists, c.policy]), [
    ['h2host', 'filter', 'FORWARD', true, 'DROP'],
    ['h2host', 'nat', 'POSTROUTING', true, 'ACCEPT'],
  ]);
  assert.deepEqual(report.netfilter[0].rules.map((r) => [r.position, r.rule, r.packets]), [
    [1, '-A FORWARD -s 11.11.11.0/24 -j ACCEPT', 8],
    [2, '-A FORWARD -d 11.11.11.0/24 -j ACCEPT', 2],
  ]);
  assert.equal(report.netfilter[1].rules[0].target, 'MASQUERADE');
  const host = report.sysctls.find((s) => s.namespace === 'h2host');
  assert.equal(host?.ip_forward, 1);
  assert.equal(host?.rp_filter.all, 2);
  assert.equal(host?.bridge_nf_call_iptables, 1);
  assert.equal(report.sysctls.find((s) => s.namespace === 'h2red')?.ip_forward, 0);
  assert.deepEqual(report.unavailable, []);
});

test('a host without rules gets both chains marked missing; unreadable parts are listed with the reason', () => {
  const snapshot = recordedSnapshot();
  snapshot.namespaces[0] = { ...snapshot.namespaces[0], ruleset: parseIptablesSave('', 'h2host', 'nf_tables'), sysctls: unavailable('cannot read /proc/sys/net') };
  const report = buildStatusReport(snapshot, 'h2host');
  assert.deepEqual(report.netfilter.map((c) => [c.chain, c.exists, c.policy]), [['FORWARD', false, null], ['POSTROUTING', false, null]]);
  assert.deepEqual(report.unavailable, [{ namespace: 'h2host', what: 'sysctls', reason: 'cannot read /proc/sys/net' }]);
  const text = renderStatusTables(report, false);
  assert.match(text, /filter FORWARD: no such chain/);
  assert.match(text, /h2host sysctls: unavailable: cannot read \/proc\/sys\/net/);
});

test('the tables carry catalog headings in English and Korean', () => {
  const report = buildStatusReport(recordedSnapshot(), 'h2host');
  const saved = context.lang;
  try {
    context.lang = 'en';
    const en = renderStatusTables(report, false);
    assert.match(en, /Lab status — host: h2host; 3 other namespace/);
    assert.match(en, /reth1 \(UP\) ↔ h2red:reth0/);
    assert.match(en, /policy DROP/);
    assert.match(en, /1\. -A FORWARD -s 11\.11\.11\.0\/24 -j ACCEPT/);
    assert.match(en, /all=2 default=0/);
    assert.match(en, /unicast\/main linkdown/);
    context.lang = 'ko';
    const ko = renderStatusTables(report, false);
    assert.match(ko, /랩 상태 — 호스트: h2host/);
    assert.match(ko, /네임스페이스/);
    assert.match(ko, /정책 DROP/);
    assert.doesNotMatch(ko, /Namespace/);
  } finally {
    context.lang = saved;
  }
});
