// Which packet of the probe each namespace taps last (src/trace/last-frames.ts), on paths planned from
// recorded sandbox facts: what lets a run end its captures without sentinels, so it must be exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planPath, type PathPlan, type RouteLookup } from '../../src/trace/plan-path.js';
import { staticNsFacts, type NsFacts } from '../../src/trace/ns-view.js';
import type { RouteGetResult } from '../../src/adapters/route-get.js';
import { lastFramesAnswered, lastFramesDropped, lastFramesLeft } from '../../src/trace/last-frames.js';

interface Recording { facts: NsFacts[]; lookups: { ns: string | null; dst: string; from?: string; iif?: string; result: RouteGetResult }[] }
const rec = JSON.parse(readFileSync(new URL('../../fixtures/plan/sandbox-complete.json', import.meta.url), 'utf8')) as Recording;
const replay: RouteLookup = async (ns, dst, options) => {
  const hit = rec.lookups.find((l) => l.ns === ns && l.dst === dst && l.from === options.from && l.iif === options.iif);
  if (!hit) throw new Error(`no recorded lookup for ${ns} ${dst}`);
  return hit.result;
};
const plan = (src: string, dst: string) => planPath({ sourceNs: src, destination: dst, outside: new Set(['nt-wan']), displayName: (n) => n ?? 'host' }, staticNsFacts(rec.facts), replay);

test('answered: each namespace taps the reply last where the request came in (the source: where it left)', async () => {
  const internet = await plan('RED', '203.0.113.8');
  assert.deepEqual(lastFramesAnswered(internet.namespaces, internet, 1), [
    { kind: 'echo-reply', iface: 'reth0', count: 1 },
    { kind: 'echo-reply', iface: 'reth1', count: 1 },
  ]);
  const blue = await plan('RED', '11.11.11.3');
  assert.deepEqual(lastFramesAnswered(blue.namespaces, blue, 2).map((f) => f !== 'nothing' && f?.iface), ['reth0', 'reth1', 'beth0']);
});

test('reply dropped in the host (stage masquerade): the host taps it on eth0, RED last saw its request leave', async () => {
  const p = await plan('RED', '203.0.113.8');
  assert.deepEqual(lastFramesDropped(p.namespaces, p, { ns: 'nt-host', direction: 'reply', in: 'eth0' }), [
    { kind: 'echo-request', iface: 'reth0', count: 1 },
    { kind: 'echo-reply', iface: 'eth0', count: 1 },
  ]);
});

test('request dropped on the bridge (PHYSIN reth1): BLUE never saw anything; a reply dropped there was seen leaving BLUE', async () => {
  const p = await plan('RED', '11.11.11.3');
  assert.deepEqual(lastFramesDropped(p.namespaces, p, { ns: 'nt-host', direction: 'request', in: 'reth1' }), [
    { kind: 'echo-request', iface: 'reth0', count: 1 },
    { kind: 'echo-request', iface: 'reth1', count: 1 },
    'nothing',
  ]);
  assert.deepEqual(lastFramesDropped(p.namespaces, p, { ns: 'nt-host', direction: 'reply', in: 'beth1' })[2], { kind: 'echo-reply', iface: 'beth0', count: 1 });
});

test('dropped at OUTPUT in the source: generated there, never on a wire', async () => {
  const p = await plan('RED', '203.0.113.8');
  assert.deepEqual(lastFramesDropped(p.namespaces, p, { ns: 'RED', direction: 'request', in: null }), ['nothing', 'nothing']);
});

test('unknown: a namespace off the path, or a path that crosses a namespace twice, falls back to sentinels', async () => {
  const p = await plan('RED', '203.0.113.8');
  assert.deepEqual(lastFramesDropped(p.namespaces, p, { ns: 'BLUE', direction: 'request', in: 'beth0' }), [null, null]);
  const hairpin: PathPlan = { ...p, hops: [...p.hops, { ns: 'RED', namespace: 'RED', interface: 'reth0', role: 'router-in' }] };
  assert.deepEqual(lastFramesAnswered(['RED', 'nt-host'], hairpin, 1), [null, null]);
  assert.deepEqual(lastFramesDropped(['RED', 'nt-host'], hairpin, { ns: 'nt-host', direction: 'reply', in: 'eth0' }), [null, null]);
});

test('a request sent out of the machine and given up on: every namespace taps it last on its way out', async () => {
  const p = await plan('RED', '203.0.113.8');
  assert.deepEqual(lastFramesLeft(p.namespaces, p), [
    { kind: 'echo-request', iface: 'reth0', count: 1 },
    { kind: 'echo-request', iface: 'eth0', count: 1 },
  ]);
});
