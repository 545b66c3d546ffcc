// Interrupted at any moment, nothing is left: SIGINT/SIGTERM while `ping` arms, while the probe flies and
// right after it; a capture worker that dies; SIGKILL (children die by pdeathsig, `cleanup` removes the
// rules, and touches nothing of the user's). Run under scripts/isolated.sh (private /run/netns).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { nettrace, isRoot, inNs } from '../helpers/cli.js';
import { startNettrace, disposeRuns } from '../helpers/reliability-spawn.js';
import { collectLeftovers, leftoverTraceRules, processesInLabNamespaces, waitFor, waitGone, NOTHING_LEFT } from '../helpers/reliability-state.js';

afterEach(disposeRuns);

const skip = isRoot ? false : 'needs root (real namespaces)';

before(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  // default-route: RED → 203.0.113.8 leaves unmasqueraded and nothing answers, so a --count 5 probe
  // with --timeout 3000 runs for ~4 s: time enough to interrupt it in each phase.
  const up = await nettrace(['lab', 'up', '--sandbox', '--stage', 'default-route']);
  assert.equal(up.code, 0, up.stderr);
});
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

const PING = ['ping', 'RED', '203.0.113.8', '--count', '5', '--timeout', '3000'];
const procs = (comm: string) => async () => (await processesInLabNamespaces([comm]));

async function interruptAt(signal: NodeJS.Signals, moment: 'arming' | 'probe' | 'after') {
  const run = await startNettrace(PING);
  if (moment === 'arming') {
    assert.ok((await waitFor(procs('tcpdump'), 10000, 5)).length > 0, 'a capture was started');
  } else {
    assert.ok((await waitFor(procs('ping'), 10000, 5)).length > 0, 'the probe was started');
    assert.ok((await leftoverTraceRules()).length > 0, 'TRACE rules are in place while the probe flies');
    if (moment === 'after') assert.deepEqual(await waitGone(procs('ping'), 10000, 5), [], 'the probe ended');
  }
  run.child.kill(signal);
  const r = await run.done();
  return { r, left: await collectLeftovers(run.tmpDir) };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const moment of ['arming', 'probe'] as const) {
    test(`${signal} while ${moment === 'arming' ? 'the captures arm' : 'the probe flies'}: exit 130, one sentence, nothing left`, { skip }, async () => {
      const { r, left } = await interruptAt(signal, moment);
      assert.equal(r.code, 130, `exit code (stderr: ${r.stderr})`);
      assert.match(r.stderr, new RegExp(`${signal}`), 'names the signal');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(left, NOTHING_LEFT);
    });
  }
  test(`${signal} right after the probe ended (captures draining, rules being removed): nothing left`, { skip }, async () => {
    const { r, left } = await interruptAt(signal, 'after');
    // The run may finish its verdict before the signal lands (exit 1); if not, it is 130. Either way nothing stays.
    assert.ok(r.code === 130 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    if (r.code === 130) assert.match(r.stderr, new RegExp(signal));
    assert.deepEqual(left, NOTHING_LEFT);
  });
}


test('a capture worker that dies mid-run: exit 1 with one sentence naming the dead capture, no hang, nothing left', { skip }, async () => {
  const run = await startNettrace(PING);
  assert.ok((await waitFor(procs('ping'), 10000, 5)).length > 0);
  const captures = await processesInLabNamespaces(['tcpdump']);
  const victim = captures.find((p) => p.ns === 'nt-host');
  assert.ok(victim, `a capture in nt-host: ${JSON.stringify(captures)}`);
  process.kill(victim.pid, 'SIGKILL');
  const r = await run.done();
  assert.equal(r.signal, null, 'not killed by the test timeout (no hang)');
  assert.equal(r.code, 1, `exit 1 (stderr: ${r.stderr})`);
  assert.match(r.stderr, /capture.*nt-host|nt-host.*capture/i, 'the dead capture is named');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(await collectLeftovers(run.tmpDir), NOTHING_LEFT);
});

