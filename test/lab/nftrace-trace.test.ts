// Lab test of the netfilter trace: router h3r (FORWARD policy DROP) between h3a and h3b; the trace names
// the policy that took the request, then the one that took the masqueraded reply. It is armed with the
// run's own `nettrace-<run>` nft table (the shared raw table is never created or touched); two runs in one
// namespace keep each other's tables and events; nothing is left afterwards; the TRACE-rule path used where
// `nft` is missing still works; leftovers of "crashed" runs (tables and tagged rules) are removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNetfilterTrace, startTraceWith, type NetfilterTraceSession, type NetfilterTraceSpec } from '../../src/adapters/nftrace.js';
import { describeTraceEvent } from '../../src/adapters/nftrace-parse.js';
import { addTraceRules, findTaggedRules, removeTaggedRules } from '../../src/adapters/nftrace-rules.js';
import { ruleArming } from '../../src/adapters/nftrace-arming.js';
import { findTraceTables } from '../../src/adapters/nftrace-table.js';
import { addTraceTable, removeTraceTables } from '../../src/adapters/nftrace-table-ops.js';
import { makeProbeMark } from '../../src/capture/bpf-filter.js';
import { sendProbe } from '../../src/trace/probe.js';
import { countLiveChildren, run } from '../../src/system/runner.js';
import { pendingUndoCount } from '../../src/system/undo.js';
import type { Unavailable } from '../../src/model/state.js';
import { createRouterLab, labSkipReason, removeRouterLab, type RouterLab } from '../helpers/h3-router-lab.js';

const skip = labSkipReason();
let lab: RouterLab;

before(async () => {
  if (skip) return;
  lab = await createRouterLab('h3');
  await run('iptables', ['-P', 'FORWARD', 'DROP'], { netns: lab.router });
});
after(async () => { if (!skip) await removeRouterLab({ client: 'h3a', router: 'h3r', server: 'h3b' }); });

async function traceTables(): Promise<string[]> {
  return findTraceTables((await run('nft', ['list', 'tables', 'ip'], { netns: lab.router })).stdout);
}

async function taggedLeft(): Promise<number> {
  const { stdout } = await run('iptables-save', ['-t', 'raw'], { netns: lab.router });
  return findTaggedRules(stdout).length;
}

async function rawTableExists(): Promise<boolean> {
  return (await run('nft', ['list', 'table', 'ip', 'raw'], { netns: lab.router, check: false })).exitCode === 0;
}

function spec(runTag: string, mark = makeProbeMark()): NetfilterTraceSpec {
  return { netns: lab.router, namespace: lab.router, runTag, mark, probe: { src: lab.clientAddress, dst: lab.serverAddress } };
}

async function traceOnePing(runTag: string) {
  const s = spec(runTag);
  const session = await startNetfilterTrace(s);
  assert.ok(!('unavailable' in session), (session as Unavailable).reason);
  const live = session as NetfilterTraceSession;
  try {
    assert.deepEqual(await traceTables(), [`nettrace-${runTag}`], 'the run\'s own table while tracing');
    assert.equal(await taggedLeft(), 0, 'no TRACE rule in raw');
    assert.equal(await rawTableExists(), false, 'the raw table is not created');
    const probe = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: s.mark.pattern });
    return { probe, result: await live.stop() };
  } finally {
    await live.stop(); // idempotent: removes the table and the monitor also when an assertion failed
  }
}

test('FORWARD policy DROP is named for the request; the trace table is gone afterwards', { skip }, async () => {
  const { probe, result } = await traceOnePing('h3t1');
  assert.equal(probe.received, 0);
  assert.ok(result.events.some((e) => describeTraceEvent(e) === 'filter:FORWARD:policy:DROP' && e.direction === 'request'), result.raw);
  assert.ok(result.events.some((e) => e.table === 'nettrace-h3t1' && e.rule === '-A trace -j TRACE'), 'marked by the own table');
  assert.deepEqual(result.verdicts.map((v) => [v.direction, v.table, v.chain, v.rule, v.verdict]),
    [['request', 'filter', 'FORWARD', '-P FORWARD DROP', 'DROP']]);
  assert.deepEqual(await traceTables(), []);
  assert.equal(countLiveChildren(), 0);
  assert.equal(pendingUndoCount(), 0);
});

