// The README's main command: `nettrace demo` walks every stage on the sandbox, each failing probe's fix
// makes it reach, the containers reach through docker0, and the sandbox is gone afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { nettrace, nettraceJson, netnsList, isRoot } from '../helpers/cli.js';
import { whichTool } from '../../src/system/preflight.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
// The demo removes its sandbox itself; if it failed midway, lab down removes what its record lists.
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

test('demo: every stage diagnosed and fixed, docker0 probes reach, nothing left', { skip }, async (t) => {
  const r = await nettraceJson(['demo']);
  assert.equal(r.code, 0, r.stderr);
  const probes = r.json.probes as { stage: string; src: string; dst: string; result: any; applied: string[]; after: string | null }[];
  assert.deepEqual([...new Set(probes.map((p) => p.stage))].slice(0, 5), ['bridge', 'host-address', 'default-route', 'masquerade', 'complete']);
  const causes = probes.filter((p) => p.result.verdict === 'unreachable').map((p) => `${p.stage}:${p.result.cause?.kind}`);
  assert.deepEqual(causes, ['bridge:no-route', 'host-address:no-route', 'default-route:missing-nat', 'masquerade:forward-drop']);
  for (const p of probes.filter((x) => x.result.verdict === 'unreachable')) {
    assert.ok(p.applied.length > 0, `${p.stage}: a fix was applied`);
    assert.equal(p.after, 'reached', `${p.stage}: ${p.src} → ${p.dst} reaches after ${JSON.stringify(p.applied)}`);
  }
  if (!(await whichTool('dockerd'))) {
    t.diagnostic('dockerd is not installed: the Docker part of the demo was not checked');
  } else {
    const docker = probes.filter((p) => p.stage === 'docker');
    assert.deepEqual(docker.map((p) => `${p.src}→${p.dst}:${p.result.verdict}`), ['PINK→ORANGE:reached', 'PINK→203.0.113.8:reached', 'host→PINK:reached']);
  }
  assert.deepEqual((await netnsList()).filter((n) => ['RED', 'BLUE', 'nt-host', 'nt-wan'].includes(n) || n.startsWith('nt-c-')), []);
  assert.equal(existsSync('/run/nettrace/lab.json'), false);
  assert.equal(existsSync('/run/nettrace/docker.sock'), false);
});
