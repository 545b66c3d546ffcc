// Lab test of what a netfilter trace costs (issue 7): start and stop in two fresh namespaces, once cold and
// once with the backend known, counting the commands run (each exec costs the main thread 10–20 ms here)
// and the wall time; afterwards no trace table, no raw table, no monitor and no undo entry is left.
import { test, before, after } from 'node:test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startNetfilterTrace, type NetfilterTraceSession } from '../../src/adapters/nftrace.js';
import { holdOwnedTraceTable } from '../../src/adapters/nftrace-table-ops.js';
import { makeProbeMark } from '../../src/capture/bpf-filter.js';
import { context } from '../../src/system/context.js';
import { countLiveChildren, run } from '../../src/system/runner.js';
import { pendingUndoCount } from '../../src/system/undo.js';
import type { Unavailable } from '../../src/model/state.js';
import { labSkipReason } from '../helpers/h3-router-lab.js';

const skip = labSkipReason();
const namespaces = ['h7c1', 'h7c2'];

async function removeNamespaces(): Promise<void> {
  for (const ns of namespaces) await run('ip', ['netns', 'del', ns], { check: false });
}

before(async () => {
  if (skip) return;
  await removeNamespaces();
  for (const ns of namespaces) await run('ip', ['netns', 'add', ns]);
});
after(async () => { if (!skip) await removeNamespaces(); });

// Run `fn` with --verbose on and count the `+ command` lines it echoes.
async function countingExecs<T>(fn: () => Promise<T>): Promise<{ value: T; execs: number; ms: number }> {
  const write = process.stderr.write.bind(process.stderr);
  let execs = 0;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('+ ')) { execs += 1; return true; }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  context.verbose = true;
  const started = performance.now();
  try {
    const value = await fn();
    return { value, execs, ms: performance.now() - started };
  } finally {
    context.verbose = false;
    process.stderr.write = write;
  }
}

async function startStopTwo(runTag: string, concurrentStop: boolean): Promise<void> {
  const mark = makeProbeMark();
  const sessions = await Promise.all(namespaces.map((ns) => startNetfilterTrace({
    netns: ns, namespace: ns, runTag, mark, probe: { src: '10.203.7.1', dst: '203.0.113.7' },
  })));
  for (const s of sessions) assert.ok(!('unavailable' in s), (s as Unavailable).reason);
  const live = sessions as NetfilterTraceSession[];
  if (concurrentStop) await Promise.all(live.map((s) => s.stop()));
  else for (const s of live) await s.stop();
}

async function tablesLeft(): Promise<string[]> {
  const found: string[] = [];
  for (const ns of namespaces) {
    const { stdout } = await run('nft', ['list', 'tables', 'ip'], { netns: ns });
    found.push(...stdout.split('\n').filter((l) => /^table ip (raw|nettrace-)/.test(l)).map((l) => `${ns}: ${l}`));
  }
  return found;
}

test('trace start+stop in two namespaces: execs and wall time, nothing left behind', { skip }, async () => {
  const cold = await countingExecs(() => startStopTwo('h7cold', false));
  const warm = await countingExecs(() => startStopTwo('h7warm', false));
  const parallel = await countingExecs(() => startStopTwo('h7par', true));
  for (const [name, m] of [['cold', cold], ['warm', warm], ['warm, stops in parallel', parallel]] as const) {
    console.log(`trace start+stop in 2 namespaces (${name}): ${m.execs} execs, ${m.ms.toFixed(0)} ms`);
  }
  assert.ok(warm.execs <= 4, `the monitor and the nft holding the owned table per namespace, ran ${warm.execs}`);
  assert.deepEqual(await tablesLeft(), [], 'no trace table left, and no raw table was created');
  assert.equal(countLiveChildren(), 0);
  assert.equal(pendingUndoCount(), 0);
});

test('a raw table that exists is not touched: one nft -i holds the run\'s owned table, and stopping it removes the table', { skip }, async () => {
  const [ns] = namespaces;
  await run('iptables', ['-t', 'raw', '-A', 'PREROUTING', '-p', 'udp', '-m', 'comment', '--comment', 'user-rule', '-j', 'CT', '--notrack'], { netns: ns });
  try {
    const rawText = async () => (await run('nft', ['list', 'table', 'ip', 'raw'], { netns: ns })).stdout;
    const before = await rawText();
    const mark = makeProbeMark();
    const started = await countingExecs(() => startNetfilterTrace({ netns: ns, namespace: ns!, runTag: 'h7kept', mark, probe: { src: '10.203.7.1', dst: '203.0.113.7' } }));
    const session = started.value;
    assert.ok(!('unavailable' in session), (session as Unavailable).reason);
    assert.equal(started.execs, 2, 'the monitor and one nft -i');
    assert.equal(await rawText(), before, 'raw unchanged while tracing');
    assert.match((await run('nft', ['list', 'tables', 'ip'], { netns: ns })).stdout, /nettrace-h7kept/);
    const { execs } = await countingExecs(() => (session as NetfilterTraceSession).stop());
    assert.equal(execs, 0, 'no command: the owned table goes with its nft');
    assert.equal(await rawText(), before);
    assert.doesNotMatch((await run('nft', ['list', 'tables', 'ip'], { netns: ns })).stdout, /nettrace-/);
  } finally {
    await run('nft', ['delete', 'table', 'ip', 'raw'], { netns: ns, check: false });
  }
  assert.equal(pendingUndoCount(), 0);
});

test('the owned table goes with the nft holding it, even when that nft is killed', { skip }, async () => {
  const [ns] = namespaces;
  const held = holdOwnedTraceTable(ns, 'h7own', makeProbeMark());
  await held.ready;
  assert.match((await run('nft', ['list', 'tables', 'ip'], { netns: ns })).stdout, /nettrace-h7own/);
  assert.match(await readFile(`/proc/${held.pid}/cmdline`, 'utf8'), /^nft\0-e\0-i\0$/, 'the pid is the holding nft itself');
  process.kill(held.pid!, 'SIGKILL');
  await held.release();
  assert.doesNotMatch((await run('nft', ['list', 'tables', 'ip'], { netns: ns })).stdout, /nettrace-/, 'SIGKILL of the holder removed the table');
  assert.equal(countLiveChildren(), 0);
});

test('the interactive nft keeps no history: nothing is written to $HOME', { skip }, async () => {
  const [ns] = namespaces;
  const home = await mkdtemp(join(tmpdir(), 'h7home-'));
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    const held = holdOwnedTraceTable(ns, 'h7hist', makeProbeMark());
    await held.ready;
    await held.release();
    assert.deepEqual(await readdir(home), [], 'no .nft.history (nor anything else) in $HOME');
  } finally {
    process.env.HOME = saved;
    await rm(home, { recursive: true, force: true });
  }
});
