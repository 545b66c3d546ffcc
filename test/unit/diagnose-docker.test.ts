// Docker's causes named by the diagnosis on the recorded sandbox Docker host (fixtures/diagnose/docker-labs.ts),
// and on the Docker 29 layout with the same bridges; container fixes by /proc/<pid>/ns/net; commands retargeted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diagnoseFromConfig, findFaults } from '../../src/diagnose/diagnose-config.js';
import { applyFixes } from '../../src/diagnose/fix-action.js';
import { explainFault } from '../../src/diagnose/explain.js';
import { retargetCommand } from '../../src/diagnose/fix-namespace-paths.js';
import { networkOfBridge } from '../../src/diagnose/docker-context.js';
import { dockerNetworksLab, nsOf } from '../../fixtures/diagnose/docker-labs.js';
import { tutorialLab } from '../../fixtures/diagnose/tutorial-lab.js';

const reachedAfterFixes = (evidence: ReturnType<typeof dockerNetworksLab>): boolean => {
  const { fixes, complete } = findFaults(evidence);
  return complete && diagnoseFromConfig(applyFixes(evidence, fixes)).verdict === 'reached';
};

test('a DROP in DOCKER-USER: named as a hand-made rule in the chain Docker leaves to the user; the fix deletes exactly it', () => {
  const evidence = dockerNetworksLab('PINK', 'ORANGE', { userRules: ['-A DOCKER-USER -s 172.17.0.2/32 -d 172.17.0.3/32 -j DROP'] });
  const result = diagnoseFromConfig(evidence);
  assert.equal(result.cause?.kind, 'forward-drop');
  assert.equal(result.faults[0].message.key, 'diagnose.dockerUserDrop');
  assert.match(result.cause.detail, /DOCKER-USER/);
  assert.match(result.cause.detail, /added by hand/);
  assert.deepEqual(result.fix, ['ip netns exec nt-host iptables -t filter -D DOCKER-USER -s 172.17.0.2/32 -d 172.17.0.3/32 -j DROP']);
  assert.ok(reachedAfterFixes(evidence));
});

test('icc=false: the network is named, the lasting remedy (recreate it) is said, the fix opens only this pair in DOCKER-USER', () => {
  const evidence = dockerNetworksLab('TEAL', 'CYAN');
  const result = diagnoseFromConfig(evidence);
  assert.equal(result.faults[0].message.key, 'diagnose.dockerIcc');
  assert.match(result.cause!.detail, /Docker network quiet \(bridge br-cc241fe51892\)/);
  assert.match(result.cause!.detail, /enable_icc=false/);
  assert.match(result.cause!.detail, /recreate the network/);
  assert.equal(result.fix.length, 1);
  assert.match(result.fix[0], /-I DOCKER-USER 1 -s 172\.30\.0\.2\/32 -d 172\.30\.0\.3\/32 -i br-cc241fe51892 -o br-cc241fe51892 -j ACCEPT$/);
  assert.ok(reachedAfterFixes(evidence));
  // Only the pair: the other direction's new connection (CYAN → TEAL) is still dropped after the fix.
  const fixed = applyFixes(evidence, findFaults(evidence).fixes);
  const back = diagnoseFromConfig({ ...fixed, flow: { source: { namespace: nsOf('CYAN'), name: 'CYAN', kind: 'container' }, destination: { address: '172.30.0.2' } } });
  assert.equal(back.verdict, 'unreachable');
});

test('isolation between two networks: both named, the fix is docker network connect through the daemon socket, and it reaches', () => {
  const evidence = dockerNetworksLab('PINK', 'LIME');
  const result = diagnoseFromConfig(evidence);
  assert.equal(result.faults[0].message.key, 'diagnose.dockerIsolation');
  assert.match(result.cause!.detail, /from Docker network bridge \(docker0\) to network other \(br-0d1814895325\)/);
  assert.deepEqual(result.fix, ['docker -H unix:///run/nettrace/docker.sock network connect other PINK']);
  assert.equal(result.fix_complete, true);
  const after = diagnoseFromConfig(applyFixes(evidence, findFaults(evidence).fixes));
  assert.equal(after.verdict, 'reached');
  assert.equal(after.path[0].interface, 'eth1', 'PINK now reaches LIME over its new interface on other');
  assert.ok(after.path.some((hop) => hop.interface === 'br-0d1814895325'));
});

