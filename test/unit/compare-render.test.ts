// `compare`'s human output (en and ko from the same result object) and the Docker-lab helpers it relies on
// (per-run container namespace names, the lab record's `docker` field, the --docker flag check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { parseLinks } from '../../src/adapters/ip-link.js';
import { parseAddresses } from '../../src/adapters/ip-addr.js';
import { parseRoutes } from '../../src/adapters/ip-route.js';
import { parseSysctls } from '../../src/adapters/sysctl.js';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { assembleComparison, factsOf } from '../../src/compare/assemble.js';
import { renderCompare, probeCell } from '../../src/render/compare-tables.js';
import type { CompareInput } from '../../src/compare/types.js';
import type { ProbeOutcome } from '../../src/compare/probes.js';
import { containerNetnsName } from '../../src/docker/container-netns.js';
import { dockerRecordFrom, labDockerPaths } from '../../src/docker/lab-docker.js';
import { assertDockerFlags } from '../../src/docker/lab-hook.js';
import { isValidNetnsName } from '../../src/system/names.js';

const DIR = join(ROOT, 'fixtures', 'compare', 'sandbox');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

function input(): CompareInput {
  const ns = 'nt-host';
  const ep = (kind: 'netns' | 'container', name: string) => ({ kind, name, ns: name, links: parseLinks(read(`${name}-link.json`), name), addresses: parseAddresses(read(`${name}-addr.json`), name), routes: parseRoutes(read(`${name}-route.json`), name) });
  return {
    hostNs: ns, links: parseLinks(read('nt-host-link.json'), ns), addresses: parseAddresses(read('nt-host-addr.json'), ns),
    routes: parseRoutes(read('nt-host-route.json'), ns), sysctls: parseSysctls(read('nt-host-sysctl.txt'), ns),
    ruleset: parseIptablesSave(read('nt-host-iptables-save.txt'), ns, 'nf_tables'),
    endpoints: [ep('netns', 'RED'), ep('netns', 'BLUE'), ep('container', 'PINK'), ep('container', 'ORANGE')],
  };
}

const reached = (src: string, dst: string): ProbeOutcome => ({ src, dst, verdict: 'reached', cause: null, detail: null, stoppedAt: null });

test('the report names both bridges, marks the differences, and lists br0\'s gap commands (en and ko)', () => {
  const data = input();
  const outcomes: [ProbeOutcome[], ProbeOutcome[]] = [
    [reached('RED', 'BLUE'), reached('RED', 'host'), reached('host', 'RED'), { src: 'RED', dst: '203.0.113.8', verdict: 'unreachable', cause: 'forward-drop', detail: 'replies are dropped', stoppedAt: 'nt-host:br0 reply' }],
    [reached('PINK', 'ORANGE'), reached('PINK', 'host'), reached('host', 'PINK'), reached('PINK', '203.0.113.8')],
  ];
  const result = assembleComparison(data, factsOf(data, ['br0', 'docker0'], 'nt-host'), outcomes);
  const en = renderCompare(result, { color: false, lang: 'en' });
  assert.match(en, /Configuration/);
  assert.match(en, /return traffic allowed by\s*│ destination\s*│ conntrack\s*│ DIFFERS/);
  assert.match(en, /What br0 lacks compared with docker0\n {2}- return traffic is not accepted by conntrack/);
  assert.match(en, /ip netns exec nt-host iptables -t filter -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT/);
  assert.match(en, /unreachable \(RED → 203\.0\.113\.8\)/);
  assert.match(en, /Nothing: docker0 already does everything br0 does\./);
  assert.equal(result.behaviour[3]!.same, false);
  const ko = renderCompare(result, { color: false, lang: 'ko' });
  assert.match(ko, /설정/);
  assert.match(ko, /docker0와\(과\) 비교해 br0에 없는 것/);
  assert.match(ko, /다름/);
  assert.doesNotMatch(en, /\u001b\[/, 'no colour codes when colour is off');
});

test('a skipped probe says why in the user\'s language', () => {
  const skipped: ProbeOutcome = { src: '-', dst: '-', verdict: 'skipped', cause: null, detail: null, stoppedAt: null, skipped: 'compare.probe.notSandbox' };
  assert.match(probeCell(skipped, 'en'), /^not run: probes run only in the sandbox/);
  assert.match(probeCell(skipped, 'ko'), /^실행 안 함/);
});

test('per-run container namespace names are valid, carry the pid, and never clash between runs', () => {
  assert.equal(containerNetnsName('PINK', 1234), 'nt-c-PINK-1234');
  assert.notEqual(containerNetnsName('PINK', 1), containerNetnsName('PINK', 2));
  const long = containerNetnsName('a/b..c'.repeat(20), 4194304);
  assert.ok(isValidNetnsName(long), long);
});

test('the lab record\'s docker field is read back as a daemon record; malformed values are ignored', () => {
  const paths = labDockerPaths('/run/nettrace');
  assert.equal(paths.socket, '/run/nettrace/docker.sock');
  assert.equal(paths.execRoot, '/run/nettrace/docker/exec');
  const record = dockerRecordFrom({ netns: 'nt-host', paths, pid: 42, detached: true, cgroupParent: 'nettrace-lab' });
  assert.equal(record?.pid, 42);
  assert.equal(dockerRecordFrom(null), null);
  assert.equal(dockerRecordFrom({ netns: 'nt-host' }), null);
  assert.throws(() => assertDockerFlags({ docker: true }), /dockerLab\.needsSandbox/);
  assert.doesNotThrow(() => assertDockerFlags({ docker: true, sandbox: true }));
});
