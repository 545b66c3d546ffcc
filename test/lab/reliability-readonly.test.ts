// Read-only means read-only: every namespace's configuration is identical before and after ping (with and
// without TRACE rules), diagnose, compare and lab status. And four pings at once on the same lab each get
// their own right verdict and cause. Stage masquerade of the sandbox lab. Run under scripts/isolated.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, nettraceJson, isRoot, inNs } from '../helpers/cli.js';
import { snapshotAll } from '../helpers/reliability-snapshot.js';
import { collectLeftovers, NOTHING_LEFT } from '../helpers/reliability-state.js';
import type { NamespaceConfig } from '../helpers/reliability-snapshot.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
/** The configuration before any command ran; every command must leave exactly this. */
let baseline: Record<string, NamespaceConfig> = {};

before(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  const up = await nettrace(['lab', 'up', '--sandbox', '--stage', 'masquerade']);
  assert.equal(up.code, 0, up.stderr);
  // A second, hand-built bridge so that `compare` has two bridges to set side by side.
  assert.equal((await inNs('nt-host', 'ip', ['link', 'add', 'br9', 'type', 'bridge'])).code, 0);
  assert.equal((await inNs('nt-host', 'ip', ['addr', 'add', '192.168.99.1/24', 'dev', 'br9'])).code, 0);
  assert.equal((await inNs('nt-host', 'ip', ['link', 'set', 'br9', 'up'])).code, 0);
  baseline = await snapshotAll();
});
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

const commands: { args: string[]; codes: number[] }[] = [
  { args: ['ping', 'RED', '203.0.113.8', '--no-trace'], codes: [1] },
  { args: ['ping', 'RED', '203.0.113.8'], codes: [1] },
  { args: ['ping', 'host', 'RED', '--count', '2'], codes: [0] },
  { args: ['diagnose', 'RED', '203.0.113.8'], codes: [1] },
  { args: ['compare', 'br0', 'br9'], codes: [0, 1] },
  { args: ['lab', 'status'], codes: [0] },
];

for (const { args, codes } of commands) {
  test(`read-only: \`nettrace ${args.join(' ')}\` leaves every namespace's configuration as it was`, { skip }, async () => {
    assert.ok(baseline['nt-host']!.nft.some((l) => l.includes('nettrace:lab')), 'the snapshot sees the lab\'s rules (it can tell)');
    const r = await nettrace(args);
    assert.ok(codes.includes(r.code), `exit ${r.code}: ${r.stderr}`);
    assert.deepEqual(await snapshotAll(), baseline);
    assert.deepEqual(await collectLeftovers(), NOTHING_LEFT);
  });
}

test('four pings at once on the same lab: each its own verdict, cause and stop', { skip }, async () => {
  const runs = await Promise.all([
    nettraceJson(['ping', 'RED', '203.0.113.8']),
    nettraceJson(['ping', 'RED', 'BLUE']),
    nettraceJson(['ping', 'host', 'RED']),
    nettraceJson(['ping', 'BLUE', '203.0.113.9']),
  ]);
  const [redNet, redBlue, hostRed, blueNet] = runs;
  for (const [r, dst] of [[redNet, '203.0.113.8'], [blueNet, '203.0.113.9']] as const) {
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.json.verdict, 'unreachable');
    assert.equal(r.json.destination.address, dst);
    assert.equal(r.json.cause?.kind, 'forward-drop', JSON.stringify(r.json.cause));
    assert.deepEqual(r.json.stopped_at, { namespace: 'nt-host', interface: 'eth0', direction: 'reply' });
    assert.ok(r.json.netfilter.some((v: any) => v.chain === 'FORWARD' && v.verdict === 'DROP' && v.direction === 'reply'), JSON.stringify(r.json.netfilter));
    // Only this run's packets: every echo seen carries this run's destination (or its masqueraded reply).
    const echoes = r.json.observations.filter((x: any) => x.type.startsWith('echo'));
    assert.ok(echoes.length > 0, 'the run saw its own probe');
    for (const o of echoes) {
      assert.ok(o.dst === dst || o.src === dst, `a packet of another run leaked in: ${JSON.stringify(o)}`);
    }
  }
  for (const r of [redBlue, hostRed]) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.verdict, 'reached');
    assert.equal(r.json.cause, null);
  }
  assert.equal(redBlue.json.destination.address, '11.11.11.3');
  assert.equal(hostRed.json.destination.address, '11.11.11.2');
  assert.deepEqual(await collectLeftovers(), NOTHING_LEFT);
});
