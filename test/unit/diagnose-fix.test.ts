// Fix commands name their namespace the CONTRACT.md way and run as written; applying a fix to the
// evidence changes a copy only. Catalog: every diagnosis sentence exists in English and Korean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipCommand, iptablesCommand, shellJoin, sysctlCommand } from '../../src/diagnose/fix-commands.js';
import { applyFixes } from '../../src/diagnose/fix-action.js';
import { addressAddFix, ruleAppendFix } from '../../src/diagnose/fix-builders.js';
import { en, ko } from '../../src/i18n/messages/diagnose.js';
import { find } from '../../fixtures/diagnose/lab-builder.js';
import { tutorialLab } from '../../fixtures/diagnose/tutorial-lab.js';

test("commands use ip -n / ip netns exec for named namespaces, nsenter for /proc paths, nothing for nettrace's own", () => {
  assert.equal(ipCommand('RED', ['route', 'add', 'default', 'via', '11.11.11.1']), 'ip -n RED route add default via 11.11.11.1');
  assert.equal(ipCommand(null, ['addr', 'add', '11.11.11.1/24', 'dev', 'br0']), 'ip addr add 11.11.11.1/24 dev br0');
  assert.equal(iptablesCommand('nt-host', 'nat', ['-A', 'POSTROUTING', '-s', '11.11.11.0/24', '!', '-o', 'br0', '-j', 'MASQUERADE']), 'ip netns exec nt-host iptables -t nat -A POSTROUTING -s 11.11.11.0/24 ! -o br0 -j MASQUERADE');
  assert.equal(iptablesCommand(null, 'filter', ['-A', 'FORWARD', '-d', '11.11.11.0/24', '-j', 'ACCEPT']), 'iptables -t filter -A FORWARD -d 11.11.11.0/24 -j ACCEPT');
  assert.equal(sysctlCommand('/proc/42/ns/net', 'net.ipv4.ip_forward', 1), 'nsenter --net=/proc/42/ns/net sysctl -w net.ipv4.ip_forward=1');
  assert.equal(shellJoin(['--comment', "it's a rule"]), `--comment 'it'\\''s a rule'`);
});

test('applyFixes changes a copy: address with its connected route, appended rule with its match', () => {
  const evidence = tutorialLab('bridge', 'nt-host', 'RED');
  const before = JSON.stringify(evidence);
  const after = applyFixes(evidence, [addressAddFix('nt-host', 'br0', '11.11.11.1', 24), ruleAppendFix('nt-host', 'filter', 'FORWARD', { dst: '11.11.11.0/24', ctstates: ['RELATED', 'ESTABLISHED'] }, 'ACCEPT')]);
  assert.equal(JSON.stringify(evidence), before);
  const host = find(after, 'nt-host');
  assert.ok(host.routes.some((entry) => entry.dst === '11.11.11.0/24' && entry.dev === 'br0' && entry.prefsrc === '11.11.11.1'));
  const rules = host.ruleset?.tables.filter.FORWARD.rules ?? [];
  assert.equal(rules[rules.length - 1].text, '-A FORWARD -d 11.11.11.0/24 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  assert.deepEqual(rules[rules.length - 1].match.ctstate, { states: ['RELATED', 'ESTABLISHED'], negated: false });
});

test('every diagnosis message has a Korean twin with the same placeholders', () => {
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.ok(ko[key], key);
    assert.deepEqual(names(ko[key]), names(en[key]), key);
  }
});
