// The tutorial's five stages (CONTRACT.md's table): `ping` gives the expected verdict and cause for the
// stage's failing probe, and `diagnose` (configuration only) agrees with `ping` on every probe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, nettraceJson, isRoot } from '../helpers/cli.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

const table: [stage: string, src: string, dst: string, cause: string | null][] = [
  ['bridge', 'host', 'RED', 'no-route'],
  ['bridge', 'RED', 'BLUE', null],
  ['host-address', 'RED', '10.0.2.15', 'no-route'],
  ['host-address', 'host', 'RED', null],
  ['default-route', 'RED', '203.0.113.8', 'missing-nat'],
  ['default-route', 'RED', '10.0.2.15', null],
  ['masquerade', 'RED', '203.0.113.8', 'forward-drop'],
  ['complete', 'RED', '203.0.113.8', null],
  ['complete', 'host', 'RED', null],
];

test('each stage fails with the contract\'s cause and diagnose agrees with ping', { skip }, async () => {
  let stage = '';
  for (const [s, src, dst, cause] of table) {
    if (s !== stage) {
      const up = await nettrace(['lab', 'up', '--sandbox', '--stage', s]);
      assert.equal(up.code, 0, up.stderr);
      stage = s;
    }
    const ping = await nettraceJson(['ping', src, dst]);
    const diag = await nettraceJson(['diagnose', src, dst]);
    const what = `${s}: ${src} → ${dst}`;
    assert.equal(ping.json.verdict, cause ? 'unreachable' : 'reached', what);
    assert.equal(ping.json.cause?.kind ?? null, cause, `${what}: ping cause`);
    assert.equal(ping.code, cause ? 1 : 0, what);
    assert.equal(diag.json.verdict, ping.json.verdict, `${what}: diagnose verdict`);
    assert.equal(diag.json.cause?.kind ?? null, cause, `${what}: diagnose cause`);
    assert.deepEqual(diag.json.fix, ping.json.fix, `${what}: same fix`);
    assert.equal(ping.json.prediction?.agrees, true, `${what}: ping reports agreement`);
  }
});
