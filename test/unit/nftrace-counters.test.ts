// Unit tests of counter deltas on two iptables-save -c snapshots recorded around a masqueraded ping
// (2 echoes, router FORWARD policy DROP with only outbound allowed): both replies fell to the policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { diffCounters } from '../../src/adapters/netfilter-delta.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/nftrace/${name}.txt`, import.meta.url), 'utf8');
const before = parseIptablesSave(fixture('counters-masquerade-before'), 'h3qr');
const after = parseIptablesSave(fixture('counters-masquerade-after'), 'h3qr');

test('the rules and the policy the probe hit, with packet and byte deltas', () => {
  const deltas = diffCounters(before, after);
  assert.deepEqual(deltas.map((d) => [d.table, d.chain, d.kind, d.rule, d.verdict, d.packets]), [
    ['filter', 'FORWARD', 'rule', '-A FORWARD -s 10.203.1.0/24 -j ACCEPT', 'ACCEPT', 2],
    ['filter', 'FORWARD', 'policy', '-P FORWARD DROP', 'DROP', 2],
    ['nat', 'POSTROUTING', 'rule', '-A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE', 'MASQUERADE', 1],
  ]);
  assert.equal(deltas[0].bytes, 168);
  assert.equal(deltas[0].ns, 'h3qr');
});

test('no traffic, no delta; a rule added between the snapshots counts from zero', () => {
  assert.deepEqual(diffCounters(after, after), []);
  const shifted = structuredClone(after);
  const forward = shifted.tables.filter.FORWARD;
  forward.rules.unshift({ ...forward.rules[0], text: '-A FORWARD -p udp -j ACCEPT', position: 1, packets: 3, bytes: 300 });
  const deltas = diffCounters(before, shifted);
  assert.deepEqual(deltas.filter((d) => d.kind === 'rule').map((d) => [d.rule, d.packets]), [
    ['-A FORWARD -p udp -j ACCEPT', 3],
    ['-A FORWARD -s 10.203.1.0/24 -j ACCEPT', 2],
    ['-A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE', 1],
  ]);
});

test('nettrace\'s own TRACE rules are left out', () => {
  const traced = structuredClone(after);
  traced.tables.raw = { PREROUTING: { name: 'PREROUTING', policy: 'ACCEPT', policyPackets: 0, rules: [{
    table: 'raw', chain: 'PREROUTING', position: 1, text: '-A PREROUTING -p icmp -m comment --comment "nettrace:x" -j TRACE',
    args: [], target: 'TRACE', goto: false, packets: 9, bytes: 900, match: { comment: 'nettrace:x', hasUnknownMatch: false },
  }] } };
  assert.ok(diffCounters(before, traced).every((d) => d.table !== 'raw'));
});
