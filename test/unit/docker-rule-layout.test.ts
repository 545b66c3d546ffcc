// Docker's iptables layouts recognised on a recorded 20.10 ruleset (sandbox dockerd) and on the 28/29 layouts
// written from moby's generated iptables documentation (fixtures/docker/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { detectLayout, recogniseDockerRules } from '../../src/docker/rule-layout.js';

const layoutOf = (name: string) =>
  recogniseDockerRules(parseIptablesSave(readFileSync(new URL(`../../fixtures/docker/${name}`, import.meta.url), 'utf8'), 'h4host'));

test('20.10 with PINK and ORANGE: conntrack return, egress, icc accept, MASQUERADE scope, no user drops', () => {
  const found = layoutOf('iptables-20.10.txt');
  assert.equal(found.layout, '20.10');
  assert.deepEqual(found.chains, ['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER', 'nat:DOCKER']);
  assert.equal(found.forwardPolicy, 'DROP');
  assert.deepEqual(found.bridges.map((b) => b.bridge), ['docker0']);
  const [docker0] = found.bridges;
  assert.equal(docker0.conntrackAccept?.text, '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  assert.equal(docker0.egressAccept?.text, '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT');
  assert.equal(docker0.intraBridge?.text, '-A FORWARD -i docker0 -o docker0 -j ACCEPT');
  assert.equal(docker0.intraBridge?.packets, 2);
  assert.equal(docker0.iccDisabled, false);
  assert.equal(docker0.inboundDrop, null);
  assert.equal(docker0.masquerade?.source, '172.17.0.0/16');
  assert.equal(docker0.masquerade?.excludedOutIface, 'docker0');
  assert.equal(docker0.internal, false);
  assert.deepEqual(found.isolation.map((i) => [i.kind, i.bridge]), [['between-networks', 'docker0']]);
  assert.deepEqual(found.userDrops, []);
});

test('20.10 with an icc=false network and a hand-made DOCKER-USER drop (recorded, counters show what dropped)', () => {
  const found = layoutOf('iptables-20.10-icc-user-drop.txt');
  assert.deepEqual(found.bridges.map((b) => [b.bridge, b.iccDisabled]), [['h4quiet', true], ['docker0', false]]);
  const quiet = found.bridges[0];
  assert.equal(quiet.intraBridge?.text, '-A FORWARD -i h4quiet -o h4quiet -j DROP');
  assert.equal(quiet.intraBridge?.packets, 1);
  assert.equal(quiet.masquerade?.source, '172.30.0.0/24');
  assert.deepEqual(found.userDrops.map((r) => [r.text, r.packets]), [['-A DOCKER-USER -s 172.17.0.2/32 -d 172.17.0.3/32 -j DROP', 1]]);
  const toDocker0 = found.isolation.find((i) => i.kind === 'between-networks' && i.bridge === 'docker0');
  assert.equal(toDocker0?.rule.packets, 1);
});

test('28: DOCKER-FORWARD family with isolation stages; conntrack in DOCKER-CT; inbound drop in DOCKER; internal net', () => {
  const found = layoutOf('iptables-28.txt');
  assert.equal(found.layout, '28');
  assert.ok(['DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD', 'DOCKER-ISOLATION-STAGE-1'].every((c) => found.chains.includes(c)));
  const byName = Object.fromEntries(found.bridges.map((b) => [b.bridge, b]));
  assert.deepEqual(Object.keys(byName).sort(), ['docker0', 'h4int', 'h4quiet']);
  assert.equal(byName.docker0.conntrackAccept?.chain, 'DOCKER-CT');
  assert.equal(byName.docker0.egressAccept?.text, '-A DOCKER-FORWARD -i docker0 -j ACCEPT');
  assert.equal(byName.docker0.intraBridge?.text, '-A DOCKER-FORWARD -i docker0 -j ACCEPT');
  assert.equal(byName.docker0.inboundDrop?.text, '-A DOCKER ! -i docker0 -o docker0 -j DROP');
  assert.equal(byName.h4quiet.iccDisabled, true);
  assert.equal(byName.h4quiet.egressAccept?.text, '-A DOCKER-FORWARD -i h4quiet ! -o h4quiet -j ACCEPT');
  assert.equal(byName.h4int.internal, true);
  assert.equal(byName.h4int.masquerade, null);
  assert.equal(byName.docker0.internal, false);
  assert.deepEqual(found.isolation.filter((i) => i.kind === 'between-networks').map((i) => i.bridge).sort(), ['docker0', 'h4quiet']);
  assert.equal(found.userDrops.length, 1);
});

test('29: DOCKER-INTERNAL instead of the isolation stages; inter-network isolation only by the DOCKER drops', () => {
  const found = layoutOf('iptables-29.txt');
  assert.equal(found.layout, '29');
  assert.ok(found.chains.includes('DOCKER-INTERNAL'));
  assert.ok(!found.chains.includes('DOCKER-ISOLATION-STAGE-1'));
  assert.deepEqual(found.isolation.filter((i) => i.kind === 'internal').map((i) => i.rule.chain), ['DOCKER-INTERNAL', 'DOCKER-INTERNAL']);
  assert.deepEqual(found.isolation.filter((i) => i.kind === 'between-networks'), []);
  assert.deepEqual(found.isolation.filter((i) => i.kind === 'inbound').map((i) => i.bridge), ['docker0', 'h4quiet']);
  assert.equal(found.bridges.find((b) => b.bridge === 'h4quiet')?.iccDisabled, true);
  assert.equal(found.bridges.find((b) => b.bridge === 'docker0')?.masquerade?.source, '172.17.0.0/16');
});

test('no Docker chains: layout null; a hand-built bridge in FORWARD is not taken for a Docker bridge', () => {
  const text = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n[0:0] -A FORWARD -i br0 -j ACCEPT\nCOMMIT\n';
  const found = recogniseDockerRules(parseIptablesSave(text, 'h4host'));
  assert.equal(found.layout, null);
  assert.deepEqual(found.bridges, []);
  assert.equal(detectLayout(['DOCKER', 'DOCKER-USER']), '20.10');
  assert.equal(detectLayout(['DOCKER-FORWARD', 'DOCKER-ISOLATION-STAGE-1']), '28');
});