test('with MASQUERADE and only outbound allowed, the reply is the one dropped', { skip }, async () => {
  await run('iptables', ['-A', 'FORWARD', '-s', '10.203.1.0/24', '-j', 'ACCEPT'], { netns: lab.router });
  await run('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '10.203.1.0/24', '-j', 'MASQUERADE'], { netns: lab.router });
  const { result } = await traceOnePing('h3t2');
  const reply = result.verdicts.filter((v) => v.direction === 'reply');
  assert.deepEqual(reply.map((v) => `${v.chain} ${v.rule}`), ['FORWARD -P FORWARD DROP'], result.raw);
  assert.ok(result.verdicts.some((v) => v.direction === 'request' && v.rule === '-A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE'));
  assert.deepEqual(await traceTables(), []);
});

test('two runs in one namespace: stopping one leaves the other\'s table, and each sees only its probe', { skip }, async () => {
  const [a, b] = [spec('h3ra'), spec('h3rb')];
  const sessions = await Promise.all([startNetfilterTrace(a), startNetfilterTrace(b)]);
  for (const s of sessions) assert.ok(!('unavailable' in s), (s as Unavailable).reason);
  const [ta, tb] = sessions as NetfilterTraceSession[];
  try {
    await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: a.mark.pattern });
    const ra = await ta.stop();
    assert.deepEqual(await traceTables(), ['nettrace-h3rb'], 'the other run\'s table stays');
    await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: b.mark.pattern });
    const rb = await tb.stop();
    const ids = (events: typeof ra.events) => new Set(events.map((e) => e.packet?.ipId));
    assert.ok(ra.verdicts.some((v) => v.direction === 'reply' && v.rule === '-P FORWARD DROP'), ra.raw);
    assert.ok(rb.verdicts.some((v) => v.direction === 'reply' && v.rule === '-P FORWARD DROP'), rb.raw);
    assert.ok([...ids(ra.events)].every((id) => !ids(rb.events).has(id)), 'no packet is in both runs\' events');
  } finally {
    await Promise.all([ta.stop(), tb.stop()]);
  }
  assert.deepEqual(await traceTables(), []);
});

test('a background ping without the mark is not traced', { skip }, async () => {
  const s = spec('h3t3');
  const session = await startNetfilterTrace(s);
  assert.ok(!('unavailable' in session));
  const live = session as NetfilterTraceSession;
  const background = await sendProbe({ netns: lab.client, dst: lab.routerUplinkAddress, count: 2, timeoutMs: 1000, pattern: makeProbeMark().pattern })
    .finally(() => live.stop());
  const result = await live.stop();
  assert.equal(background.received, 2, 'the unmarked pings really crossed the traced router');
  assert.equal(result.events.length, 0, result.raw);
});

test('where nft is missing, the tagged TRACE rules still trace the probe and go again', { skip }, async () => {
  const s = spec('h3rules');
  const session = await startTraceWith(s, ruleArming(s.netns, s.runTag, s.mark));
  assert.ok(!('unavailable' in session), (session as Unavailable).reason);
  const live = session as NetfilterTraceSession;
  try {
    assert.equal(await taggedLeft(), 4, 'two rules in PREROUTING and two in OUTPUT while tracing');
    await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: s.mark.pattern });
    const result = await live.stop();
    assert.deepEqual(result.verdicts.filter((v) => v.direction === 'reply').map((v) => v.rule), ['-P FORWARD DROP'], result.raw);
  } finally {
    await live.stop();
  }
  assert.equal(await taggedLeft(), 0);
  await run('nft', ['delete', 'table', 'ip', 'raw'], { netns: lab.router, check: false }); // iptables-nft left it
});

test('leftovers of killed runs: their tables and tagged rules go, a user\'s table and rule stay', { skip }, async () => {
  await addTraceTable(lab.router, '999999-dead', makeProbeMark());
  await addTraceTable(lab.router, '1-alive', makeProbeMark());
  await run('nft', ['add', 'table', 'ip', 'mine'], { netns: lab.router });
  await addTraceRules(lab.router, 'h3crashed', makeProbeMark());
  await run('iptables', ['-t', 'raw', '-A', 'PREROUTING', '-p', 'udp', '-m', 'comment', '--comment', 'user-rule', '-j', 'ACCEPT'], { netns: lab.router });
  try {
    assert.deepEqual(await removeTraceTables(lab.router, (name) => name !== 'nettrace-1-alive'), ['nettrace-999999-dead']);
    assert.deepEqual(await traceTables(), ['nettrace-1-alive']);
    assert.deepEqual(await removeTraceTables(lab.router, () => true), ['nettrace-1-alive']);
    assert.equal((await run('nft', ['list', 'table', 'ip', 'mine'], { netns: lab.router, check: false })).exitCode, 0, 'a user table stays');
    const removed = await removeTaggedRules(lab.router);
    assert.equal(removed.length, 4);
    assert.equal(await taggedLeft(), 0);
    assert.match((await run('iptables-save', ['-t', 'raw'], { netns: lab.router })).stdout, /user-rule/);
  } finally {
    await run('nft', ['delete', 'table', 'ip', 'mine'], { netns: lab.router, check: false });
    await run('nft', ['delete', 'table', 'ip', 'raw'], { netns: lab.router, check: false });
  }
  assert.equal(countLiveChildren(), 0);
});
