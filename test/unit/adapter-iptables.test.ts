// iptables-save -c parsing (nf_tables and legacy backends), recorded in fixtures/iptables (see its README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { parseRuleArgs } from '../../src/adapters/iptables-match.js';
import { tokenizeRule } from '../../src/adapters/iptables-tokens.js';
import { backendChoiceFromEnv, needsLegacyFallback, parseIptablesVersion, saveCommandFor } from '../../src/adapters/iptables-collect.js';
import { UsageError } from '../../src/cli/errors.js';

const read = (name: string) => readFileSync(new URL(`../../fixtures/iptables/${name}`, import.meta.url), 'utf8');

test('the hand-built host: FORWARD policy DROP, the two tutorial rules with counters, and MASQUERADE', () => {
  const rs = parseIptablesSave(read('hand-built.h2host.nft.save'), 'h2host');
  assert.equal(rs.backend, 'nf_tables');
  assert.deepEqual(Object.keys(rs.tables), ['filter', 'nat']);
  const forward = rs.tables.filter.FORWARD;
  assert.equal(forward.policy, 'DROP');
  assert.equal(forward.policyPackets, 0);
  assert.equal(forward.rules.length, 2);
  const [first, second] = forward.rules;
  assert.equal(first.text, '-A FORWARD -s 11.11.11.0/24 -j ACCEPT');
  assert.equal(first.position, 1);
  assert.equal(first.target, 'ACCEPT');
  assert.equal(first.goto, false);
  assert.equal(first.packets, 8);
  assert.equal(first.bytes, 672);
  assert.deepEqual(first.match, { hasUnknownMatch: false, src: { cidr: '11.11.11.0/24', negated: false } });
  assert.equal(second.position, 2);
  assert.deepEqual(second.match.dst, { cidr: '11.11.11.0/24', negated: false });
  const masq = rs.tables.nat.POSTROUTING.rules[0];
  assert.equal(masq.target, 'MASQUERADE');
  assert.equal(masq.packets, 4);
  assert.equal(rs.tables.nat.POSTROUTING.policy, 'ACCEPT');
});

test('a namespace without rules gives an empty ruleset with the fallback backend', () => {
  const rs = parseIptablesSave(read('hand-built.h2red.nft.save'), 'h2red', 'nf_tables');
  assert.deepEqual(rs, { ns: 'h2red', backend: 'nf_tables', tables: {} });
});

for (const [file, backend] of [['rich.nft.save', 'nf_tables'], ['rich.legacy.save', 'legacy']] as const) {
  test(`Docker-like rules are read the same from the ${backend} backend`, () => {
    const rs = parseIptablesSave(read(file), 'x');
    assert.equal(rs.backend, backend);
    assert.deepEqual(Object.keys(rs.tables).sort(), ['filter', 'mangle', 'nat', 'raw']);
    const filter = rs.tables.filter;
    assert.equal(filter.DOCKER.policy, null);
    assert.equal(filter['DOCKER-USER'].rules[0].target, 'RETURN');
    const rules = filter.FORWARD.rules;
    const at = (n: number) => rules[n - 1];
    assert.equal(at(1).target, 'DOCKER-USER');
    assert.deepEqual(at(2).match.ctstate, { states: ['RELATED', 'ESTABLISHED'], negated: false });
    assert.deepEqual(at(2).match.outIface, { name: 'docker0', negated: false });
    assert.deepEqual(at(4).match.outIface, { name: 'docker0', negated: true });
    assert.equal(at(6).match.comment, 'lab: allow ping');
    assert.deepEqual(at(6).match.inIface, { name: 'veth+', negated: false });
    assert.deepEqual(at(6).match.protocol, { name: 'icmp', negated: false });
    assert.equal(at(6).match.hasUnknownMatch, false);
    assert.deepEqual(at(7).match.src, { cidr: '10.0.0.0/8', negated: true });
    assert.deepEqual(at(7).match.dst, { cidr: '192.168.0.0/16', negated: true });
    assert.equal(at(7).match.hasUnknownMatch, true, '--dport is not evaluated');
    assert.deepEqual(at(8).match.ctstate, { states: ['INVALID'], negated: false });
    assert.deepEqual(at(9).match.ctstate, { states: ['NEW'], negated: true });
    assert.equal(at(10).match.physdev, true);
    assert.equal(at(11).target, 'LOG');
    assert.equal(at(11).match.hasUnknownMatch, true, 'limit is not evaluated');
    assert.equal(at(12).target, 'DOCKER');
    assert.equal(at(12).goto, true);
    assert.equal(at(13).target, null);
    assert.ok(rules.every((r, i) => r.position === i + 1 && r.chain === 'FORWARD' && r.table === 'filter'));
    assert.equal(rs.tables.raw.PREROUTING.rules[0].match.comment, 'nettrace:h2test');
    assert.equal(rs.tables.raw.PREROUTING.rules[0].target, 'TRACE');
    const input = filter.INPUT.rules[0];
    assert.deepEqual(input.match.inIface, { name: 'lo', negated: true });
    assert.equal(input.target, 'REJECT');
    assert.equal(input.match.hasUnknownMatch, false, 'target options are not matches');
    assert.equal(rs.tables.nat.PREROUTING.rules[0].match.hasUnknownMatch, true, 'addrtype is not evaluated');
  });
}

