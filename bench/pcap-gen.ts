// A large, realistic capture for the offline-reading benchmark: Ethernet frames of mixed sizes, mostly
// UDP (counted, not listed, by `read`), with an ICMP echo request/reply pair every 100 frames and an ARP
// request/reply pair every 1000, so every reader decodes real headers. Written streaming, never held whole.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { encodePcapHeader, encodePcapRecord } from '../src/capture/pcap-writer.js';

const MAC_A = Buffer.from('02000b0b0b02', 'hex');
const MAC_B = Buffer.from('02000b0b0b01', 'hex');

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += buf[buf.length - 1]! << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

function ipv4(proto: number, src: string, dst: string, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45; h.writeUInt16BE(20 + payload.length, 2); h[8] = 64; h[9] = proto;
  Buffer.from(src.split('.').map(Number)).copy(h, 12);
  Buffer.from(dst.split('.').map(Number)).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

function ether(type: number, payload: Buffer, reverse = false): Buffer {
  const h = Buffer.alloc(14);
  (reverse ? MAC_B : MAC_A).copy(h, 0); (reverse ? MAC_A : MAC_B).copy(h, 6); h.writeUInt16BE(type, 12);
  return Buffer.concat([h, payload]);
}

function udpFrame(size: number, seq: number): Buffer {
  const data = Buffer.alloc(Math.max(0, size - 42), seq & 0xff);
  const u = Buffer.alloc(8);
  u.writeUInt16BE(40000 + (seq % 1000), 0); u.writeUInt16BE(9, 2); u.writeUInt16BE(8 + data.length, 4);
  return ether(0x0800, ipv4(17, '11.11.11.3', '11.11.11.1', Buffer.concat([u, data])));
}

function echoFrame(reply: boolean, seq: number): Buffer {
  const icmp = Buffer.alloc(64, 0x61);
  icmp[0] = reply ? 0 : 8; icmp[1] = 0; icmp.writeUInt16BE(0, 2); icmp.writeUInt16BE(4242, 4); icmp.writeUInt16BE(seq & 0xffff, 6);
  icmp.writeUInt16BE(checksum(icmp), 2);
  return ether(0x0800, reply ? ipv4(1, '203.0.113.8', '11.11.11.2', icmp) : ipv4(1, '11.11.11.2', '203.0.113.8', icmp), reply);
}

function arpFrame(reply: boolean): Buffer {
  const a = Buffer.alloc(28);
  a.writeUInt16BE(1, 0); a.writeUInt16BE(0x0800, 2); a[4] = 6; a[5] = 4; a.writeUInt16BE(reply ? 2 : 1, 6);
  (reply ? MAC_B : MAC_A).copy(a, 8); Buffer.from(reply ? [11, 11, 11, 1] : [11, 11, 11, 2]).copy(a, 14);
  Buffer.from(reply ? [11, 11, 11, 2] : [11, 11, 11, 1]).copy(a, 24);
  return ether(0x0806, a, reply);
}

const SIZES = [60, 98, 1514, 590, 142, 1514, 74];

// Write a pcap of at least `bytes` bytes to `path`; resolves to the packet count.
export async function generatePcap(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write(encodePcapHeader());
  let written = 24;
  let i = 0;
  while (written < bytes) {
    const k = i % 1000;
    const data = k === 0 ? arpFrame(false) : k === 1 ? arpFrame(true) : k % 100 === 2 ? echoFrame(false, i) : k % 100 === 3 ? echoFrame(true, i) : udpFrame(SIZES[i % SIZES.length]!, i);
    const rec = encodePcapRecord({ tsSec: 1700000000 + Math.floor(i / 10000), tsFrac: (i * 97) % 1000000, data });
    written += rec.length;
    i += 1;
    if (!out.write(rec)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return i;
}
