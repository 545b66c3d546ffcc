// A lab that changes underneath a running trace: a veth deleted or FORWARD flushed by hand while
// `ping --count 5` runs gives a verdict or one clear error — no hang (bounded), no crash, nothing left.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, isRoot, inNs } from '../helpers/cli.js';
import { startNettrace, disposeRuns } from '../helpers/reliability-spawn.js';
import { collectLeftovers, processesInLabNamespaces, waitFor, NOTHING_LEFT } from '../helpers/reliability-state.js';

afterEach(disposeRuns);

const skip = isRoot ? false : 'needs root (real namespaces)';
const HANG_LIMIT_MS = 30000;

async function freshLab(stage: string) {
  await nettrace(['lab', 'down']);
  const up = await nettrace(['lab', 'up', '--sandbox', '--stage', stage]);
  assert.equal(up.code, 0, up.stderr);
}

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

// Start a 5-echo ping, apply `change` once the probe flies, and check the end is a verdict or one sentence.
async function changeDuringPing(args: string[], change: () => Promise<void>) {
  const run = await startNettrace(['ping', ...args, '--count', '5', '--timeout', '2000', '--json'], { timeoutMs: HANG_LIMIT_MS });
  assert.ok((await waitFor(() => processesInLabNamespaces(['ping']), 10000, 5)).length > 0, 'the probe started');
  await change();
  const r = await run.done();
  assert.equal(r.signal, null, `no hang: finished within ${HANG_LIMIT_MS} ms`);
  assert.doesNotMatch(r.stderr, /\n\s+at |TypeError|ReferenceError|internal error/i, `no crash: ${r.stderr}`);
  if (r.stdout.trim() !== '') {
    const json = JSON.parse(r.stdout);
    assert.ok(['reached', 'unreachable'].includes(json.verdict));
    assert.equal(r.code, json.verdict === 'reached' ? 0 : 1);
  } else {
    assert.ok([1, 2, 3].includes(r.code), `exit ${r.code}`);
    assert.match(r.stderr, /^nettrace: [^\n]+$/m, 'one clear sentence');
  }
  assert.deepEqual(await collectLeftovers(run.tmpDir), NOTHING_LEFT);
  return { r, json: r.stdout.trim() ? JSON.parse(r.stdout) : null };
}

// Stage default-route: the probe to the internet gets no answer, so it runs its whole --count and timeout.

test('the bridge-port veth deleted while BLUE pings the internet: a verdict or a clear error, nothing left', { skip }, async () => {
  await freshLab('default-route');
  const { json } = await changeDuringPing(['BLUE', '203.0.113.8'], async () => {
    assert.equal((await inNs('nt-host', 'ip', ['link', 'del', 'beth1'])).code, 0);
  });
  if (json) assert.ok(json.observations.some((o: any) => o.namespace === 'BLUE' && o.type === 'echo-request'), 'what was seen before the change is kept');
});

test('FORWARD flushed (policy DROP stays) while RED pings the internet: a verdict, nothing left', { skip }, async () => {
  await freshLab('default-route');
  const { json } = await changeDuringPing(['RED', '203.0.113.8'], async () => {
    assert.equal((await inNs('nt-host', 'iptables', ['-F', 'FORWARD'])).code, 0);
  });
  assert.ok(json, 'a verdict (the path is still there)');
  assert.ok(json.observations.some((o: any) => o.namespace === 'RED' && o.type === 'echo-request'));
});
