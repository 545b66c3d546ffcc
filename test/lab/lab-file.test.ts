// `lab up --file`: a lab of another shape (two bridges, a user chain, other names and subnets) is built,
// behaves as written, is described by `lab status`, traced by `ping`, and removed exactly by `lab down`.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile, rm } from 'node:fs/promises';
import { nettrace, nettraceJson, pings, netnsList, isRoot, ROOT, inNs } from '../helpers/cli.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
const LAB = join(ROOT, 'fixtures', 'labs', 'two-subnets.json');

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

test('a two-bridge lab from a file works as written and is traced hop by hop', { skip }, async () => {
  const up = await nettraceJson(['lab', 'up', '--sandbox', '--file', LAB]);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(up.json.name, 'two-subnets');
  assert.equal(await pings('ALPHA', '10.77.2.20'), true, 'lan0 → lan1 is allowed');
  assert.equal(await pings('BETA', '10.77.1.10'), false, 'lan1 → lan0 is not (only replies come back)');
  assert.equal(await pings('ALPHA', '203.0.113.8'), true, 'NAT to the sandbox uplink');
  const ping = await nettraceJson(['ping', 'ALPHA', 'BETA']);
  assert.equal(ping.json.verdict, 'reached');
  assert.deepEqual(ping.json.path.map((h: any) => `${h.namespace}:${h.interface}:${h.role}`),
    ['ALPHA:a0:source', 'nt-host:a0-port:bridge-port', 'nt-host:lan0:bridge', 'nt-host:lan1:router-out', 'nt-host:b0-port:bridge-port', 'BETA:b0:destination']);
  const back = await nettraceJson(['ping', 'BETA', 'ALPHA']);
  assert.equal(back.json.cause?.kind, 'forward-drop');
  assert.equal(back.json.stopped_at?.namespace, 'nt-host');
  const status = await nettraceJson(['lab', 'status']);
  const lan1 = status.json.bridges.find((b: any) => b.name === 'lan1');
  assert.ok(lan1, 'lab status lists the bridge lan1');
  assert.equal(status.json.links.find((l: any) => l.name === 'lan1').mtu, 1400);
  const down = await nettraceJson(['lab', 'down']);
  assert.equal(down.code, 0);
  assert.deepEqual((await netnsList()).filter((n) => ['ALPHA', 'BETA', 'GAMMA', 'nt-host', 'nt-wan'].includes(n)), []);
});

test('an invalid lab file is refused before anything is built', { skip }, async () => {
  await nettrace(['lab', 'down']);
  const bad = `/tmp/nettrace-bad-lab-${process.pid}.json`;
  await writeFile(bad, JSON.stringify({ name: 'bad', namespaces: ['X1'], veths: [{ a: { namespace: 'X1', name: 'x0' }, b: { namespace: 'host', name: 'this-name-is-far-too-long', master: 'nobr' } }], addresses: [{ namespace: 'X1', dev: 'x0', cidr: '300.1.1.1/24' }] }));
  try {
    const r = await nettrace(['lab', 'up', '--sandbox', '--file', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /interface name "this-name-is-far-too-long" is invalid/);
    assert.match(r.stderr, /master "nobr" is not a bridge/);
    assert.match(r.stderr, /300\.1\.1\.1\/24/);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one sentence, no stack trace');
    assert.ok(!(await netnsList()).includes('X1') && !(await netnsList()).includes('nt-host'), 'nothing built');
    const missing = await nettrace(['lab', 'up', '--file', '/nonexistent/lab.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
  } finally {
    await rm(bad, { force: true });
  }
  void inNs;
});
