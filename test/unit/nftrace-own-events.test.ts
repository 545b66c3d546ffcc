// A namespace's trace monitor prints every traced packet, also those of concurrent runs: only the
// packets that met this run's tagged TRACE rule are kept (a foreign DROP must not end this run's probe).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTraceOutput } from '../../src/adapters/nftrace-parse.js';
import { keepOwnEvents } from '../../src/adapters/nftrace-match.js';

const text = readFileSync(new URL('../../fixtures/nftrace/masquerade-reply-dropped.txt', import.meta.url), 'utf8');

test('the run whose tag the TRACE rule carries keeps every event of its packets', () => {
  const events = parseTraceOutput(text);
  assert.ok(events.length > 0);
  assert.equal(keepOwnEvents(events, { tag: 'nettrace:h3rec' }).length, events.length);
});

test('another run sees none of them, even with its own events mixed in', () => {
  const foreign = parseTraceOutput(text);
  assert.deepEqual(keepOwnEvents(foreign, { tag: 'nettrace:999-abc' }), []);
  const other = text.replaceAll('nettrace:h3rec', 'nettrace:999-abc').replaceAll('80110a70', '90110a70').replaceAll('1628f7e2', '2628f7e2').replaceAll('ID=6272', 'ID=7272').replaceAll('ID=65193', 'ID=55193');
  const mixed = parseTraceOutput(`${text}\n${other}`);
  const mine = keepOwnEvents(mixed, { tag: 'nettrace:999-abc' });
  assert.equal(mine.length, foreign.length);
  assert.ok(mine.every((e) => e.traceId.startsWith('90') || e.traceId.startsWith('26')));
  assert.ok(mine.some((e) => e.chain === 'FORWARD' && e.verdict === 'DROP'), 'its own drop is kept');
});
