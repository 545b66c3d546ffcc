// The chain simulator on rulesets parsed by the real iptables-save parser from recorded outputs:
// Docker's chains, negations, `+` wildcards, conntrack states, physdev, goto/RETURN, unknown matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { evaluateChain } from '../../src/diagnose/simulate-netfilter.js';
import type { SimPacket } from '../../src/diagnose/netfilter-match.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const docker28 = parseIptablesSave(readFileSync(join(root, 'fixtures/docker/iptables-28.txt'), 'utf8'), 'nt-host');
const docker2010 = parseIptablesSave(readFileSync(join(root, 'fixtures/docker/iptables-20.10.txt'), 'utf8'), 'nt-host');
const rich = parseIptablesSave(readFileSync(join(root, 'fixtures/iptables/rich.nft.save'), 'utf8'), null);

const packet = (overrides: Partial<SimPacket>): SimPacket => ({ src: '172.17.0.2', dst: '203.0.113.8', icmpType: 'echo-request', inIface: 'docker0', outIface: 'eth0', ctstate: 'NEW', ...overrides });

test('Docker 28: a container reaches out, its reply comes back through DOCKER-CT, unsolicited traffic is dropped', () => {
  const out = evaluateChain(docker28, 'filter', 'FORWARD', packet({}));
  assert.equal(out.verdict, 'ACCEPT');
  assert.equal(out.text, '-A DOCKER-FORWARD -i docker0 -j ACCEPT');
  const reply = evaluateChain(docker28, 'filter', 'FORWARD', packet({ src: '203.0.113.8', dst: '172.17.0.2', icmpType: 'echo-reply', inIface: 'eth0', outIface: 'docker0', ctstate: 'ESTABLISHED' }));
  assert.equal(reply.text, '-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  const unsolicited = evaluateChain(docker28, 'filter', 'FORWARD', packet({ src: '203.0.113.8', dst: '172.17.0.2', inIface: 'eth0', outIface: 'docker0' }));
  assert.equal(unsolicited.verdict, 'DROP');
  assert.equal(unsolicited.text, '-A DOCKER ! -i docker0 -o docker0 -j DROP');
});

test('Docker 28: the DOCKER-USER rule drops PINK → ORANGE bridged on docker0, and names its chain', () => {
  const bridged = packet({ dst: '172.17.0.3', outIface: 'docker0', physIn: 'veth1', physOut: 'veth2' });
  const outcome = evaluateChain(docker28, 'filter', 'FORWARD', bridged);
  assert.equal(outcome.verdict, 'DROP');
  assert.equal(outcome.chain, 'DOCKER-USER');
  assert.equal(outcome.rule?.position, 1);
  const other = evaluateChain(docker28, 'filter', 'FORWARD', { ...bridged, src: '172.17.0.4' });
  assert.equal(other.verdict, 'ACCEPT');
});

test('Docker 20.10: isolation stages RETURN, the bridged frame is accepted by -i docker0 -o docker0', () => {
  const outcome = evaluateChain(docker2010, 'filter', 'FORWARD', packet({ dst: '172.17.0.3', outIface: 'docker0', physIn: 'veth1', physOut: 'veth2' }));
  assert.equal(outcome.verdict, 'ACCEPT');
  assert.match(outcome.text, /-i docker0 -o docker0 -j ACCEPT/);
});

test('nat POSTROUTING: MASQUERADE with ! -o docker0 applies to the uplink only', () => {
  assert.equal(evaluateChain(docker28, 'nat', 'POSTROUTING', packet({})).verdict, 'MASQUERADE');
  assert.equal(evaluateChain(docker28, 'nat', 'POSTROUTING', packet({ outIface: 'docker0' })).verdict, 'ACCEPT');
  assert.equal(evaluateChain(docker28, 'nat', 'POSTROUTING', packet({ src: '10.9.9.9' })).rule, null);
});

test('rich ruleset: veth+ wildcard with -p icmp, negated ctstate, physdev, goto into a chain that returns', () => {
  const base = packet({ src: '10.1.1.1', dst: '10.2.2.2', inIface: 'eth1', outIface: 'eth2' });
  assert.equal(evaluateChain(rich, 'filter', 'FORWARD', { ...base, inIface: 'vethab12' }).text, '-A FORWARD -i veth+ -p icmp -m comment --comment "lab: allow ping" -j ACCEPT');
  assert.equal(evaluateChain(rich, 'filter', 'FORWARD', { ...base, ctstate: 'ESTABLISHED' }).text, '-A FORWARD -m conntrack ! --ctstate NEW -j ACCEPT');
  assert.equal(evaluateChain(rich, 'filter', 'FORWARD', { ...base, physIn: 'p1', physOut: 'p2' }).text, '-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT');
  const goneToDocker = evaluateChain(rich, 'filter', 'FORWARD', { ...base, src: '11.11.11.2' });
  assert.equal(goneToDocker.text, '-P FORWARD DROP', 'after -g DOCKER returns, the policy decides');
  assert.deepEqual(goneToDocker.unknown, [], 'the LOG rule with -m limit is not terminal and is not reported');
});

test('INPUT: a negated interface with -p udp does not catch ICMP', () => {
  const outcome = evaluateChain(rich, 'filter', 'INPUT', packet({ inIface: 'eth0', outIface: null }));
  assert.equal(outcome.text, '-P INPUT ACCEPT');
});

test('a rule with a match nettrace cannot evaluate is reported, not guessed; ruled out by known matches it is not', () => {
  const ruleset = parseIptablesSave('*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p tcp -m set --match-set blocked src -j DROP\n-A FORWARD -m set --match-set blocked src -j DROP\n-A FORWARD -p icmp -m icmp --icmp-type echo-reply -j DROP\nCOMMIT\n', 'X');
  const request = evaluateChain(ruleset, 'filter', 'FORWARD', packet({}));
  assert.equal(request.verdict, 'ACCEPT');
  assert.deepEqual(request.unknown.map((rule) => rule.position), [2]);
  const reply = evaluateChain(ruleset, 'filter', 'FORWARD', packet({ icmpType: 'echo-reply' }));
  assert.equal(reply.verdict, 'DROP', '--icmp-type is understood');
  assert.equal(reply.rule?.position, 3);
});

test('a missing table or chain lets the packet pass', () => {
  const outcome = evaluateChain(null, 'filter', 'FORWARD', packet({}));
  assert.equal(outcome.verdict, 'ACCEPT');
  assert.equal(outcome.exists, false);
});
