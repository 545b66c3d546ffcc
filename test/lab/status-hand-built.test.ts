// `lab status --json --host-ns` describes a lab built by hand with the tutorial's commands (bridge.sh)
// inside a scratch host namespace: bridge ports, veth peers across namespaces, addresses, routes,
// FORWARD/POSTROUTING and sysctls — plus a legacy-only ruleset and a missing --host-ns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/system/runner.js';
import type { StatusReport } from '../../src/status/status-report.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const skip = isRoot ? false : 'needs root (builds real namespaces)';
const HOST = 'h2lhost';
const RED = 'h2lred';
const BLUE = 'h2lblue';
const WAN = 'h2lwan';
const ALL = [RED, BLUE, WAN, HOST];
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

const ip = (ns: string, ...args: string[]) => run('ip', args, { netns: ns });
const inNs = (ns: string, file: string, ...args: string[]) => run(file, args, { netns: ns });

async function removeLab(): Promise<void> {
  for (const ns of ALL) await run('ip', ['netns', 'del', ns], { check: false });
}

// The tutorial's bridge.sh with the host played by HOST, plus its later steps (bridge address,
// default routes, MASQUERADE, the second FORWARD rule) and an uplink to a scratch WAN namespace.
async function buildLab(): Promise<void> {
  for (const ns of ALL) await run('ip', ['netns', 'add', ns]);
  await ip(HOST, 'link', 'set', 'lo', 'up');
  await ip(HOST, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'weth0', 'netns', WAN);
  await ip(HOST, 'addr', 'add', '10.0.2.15/24', 'dev', 'eth0');
  await ip(WAN, 'addr', 'add', '10.0.2.2/24', 'dev', 'weth0');
  await ip(HOST, 'link', 'set', 'eth0', 'up');
  await ip(WAN, 'link', 'set', 'weth0', 'up');
  await ip(HOST, 'route', 'add', 'default', 'via', '10.0.2.2');
  await ip(RED, 'link', 'add', 'reth0', 'type', 'veth', 'peer', 'name', 'reth1', 'netns', HOST);
  await ip(BLUE, 'link', 'add', 'beth0', 'type', 'veth', 'peer', 'name', 'beth1', 'netns', HOST);
  await ip(HOST, 'link', 'add', 'br0', 'type', 'bridge');
  await ip(HOST, 'link', 'set', 'reth1', 'master', 'br0');
  await ip(HOST, 'link', 'set', 'beth1', 'master', 'br0');
  await ip(RED, 'addr', 'add', '11.11.11.2/24', 'dev', 'reth0');
  await ip(BLUE, 'addr', 'add', '11.11.11.3/24', 'dev', 'beth0');
  for (const [ns, dev] of [[RED, 'reth0'], [HOST, 'reth1'], [BLUE, 'beth0'], [HOST, 'beth1'], [HOST, 'br0']]) await ip(ns, 'link', 'set', dev, 'up');
  await ip(HOST, 'addr', 'add', '11.11.11.1/24', 'dev', 'br0');
  await ip(RED, 'route', 'add', 'default', 'via', '11.11.11.1');
  await ip(BLUE, 'route', 'add', 'default', 'via', '11.11.11.1');
  await inNs(HOST, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
  await inNs(HOST, 'sysctl', '-q', '-w', 'net.ipv4.conf.all.rp_filter=2');
  await inNs(HOST, 'iptables', '-P', 'FORWARD', 'DROP');
  await inNs(HOST, 'iptables', '-t', 'filter', '-A', 'FORWARD', '-s', '11.11.11.0/24', '-j', 'ACCEPT');
  await inNs(HOST, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-s', '11.11.11.0/24', '-j', 'MASQUERADE');
  await inNs(HOST, 'iptables', '-t', 'filter', '-A', 'FORWARD', '-d', '11.11.11.0/24', '-j', 'ACCEPT');
  // Rules only in the legacy backend, in the WAN namespace: status must read them there.
  await inNs(WAN, 'iptables-legacy', '-A', 'FORWARD', '-s', '198.51.100.0/24', '-j', 'DROP');
  // Traffic only between the lab's own namespaces, so that counters move.
  await inNs(RED, 'ping', '-n', '-c', '1', '-W', '1', '11.11.11.3');
  await inNs(RED, 'ping', '-n', '-c', '1', '-W', '1', '10.0.2.2');
}

async function statusJson(...extra: string[]): Promise<{ code: number | null; report: StatusReport; stderr: string }> {
  const r = await run('node', ['--import', 'tsx', BIN, 'lab', 'status', '--json', ...extra], { check: false, timeoutMs: 120000 });
  assert.equal(r.exitCode, 0, r.stderr);
  return { code: r.exitCode, report: JSON.parse(r.stdout) as StatusReport, stderr: r.stderr };
}

before(async () => {
  if (!isRoot) return;
  await removeLab();
  await buildLab();
});
after(async () => {
  if (isRoot) await removeLab();
});

test('the hand-built lab is described: namespaces, bridge ports, veth peers, addresses, routes', { skip }, async () => {
  const { report } = await statusJson('--host-ns', HOST);
  assert.equal(report.host, HOST);
  const role = (ns: string) => report.namespaces.find((n) => n.name === ns)?.role;
  assert.deepEqual(ALL.map(role), ['lab', 'lab', 'lab', 'host']);
  assert.equal(report.namespaces[0].name, HOST, 'the host comes first');
  const bridge = report.bridges.find((b) => b.namespace === HOST && b.name === 'br0');
  assert.ok(bridge, 'br0 in the host');
  assert.equal(bridge.state, 'UP');
  assert.deepEqual(bridge.ports.map((p) => [p.name, p.peer?.namespace, p.peer?.name]).sort(), [['beth1', BLUE, 'beth0'], ['reth1', RED, 'reth0']]);
  const link = (ns: string, name: string) => report.links.find((l) => l.namespace === ns && l.name === name);
  assert.deepEqual([link(RED, 'reth0')?.peer?.namespace, link(RED, 'reth0')?.peer?.name], [HOST, 'reth1']);
  assert.deepEqual([link(HOST, 'eth0')?.peer?.namespace, link(HOST, 'eth0')?.peer?.name], [WAN, 'weth0']);
  assert.equal(link(HOST, 'reth1')?.master, 'br0');
  assert.equal(link(HOST, 'br0')?.kind, 'bridge');
  const cidrs = (ns: string) => report.addresses.filter((a) => a.namespace === ns && a.interface !== 'lo').map((a) => `${a.interface} ${a.cidr}`);
  assert.deepEqual(cidrs(HOST).sort(), ['br0 11.11.11.1/24', 'eth0 10.0.2.15/24']);
  assert.deepEqual(cidrs(RED), ['reth0 11.11.11.2/24']);
  assert.deepEqual(cidrs(BLUE), ['beth0 11.11.11.3/24']);
  const defaultVia = (ns: string) => report.routes.find((r) => r.namespace === ns && r.dst === 'default')?.gateway;
  assert.equal(defaultVia(RED), '11.11.11.1');
  assert.equal(defaultVia(BLUE), '11.11.11.1');
  assert.equal(defaultVia(HOST), '10.0.2.2');
  assert.equal(defaultVia(WAN), undefined, 'the WAN has no route back');
  assert.ok(report.routes.some((r) => r.namespace === HOST && r.dst === '11.11.11.0/24' && r.dev === 'br0' && r.protocol === 'kernel'));
});

test('FORWARD policy and rules, MASQUERADE and sysctls of the host are reported', { skip }, async () => {
  const { report } = await statusJson('--host-ns', HOST);
  const chain = (ns: string, name: string) => report.netfilter.find((c) => c.namespace === ns && c.chain === name);
  const forward = chain(HOST, 'FORWARD');
  assert.equal(forward?.exists, true);
  assert.equal(forward?.policy, 'DROP');
  assert.deepEqual(forward?.rules.map((r) => [r.position, r.rule, r.target]), [
    [1, '-A FORWARD -s 11.11.11.0/24 -j ACCEPT', 'ACCEPT'],
    [2, '-A FORWARD -d 11.11.11.0/24 -j ACCEPT', 'ACCEPT'],
  ]);
  assert.ok((forward?.rules[0].packets ?? 0) >= 1, 'RED → WAN was forwarded by rule 1');
  const post = chain(HOST, 'POSTROUTING');
  assert.deepEqual(post?.rules.map((r) => r.rule), ['-A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE']);
  assert.ok((post?.rules[0].packets ?? 0) >= 1, 'RED → WAN was masqueraded');
  const wanForward = chain(WAN, 'FORWARD');
  assert.equal(wanForward?.backend, 'legacy', 'legacy-only rules are read from the legacy backend');
  assert.deepEqual(wanForward?.rules.map((r) => r.rule), ['-A FORWARD -s 198.51.100.0/24 -j DROP']);
  assert.equal(chain(RED, 'FORWARD'), undefined, 'a lab namespace without rules lists no chains');
  const sysctls = (ns: string) => report.sysctls.find((s) => s.namespace === ns);
  assert.equal(sysctls(HOST)?.ip_forward, 1);
  assert.equal(sysctls(HOST)?.rp_filter.all, 2);
  assert.equal(sysctls(HOST)?.forwarding.br0, 1);
  assert.equal(sysctls(RED)?.ip_forward, 0);
  assert.equal(typeof sysctls(RED)?.rp_filter.reth0, 'number');
  const brNf = existsSync('/proc/sys/net/bridge/bridge-nf-call-iptables');
  if (brNf) assert.ok([0, 1].includes(sysctls(HOST)?.bridge_nf_call_iptables as number));
  else assert.equal(sysctls(HOST)?.bridge_nf_call_iptables, null);
  assert.deepEqual(report.unavailable.filter((u) => ALL.includes(u.namespace as string)), []);
});

test('NETTRACE_IPTABLES=nft reads only the nf_tables side', { skip }, async () => {
  const r = await run('env', ['NETTRACE_IPTABLES=nft', 'node', '--import', 'tsx', BIN, 'lab', 'status', '--json', '--host-ns', HOST], { check: false, timeoutMs: 120000 });
  assert.equal(r.exitCode, 0, r.stderr);
  const report = JSON.parse(r.stdout) as StatusReport;
  assert.equal(report.netfilter.find((c) => c.namespace === WAN), undefined);
  assert.equal(report.netfilter.find((c) => c.namespace === HOST && c.chain === 'FORWARD')?.backend, 'nf_tables');
});

test('the human tables, in Korean, name the bridge ports and the FORWARD policy', { skip }, async () => {
  const r = await run('node', ['--import', 'tsx', BIN, '--lang', 'ko', 'lab', 'status', '--host-ns', HOST], { check: false, timeoutMs: 120000 });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`reth1 \\(UP\\) ↔ ${RED}:reth0`));
  assert.match(r.stdout, /정책 DROP/);
  assert.match(r.stdout, /랩 상태 — 호스트: h2lhost/);
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour codes when stdout is not a terminal');
});

test('a --host-ns that does not exist is an environment error with one sentence', { skip }, async () => {
  const r = await run('node', ['--import', 'tsx', BIN, 'lab', 'status', '--host-ns', 'h2lnosuch'], { check: false, timeoutMs: 120000 });
  assert.equal(r.exitCode, 3);
  assert.match(r.stderr, /^nettrace: The host namespace "h2lnosuch" does not exist/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
