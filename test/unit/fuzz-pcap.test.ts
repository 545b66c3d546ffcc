// Fuzz: the pcap/pcapng stream reader and every frame decoder on ≥ 10,000 mutated real captures each
// (fixed seed, bounded time). Each input ends in packets or one PcapFormatError via onError; no throw, no hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPcapStreamParser } from '../../src/capture/pcap-reader.js';
import { PcapFormatError } from '../../src/capture/pcap-format.js';
import { decodeFrame, toObservation } from '../../src/decode/decode-packet.js';
import { ROOT } from '../helpers/cli.js';
import { createRng, mutateBytes } from '../helpers/fuzz-mutate.js';

const SEED = 0x6e7472;
const N = 10000;
const DIR = join(ROOT, 'fixtures', 'pcap');
const files = readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => ({ name: f, bytes: readFileSync(join(DIR, f)) }));

// Parse `bytes` fed in random chunk sizes; returns the frames or the format error (never throws).
function parse(bytes: Buffer, rng: () => number) {
  const frames: { linktype: number; data: Uint8Array }[] = [];
  let linktype = 1;
  let errors = 0;
  let error: unknown = null;
  const parser = createPcapStreamParser({
    onHeader: (h) => { linktype = h.linktype; },
    onPacket: (p, h) => { frames.push({ linktype: h.linktype ?? linktype, data: p.data }); },
    onError: (e) => { errors += 1; error = e; },
  });
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(rng() * 600);
    parser.write(bytes.subarray(at, at + size));
    at += size;
  }
  const endError = parser.end();
  return { frames, errors, error: error ?? endError };
}

test(`pcap and pcapng reader: ${N} mutated files each end in packets or one PcapFormatError`, () => {
  const pcapng = files.filter((f) => f.name.endsWith('.pcapng'));
  const pcap = files.filter((f) => f.name.endsWith('.pcap'));
  for (const [label, set] of [['pcap', pcap], ['pcapng', pcapng]] as const) {
    assert.ok(set.length > 0, `${label} fixtures exist`);
    const rng = createRng(SEED + label.length);
    let failed = 0;
    let packets = 0;
    for (let i = 0; i < N; i++) {
      const input = mutateBytes(set[i % set.length]!.bytes, rng);
      let out;
      try {
        out = parse(input, rng);
      } catch (error) {
        assert.fail(`${label} case ${i}: the reader threw ${(error as Error).stack}`);
      }
      assert.ok(out.errors <= 1, `${label} case ${i}: onError called ${out.errors} times`);
      if (out.error !== null) {
        assert.ok(out.error instanceof PcapFormatError, `${label} case ${i}: a typed error, got ${String(out.error)}`);
        failed += 1;
      }
      packets += out.frames.length;
    }
    // The mutations must sometimes break the file and sometimes leave packets (else the fuzz proves nothing).
    assert.ok(failed > N / 20 && failed < N, `${label}: ${failed} of ${N} rejected`);
    assert.ok(packets > N, `${label}: ${packets} packets still delivered`);
  }
});

test(`every decoder: ${N} mutated frames per link type (Ethernet, SLL, SLL2, and an unknown one) classified, never thrown on`, () => {
  // Real frames from the fixtures, by link type.
  const byType = new Map<number, Uint8Array[]>();
  for (const f of files) {
    const out = parse(f.bytes, createRng(1));
    for (const fr of out.frames) byType.set(fr.linktype, [...(byType.get(fr.linktype) ?? []), fr.data]);
  }
  for (const lt of [1, 113, 276]) assert.ok((byType.get(lt) ?? []).length > 0, `fixture frames of link type ${lt}`);
  const rng = createRng(SEED);
  const kinds = new Map<string, number>();
  for (const lt of [1, 113, 276, 147]) {
    const pool = byType.get(lt) ?? byType.get(1)!;
    for (let i = 0; i < N; i++) {
      const frame = mutateBytes(pool[i % pool.length]!, rng);
      let decoded;
      try {
        decoded = decodeFrame(lt, frame);
        toObservation(decoded, { namespace: 'X', interface: null, tsUs: 2e15, t0Us: 1e15, interfaceNames: new Map([[1, 'eth0']]) });
      } catch (error) {
        assert.fail(`link type ${lt} case ${i} (${frame.toString('hex')}): ${(error as Error).stack}`);
      }
      kinds.set(decoded.kind, (kinds.get(decoded.kind) ?? 0) + 1);
    }
  }
  for (const kind of ['arp', 'icmp']) assert.ok((kinds.get(kind) ?? 0) > 100, `mutated frames still decode as ${kind}: ${JSON.stringify([...kinds])}`);
  assert.ok(kinds.size >= 4, `several classifications: ${JSON.stringify([...kinds])}`);
});
