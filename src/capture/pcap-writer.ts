// A tiny classic-pcap writer (global header + records) for tests, fixtures and benchmarks.
import { PCAP_MAGIC } from './pcap-format.js';

/** How the file is written. */
export interface PcapWriterOptions {
  /** LINKTYPE of every record (default 1, Ethernet). */
  linktype?: number;
  /** Byte order (default LE, as libpcap writes on x86). */
  byteOrder?: 'LE' | 'BE';
  /** Timestamp precision (default micro). */
  precision?: 'micro' | 'nano';
  /** Snap length stored in the header (default 262144). */
  snapLength?: number;
}

/** One record to write; `tsFrac` is in the file's precision. */
export interface PcapRecordInput {
  tsSec: number;
  tsFrac: number;
  data: Uint8Array;
  /** Wire length (default data.length). */
  originalLength?: number;
}

/** Bytes of the 24-byte global header. */
export function encodePcapHeader(options: PcapWriterOptions = {}): Buffer {
  const be = options.byteOrder === 'BE';
  const nano = options.precision === 'nano';
  const b = Buffer.alloc(24);
  const magic = nano ? PCAP_MAGIC.nanoBE : PCAP_MAGIC.microBE;
  const u32 = (v: number, o: number): number => (be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  const u16 = (v: number, o: number): number => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  u32(magic, 0); // written in the file's own order, so a reader sees a1b2c3d4 or d4c3b2a1
  u16(2, 4);
  u16(4, 6);
  u32(0, 8);
  u32(0, 12);
  u32(options.snapLength ?? 262144, 16);
  u32(options.linktype ?? 1, 20);
  return b;
}

/** Bytes of one record (16-byte header + data). */
export function encodePcapRecord(record: PcapRecordInput, options: PcapWriterOptions = {}): Buffer {
  const be = options.byteOrder === 'BE';
  const b = Buffer.alloc(16 + record.data.length);
  const u32 = (v: number, o: number): number => (be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  u32(record.tsSec, 0);
  u32(record.tsFrac, 4);
  u32(record.data.length, 8);
  u32(record.originalLength ?? record.data.length, 12);
  b.set(record.data, 16);
  return b;
}

/** A whole pcap file in memory (small files only: tests and fixtures). */
export function encodePcapFile(records: readonly PcapRecordInput[], options: PcapWriterOptions = {}): Buffer {
  return Buffer.concat([encodePcapHeader(options), ...records.map((r) => encodePcapRecord(r, options))]);
}
