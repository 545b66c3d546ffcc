// The lab as data (pure): validation, resolution to owned objects per stage, the sandbox merge, commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateLab } from '../../src/lab/validate.js';
import { resolveLab } from '../../src/lab/resolve.js';
import { mergeSandbox } from '../../src/lab/sandbox.js';
import { objectKey } from '../../src/lab/objects.js';
import { ipCreateLine, ipRemoveLine, iptablesCreateArgs, iptablesRemoveArgs, taggedRuleArgs } from '../../src/lab/commands.js';
import type { LabSpec } from '../../src/lab/spec.js';

const tutorial = JSON.parse(readFileSync(new URL('../../fixtures/labs/tutorial.json', import.meta.url), 'utf8')) as LabSpec;
const keys = (stage: string, hostNs: string | null = 'nt-host') => new Set(resolveLab(mergeSandbox(tutorial), stage, hostNs).map(objectKey));

test('the tutorial lab and the two-subnets lab are valid; the sandbox merge stays valid', () => {
  assert.deepEqual(validateLab(tutorial), []);
  assert.deepEqual(validateLab(mergeSandbox(tutorial)), []);
  const other = JSON.parse(readFileSync(new URL('../../fixtures/labs/two-subnets.json', import.meta.url), 'utf8'));
  assert.deepEqual(validateLab(other), []);
});

test('validation reports every problem at once', () => {
  const problems = validateLab({ name: 'x', namespaces: ['A', 'A', '../etc'], veths: [{ a: { namespace: 'A', name: 'a;b' }, b: { namespace: 'nowhere', name: 'p' } }], routes: [{ namespace: 'A', to: 'default' }], rules: [{ namespace: 'host', table: 'bogus', chain: 'FORWARD', args: [] }], sysctls: [{ namespace: 'host', key: 'kernel.panic', value: '1' }] });
  const text = problems.join('\n');
  for (const expected of [/listed twice/, /"\.\.\/etc" is not a valid name/, /"a;b" is invalid/, /"nowhere"/, /needs "via" or "dev"/, /table must be one of/, /non-empty list/, /net\.\* sysctl/]) assert.match(text, expected);
  assert.deepEqual(validateLab('nope'), ['the lab must be a JSON object']);
});

test('stages are cumulative: each adds exactly what CONTRACT.md says', () => {
  const diff = (a: string, b: string) => [...keys(b)].filter((k) => !keys(a).has(k));
  assert.deepEqual(diff('bridge', 'host-address'), ['address nt-host br0 11.11.11.1/24']);
  assert.deepEqual(diff('host-address', 'default-route').sort(), ['route BLUE default 11.11.11.1 ', 'route RED default 11.11.11.1 ']);
  assert.deepEqual(diff('default-route', 'masquerade'), ['rule nt-host nat POSTROUTING -s 11.11.11.0/24 -j MASQUERADE']);
  assert.deepEqual(diff('masquerade', 'complete'), ['rule nt-host filter FORWARD -d 11.11.11.0/24 -j ACCEPT']);
});

test('the sandbox WAN answers everything but the lab subnets, forwards nothing', () => {
  const merged = mergeSandbox(tutorial);
  const wanRules = (merged.rules ?? []).filter((r) => r.namespace === 'nt-wan').map((r) => r.args.join(' '));
  assert.deepEqual(wanRules, ['-i wan0 -d 11.11.11.0/24 -j RETURN', '-i wan0 -d 172.17.0.0/16 -j RETURN', '-i wan0 -j DNAT --to-destination 10.0.2.2']);
  assert.ok(merged.sysctls?.some((s) => s.namespace === 'nt-wan' && s.key === 'net.ipv4.ip_forward' && s.value === '0'));
  assert.ok(!(merged.routes ?? []).some((r) => r.namespace === 'nt-wan'), 'no route back to the lab');
});

test('objects become ip batch lines and tagged iptables argv (never shell strings)', () => {
  assert.equal(ipCreateLine({ kind: 'veth', ns: 'RED', name: 'reth0', peerNs: 'nt-host', peerName: 'reth1' }, 42), 'link add reth0 type veth peer name reth1 netns nt-host');
  assert.equal(ipCreateLine({ kind: 'veth', ns: 'RED', name: 'reth0', peerNs: null, peerName: 'reth1' }, 42), 'link add reth0 type veth peer name reth1 netns 42');
  assert.equal(ipRemoveLine({ kind: 'route', ns: 'RED', to: 'default', via: '11.11.11.1' }), 'route del default via 11.11.11.1');
  assert.deepEqual(taggedRuleArgs(['-s', '11.11.11.0/24', '-j', 'ACCEPT']), ['-s', '11.11.11.0/24', '-m', 'comment', '--comment', 'nettrace:lab', '-j', 'ACCEPT']);
  assert.deepEqual(iptablesCreateArgs({ kind: 'policy', ns: null, table: 'filter', chain: 'FORWARD', policy: 'DROP' }), ['-w', '-t', 'filter', '-P', 'FORWARD', 'DROP']);
  assert.deepEqual(iptablesRemoveArgs({ kind: 'policy', ns: null, table: 'filter', chain: 'FORWARD', policy: 'DROP', previous: 'ACCEPT' }), [['-w', '-t', 'filter', '-P', 'FORWARD', 'ACCEPT']]);
  assert.deepEqual(iptablesRemoveArgs({ kind: 'policy', ns: 'nt-host', table: 'filter', chain: 'FORWARD', policy: 'DROP' }), [], 'nothing to restore inside a namespace nettrace made');
});

test('the host maps to the machine\'s own namespace (null) outside the sandbox', () => {
  const objects = resolveLab(tutorial, 'complete', null);
  assert.ok(objects.some((o) => o.kind === 'bridge' && o.ns === null && o.name === 'br0'));
  assert.ok(objects.some((o) => o.kind === 'policy' && o.ns === null));
});
