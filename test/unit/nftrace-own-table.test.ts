// The parser and matcher on real `xtables-monitor --trace` output of the own-table arrangement
// (fixtures/nftrace/own-table-*.txt, recorded with startNetfilterTrace on a client — router — server lab):
// the table's own events (`meta nftrace set 1` = `-j TRACE` in chain trace, its chains' ACCEPT policies,
// `-i lo -j RETURN`) mark the run's packets and are never verdicts; another run's table is never ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeTraceEvent, parseTraceOutput } from '../../src/adapters/nftrace-parse.js';
import { classifyTraceEvents, isDecisive, keepOwnEvents, toNetfilterVerdicts } from '../../src/adapters/nftrace-match.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/nftrace/${name}.txt`, import.meta.url), 'utf8');
const probe = { src: '10.203.1.2', dst: '203.0.113.8' };
const A = { table: 'nettrace-4242-1020304' };
const B = { table: 'nettrace-5151-a0b0c0d' };
const verdictsOf = (text: string, own: { table: string }, p = probe) =>
  toNetfilterVerdicts('r', classifyTraceEvents(keepOwnEvents(parseTraceOutput(text), own), p)).map((v) => `${v.direction} ${v.table}:${v.chain} ${v.rule} ${v.verdict}`);

test('own-table events parse with the hyphenated table name; the marking rule reads as -j TRACE', () => {
  const events = parseTraceOutput(fixture('own-table-masquerade'));
  const mark = events[0]!;
  assert.equal(describeTraceEvent(mark), 'nettrace-4242-1020304:trace:rule:CONTINUE');
  assert.equal(mark.rule, '-A trace -j TRACE');
  assert.equal(mark.packet?.ipId, 8764);
  assert.equal(describeTraceEvent(events[1]!), 'nettrace-4242-1020304:pre:policy:ACCEPT');
  assert.equal(events.filter((e) => e.table.startsWith('nettrace-')).length, 4);
  assert.ok(events.filter((e) => e.table.startsWith('nettrace-')).every((e) => !isDecisive(e)), 'own table events are never verdicts');
});

test('masquerade: request accepted and masqueraded, the reply dropped by the FORWARD policy — nothing from the trace table', () => {
  assert.deepEqual(verdictsOf(fixture('own-table-masquerade'), A), [
    'request filter:FORWARD -A FORWARD -s 10.203.1.0/24 -j ACCEPT ACCEPT',
    'request nat:POSTROUTING -A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE ACCEPT',
    'reply filter:FORWARD -P FORWARD DROP DROP',
  ]);
  assert.deepEqual(keepOwnEvents(parseTraceOutput(fixture('own-table-masquerade')), B), [], 'another run sees none of it');
});

test('two runs in one namespace: each keeps its own packets, though they cross the other run\'s table too', () => {
  const text = fixture('own-table-two-runs');
  const all = parseTraceOutput(text);
  assert.ok(all.some((e) => e.table === A.table && e.kind === 'policy' && e.packet?.ipId === 8965), 'B\'s packet met A\'s table policy');
  const expected = [
    'request filter:FORWARD -A FORWARD -s 10.203.1.0/24 -j ACCEPT ACCEPT',
    'request nat:POSTROUTING -A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE ACCEPT',
    'reply filter:FORWARD -P FORWARD DROP DROP',
  ];
  assert.deepEqual(verdictsOf(text, A), expected);
  assert.deepEqual(verdictsOf(text, B), expected);
  const ids = (own: { table: string }) => new Set(keepOwnEvents(all, own).map((e) => e.packet?.ipId));
  assert.deepEqual([...ids(A)].sort(), [25760, 8961]);
  assert.deepEqual([...ids(B)].sort(), [25764, 8965]);
});

test('a probe to a local address: traced at output, followed through lo by its IP id; no trace-table verdict', () => {
  const own = keepOwnEvents(parseTraceOutput(fixture('own-table-loopback')), A);
  const lo = own.filter((e) => e.rule === '-A pre -i lo -j RETURN');
  assert.equal(lo.length, 2, 'both echoes came back in through lo');
  assert.ok(lo.every((e) => e.verdict === 'RETURN' && e.handle === 5), 'the numeric verdict 0xfffffffb reads as RETURN');
  assert.deepEqual(verdictsOf(fixture('own-table-loopback'), A, { src: '10.203.1.1', dst: '10.203.1.1' }),
    ['request nat:POSTROUTING -A POSTROUTING -s 10.203.1.0/24 -j MASQUERADE ACCEPT']);
});

test('TTL exceeded: the error quoting the probe is traced at output (mark at ICMP offset 52) and goes back as reply', () => {
  const events = classifyTraceEvents(keepOwnEvents(parseTraceOutput(fixture('own-table-ttl-exceeded')), A), probe);
  const error = events.find((e) => e.chain === 'out');
  assert.ok(error, 'the time-exceeded error was marked');
  assert.equal(error.packet?.len, 112);
  assert.equal(error.direction, 'reply');
  assert.deepEqual(toNetfilterVerdicts('r', events), []);
});
