// The sandbox lab at every stage behaves as CONTRACT.md's stage table says (plain ping from inside
// the namespaces), stage moves go both ways, and `lab down` leaves nothing of nettrace's behind.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { nettrace, nettraceJson, pings, inNs, netnsList, isRoot } from '../helpers/cli.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
const OURS = ['RED', 'BLUE', 'nt-host', 'nt-wan'];

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

test('each stage fails exactly where the tutorial says', { skip }, async () => {
  const expect: Record<string, [string, string, boolean][]> = {
    bridge: [['RED', '11.11.11.3', true], ['nt-host', '11.11.11.2', false]],
    'host-address': [['nt-host', '11.11.11.2', true], ['RED', '11.11.11.1', true], ['RED', '10.0.2.15', false]],
    'default-route': [['RED', '10.0.2.15', true], ['RED', '203.0.113.8', false], ['nt-host', '203.0.113.8', true]],
    masquerade: [['RED', '203.0.113.8', false], ['BLUE', '11.11.11.2', true]],
    complete: [['RED', '203.0.113.8', true], ['BLUE', '198.51.100.7', true], ['nt-host', '11.11.11.3', true]],
  };
  for (const [stage, probes] of Object.entries(expect)) {
    const up = await nettraceJson(['lab', 'up', '--sandbox', '--stage', stage]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.json.stage, stage);
    for (const [src, dst, reach] of probes) {
      assert.equal(await pings(src, dst), reach, `stage ${stage}: ${src} → ${dst} should ${reach ? '' : 'not '}reach`);
    }
  }
});

test('up again is a no-op; stage moves backward remove only what differs', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox']);
  const again = await nettraceJson(['lab', 'up', '--sandbox']);
  assert.deepEqual([again.json.added, again.json.removed], [0, 0]);
  const back = await nettraceJson(['lab', 'up', '--sandbox', '--stage', 'host-address']);
  assert.equal(back.json.removed, 4, 'two default routes, MASQUERADE and the -d FORWARD rule');
  assert.equal(back.json.added, 0);
  assert.doesNotMatch((await inNs('RED', 'ip', ['route'])).stdout, /default/);
  const save = (await inNs('nt-host', 'iptables-save', [])).stdout;
  assert.doesNotMatch(save, /MASQUERADE/);
  assert.match(save, /-A FORWARD -s 11\.11\.11\.0\/24/);
  assert.equal(await pings('nt-host', '11.11.11.2'), true, 'br0 keeps its address');
  const forward = await nettraceJson(['lab', 'up', '--sandbox', '--stage', 'complete']);
  assert.deepEqual([forward.json.added, forward.json.removed], [4, 0]);
  assert.equal(await pings('RED', '203.0.113.8'), true);
});

test('lab down removes every namespace, rule and file of nettrace and is idempotent', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox']);
  const down = await nettraceJson(['lab', 'down']);
  assert.equal(down.code, 0);
  assert.ok(down.json.removed > 0);
  const left = (await netnsList()).filter((n) => OURS.includes(n));
  assert.deepEqual(left, []);
  assert.equal(existsSync('/run/nettrace/lab.json'), false);
  assert.equal(existsSync('/run/nettrace/lab.lock'), false);
  const again = await nettraceJson(['lab', 'down']);
  assert.deepEqual([again.code, again.json.removed], [0, 0]);
});

test('a user namespace named like ours is refused and left untouched', { skip }, async () => {
  await inNs(null, 'ip', ['netns', 'add', 'RED']);
  try {
    await inNs(null, 'ip', ['-n', 'RED', 'link', 'add', 'usermark', 'type', 'veth', 'peer', 'name', 'usermark1']);
    const r = await nettrace(['lab', 'up', '--sandbox']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /namespace "RED" already exists and was not created by nettrace/);
    assert.doesNotMatch(r.stderr, /at .*\.js/, 'no stack trace');
    const names = await netnsList();
    assert.ok(!names.includes('nt-host') && !names.includes('BLUE'), 'nothing was created');
    assert.match((await inNs('RED', 'ip', ['link', 'show', 'usermark'])).stdout, /usermark/, "the user's namespace is intact");
    await nettrace(['lab', 'down']);
    assert.ok((await netnsList()).includes('RED'), 'lab down does not remove what it did not create');
  } finally {
    await inNs(null, 'ip', ['netns', 'del', 'RED']);
  }
});
