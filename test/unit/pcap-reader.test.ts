// The streaming pcap reader on real tcpdump files and on files made with our writer (BE, ns, damaged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createPcapStreamParser, readPcapFile } from '../../src/capture/pcap-reader.js';
import { encodePcapFile } from '../../src/capture/pcap-writer.js';
import type { PcapPacket } from '../../src/capture/pcap-format.js';

const FIX = new URL('../../fixtures/pcap/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'h1-reader-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function parseChunks(bytes: Buffer, chunk: number): { packets: PcapPacket[]; error: string | null; linktype: number | null } {
  const packets: PcapPacket[] = [];
  let linktype: number | null = null;
  const parser = createPcapStreamParser({
    onHeader: (h) => { linktype = h.linktype; },
    onPacket: (p) => packets.push({ ...p, data: Buffer.from(p.data) }),
  });
  for (let i = 0; i < bytes.length; i += chunk) parser.write(bytes.subarray(i, i + chunk));
  const error = parser.end();
  return { packets, error: error?.kind ?? null, linktype };
}

const frame = (n: number, fill = 0xab): Buffer => Buffer.alloc(n, fill);

test('reads the real Ethernet capture whole and byte by byte with the same result', () => {
  const bytes = readFileSync(join(FIX, 'eth-ping.pcap'));
  const whole = parseChunks(bytes, bytes.length);
  const bytewise = parseChunks(bytes, 1);
  const odd = parseChunks(bytes, 7);
  assert.equal(whole.error, null);
  assert.equal(whole.linktype, 1);
  assert.equal(whole.packets.length, 6);
  assert.deepEqual(whole.packets.map((p) => p.capturedLength), [42, 42, 98, 98, 98, 98]);
  assert.equal(whole.packets[0].tsUs, 1795906839435952);
  assert.deepEqual(bytewise.packets, whole.packets);
  assert.deepEqual(odd.packets, whole.packets);
});

test('nanosecond pcap from tcpdump: precision kept in tsFrac, tsUs truncated', async () => {
  const packets: PcapPacket[] = [];
  const summary = await readPcapFile(join(FIX, 'eth-nano.pcap'), (p) => packets.push(p));
  assert.equal(summary.error, null);
  assert.equal(summary.header?.precision, 'nano');
  assert.equal(summary.header?.byteOrder, 'LE');
  assert.equal(packets[0].tsSec, 1795906842);
  assert.equal(packets[0].tsFrac, 126770547);
  assert.equal(packets[0].tsUs, 1795906842126770);
  assert.equal(packets[1].tsUs, 1795906842126835);
});

test('big-endian micro and nano files written by our writer read back identically', () => {
  for (const precision of ['micro', 'nano'] as const) {
    const bytes = encodePcapFile([
      { tsSec: 1700000000, tsFrac: 5, data: frame(60) },
      { tsSec: 1700000001, tsFrac: precision === 'nano' ? 999_999_999 : 999_999, data: frame(1514, 1) },
    ], { byteOrder: 'BE', precision, linktype: 113 });
    assert.equal(bytes.readUInt32BE(0), precision === 'nano' ? 0xa1b23c4d : 0xa1b2c3d4);
    const got = parseChunks(bytes, 100);
    assert.equal(got.error, null);
    assert.equal(got.linktype, 113);
    assert.deepEqual(got.packets.map((p) => [p.tsSec, p.tsFrac, p.capturedLength]),
      [[1700000000, 5, 60], [1700000001, precision === 'nano' ? 999_999_999 : 999_999, 1514]]);
    assert.equal(got.packets[1].tsUs, 1700000001_999_999);
    assert.equal(got.packets[1].data[0], 1);
  }
});

test('pcapng (editcap of the same capture) gives the same packets as the classic file, in any chunking', () => {
  const classic = parseChunks(readFileSync(join(FIX, 'eth-ping.pcap')), 1 << 20);
  const ng = readFileSync(join(FIX, 'eth-ping.pcapng'));
  for (const chunk of [1, 13, 1 << 20]) {
    const got = parseChunks(ng, chunk);
    assert.equal(got.error, null);
    assert.equal(got.linktype, 1);
    assert.deepEqual(got.packets.map((p) => [p.tsUs, p.tsSec, p.tsFrac, p.index, p.data.toString('hex')]),
      classic.packets.map((p) => [p.tsUs, p.tsSec, p.tsFrac, p.index, p.data.toString('hex')]));
  }
});

test('pcapng with if_tsresol 9 keeps nanoseconds; a merged file gives each packet its own link type', async () => {
  const nano: PcapPacket[] = [];
  const s = await readPcapFile(join(FIX, 'eth-nano.pcapng'), (p) => nano.push(p));
  assert.equal(s.error, null);
  assert.equal(s.header?.precision, 'nano');
  assert.deepEqual([nano[0].tsSec, nano[0].tsFrac, nano[0].tsUs], [1795906842, 126770547, 1795906842126770]);
  const linktypes: number[] = [];
  const m = await readPcapFile(join(FIX, 'merged-eth-sll2.pcapng'), (_p, h) => linktypes.push(h.linktype));
  assert.equal(m.error, null);
  assert.deepEqual(linktypes, [1, 1, 1, 1, 1, 1, 276, 276, 276, 276, 276, 276]);
});

test('damaged pcapng: cut last block, bad block length, and a section without interfaces are clean errors', () => {
  const ng = readFileSync(join(FIX, 'eth-ping.pcapng'));
  const cut = parseChunks(ng.subarray(0, ng.length - 10), 64);
  assert.equal(cut.error, 'truncated');
  assert.equal(cut.packets.length, 5);
  const damaged = Buffer.from(ng);
  const shbLength = damaged.readUInt32LE(4);
  const idbLength = damaged.readUInt32LE(shbLength + 4);
  damaged.writeUInt32LE(7, shbLength + idbLength + 4); // first EPB: length not a multiple of 4
  assert.equal(parseChunks(damaged, 100).error, 'bad-record');
  assert.equal(parseChunks(ng.subarray(0, shbLength), 100).error, 'empty');
});

test('empty file, cut header, and a file without pcap magic are clean errors', async () => {
  writeFileSync(join(tmp, 'empty.pcap'), '');
  writeFileSync(join(tmp, 'cut-header.pcap'), readFileSync(join(FIX, 'eth-ping.pcap')).subarray(0, 10));
  writeFileSync(join(tmp, 'text.pcap'), 'hello, this is not a capture at all\n');
  const kinds = [];
  for (const name of ['empty.pcap', 'cut-header.pcap', 'text.pcap', 'missing.pcap']) {
    const s = await readPcapFile(join(tmp, name), () => undefined);
    kinds.push([s.error?.kind, s.packets]);
  }
  assert.deepEqual(kinds, [['empty', 0], ['truncated', 0], ['bad-magic', 0], ['missing', 0]]);
});

test('truncated file: the packets before the cut are delivered, then a truncated error', async () => {
  const bytes = readFileSync(join(FIX, 'eth-ping.pcap'));
  writeFileSync(join(tmp, 'cut.pcap'), bytes.subarray(0, bytes.length - 30));
  const seen: number[] = [];
  const s = await readPcapFile(join(tmp, 'cut.pcap'), (p) => seen.push(p.index), { chunkSize: 64 });
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  assert.equal(s.packets, 5);
  assert.equal(s.error?.kind, 'truncated');
  assert.equal(s.error?.packetsRead, 5);
});

test('a damaged record length stops the parse with bad-record and keeps earlier packets', () => {
  const bytes = encodePcapFile([{ tsSec: 1, tsFrac: 0, data: frame(60) }, { tsSec: 2, tsFrac: 0, data: frame(60) }]);
  bytes.writeUInt32LE(0x7fffffff, 24 + 16 + 60 + 8); // captured length of record 2
  const got = parseChunks(bytes, bytes.length);
  assert.equal(got.packets.length, 1);
  assert.equal(got.error, 'bad-record');
});

test('records straddling many 64 KiB chunks are all read, none lost or doubled', async () => {
  const records = Array.from({ length: 3000 }, (_, i) => ({ tsSec: i, tsFrac: 0, data: frame(1000 + (i % 500)) }));
  writeFileSync(join(tmp, 'many.pcap'), encodePcapFile(records));
  let bytes = 0;
  const s = await readPcapFile(join(tmp, 'many.pcap'), (p) => { bytes += p.capturedLength; });
  assert.equal(s.error, null);
  assert.equal(s.packets, 3000);
  assert.equal(bytes, records.reduce((n, r) => n + r.data.length, 0));
});

test('agrees with pcap-parser on every real fixture (same records, same bytes)', async () => {
  const require = createRequire(import.meta.url);
  const pcapParser = require('pcap-parser') as { parse(path: string): NodeJS.EventEmitter };
  for (const name of ['eth-ping.pcap', 'any-sll.pcap', 'any-sll2.pcap', 'eth-unreachable.pcap', 'sll2-errors.pcap']) {
    const ours: string[] = [];
    await readPcapFile(join(FIX, name), (p) => ours.push(`${p.tsSec}.${p.tsFrac}:${p.data.toString('hex')}`));
    const theirs = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      const parser = pcapParser.parse(join(FIX, name));
      parser.on('packet', (p: { header: { timestampSeconds: number; timestampMicroseconds: number }; data: Buffer }) =>
        out.push(`${p.header.timestampSeconds}.${p.header.timestampMicroseconds}:${p.data.toString('hex')}`));
      parser.on('end', () => resolve(out));
      parser.on('error', reject);
    });
    assert.deepEqual(ours, theirs, name);
  }
});

test('parses a live tcpdump stdout stream (tcpdump -r FILE -w -) as it arrives', async (t) => {
  const { run, spawnLong } = await import('../../src/system/runner.js');
  try { await run('tcpdump', ['--version'], { check: false }); } catch { return t.skip('tcpdump is not installed'); }
  const child = spawnLong('tcpdump', ['-r', join(FIX, 'sll2-errors.pcap'), '-w', '-']);
  const packets: number[] = [];
  const parser = createPcapStreamParser({ onPacket: (p) => packets.push(p.capturedLength) });
  child.stdout!.on('data', (chunk: Buffer) => parser.write(chunk));
  const result = await child;
  assert.equal(result.exitCode, 0);
  assert.equal(parser.end(), null);
  assert.equal(parser.header?.linktype, 276);
  assert.deepEqual(packets, [104, 132, 104, 132]);
});
