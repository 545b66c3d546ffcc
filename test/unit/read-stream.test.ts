// `nettrace read` streams: JSON written piece by piece is the same document, chunks respect back-pressure,
// and the human rows are fixed-width lines printed without measuring the other rows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runRead } from '../../src/commands/read.js';
import { readCaptureFile } from '../../src/capture/pcap-capture-file.js';
import { createPcapStreamParser } from '../../src/capture/pcap-reader.js';
import { encodePcapFile } from '../../src/capture/pcap-writer.js';
import { buildReadJson, type ReadJson } from '../../src/render/read-json.js';
import { CHUNK_BYTES, createChunkedOutput } from '../../src/render/read-chunked-output.js';
import { formatObservationRow, READ_COLUMNS } from '../../src/render/read-table.js';
import type { Observation } from '../../src/model/observation.js';
import { context } from '../../src/system/context.js';
import { textSink } from '../helpers/text-sink.js';

const FIX = new URL('../../fixtures/pcap/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'h-read-stream-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


async function readJson(paths: string[]): Promise<string> {
  const out = textSink();
  await runRead(paths, { json: true }, { stdout: out.stream, stderr: textSink().stream });
  return out.text();
}

// The streamed key order: what is known before the observations, then the counts known at the end.
function streamedOrder(doc: ReadJson): unknown {
  return {
    captures: doc.captures.map((c) => ({ file: c.file, namespace: c.namespace, interface: c.interface, linktype: c.linktype,
      observations: c.observations, packets: c.packets, error: c.error })),
    verdict: doc.verdict,
  };
}

// `copies` × the frames of eth-ping.pcap (ARP + ICMP), one every millisecond: a capture as big as we like.
function bigCapture(copies: number): string {
  const frames: Buffer[] = [];
  const parser = createPcapStreamParser({ onPacket: (p) => { frames.push(Buffer.from(p.data)); } });
  parser.write(readFileSync(join(FIX, 'eth-ping.pcap')));
  const records = [];
  for (let i = 0; i < copies * frames.length; i += 1) {
    records.push({ tsSec: 1700000000 + Math.floor(i / 1000), tsFrac: (i % 1000) * 1000, data: frames[i % frames.length] });
  }
  const path = join(tmp, `big-${copies}.pcap`);
  writeFileSync(path, encodePcapFile(records));
  return path;
}

test('streamed --json is byte for byte JSON.stringify of the same document (saved run with damaged files)', async () => {
  const dir = mkdtempSync(join(tmp, 'run-'));
  copyFileSync(join(FIX, 'eth-ping.pcap'), join(dir, 'nt-host-br0.pcap'));
  copyFileSync(join(FIX, 'any-sll2.pcap'), join(dir, 'RED-any.pcap'));
  copyFileSync(join(FIX, 'eth-nano.pcapng'), join(dir, 'BLUE-beth1.pcapng'));
  const bytes = readFileSync(join(FIX, 'eth-unreachable.pcap'));
  writeFileSync(join(dir, 'BLUE-beth0.pcap'), bytes.subarray(0, bytes.length - 5));
  writeFileSync(join(dir, 'empty-x.pcap'), '');
  writeFileSync(join(dir, 'evidence.json'), JSON.stringify({ result: { verdict: 'reached' } }));
  const text = await readJson([dir]);
  const names = ['BLUE-beth0.pcap', 'BLUE-beth1.pcapng', 'RED-any.pcap', 'empty-x.pcap', 'nt-host-br0.pcap'];
  const readouts = [];
  for (const file of names) {
    const [namespace, iface] = [file.slice(0, file.lastIndexOf('-')), file.slice(file.lastIndexOf('-') + 1).replace(/\.pcap(ng)?$/, '')];
    readouts.push({ file, readout: await readCaptureFile(join(dir, file), { namespace, interface: iface }) });
  }
  const expected = buildReadJson(readouts, 'reached');
  assert.equal(text, `${JSON.stringify(streamedOrder(expected), null, 2)}\n`);
  assert.deepEqual(JSON.parse(text), expected);
});

test('streamed --json with no capture at all is still one valid document', async () => {
  const text = await readJson([join(tmp, 'does-not-exist.pcap')]);
  assert.equal(text, `${JSON.stringify({ captures: [], verdict: null }, null, 2)}\n`);
});

test('a big capture is written in bounded chunks, and reading waits while the stream is full', async () => {
  const path = bigCapture(3000); // 18,000 observations, ~7 MB of JSON
  const parts: string[] = [];
  let maxQueued = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) { parts.push(String(chunk)); setTimeout(done, 1); },
  });
  const write = slow.write.bind(slow);
  slow.write = ((chunk: string, ...rest: never[]) => {
    const ok = write(chunk, ...rest);
    maxQueued = Math.max(maxQueued, slow.writableLength);
    return ok;
  }) as typeof slow.write;
  const code = await runRead([path], { json: true }, { stdout: slow, stderr: textSink().stream });
  await new Promise((resolve) => slow.end(resolve));
  assert.equal(code, 0);
  const total = parts.reduce((n, p) => n + p.length, 0);
  assert.ok(parts.length > 10, `only ${parts.length} writes`);
  assert.ok(Math.max(...parts.map((p) => p.length)) < CHUNK_BYTES + 2048, 'a chunk far over the chunk size');
  // without back-pressure the whole document would sit in the stream's queue; with it, about one file read's output
  assert.ok(maxQueued < total / 3, `queued ${maxQueued} of ${total} bytes`);
  const doc = JSON.parse(parts.join('')) as ReadJson;
  assert.equal(doc.captures[0].observations.length, 18000);
  assert.equal(doc.captures[0].packets, 18000);
});

