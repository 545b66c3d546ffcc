// The pure core of `nettrace compare` on tool outputs recorded from the sandbox (br0 of the tutorial's complete
// stage beside Docker 20.10's docker0 with PINK and ORANGE): facts, rows, gaps, and probe planning.
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
import { bridgeFacts } from '../../src/compare/bridge-facts.js';
import { compareRows } from '../../src/compare/compare-rows.js';
import { findGaps } from '../../src/compare/gaps.js';
import { planProbes } from '../../src/compare/probes.js';
import { assembleComparison, factsOf } from '../../src/compare/assemble.js';
import type { CompareInput, EndpointFacts } from '../../src/compare/types.js';

const DIR = join(ROOT, 'fixtures', 'compare', 'sandbox');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

function endpoint(kind: EndpointFacts['kind'], name: string, ns: string): EndpointFacts {
  return { kind, name, ns, links: parseLinks(read(`${name}-link.json`), ns), addresses: parseAddresses(read(`${name}-addr.json`), ns), routes: parseRoutes(read(`${name}-route.json`), ns) };
}

/** The recorded sandbox as the pure core's input; `editRules` changes the recorded iptables-save text. */
function sandboxInput(editRules: (text: string) => string = (text) => text): CompareInput {
  const ns = 'nt-host';
  return {
    hostNs: ns,
    links: parseLinks(read('nt-host-link.json'), ns),
    addresses: parseAddresses(read('nt-host-addr.json'), ns),
    routes: parseRoutes(read('nt-host-route.json'), ns),
    sysctls: parseSysctls(read('nt-host-sysctl.txt'), ns),
    ruleset: parseIptablesSave(editRules(read('nt-host-iptables-save.txt')), ns, 'nf_tables'),
    endpoints: [endpoint('netns', 'RED', 'RED'), endpoint('netns', 'BLUE', 'BLUE'), endpoint('container', 'PINK', '/proc/1/ns/net'), endpoint('container', 'ORANGE', '/proc/2/ns/net')],
  };
}

test('br0 and docker0 facts: subnets, ports with the namespaces and containers behind them, default routes', () => {
  const input = sandboxInput();
  const br0 = bridgeFacts(input, 'br0', 'nt-host');
  const docker0 = bridgeFacts(input, 'docker0', 'nt-host');
  assert.equal(br0.subnet, '11.11.11.0/24');
  assert.equal(br0.gateway, '11.11.11.1');
  assert.equal(docker0.subnet, '172.17.0.0/16');
  assert.deepEqual(br0.ports.map((p) => p.endpoint?.name).sort(), ['BLUE', 'RED']);
  assert.deepEqual(docker0.ports.map((p) => [p.endpoint?.kind, p.endpoint?.name]).sort(), [['container', 'ORANGE'], ['container', 'PINK']]);
  assert.ok(docker0.ports.every((p) => p.endpoint?.defaultRoute?.startsWith('default via 172.17.0.1 dev eth0')));
  assert.equal(br0.hostRoute, '11.11.11.0/24 dev br0 src 11.11.11.1');
  assert.equal(br0.uplink, 'eth0');
  assert.equal(br0.ipForward, 1);
  assert.equal(br0.bridgeNfCallIptables, 1);
  assert.equal(docker0.mtu, 1500);
});

test('the known differences: return traffic (-d SUBNET vs conntrack), intra-bridge rule, MASQUERADE scope, isolation', () => {
  const input = sandboxInput();
  const [br0, docker0] = factsOf(input, ['br0', 'docker0'], 'nt-host');
  assert.equal(br0.returnBy, 'destination');
  assert.match(br0.returnTraffic!.rule, /-d 11\.11\.11\.0\/24/);
  assert.equal(docker0.returnBy, 'conntrack');
  assert.match(docker0.returnTraffic!.rule, /-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT/);
  assert.match(docker0.intraBridge!.rule, /-i docker0 -o docker0 -j ACCEPT/);
  assert.match(br0.intraBridge!.rule, /-s 11\.11\.11\.0\/24/);
  assert.equal(br0.nat.excludedOutIface, null);
  assert.equal(br0.nat.rewritesIntoBridge, true, 'the tutorial MASQUERADE also rewrites RED→BLUE (observed: BLUE sees 11.11.11.1)');
  assert.equal(docker0.nat.excludedOutIface, 'docker0');
  assert.equal(docker0.nat.rewritesIntoBridge, false);
  assert.deepEqual(br0.isolation, []);
  assert.ok(docker0.isolation.some((r) => r.includes('DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP')));
  const rows = compareRows(br0, docker0);
  const differs = rows.filter((r) => r.same === false).map((r) => r.aspect);
  assert.deepEqual(differs, ['return-by', 'intra-bridge', 'isolation', 'nat-scope']);
  assert.equal(rows.find((r) => r.aspect === 'egress')?.same, true);
});

