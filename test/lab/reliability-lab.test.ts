// `lab up` interrupted and `lab up`/`lab down` racing: never a half-built lab, never a corrupted record.
// A 30-namespace lab file gives the interrupt time to land mid-build. Run under scripts/isolated.sh.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nettrace, isRoot, netnsList } from '../helpers/cli.js';
import { startNettrace, disposeRuns } from '../helpers/reliability-spawn.js';
import { strayStateFiles, waitFor } from '../helpers/reliability-state.js';

afterEach(disposeRuns);

const skip = isRoot ? false : 'needs root (real namespaces)';
const COUNT = 30;
let dir = '';
let labFile = '';

// A star of COUNT namespaces on bridge brx in the host, each with an address and a default route.
function bigLab(): unknown {
  const ids = Array.from({ length: COUNT }, (_, i) => String(i + 1).padStart(2, '0'));
  return {
    name: 'rel-star',
    namespaces: ids.map((id) => `rs${id}`),
    bridges: [{ namespace: 'host', name: 'brx' }],
    veths: ids.map((id) => ({ a: { namespace: `rs${id}`, name: 'e0' }, b: { namespace: 'host', name: `vrs${id}`, master: 'brx' } })),
    addresses: [{ namespace: 'host', dev: 'brx', cidr: '10.77.0.1/24' }, ...ids.map((id) => ({ namespace: `rs${id}`, dev: 'e0', cidr: `10.77.0.${Number(id) + 1}/24` }))],
    routes: ids.map((id) => ({ namespace: `rs${id}`, to: 'default', via: '10.77.0.1' })),
    policies: [{ namespace: 'host', table: 'filter', chain: 'FORWARD', policy: 'DROP' }],
    rules: [{ namespace: 'host', table: 'filter', chain: 'FORWARD', args: ['-i', 'brx', '-j', 'ACCEPT'] }],
  };
}

before(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  dir = await mkdtemp(join(tmpdir(), 'nt-rel-lab-'));
  labFile = join(dir, 'star.json');
  await writeFile(labFile, JSON.stringify(bigLab()));
});
after(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) => access(p).then(() => true, () => false);

// After any interruption: either nothing, or a recorded lab whose `lab down` leaves nothing.
async function assertNothingOrConsistent(label: string) {
  assert.deepEqual(await strayStateFiles(), [], `${label}: no lock or half-written record`);
  const names = await netnsList();
  if (await exists('/run/nettrace/lab.json')) {
    const status = await nettrace(['lab', 'status', '--json']);
    assert.equal(status.code, 0, `${label}: a recorded lab can be inspected: ${status.stderr}`);
    const down = await nettrace(['lab', 'down']);
    assert.equal(down.code, 0, down.stderr);
  } else {
    assert.deepEqual(names, [], `${label}: no record, so nothing may exist`);
  }
  assert.deepEqual(await netnsList(), [], `${label}: lab down leaves nothing`);
}

for (const [signal, when] of [['SIGINT', 2], ['SIGTERM', 20]] as const) {
  test(`${signal} during lab up (after ${when} namespaces exist): exit 130, then nothing or a consistent lab`, { skip }, async () => {
    const run = await startNettrace(['lab', 'up', '--sandbox', '--file', labFile]);
    const seen = await waitFor(async () => ((await netnsList()).length >= when ? [1] : []), 30000, 5);
    assert.ok(seen.length > 0, 'the build started');
    run.child.kill(signal);
    const r = await run.done();
    assert.equal(r.code, 130, `exit 130 (stderr: ${r.stderr})`);
    assert.match(r.stderr, new RegExp(signal));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.deepEqual(await netnsList(), [], 'the rollback removed every namespace this lab up created');
    await assertNothingOrConsistent(signal);
  });
}


test('two lab up at once: one builds, the other stops at the lock (exit 3, one sentence); the lab is whole', { skip }, async () => {
  const [a, b] = await Promise.all([
    nettrace(['lab', 'up', '--sandbox', '--file', labFile]),
    new Promise((r) => setTimeout(r, 150)).then(() => nettrace(['lab', 'up', '--sandbox', '--file', labFile])),
  ]);
  const codes = [a.code, b.code].sort();
  assert.deepEqual(codes, [0, 3], `exit codes: ${a.code} ${a.stderr} / ${b.code} ${b.stderr}`);
  const loser = a.code === 3 ? a : b;
  assert.match(loser.stderr, /^nettrace: Another nettrace lab command \(pid \d+\) is running; wait for it to finish\.$/, "exactly one sentence");
  assert.equal((await netnsList()).length, COUNT + 2, 'every namespace of the lab (and the sandbox) exists');
  const status = await nettrace(['lab', 'status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(await strayStateFiles(), []);
});

test('lab up and lab down at once: serialised by the lock, and lab down afterwards leaves nothing', { skip }, async () => {
  const [up, down] = await Promise.all([
    nettrace(['lab', 'up', '--sandbox', '--file', labFile, '--stage', 'complete']),
    new Promise((r) => setTimeout(r, 100)).then(() => nettrace(['lab', 'down'])),
  ]);
  for (const r of [up, down]) {
    assert.ok(r.code === 0 || r.code === 3, `exit ${r.code}: ${r.stderr}`);
    if (r.code === 3) assert.match(r.stderr, /Another nettrace lab command \(pid \d+\) is running/);
  }
  await assertNothingOrConsistent('up/down race');
});
