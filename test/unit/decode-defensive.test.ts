// Decoders never throw: every truncation of real frames is classified; VLAN tags, odd ARP, fragments, unknown links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureFrames } from '../helpers/pcap-frames.js';
import { decodeFrame, toObservation } from '../../src/decode/decode-packet.js';
import { decodeIcmp } from '../../src/decode/icmp.js';

const framesOf = fixtureFrames;

test('every prefix of every real frame decodes to short/other or a full result, never throws', () => {
  let shorts = 0;
  for (const name of ['eth-ping.pcap', 'any-sll.pcap', 'any-sll2.pcap', 'eth-unreachable.pcap', 'sll2-errors.pcap']) {
    const { linktype, frames } = framesOf(name);
    for (const frame of frames) {
      for (let len = 0; len <= frame.length; len += 1) {
        const d = decodeFrame(linktype, frame.subarray(0, len));
        if (d.kind === 'short') shorts += 1;
        toObservation(d, { namespace: null, interface: null, tsUs: 0, t0Us: 0 });
      }
    }
  }
  assert.ok(shorts > 500, `cut frames are classified short (${shorts})`);
});

test('a frame cut inside the ICMP error quote still decodes, without the quote', () => {
  const { linktype, frames } = framesOf('eth-unreachable.pcap');
  const full = frames[1];
  const cut = decodeFrame(linktype, full.subarray(0, 14 + 20 + 8 + 10)); // half a quoted IPv4 header
  assert.equal(cut.kind, 'icmp');
  assert.equal(cut.kind === 'icmp' && cut.icmp.kind, 'dest-unreachable');
  assert.equal(cut.kind === 'icmp' && cut.icmp.quoted, undefined);
  const noEcho = decodeFrame(linktype, full.subarray(0, 14 + 20 + 8 + 20 + 4)); // quote without its 8 bytes
  assert.ok(noEcho.kind === 'icmp' && noEcho.icmp.quoted && noEcho.icmp.quoted.icmpId === undefined);
});

test('802.1Q-tagged Ethernet frame is followed to its ARP payload', () => {
  const { frames } = framesOf('eth-ping.pcap');
  const arp = frames[0];
  const tagged = Buffer.concat([arp.subarray(0, 12), Buffer.from([0x81, 0x00, 0x00, 0x64]), arp.subarray(12)]);
  const d = decodeFrame(1, tagged);
  assert.equal(d.kind, 'arp');
  assert.ok(d.kind === 'arp' && d.link.vlan === 100 && d.arp.targetIp === '198.51.100.2');
});

test('unknown link type, IPv6, non-first fragment and non-IPv4 ARP are not observations', () => {
  const { frames } = framesOf('eth-ping.pcap');
  assert.equal(decodeFrame(147, frames[0]).kind, 'unsupported');
  const ipv6 = Buffer.from(frames[2]); ipv6.writeUInt16BE(0x86dd, 12);
  assert.equal(decodeFrame(1, ipv6).kind, 'other');
  const frag = Buffer.from(frames[2]); frag.writeUInt16BE(0x0010, 14 + 6);
  assert.equal(decodeFrame(1, frag).kind, 'other');
  const arpOther = Buffer.from(frames[0]); arpOther.writeUInt16BE(0x86dd, 14 + 2);
  assert.equal(decodeFrame(1, arpOther).kind, 'other');
  const badIhl = Buffer.from(frames[2]); badIhl[14] = 0x43;
  assert.equal(decodeFrame(1, badIhl).kind, 'other');
});

test('ICMP decoding respects the given end (IP total length) and names other types', () => {
  const echo = Buffer.from('0800f7ff00010002', 'hex');
  assert.equal(decodeIcmp(echo, 0, 7), 'short');
  assert.deepEqual(decodeIcmp(echo, 0), { kind: 'echo-request', icmpType: 8, icmpCode: 0, id: 1, seq: 2 });
  assert.deepEqual(decodeIcmp(Buffer.from('0d00000000000000', 'hex'), 0), { kind: 'icmp-other', icmpType: 13, icmpCode: 0 });
  const redirect = decodeIcmp(Buffer.from('0501000001020304', 'hex'), 0);
  assert.ok(redirect !== 'short' && redirect.kind === 'redirect' && redirect.gateway === '1.2.3.4');
});