test('what br0 lacks compared with docker0, as commands in nt-host; docker0 lacks nothing of br0', () => {
  const [br0, docker0] = factsOf(sandboxInput(), ['br0', 'docker0'], 'nt-host');
  const gaps = findGaps(br0, docker0, 'nt-host');
  assert.deepEqual(gaps.map((g) => g.kind), ['conntrack-return', 'intra-bridge-rule', 'masquerade-scope']);
  assert.deepEqual(gaps[0]!.commands, ['ip netns exec nt-host iptables -t filter -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']);
  assert.deepEqual(gaps[2]!.commands, [
    'ip netns exec nt-host iptables -t nat -I POSTROUTING -s 11.11.11.0/24 ! -o br0 -j MASQUERADE',
    'ip netns exec nt-host iptables -t nat -D POSTROUTING -s 11.11.11.0/24 -m comment --comment nettrace:lab -j MASQUERADE',
  ]);
  assert.deepEqual(findGaps(docker0, br0, 'nt-host'), []);
});

test('closing the gaps makes br0 behave like docker0 (the commands applied to the recorded rules)', () => {
  const closed = sandboxInput((text) => text
    .replace(/^(\[\d+:\d+\] )?-A FORWARD -d 11\.11\.11\.0\/24/m, '-A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n$&')
    .replace('-A POSTROUTING -s 11.11.11.0/24 -m comment --comment "nettrace:lab" -j MASQUERADE', '-A POSTROUTING -s 11.11.11.0/24 ! -o br0 -j MASQUERADE'));
  const [br0, docker0] = factsOf(closed, ['br0', 'docker0'], 'nt-host');
  const kinds = findGaps(br0, docker0, 'nt-host').map((g) => g.kind);
  assert.deepEqual(kinds, ['intra-bridge-rule'], 'conntrack and scope gaps closed');
  assert.equal(br0.returnBy, 'conntrack');
  assert.equal(br0.nat.rewritesIntoBridge, false);
});

test('a docker0 without its conntrack rule and MASQUERADE: replies are dropped, and docker0 now lacks what br0 has', () => {
  const broken = sandboxInput((text) => text.split('\n').filter((line) => !/ctstate RELATED,ESTABLISHED -j ACCEPT|-s 172\.17\.0\.0\/16 ! -o docker0 -j MASQUERADE/.test(line)).join('\n'));
  const [br0, docker0] = factsOf(broken, ['br0', 'docker0'], 'nt-host');
  assert.equal(docker0.returnBy, 'none');
  assert.equal(docker0.returnTraffic?.verdict, 'DROP');
  assert.equal(docker0.nat.rule, null);
  const gaps = findGaps(docker0, br0, 'nt-host');
  assert.ok(gaps.some((g) => g.kind === 'masquerade' && g.commands[0] === 'ip netns exec nt-host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'));
});

test('probe planning: two endpoints give all four probes; a bridge without endpoints skips them with a reason', () => {
  const input = sandboxInput();
  const [br0] = factsOf(input, ['br0', 'docker0'], 'nt-host');
  assert.deepEqual(planProbes(br0).map((p) => `${p.kind}:${p.src}>${p.dst}`), ['port-to-port:RED>BLUE', 'port-to-host:RED>host', 'host-to-port:host>RED', 'port-to-internet:RED>203.0.113.8']);
  const empty = { ...br0, ports: [] };
  assert.ok(planProbes(empty).every((p) => p.skipped === 'compare.probe.noEndpoint'));
  const result = assembleComparison(input, factsOf(input, ['br0', 'docker0'], 'nt-host'), null);
  assert.deepEqual(result.bridges, ['br0', 'docker0']);
  assert.deepEqual(result.behaviour, []);
  assert.equal(result.gaps.b_lacks.length, 0);
});