test('human rows: fixed columns whatever the other rows hold; a too-long value pushes only its own row', () => {
  const obs: Observation = { namespace: 'RED', interface: 'reth0', direction: 'request', protocol: 'icmp',
    type: 'echo-request', src: '198.51.100.1', dst: '198.51.100.2', time_ms: 12.5, ts_us: 0, icmpId: 7, icmpSeq: 1,
    linkDirection: null };
  const routeAt = READ_COLUMNS.time + READ_COLUMNS.interface + READ_COLUMNS.type + 6;
  const row = formatObservationRow(obs);
  assert.equal(row.indexOf('198.51.100.1'), routeAt);
  assert.equal(row.slice(0, READ_COLUMNS.time), '     12.50');
  assert.ok(row.endsWith('  7/1\n'));
  const long = formatObservationRow({ ...obs, interface: 'a-very-long-interface-name' });
  assert.ok(long.indexOf('198.51.100.1') > routeAt);
  const unreachable = formatObservationRow({ ...obs, type: 'dest-unreachable', icmpType: 3, icmpCode: 13,
    quoted: { src: '198.51.100.1', dst: '203.0.113.9', protocol: 1 } });
  const [first, second] = unreachable.split('\n');
  assert.ok(first.includes('dest-unreachable (3/13)'));
  assert.equal(second.indexOf('[198.51.100.1 → 203.0.113.9]'), routeAt + 2);
});

test('human output of a big capture: heading, one line per observation, summary with the counts', async () => {
  const saved = context.lang;
  try {
    context.lang = 'en';
    const path = bigCapture(500);
    const out = textSink();
    const code = await runRead([path], { json: false }, { stdout: out.stream, stderr: textSink().stream });
    assert.equal(code, 0);
    const lines = out.text().trimEnd().split('\n');
    assert.match(lines[0], /^big-500\.pcap — namespace \?, interface \?, link type 1$/);
    assert.match(lines[1], /time \(ms\) +interface +type +src → dst +id\/seq/);
    assert.equal(lines.filter((l) => / echo-(request|reply) /.test(l)).length, 2000);
    assert.equal(lines.filter((l) => / is-at /.test(l)).length, 500); // the ARP replies' second line
    assert.equal(lines.at(-1), 'big-500.pcap: 3000 packets, 3000 ARP/ICMP');
  } finally {
    context.lang = saved;
  }
});

test('when stdout goes away (EPIPE: `read big.pcap | head`): no crash, no hang, nothing more written', async () => {
  const path = bigCapture(3000);
  let writes = 0;
  const broken = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, done) { writes += 1; done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })); },
  });
  const output = createChunkedOutput(broken, 16);
  output.write('x'.repeat(32));
  assert.equal(await output.waitIfBlocked(), 'stop');
  writes = 0;
  const code = await runRead([path, path], { json: true }, { stdout: broken, stderr: textSink().stream });
  assert.equal(code, 0);
  assert.equal(writes, 0, 'wrote to a stream that had already failed');
  const fresh = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, done) { writes += 1; done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })); },
  });
  writes = 0;
  assert.equal(await runRead([path, path], { json: true }, { stdout: fresh, stderr: textSink().stream }), 0);
  assert.equal(writes, 1, 'kept writing after the first write failed');
});

test('chunked output: multi-byte text split over many small chunks arrives whole, to a file (chunks reused) and to a PassThrough (never reused)', async () => {
  const pieces = Array.from({ length: 3000 }, (_, i) => `${i} 198.51.100.${i % 250} → 203.0.113.${i % 7} 시간\n`);
  const expected = pieces.join('');
  // a file stream writes asynchronously: a chunk refilled before its write finished would corrupt the file
  const path = join(tmp, 'chunked.txt');
  const file = createWriteStream(path);
  await once(file, 'open');
  const toFile = createChunkedOutput(file, 1000);
  for (const piece of pieces) { toFile.write(piece); await toFile.waitIfBlocked(); }
  await toFile.finish();
  file.end();
  await once(file, 'finish');
  assert.equal(readFileSync(path, 'utf8'), expected);
  // a PassThrough keeps the chunks it was given until they are read: they must never be refilled
  const pass = new PassThrough({ highWaterMark: 1 << 30 });
  const toPass = createChunkedOutput(pass, 1000);
  for (const [i, piece] of pieces.entries()) {
    toPass.write(piece);
    if (i % 50 === 0) await new Promise(setImmediate); // let write callbacks come, as between file reads
  }
  await toPass.finish();
  pass.end();
  assert.ok(pass.readableLength >= Buffer.byteLength(expected), 'the PassThrough holds every chunk unread');
  const held: Buffer[] = [];
  for await (const chunk of pass) held.push(chunk as Buffer);
  assert.equal(Buffer.concat(held).toString('utf8'), expected);
});
