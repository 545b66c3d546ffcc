// Unit tests of nettrace's own trace table: its name, the `nft -f -` script that adds it (the mark matched
// where the u32 TRACE rules match it), finding trace tables in real `nft list tables ip` output
// (fixtures/nftrace/list-tables-ip.txt) and the script that removes them whether or not they still exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeProbeMark } from '../../src/capture/bpf-filter.js';
import {
  buildOwnedTraceTableLine, buildRemoveTablesScript, buildTraceTableScript, findTraceTables, runPidOfTable, traceTableName, tracePayloadMatches,
} from '../../src/adapters/nftrace-table.js';

const mark = makeProbeMark(0x01020304);

test('table name: nettrace- plus the run tag, with what nft would not take replaced; the pid read back', () => {
  assert.equal(traceTableName('4242-1020304'), 'nettrace-4242-1020304');
  assert.equal(traceTableName('12 a:b/c'), 'nettrace-12_a_b_c');
  assert.equal(runPidOfTable('nettrace-4242-1020304'), 4242);
  assert.equal(runPidOfTable('nettrace-h3t1'), null);
  assert.equal(runPidOfTable('mine'), null);
});

test('the mark is matched at ICMP offset 24 (echo) and 8 + 20 + 24 (an error quoting it), both words at once', () => {
  assert.deepEqual(tracePayloadMatches(mark), ['@th,192,64 0x6e74726301020304', '@th,416,64 0x6e74726301020304']);
  assert.deepEqual(tracePayloadMatches(makeProbeMark(0xfffffffe)), ['@th,192,64 0x6e747263fffffffe', '@th,416,64 0x6e747263fffffffe']);
});

test('add script: one table, the payload rules only goto the chain whose one rule sets nftrace, lo skipped at prerouting', () => {
  assert.equal(buildTraceTableScript('4242-1020304', mark), [
    'table ip nettrace-4242-1020304 {',
    '\tchain trace {',
    '\t\tmeta nftrace set 1',
    '\t}',
    '\tchain pre {',
    '\t\ttype filter hook prerouting priority -350; policy accept;',
    '\t\tiifname "lo" return',
    '\t\tmeta l4proto icmp @th,192,64 0x6e74726301020304 goto trace',
    '\t\tmeta l4proto icmp @th,416,64 0x6e74726301020304 goto trace',
    '\t}',
    '\tchain out {',
    '\t\ttype filter hook output priority -350; policy accept;',
    '\t\tmeta l4proto icmp @th,192,64 0x6e74726301020304 goto trace',
    '\t\tmeta l4proto icmp @th,416,64 0x6e74726301020304 goto trace',
    '\t}',
    '}',
    '',
  ].join('\n'));
});

test('owned table for `nft -i`: the same table on one line, with flags owner (it goes with the nft holding it)', () => {
  const line = buildOwnedTraceTableLine('4242-1020304', mark);
  assert.equal(line.split('\n').length, 2, 'one line and its newline: nft -i reads a command per line');
  assert.equal(line, 'add table ip nettrace-4242-1020304 { flags owner; chain trace { meta nftrace set 1; }; '
    + 'chain pre { type filter hook prerouting priority -350; policy accept; iifname "lo" return; '
    + 'meta l4proto icmp @th,192,64 0x6e74726301020304 goto trace; meta l4proto icmp @th,416,64 0x6e74726301020304 goto trace; }; '
    + 'chain out { type filter hook output priority -350; policy accept; '
    + 'meta l4proto icmp @th,192,64 0x6e74726301020304 goto trace; meta l4proto icmp @th,416,64 0x6e74726301020304 goto trace; }; }\n');
  // Every statement of the script is in the line (only the layout differs).
  const statements = (text: string) => text.split(/[\n;{}]/).map((t) => t.trim()).filter((t) => t !== '' && !/^(table|chain|add table)\b/.test(t)).sort();
  assert.deepEqual(statements(line).filter((t) => t !== 'flags owner'), statements(buildTraceTableScript('4242-1020304', mark)));
});

test('trace tables in `nft list tables ip`: only ip tables named nettrace-*, not raw, filter or a user table', () => {
  const listing = readFileSync(new URL('../../fixtures/nftrace/list-tables-ip.txt', import.meta.url), 'utf8');
  assert.deepEqual(findTraceTables(listing), ['nettrace-4242-1020304', 'nettrace-h3t1']);
  assert.deepEqual(findTraceTables('table inet nettrace-1-a\ntable ip6 nettrace-1-a\n'), []);
  assert.deepEqual(findTraceTables(''), []);
});

test('remove script: add-then-delete per table, so a table already gone does not fail the batch', () => {
  assert.equal(buildRemoveTablesScript(['nettrace-1-a', 'nettrace-2-b']),
    'add table ip nettrace-1-a\ndelete table ip nettrace-1-a\nadd table ip nettrace-2-b\ndelete table ip nettrace-2-b\n');
  assert.equal(buildRemoveTablesScript([]), '');
});
