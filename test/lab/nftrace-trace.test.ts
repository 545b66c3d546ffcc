// Lab test of the netfilter trace: router h3r (FORWARD policy DROP) between h3a and h3b; the trace names
// the policy that took the request, then the one that took the masqueraded reply; no tagged rule or
// monitor is left afterwards, and removeTaggedRules cleans up after a "crashed" run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNetfilterTrace, type NetfilterTraceSession } from '../../src/adapters/nftrace.js';
import { describeTraceEvent } from '../../src/adapters/nftrace-parse.js';
import { addTraceRules, findTaggedRules, removeTaggedRules } from '../../src/adapters/nftrace-rules.js';
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

async function taggedLeft(): Promise<number> {
  const { stdout } = await run('iptables-save', ['-t', 'raw'], { netns: lab.router });
  return findTaggedRules(stdout).length;
}

async function traceOnePing(runTag: string) {
  const mark = makeProbeMark();
  const session = await startNetfilterTrace({
    netns: lab.router, namespace: lab.router, runTag, mark, probe: { src: lab.clientAddress, dst: lab.serverAddress },
  });
  assert.ok(!('unavailable' in session), (session as Unavailable).reason);
  const live = session as NetfilterTraceSession;
  try {
    assert.equal(await taggedLeft(), 4, 'two rules in PREROUTING and two in OUTPUT while tracing');
    const probe = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: mark.pattern });
    return { probe, result: await live.stop() };
  } finally {
    await live.stop(); // idempotent: removes the rules and the monitor also when an assertion failed
  }
}

test('FORWARD policy DROP is named for the request', { skip }, async () => {
  const { probe, result } = await traceOnePing('h3t1');
  assert.equal(probe.received, 0);
  assert.ok(result.events.some((e) => describeTraceEvent(e) === 'filter:FORWARD:policy:DROP' && e.direction === 'request'), result.raw);
  assert.deepEqual(result.verdicts.map((v) => [v.direction, v.table, v.chain, v.rule, v.verdict]),
    [['request', 'filter', 'FORWARD', '-P FORWARD DROP', 'DROP']]);
  assert.equal(await taggedLeft(), 0);
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
  assert.equal(await taggedLeft(), 0);
});

test('a background ping without the mark is not traced', { skip }, async () => {
  const mark = makeProbeMark();
  const session = await startNetfilterTrace({ netns: lab.router, namespace: 'r', runTag: 'h3t3', mark, probe: { src: lab.clientAddress, dst: lab.serverAddress } });
  assert.ok(!('unavailable' in session));
  const live = session as NetfilterTraceSession;
  const background = await sendProbe({ netns: lab.client, dst: lab.routerUplinkAddress, count: 2, timeoutMs: 1000, pattern: makeProbeMark().pattern })
    .finally(() => live.stop());
  const result = await live.stop();
  assert.equal(background.received, 2, 'the unmarked pings really crossed the traced router');
  assert.equal(result.events.length, 0, result.raw);
});

test('removeTaggedRules removes whatever a killed run left, and only nettrace rules', { skip }, async () => {
  await addTraceRules(lab.router, 'h3crashed', makeProbeMark());
  await run('iptables', ['-t', 'raw', '-A', 'PREROUTING', '-p', 'udp', '-m', 'comment', '--comment', 'user-rule', '-j', 'ACCEPT'], { netns: lab.router });
  const removed = await removeTaggedRules(lab.router);
  assert.equal(removed.length, 4);
  assert.equal(await taggedLeft(), 0);
  const { stdout } = await run('iptables-save', ['-t', 'raw'], { netns: lab.router });
  assert.match(stdout, /user-rule/);
  const left = await run('pgrep', ['-x', 'xtables-monitor'], { check: false });
  assert.equal(countLiveChildren(), 0, left.stdout);
});
