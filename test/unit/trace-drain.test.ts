// The capture-completeness watcher (src/trace/drain.ts) on a recorded `-i any` stream: an answered probe's
// replies are counted per interface, so a run can stop without sentinels only once the last one came out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { watchStream } from '../../src/trace/drain.js';

const SLL2 = readFileSync(new URL('../../fixtures/pcap/any-sll2.pcap', import.meta.url));

// Resolves to true when `p` settled within a few turns of the event loop.
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('replies are counted on the interface they were tapped on (ifindex from SLL2), as the stream delivers them', async () => {
  const pcap = new PassThrough();
  const watch = watchStream({ pcap });
  const both = watch.echoes('echo-reply', 2, 2);
  const one = watch.echoes('echo-reply', 2, 1);
  // Up to the first reply only (24-byte header + 4 records of 20-byte SLL2 + payload): cut after record 4.
  const cut = recordEnd(SLL2, 4);
  pcap.write(SLL2.subarray(0, cut));
  assert.equal(await settled(one), true, 'the first reply came out');
  assert.equal(await settled(both), false, 'the second has not yet');
  pcap.write(SLL2.subarray(cut));
  assert.equal(await settled(both), true);
  assert.equal(await settled(watch.echoes('echo-reply', 3, 1)), false, 'no reply was tapped on ifindex 3');
  assert.equal(await settled(watch.sentinel), false, 'echoes to other addresses are no sentinel');
  assert.equal(await watch.echoes('echo-request', 2, 2), true, 'both requests were tapped on ifindex 2 too');
  pcap.end();
  assert.equal(await settled(watch.echoes('echo-reply', 3, 1)), true, 'an ended stream releases every waiter');
  assert.equal(await settled(watch.sentinel), true);
});

// Byte offset just after the n-th record of a little-endian pcap.
function recordEnd(file: Buffer, n: number): number {
  let at = 24;
  for (let i = 0; i < n; i++) at += 16 + file.readUInt32LE(at + 8);
  return at;
}
