// Unit tests of the probe mark and the pcap-filter strings (the kernel side is in test/lab/capture-*.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProbeFilter, makeProbeMark, parseProbeMark, PROBE_MAGIC } from '../../src/capture/bpf-filter.js';

test('a mark is 16 bytes: magic "ntrc", the run token, then "nettrace"', () => {
  const mark = makeProbeMark(0x01020304);
  assert.equal(mark.pattern, '6e747263010203046e65747472616365');
  assert.deepEqual(mark.words, [PROBE_MAGIC, 0x01020304]);
  assert.equal(Buffer.from(mark.pattern, 'hex').length, 16);
});

test('random marks differ between runs and read back from their pattern', () => {
  const a = makeProbeMark();
  const b = makeProbeMark();
  assert.notEqual(a.token, b.token);
  assert.deepEqual(parseProbeMark(a.pattern), a);
  assert.equal(parseProbeMark('00112233445566778899aabbccddeeff'), null);
  assert.equal(parseProbeMark('abc'), null);
});

test('the filter keeps ARP, the marked echo at ICMP offset 24 and errors quoting it', () => {
  const filter = buildProbeFilter({ mark: makeProbeMark(0xdeadbeef) });
  assert.equal(
    filter,
    'arp or (icmp and (((icmp[0] = 8 or icmp[0] = 0) and (icmp[24:4] = 0x6e747263 and icmp[28:4] = 0xdeadbeef)) or '
      + '((icmp[0] = 3 or icmp[0] = 5 or icmp[0] = 11) and (icmp[8 + ((icmp[8] & 0xf) << 2) + 24:4] = 0x6e747263 and '
      + 'icmp[8 + ((icmp[8] & 0xf) << 2) + 28:4] = 0xdeadbeef))))',
  );
});

test('an ICMP id adds an alternative match on the echo and on the quoted echo', () => {
  const filter = buildProbeFilter({ mark: makeProbeMark(1), icmpId: 4660, arp: false });
  assert.ok(!filter.startsWith('arp'));
  assert.match(filter, /or icmp\[4:2\] = 4660\)/);
  assert.match(filter, /icmp\[8 \+ \(\(icmp\[8\] & 0xf\) << 2\):1\] = 8 and icmp\[8 \+ \(\(icmp\[8\] & 0xf\) << 2\) \+ 4:2\] = 4660/);
});

test('id-only filters are allowed; no criterion or a bad id is refused', () => {
  assert.equal(
    buildProbeFilter({ icmpId: 7 }),
    'arp or (icmp and (((icmp[0] = 8 or icmp[0] = 0) and icmp[4:2] = 7) or ((icmp[0] = 3 or icmp[0] = 5 or icmp[0] = 11) and '
      + '(icmp[8 + ((icmp[8] & 0xf) << 2):1] = 8 and icmp[8 + ((icmp[8] & 0xf) << 2) + 4:2] = 7))))',
  );
  assert.throws(() => buildProbeFilter({}), RangeError);
  assert.throws(() => buildProbeFilter({ icmpId: 70000 }), RangeError);
});