test('SIGKILL during the probe: children and owned trace tables go by themselves; cleanup touches nothing of the user\'s', { skip }, async () => {
  // The user's own objects, which cleanup must not touch: a raw-table TRACE rule without nettrace's tag,
  // a commented rule whose comment merely mentions nettrace, and a tcpdump of theirs.
  const userRules = [
    ['-t', 'raw', '-A', 'PREROUTING', '-p', 'icmp', '-s', '198.51.100.7', '-j', 'TRACE'],
    ['-t', 'raw', '-A', 'OUTPUT', '-p', 'udp', '-m', 'comment', '--comment', 'not-nettrace:mine', '-j', 'ACCEPT'],
  ];
  for (const rule of userRules) assert.equal((await inNs('nt-host', 'iptables', rule)).code, 0);
  const userDump = execa('nsenter', ['--net=/run/netns/nt-host', '--', 'tcpdump', '-n', '-i', 'lo', '-w', '/dev/null', 'udp port 9'], { reject: false });
  try {
    await waitFor(async () => (await processesInLabNamespaces(['tcpdump'])).filter((p) => p.pid === userDump.pid), 5000);
    const run = await startNettrace(PING);
    assert.ok((await waitFor(procs('ping'), 10000, 5)).length > 0);
    const rules = await leftoverTraceRules();
    assert.ok(rules.length > 0, 'TRACE rules in place');
    run.child.kill('SIGKILL');
    await run.done();
    const ours = async () => (await processesInLabNamespaces()).filter((p) => p.pid !== userDump.pid);
    assert.deepEqual(await waitGone(ours, 5000), [], 'captures, monitors and the probe died with their parent (pdeathsig)');
    // The trace tables are owned by the run's `nft -i` processes: the kernel deleted them when those died.
    assert.ok(rules.every((r) => /table ip nettrace-/.test(r)), `owned trace tables: ${rules.join(', ')}`);
    assert.deepEqual(await waitGone(leftoverTraceRules, 5000), [], 'a SIGKILLed run leaves no trace table: they went with their nft');

    const c = await nettrace(['cleanup', '--json']);
    assert.equal(c.code, 0, c.stderr);
    const report = JSON.parse(c.stdout) as { traceRules: unknown[]; processes: { pid: number }[] };
    assert.equal(report.traceRules.length, 0, 'nothing of the run was left for cleanup');
    assert.ok(!report.processes.some((p) => p.pid === userDump.pid), 'the user\'s tcpdump is not touched');
    assert.equal(userDump.exitCode, null, 'the user\'s tcpdump still runs');
    const save = (await inNs('nt-host', 'iptables-save', ['-t', 'raw'])).stdout;
    assert.match(save, /-A PREROUTING -s 198\.51\.100\.7\/32 -p icmp -j TRACE/, 'the user\'s own TRACE rule survives');
    assert.match(save, /not-nettrace:mine/, 'the user\'s commented rule survives');
    const status = (await inNs('nt-host', 'iptables-save', ['-t', 'filter'])).stdout;
    assert.match(status, /nettrace:lab/, 'the lab\'s own rules survive cleanup');
  } finally {
    userDump.kill('SIGTERM');
    await userDump;
    for (const rule of userRules) await inNs('nt-host', 'iptables', rule.map((a) => (a === '-A' ? '-D' : a)));
  }
});

test('cleanup during a live run leaves that run alone: its rules and captures are not a killed run\'s leftovers', { skip }, async () => {
  const run = await startNettrace([...PING, '--json']);
  assert.ok((await waitFor(procs('ping'), 10000, 5)).length > 0);
  const before = await leftoverTraceRules();
  const c = await nettrace(['cleanup', '--json']);
  assert.equal(c.code, 0, c.stderr);
  const report = JSON.parse(c.stdout) as { traceRules: unknown[]; processes: unknown[] };
  assert.deepEqual(report, { ...report, traceRules: [], processes: [] }, 'nothing of the live run was removed');
  assert.deepEqual(await leftoverTraceRules(), before);
  const r = await run.done();
  assert.equal(r.code, 1, r.stderr);
  assert.equal(JSON.parse(r.stdout).verdict, 'unreachable');
  assert.deepEqual(await collectLeftovers(run.tmpDir), NOTHING_LEFT);
});
