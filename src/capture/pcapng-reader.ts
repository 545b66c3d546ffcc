// Streaming reader of pcapng (what Wireshark saves by default): Section Header, Interface Description and
// Enhanced Packet blocks, both byte orders, any if_tsresol; other blocks are skipped. Each packet comes
// with a PcapHeader made from its interface's IDB, so files mixing link types decode per packet.
import { PcapFormatError, type PcapHeader, type PcapPacket } from './pcap-format.js';

/** Callbacks of the pcapng parser (same meaning as for classic pcap). */
export interface PcapngHandlers {
  onHeader?: (header: PcapHeader) => void;
  onPacket: (packet: PcapPacket, header: PcapHeader) => void;
  onError: (error: PcapFormatError) => void;
  /** Same as PcapStreamHandlers.wantsRecord: false skips the packet before its timestamp is even computed. */
  wantsRecord?: (bytes: Uint8Array, start: number, end: number, header: PcapHeader) => boolean;
  /** A packet wantsRecord skipped (counted by the caller). */
  onSkipped?: () => void;
}

/** Largest block accepted (keeps memory bounded on damaged lengths). */
const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;
const BLOCK = { shb: 0x0a0d0d0a, idb: 1, epb: 6 } as const;

interface Interface {
  header: PcapHeader;
  /** Units per second of the timestamps (10^6 by default). */
  unitsPerSecond: bigint;
}

/** Create a push parser for pcapng; write() bytes from the very first (the SHB), end() when done. */
export function createPcapngParser(handlers: PcapngHandlers): {
  write(chunk: Buffer): void;
  end(): void;
  readonly packets: number;
  readonly header: PcapHeader | null;
} {
  let pending: Buffer | null = null;
  let consumed = 0;
  let little = true;
  let interfaces: Interface[] = [];
  let first: PcapHeader | null = null;
  let packets = 0;
  let failed = false;
  const fail = (kind: 'bad-record' | 'truncated' | 'bad-magic' | 'empty', detail: string, at: number): void => {
    failed = true;
    pending = null;
    handlers.onError(new PcapFormatError(kind, detail, packets, at));
  };
  const u16 = (b: Buffer, o: number): number => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));

  const readIdb = (b: Buffer, o: number, len: number): void => {
    let unitsPerSecond = 1_000_000n;
    let p = o + 16; // after type, length, linktype, reserved, snaplen
    while (p + 4 <= o + len - 4) {
      const code = u16(b, p);
      const optLen = u16(b, p + 2);
      if (code === 0) break;
      if (code === 9 && optLen >= 1 && p + 5 <= o + len) {
        const v = b[p + 4];
        unitsPerSecond = v & 0x80 ? 2n ** BigInt(v & 0x7f) : 10n ** BigInt(v);
      }
      p += 4 + Math.ceil(optLen / 4) * 4;
    }
    const header: PcapHeader = {
      byteOrder: little ? 'LE' : 'BE', precision: unitsPerSecond === 1_000_000_000n ? 'nano' : 'micro',
      versionMajor: 1, versionMinor: 0, snapLength: u32(b, o + 12), linktype: u16(b, o + 8),
    };
    interfaces.push({ header, unitsPerSecond });
    if (first === null) { first = header; handlers.onHeader?.(header); }
  };

  const readEpb = (b: Buffer, o: number, len: number): void => {
    const iface = interfaces[u32(b, o + 8)];
    const capturedLength = u32(b, o + 20);
    if (iface === undefined || 28 + capturedLength + 4 > len) {
      return fail('bad-record', `packet block ${packets + 1} is damaged (interface ${u32(b, o + 8)}, length ${capturedLength})`, consumed + o);
    }
    if (handlers.wantsRecord !== undefined && !handlers.wantsRecord(b, o + 28, o + 28 + capturedLength, iface.header)) {
      packets += 1;
      handlers.onSkipped?.();
      return;
    }
    const units = (BigInt(u32(b, o + 12)) << 32n) | BigInt(u32(b, o + 16));
    const tsSec = Number(units / iface.unitsPerSecond);
    const rem = units % iface.unitsPerSecond;
    const tsUs = tsSec * 1e6 + Number((rem * 1_000_000n) / iface.unitsPerSecond);
    const tsFrac = iface.header.precision === 'nano' ? Number(rem) : tsUs - tsSec * 1e6;
    handlers.onPacket({ tsSec, tsFrac, tsUs, capturedLength, originalLength: u32(b, o + 24),
      data: b.subarray(o + 28, o + 28 + capturedLength), index: packets }, iface.header);
    packets += 1;
  };

  const parse = (b: Buffer): void => {
    let o = 0;
    while (!failed && b.length - o >= 12) {
      const type = b.readUInt32LE(o); // the SHB type reads the same in both orders
      if (type === BLOCK.shb) {
        const bom = b.readUInt32LE(o + 8);
        if (bom === 0x1a2b3c4d) little = true;
        else if (bom === 0x4d3c2b1a) little = false;
        else return fail('bad-magic', `pcapng section with unknown byte-order mark 0x${bom.toString(16)}`, consumed + o);
      } else if (o === 0 && consumed === 0) {
        return fail('bad-magic', 'pcapng file does not start with a section header', 0);
      }
      const len = u32(b, o + 4);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_LENGTH) {
        return fail('bad-record', `block of length ${len} at byte ${consumed + o} is damaged`, consumed + o);
      }
      if (b.length - o < len) break;
      const blockType = u32(b, o);
      if (blockType === BLOCK.shb) interfaces = [];
      else if (blockType === BLOCK.idb && len >= 20) readIdb(b, o, len);
      else if (blockType === BLOCK.epb && len >= 32) readEpb(b, o, len);
      o += len;
    }
    if (failed) return;
    consumed += o;
    pending = o < b.length ? Buffer.from(b.subarray(o)) : null;
  };

  return {
    write(chunk: Buffer): void {
      let rest = chunk;
      // complete the one partial block with just the bytes it lacks, not a copy of the whole chunk (a 256 KiB
      // copy per read was garbage enough to cost a big capture ~15 MiB more memory than classic pcap)
      while (pending !== null && rest.length > 0 && !failed) {
        // a kept partial of 12+ bytes has a valid length (parse read it, in the section's byte order)
        const missing = pending.length < 12 ? 12 - pending.length : u32(pending, 4) - pending.length;
        const take = Math.min(Math.max(1, missing), rest.length);
        const joined = Buffer.concat([pending, rest.subarray(0, take)]);
        rest = rest.subarray(take);
        pending = null;
        parse(joined);
      }
      if (rest.length > 0 && !failed) parse(rest);
    },
    end(): void {
      if (failed) return;
      if (pending !== null) {
        fail('truncated', `the last block is cut short (${pending.length} bytes left over after ${packets} packets)`, consumed);
      } else if (first === null) {
        fail('empty', 'the pcapng file describes no interface and holds no packet', consumed);
      }
    },
    get packets() { return packets; },
    get header() { return first; },
  };
}