test('the legacy save has the tutorial rule appended last', () => {
  const rules = parseIptablesSave(read('rich.legacy.save'), 'x').tables.filter.FORWARD.rules;
  assert.equal(rules.at(-1)?.text, '-A FORWARD -s 11.11.11.0/24 -j ACCEPT');
  assert.equal(rules.at(-1)?.position, 14);
});

test('the tokenizer keeps quoted words together and honours escapes', () => {
  assert.deepEqual(tokenizeRule('-A FORWARD -m comment --comment "lab: allow ping" -j ACCEPT'),
    ['-A', 'FORWARD', '-m', 'comment', '--comment', 'lab: allow ping', '-j', 'ACCEPT']);
  assert.deepEqual(tokenizeRule('--comment "say \\"hi\\"" -j X'), ['--comment', 'say "hi"', '-j', 'X']);
  assert.deepEqual(tokenizeRule('--comment "" -j X'), ['--comment', '', '-j', 'X']);
});

test('parseRuleArgs: a rule with no target only counts; an unknown core option is unknown', () => {
  assert.deepEqual(parseRuleArgs(['-d', '11.11.11.0/24']), { match: { hasUnknownMatch: false, dst: { cidr: '11.11.11.0/24', negated: false } }, target: null, goto: false });
  assert.equal(parseRuleArgs(['-f', '-j', 'DROP']).match.hasUnknownMatch, true);
});

test('backend detection from iptables -V and the NETTRACE_IPTABLES choice', () => {
  assert.equal(parseIptablesVersion(read('version.nft.txt')), 'nf_tables');
  assert.equal(parseIptablesVersion(read('version.legacy.txt')), 'legacy');
  assert.equal(parseIptablesVersion('bash: iptables: command not found'), null);
  assert.equal(backendChoiceFromEnv({}), 'auto');
  assert.equal(backendChoiceFromEnv({ NETTRACE_IPTABLES: 'legacy' }), 'legacy');
  assert.equal(saveCommandFor('legacy'), 'iptables-legacy-save');
  assert.equal(saveCommandFor('nft'), 'iptables-nft-save');
  assert.equal(saveCommandFor('auto'), 'iptables-save');
  assert.throws(() => backendChoiceFromEnv({ NETTRACE_IPTABLES: 'pf' }), UsageError);
});

test('an empty nft save that warns of legacy tables switches to the legacy backend', () => {
  const stderr = read('legacy-tables-present.nft.stderr');
  assert.equal(needsLegacyFallback(parseIptablesSave('', 'x'), stderr), true);
  assert.equal(needsLegacyFallback(parseIptablesSave('', 'x'), ''), false);
  assert.equal(needsLegacyFallback(parseIptablesSave(read('hand-built.h2host.nft.save'), 'x'), stderr), false);
});