test('without the daemon\'s facts, networks are named by Docker\'s bridge naming (docker0 → bridge, br-<id12> → id)', () => {
  const result = diagnoseFromConfig(dockerNetworksLab('PINK', 'LIME', { noContext: true }));
  assert.deepEqual(result.fix, ['docker network connect 0d1814895325 PINK']);
  const evidence = dockerNetworksLab('PINK', 'LIME', { noContext: true });
  assert.deepEqual(networkOfBridge(evidence, 'docker0'), { name: 'bridge', known: false });
  assert.deepEqual(networkOfBridge(evidence, 'h4quiet'), { name: 'h4quiet', known: false });
  assert.deepEqual(networkOfBridge(dockerNetworksLab('PINK', 'LIME'), 'br-cc241fe51892'), { name: 'quiet', known: true });
});

test('Docker\'s FORWARD policy DROP breaking br0: Docker named as who set it, the fix goes first into DOCKER-USER (reply and bridged)', () => {
  const reply = dockerNetworksLab('RED', '203.0.113.8', { without: ['-d 11.11.11.0/24'] });
  const r = diagnoseFromConfig(reply);
  assert.equal(r.faults[0].message.key, 'diagnose.dockerForwardPolicy');
  assert.match(r.cause!.detail, /Docker set that policy/);
  assert.match(r.cause!.detail, /rather than in FORWARD itself/);
  assert.ok(r.cause!.evidence.some((line) => /Docker sets FORWARD's policy to DROP/.test(line)));
  assert.ok(reachedAfterFixes(reply));
  const bridged = dockerNetworksLab('RED', 'BLUE', { without: ['11.11.11.0/24 -m comment'] });
  const b = diagnoseFromConfig(bridged);
  assert.equal(b.faults[0].message.key, 'diagnose.dockerForwardPolicyBridged');
  assert.match(b.cause!.detail, /br_netfilter/);
  assert.deepEqual(b.fix, ['ip netns exec nt-host iptables -t filter -I DOCKER-USER 1 -i br0 -o br0 -j ACCEPT']);
  assert.ok(reachedAfterFixes(bridged));
  assert.doesNotMatch(explainFault(b.faults[0], 'ko'), /\{\w+\}/);
});

test('no Docker chains: the same policy drop keeps the generic explanation and FORWARD fix', () => {
  const result = diagnoseFromConfig(tutorialLab('masquerade', 'RED', '203.0.113.8'));
  assert.equal(result.faults[0].message.key, 'diagnose.forwardDrop');
  assert.deepEqual(result.fix, ['ip netns exec nt-host iptables -t filter -A FORWARD -d 11.11.11.0/24 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']);
});

test('a policy drop into a Docker bridge (RED → PINK, nothing published) is not blamed on Docker breaking br0', () => {
  const result = diagnoseFromConfig(dockerNetworksLab('RED', 'PINK', { without: ['11.11.11.0/24 -m comment'] }));
  assert.equal(result.cause?.kind, 'forward-drop');
  assert.equal(result.faults[0].message.key, 'diagnose.forwardDrop');
});

test('Docker 29 layout with the same bridges: isolation by `DOCKER ! -i B -o B -j DROP` and icc=false in DOCKER-FORWARD are named', () => {
  const text = readFileSync(new URL('../../fixtures/docker/iptables-29.txt', import.meta.url), 'utf8')
    .replace(/^\[\d+:\d+\] /gm, '').replaceAll('h4quiet', 'br-cc241fe51892').replace('-A DOCKER-USER -s 172.17.0.2/32 -d 172.17.0.3/32 -j DROP\n', '');
  const across = diagnoseFromConfig(dockerNetworksLab('PINK', 'TEAL', { ruleset: text }));
  assert.equal(across.faults[0].message.key, 'diagnose.dockerIsolation');
  assert.equal(across.fix[0], 'docker -H unix:///run/nettrace/docker.sock network connect quiet PINK');
  // Once connected, PINK meets quiet's icc=false: named next, and opened for this pair.
  assert.equal(across.faults[1]?.message.key, 'diagnose.dockerIcc');
  // PINK's address on quiet is Docker's to pick: the rule names only the destination.
  assert.equal(across.fix[1], 'ip netns exec nt-host iptables -t filter -I DOCKER-USER 1 -d 172.30.0.2/32 -i br-cc241fe51892 -o br-cc241fe51892 -j ACCEPT');
  assert.equal(across.fix_complete, true);
  const icc = diagnoseFromConfig(dockerNetworksLab('TEAL', 'CYAN', { ruleset: text }));
  assert.equal(icc.faults[0].message.key, 'diagnose.dockerIcc');
});

test('container fixes enter /proc/<pid>/ns/net and the result shows the container, never the per-run nt-c-* name', () => {
  const evidence = dockerNetworksLab('PINK', '203.0.113.8', { edit: (byName) => { byName.PINK.links.find((l) => l.name === 'eth0')!.adminUp = false; } });
  const result = diagnoseFromConfig(evidence);
  assert.equal(result.cause?.kind, 'link-down');
  assert.equal(result.cause.namespace, 'PINK');
  assert.equal(result.fix[0], 'nsenter --net=/proc/4242/ns/net ip link set eth0 up');
  assert.ok(result.fix.every((command) => command.startsWith('nsenter --net=/proc/4242/ns/net ip ')), result.fix.join('\n'));
  const { source, destination, ...shown } = result;
  assert.doesNotMatch(JSON.stringify(shown), /nt-c-/);
  assert.equal(source.netns, nsOf('PINK'), 'the endpoint keeps the namespace the run can use');
  assert.equal(destination.address, '203.0.113.8');
});

test('retargetCommand: ip -n and ip netns exec become nsenter; other commands and other namespaces are untouched', () => {
  const path = '/proc/42/ns/net';
  assert.equal(retargetCommand('ip -n nt-c-PINK-7 route add default via 172.17.0.1', 'nt-c-PINK-7', path), 'nsenter --net=/proc/42/ns/net ip route add default via 172.17.0.1');
  assert.equal(retargetCommand('ip netns exec nt-c-PINK-7 sysctl -w net.ipv4.conf.all.rp_filter=0', 'nt-c-PINK-7', path), 'nsenter --net=/proc/42/ns/net sysctl -w net.ipv4.conf.all.rp_filter=0');
  assert.equal(retargetCommand('ip -n nt-c-PINK-77 link set eth0 up', 'nt-c-PINK-7', path), 'ip -n nt-c-PINK-77 link set eth0 up');
  assert.equal(retargetCommand('docker network connect other PINK', 'nt-c-PINK-7', path), 'docker network connect other PINK');
});

test('the Docker context from a recorded `docker network inspect`: bridge devices and icc, containers as given', async () => {
  const { parseDockerNetworks } = await import('../../src/adapters/docker-inspect.js');
  const { dockerContextFrom } = await import('../../src/docker/diagnosis-context.js');
  const networks = parseDockerNetworks(readFileSync(new URL('../../fixtures/docker/network-inspect.json', import.meta.url), 'utf8'));
  const context = dockerContextFrom('/run/nettrace/docker.sock', networks, [{ ns: 'nt-c-PINK-9', name: 'PINK', pid: 321 }]);
  assert.deepEqual(context.networks.map((n) => [n.name, n.bridge, n.icc]), [['bridge', 'docker0', true], ['h4quiet', 'br-87d7e0262907', false]]);
  assert.deepEqual(context.containers, [{ ns: 'nt-c-PINK-9', name: 'PINK', pid: 321 }]);
});
