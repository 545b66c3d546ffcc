// The allocation-free peek that lets `read` skip most frames must agree with the full decoder, and skipping a
// record in the parser (classic pcap and pcapng) must count it without disturbing the packets around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPcapStreamParser } from '../../src/capture/pcap-reader.js';
import { fixtureFrames } from '../helpers/pcap-frames.js';
import { decodeFrame, peekFrameKind, toObservation, type DecodedFrame } from '../../src/decode/decode-packet.js';
import { decodeArp } from '../../src/decode/arp.js';
import { decodeIcmp } from '../../src/decode/icmp.js';
import { decodeIpv4 } from '../../src/decode/ipv4.js';
import { decodeLinkLayer, ETHERTYPE } from '../../src/decode/link-layer.js';

const FIX = new URL('../../fixtures/pcap/', import.meta.url).pathname;

const framesOf = fixtureFrames;

// The kind the full decoders give, walked without any peek (the reference the shortcut must match).
function referenceKind(linktype: number, frame: Uint8Array): DecodedFrame['kind'] {
  const link = decodeLinkLayer(linktype, frame);
  if (link === 'unsupported' || link === 'short') return link;
  if (link.ethertype === ETHERTYPE.arp) {
    const arp = decodeArp(frame, link.payloadOffset);
    return arp === 'short' ? 'short' : arp === 'other' ? 'other' : 'arp';
  }
  if (link.ethertype !== ETHERTYPE.ipv4) return 'other';
  const ip = decodeIpv4(frame, link.payloadOffset);
  if (ip === 'short') return 'short';
  if (ip === 'other' || ip.protocol !== 1 || ip.fragmentOffset !== 0) return 'other';
  return decodeIcmp(frame, ip.payloadOffset, ip.payloadEnd) === 'short' ? 'short' : 'icmp';
}

// Every prefix of every real frame, plus variants with another EtherType / IP protocol / fragment offset.
function* variantsOf(linktype: number, frame: Buffer): Generator<Buffer> {
  for (let len = 0; len <= frame.length; len += 1) yield frame.subarray(0, len);
  const etherAt = linktype === 1 ? 12 : linktype === 113 ? 14 : 0;
  const ipAt = linktype === 1 ? 14 : linktype === 113 ? 16 : 20;
  const changes: [number, number][][] = [[[etherAt, 0x86]], [[ipAt + 9, 6]], [[ipAt + 9, 17]], [[ipAt + 7, 1]], [[ipAt, 0x44]],
    [[ipAt, 0x65]], [[ipAt, 0x46]], [[ipAt, 0x46], [ipAt + 9, 17]]];
  for (const change of changes) {
    if (change.some(([at]) => at >= frame.length)) continue;
    const changed = Buffer.from(frame);
    for (const [at, value] of change) changed[at] = value;
    for (let len = 0; len <= changed.length; len += 1) yield changed.subarray(0, len);
  }
}

test('peekFrameKind and decodeFrame agree with the full decoders on every prefix and variant of real frames, also inside a bigger buffer', () => {
  const seen = new Set<string>();
  for (const name of ['eth-ping.pcap', 'any-sll.pcap', 'any-sll2.pcap', 'eth-unreachable.pcap', 'sll2-errors.pcap']) {
    const { linktype, frames } = framesOf(name);
    for (const frame of frames) {
      for (const v of variantsOf(linktype, frame)) {
        const decoded = referenceKind(linktype, v);
        assert.equal(decodeFrame(linktype, v).kind, decoded, `${name}, ${v.length} bytes`);
        const padded = Buffer.concat([Buffer.alloc(5, 0xee), v, Buffer.alloc(40, 0x08)]);
        const peeked = peekFrameKind(linktype, padded, 5, 5 + v.length);
        seen.add(`${peeked}→${decoded}`);
        // final answers of the peek are the decoder's; arp/icmp may still decode short or other
        if (peeked === 'arp' || peeked === 'icmp') assert.ok([peeked, 'short', 'other'].includes(decoded), `${name}: ${peeked} → ${decoded}`);
        else assert.equal(peeked, decoded, `${name}, ${v.length} bytes`);
      }
    }
  }
  for (const pair of ['icmp→icmp', 'arp→arp', 'other→other', 'short→short']) assert.ok(seen.has(pair), `never saw ${pair}`);
  assert.equal(peekFrameKind(147, Buffer.alloc(64), 0, 64), 'unsupported');
});

test('observation keys keep the JSON order (with and without an SLL2 interface index)', () => {
  const eth = framesOf('eth-ping.pcap');
  const observations = eth.frames.map((f) => toObservation(decodeFrame(eth.linktype, f), { namespace: 'h1a', interface: 'v', tsUs: 5, t0Us: 0 }));
  const head = ['namespace', 'interface', 'time_ms', 'ts_us', 'linkDirection', 'direction', 'protocol', 'type', 'src', 'dst'];
  const echo = observations.find((o) => o?.type === 'echo-request');
  const arp = observations.find((o) => o?.protocol === 'arp');
  assert.deepEqual(Object.keys(echo ?? {}), [...head, 'icmpType', 'icmpCode', 'ttl', 'icmpId', 'icmpSeq']);
  assert.deepEqual(Object.keys(arp ?? {}), [...head, 'senderMac']);
  const sll2 = framesOf('any-sll2.pcap');
  const keys = sll2.frames.map((f) => toObservation(decodeFrame(sll2.linktype, f), { namespace: null, interface: null, tsUs: 0, t0Us: 0 }))
    .filter((o) => o !== null).map((o) => Object.keys(o!).join(','));
  assert.ok(keys.some((k) => k.startsWith('namespace,interface,time_ms,ts_us,linkDirection,ifIndex,direction,protocol,type,src,dst')), keys[0]);
});

test('records the parser is told to skip are counted, not delivered, and the rest keep their index (pcap and pcapng)', () => {
  for (const name of ['eth-ping.pcap', 'eth-ping.pcapng', 'merged-eth-sll2.pcapng']) {
    const bytes = readFileSync(FIX + name);
    const all: number[] = [];
    const full = createPcapStreamParser({ onPacket: (p) => all.push(p.index) });
    full.write(bytes);
    assert.equal(full.end(), null);
    const kept: { index: number; length: number }[] = [];
    let asked = 0;
    const skipping = createPcapStreamParser({
      wantsRecord: (b, start, end) => { asked += 1; assert.ok(end <= b.length && start <= end); return asked % 2 === 1; },
      onPacket: (p) => kept.push({ index: p.index, length: p.data.length }),
    });
    for (let i = 0; i < bytes.length; i += 100) skipping.write(bytes.subarray(i, i + 100)); // records across writes
    assert.equal(skipping.end(), null, name);
    assert.ok(all.length >= 4, `${name}: ${all.length} packets`);
    assert.equal(asked, all.length);
    assert.equal(skipping.packets, all.length, `${name}: skipped records are counted`);
    assert.deepEqual(kept.map((k) => k.index), all.filter((i) => i % 2 === 0), name);
  }
});
