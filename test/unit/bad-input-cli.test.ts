// Bad input that needs no root: damaged capture files given to `read` (corrupt, truncated, empty, pcapng,
// not a capture), a huge pcap read with bounded memory, bad flags. Each: one clear sentence on stderr,
// CONTRACT.md's exit code, no stack trace. Runs the built CLI (npm run build first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { nettrace, ROOT } from '../helpers/cli.js';

const FIX = join(ROOT, 'fixtures', 'pcap');
const tmp = mkdtempSync(join(tmpdir(), 'nt-rel-bad-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, bytes: Buffer | string): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

// One `nettrace: …` line per problem, nothing that looks like a stack trace.
function assertSentences(stderr: string, count = 1) {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, count, `exactly ${count} line(s): ${stderr}`);
  for (const l of lines) assert.match(l, /^nettrace: \S.*[.)]$/, l);
  assert.doesNotMatch(stderr, /\n\s+at |Error:|TypeError|RangeError/);
}

const eth = readFileSync(join(FIX, 'eth-ping.pcap'));
const cases: [string, () => string, RegExp][] = [
  ['an empty file', () => file('empty.pcap', ''), /empty|no (pcap )?header|too short/i],
  ['a truncated global header', () => file('short.pcap', eth.subarray(0, 10)), /truncat|short|header/i],
  ['a corrupt magic number', () => file('magic.pcap', Buffer.concat([Buffer.from([1, 2, 3, 4]), eth.subarray(4)])), /not a pcap|magic|format/i],
  ['a text file', () => file('notes.pcap', 'hello, this is not a capture\n'.repeat(4)), /not a pcap|magic|format/i],
  ['a truncated pcapng', () => file('cut.pcapng', readFileSync(join(FIX, 'eth-nano.pcapng')).subarray(0, 30)), /truncat|short|damaged|block/i],
  ['a file that does not exist', () => join(tmp, 'absent.pcap'), /no such file|does not exist|not found/i],
];

for (const [what, make, pattern] of cases) {
  test(`read: ${what} → exit 2, one clear sentence naming the file, then "no capture could be read"`, async () => {
    const path = make();
    const r = await nettrace(['read', path]);
    assert.equal(r.code, 2, `exit code: ${r.stderr}`);
    assertSentences(r.stderr, 2);
    const [problem, summary] = r.stderr.trim().split('\n');
    assert.ok(problem!.includes(path), problem);
    assert.match(problem!, pattern);
    assert.equal(summary, 'nettrace: No capture could be read.');
  });
}

test('read: a pcapng file is read (not refused), same packets as its pcap twin', async () => {
  const ng = await nettrace(['read', join(FIX, 'eth-ping.pcapng'), '--json']);
  const pc = await nettrace(['read', join(FIX, 'eth-ping.pcap'), '--json']);
  assert.equal(ng.code, 0, ng.stderr);
  assert.equal(JSON.parse(ng.stdout).captures[0].packets, JSON.parse(pc.stdout).captures[0].packets);
});

test('read: one damaged file among good ones → the good ones are read, one sentence for the bad one, exit 0', async () => {
  const r = await nettrace(['read', join(FIX, 'eth-ping.pcap'), file('bad2.pcap', 'garbage garbage garbage'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assertSentences(r.stderr);
  assert.ok(JSON.parse(r.stdout).captures.some((c: { packets: number }) => c.packets > 0));
});

// 300 MB of UDP frames (counted, not listed) around one ICMP echo: reading streams, so memory stays bounded.
const HUGE_BYTES = 300 * 1024 * 1024;
let huge = '';
before(async () => {
  huge = join(tmp, 'huge.pcap');
  const out = createWriteStream(huge);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); header.writeUInt32LE(1, 20);
  out.write(header);
  // Ethernet + IPv4 + UDP, 1400 bytes, in one 4 MiB block repeated (fast to write).
  const frame = Buffer.alloc(1400);
  frame.writeUInt16BE(0x0800, 12);
  frame[14] = 0x45; frame.writeUInt16BE(1400 - 14, 16); frame[22] = 64; frame[23] = 17;
  Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]).copy(frame, 26);
  const rec = Buffer.alloc(16 + frame.length);
  rec.writeUInt32LE(1, 0); rec.writeUInt32LE(frame.length, 8); rec.writeUInt32LE(frame.length, 12);
  frame.copy(rec, 16);
  const perBlock = Math.floor((4 << 20) / rec.length);
  const block = Buffer.concat(Array.from({ length: perBlock }, () => rec));
  for (let written = 0; written < HUGE_BYTES; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end(eth.subarray(24)); // the real capture's records at the end: the ICMP must still be found
  await once(out, 'finish');
});

test('read: a 300 MB pcap streams with bounded memory (peak RSS < 250 MB) and finds the ICMP at its end', { timeout: 120000 }, async () => {
  const r = await execa('/usr/bin/time', ['-v', 'node', join(ROOT, 'dist/bin/nettrace.cjs'), 'read', huge, '--json'], { reject: false, cwd: ROOT, env: { NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  assert.equal(r.exitCode, 0, String(r.stderr).slice(0, 500));
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(String(r.stderr))?.[1]);
  assert.ok(rssKb > 0, 'measured');
  assert.ok(rssKb < 250 * 1024, `peak RSS ${Math.round(rssKb / 1024)} MB`);
  console.log(`read of a ${HUGE_BYTES >> 20} MB pcap: peak RSS ${Math.round(rssKb / 1024)} MB`);
  const capture = JSON.parse(String(r.stdout)).captures[0];
  assert.ok(capture.packets > 200000, `all packets counted: ${capture.packets}`);
  assert.ok(capture.observations.some((o: { type: string }) => o.type === 'echo-request'), 'the echo at the end was decoded');
});

const flagCases: [string, string[], RegExp][] = [
  ['--count abc', ['ping', 'RED', 'BLUE', '--count', 'abc'], /--count must be a positive integer, not "abc"/],
  ['--count 0', ['ping', 'RED', 'BLUE', '--count', '0'], /--count must be a positive integer/],
  ['--timeout -5', ['ping', 'RED', 'BLUE', '--timeout', '-5'], /--timeout/],
  ['--lang xx', ['--lang', 'xx', 'ping', 'RED', 'BLUE'], /xx/],
];
for (const [what, args, pattern] of flagCases) {
  test(`${what} → exit 2, one sentence`, async () => {
    const r = await nettrace(args);
    assert.equal(r.code, 2, r.stderr);
    assertSentences(r.stderr);
    assert.match(r.stderr, pattern);
  });
}

test('an unknown flag → exit 2 with commander\'s one-line error first, no stack trace', async () => {
  const r = await nettrace(['ping', 'RED', 'BLUE', '--bogus']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.split('\n')[0]!, /^error: unknown option '--bogus'$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('an unknown command → exit 2', async () => {
  const r = await nettrace(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});
