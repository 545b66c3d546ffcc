// Path planning replayed on facts and route lookups recorded from the sandbox (fixtures/plan/record.ts):
// the walk must follow veth peers, bridge ports and the host's forwarding decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planPath, type RouteLookup } from '../../src/trace/plan-path.js';
import { staticNsFacts, type NsFacts } from '../../src/trace/ns-view.js';
import type { RouteGetResult } from '../../src/adapters/route-get.js';

interface Recording { facts: NsFacts[]; lookups: { ns: string | null; dst: string; from?: string; iif?: string; result: RouteGetResult }[] }
const load = (stage: string) => JSON.parse(readFileSync(new URL(`../../fixtures/plan/sandbox-${stage}.json`, import.meta.url), 'utf8')) as Recording;

function replay(rec: Recording): RouteLookup {
  return async (ns, dst, options) => {
    const hit = rec.lookups.find((l) => l.ns === ns && l.dst === dst && l.from === options.from && l.iif === options.iif);
    if (!hit) throw new Error(`no recorded lookup for ${ns} ${dst} ${JSON.stringify(options)}`);
    return hit.result;
  };
}

async function plan(stage: string, src: string, dst: string) {
  const rec = load(stage);
  const p = await planPath({ sourceNs: src, destination: dst, outside: new Set(['nt-wan']), displayName: (n) => n ?? 'host' }, staticNsFacts(rec.facts), replay(rec));
  return { ...p, text: p.hops.map((h) => `${h.namespace}:${h.interface}:${h.role}`) };
}

test('RED → internet: veth peer, bridge port, bridge, routed out of the uplink', async () => {
  const p = await plan('complete', 'RED', '203.0.113.8');
  assert.deepEqual(p.text, ['RED:reth0:source', 'nt-host:reth1:bridge-port', 'nt-host:br0:bridge', 'nt-host:eth0:uplink']);
  assert.equal(p.end.kind, 'beyond');
  assert.equal(p.sourceAddress, '11.11.11.2');
  assert.deepEqual(p.namespaces, ['RED', 'nt-host']);
});

test('RED → BLUE: switched between two ports without touching the host stack', async () => {
  const p = await plan('complete', 'RED', '11.11.11.3');
  assert.deepEqual(p.text, ['RED:reth0:source', 'nt-host:reth1:bridge-port', 'nt-host:beth1:bridge-port', 'BLUE:beth0:destination']);
  assert.deepEqual(p.end, { kind: 'destination', ns: 'BLUE' });
});

test('host → RED: out of the bridge through the port whose far side owns the address', async () => {
  const p = await plan('complete', 'nt-host', '11.11.11.2');
  assert.deepEqual(p.text, ['nt-host:br0:source', 'nt-host:reth1:bridge-port', 'RED:reth0:destination']);
});

test('an address nobody owns on the segment ends the walk as no-neighbor', async () => {
  const p = await plan('complete', 'RED', '11.11.11.9');
  assert.equal(p.end.kind, 'no-neighbor');
  assert.ok(p.visited.includes('BLUE'), 'every port was looked at, so a prediction can prove nobody has it');
});

test('stage bridge: RED has no route off its subnet (the kernel refusal is kept as evidence)', async () => {
  const p = await plan('bridge', 'RED', '203.0.113.8');
  assert.equal(p.end.kind, 'no-route');
  assert.equal((p.end as { error: string }).error, 'Network is unreachable');
  assert.deepEqual(p.hops, []);
  assert.equal(p.lookups.length, 1);
});

test('stage bridge: the host sends lab traffic to its default route', async () => {
  const p = await plan('bridge', 'nt-host', '11.11.11.2');
  assert.deepEqual(p.text, ['nt-host:eth0:uplink']);
});
