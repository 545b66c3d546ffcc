// The classic pcap file format (pcapng is recognised by its magic and read by pcapng-reader.ts): constants, header/record types, typed errors.

/** Magic numbers as read big-endian from the first four bytes of a file. */
export const PCAP_MAGIC = {
  /** Microsecond timestamps, written big-endian. */
  microBE: 0xa1b2c3d4,
  /** Microsecond timestamps, written little-endian. */
  microLE: 0xd4c3b2a1,
  /** Nanosecond timestamps, written big-endian. */
  nanoBE: 0xa1b23c4d,
  /** Nanosecond timestamps, written little-endian. */
  nanoLE: 0x4d3cb2a1,
  /** pcapng Section Header Block type (same in both byte orders): read by pcapng-reader.ts. */
  pcapng: 0x0a0d0d0a,
} as const;

/** Length of the global header and of each record header. */
export const GLOBAL_HEADER_LENGTH = 24;
export const RECORD_HEADER_LENGTH = 16;

/** Largest record accepted when the snap length is smaller (libpcap's own maximum). */
export const MAX_RECORD_LENGTH = 262144;

/** Link types nettrace knows by name. */
export const LINKTYPE = {
  ethernet: 1,
  linuxSll: 113,
  linuxSll2: 276,
} as const;

/** What the global header of a classic pcap file says. */
export interface PcapHeader {
  /** Byte order the file was written in. */
  byteOrder: 'LE' | 'BE';
  /** Timestamp precision of every record. */
  precision: 'micro' | 'nano';
  /** Format version (2.4 for every libpcap writer). */
  versionMajor: number;
  versionMinor: number;
  /** Largest number of bytes captured per packet. */
  snapLength: number;
  /** LINKTYPE_* of every record (1 Ethernet, 113 SLL, 276 SLL2, ...). */
  linktype: number;
}

/** One captured packet. */
export interface PcapPacket {
  /** Capture time, whole seconds since the epoch. */
  tsSec: number;
  /** Fraction of the second in the file's precision (microseconds or nanoseconds). */
  tsFrac: number;
  /** Capture time in microseconds since the epoch (nanoseconds truncated). */
  tsUs: number;
  /** Bytes present in `data` (may be less than `originalLength` when snapped). */
  capturedLength: number;
  /** Length of the packet on the wire. */
  originalLength: number;
  /** The captured bytes; a view valid only during the onPacket call (copy it to keep it). */
  data: Buffer;
  /** 0-based index of the record in the file. */
  index: number;
}

/** Why a pcap stream or file could not be read (completely). */
export type PcapErrorKind =
  | 'missing'
  | 'io'
  | 'empty'
  | 'bad-magic'
  | 'bad-version'
  | 'truncated'
  | 'bad-record';

/** A pcap reading failure: kind for the message catalog, detail for --verbose, packets read before it. */
export class PcapFormatError extends Error {
  /** Which failure it is. */
  readonly kind: PcapErrorKind;
  /** Records delivered before the failure. */
  readonly packetsRead: number;
  /** Byte offset in the stream where it was found. */
  readonly offset: number;
  constructor(kind: PcapErrorKind, detail: string, packetsRead: number, offset: number) {
    super(detail);
    this.name = 'PcapFormatError';
    this.kind = kind;
    this.packetsRead = packetsRead;
    this.offset = offset;
  }
}

/** Parse a 24-byte global header; returns the header or a PcapFormatError (never throws). */
export function parseGlobalHeader(bytes: Buffer): PcapHeader | PcapFormatError {
  const magic = bytes.readUInt32BE(0);
  let byteOrder: 'LE' | 'BE';
  let precision: 'micro' | 'nano';
  switch (magic) {
    case PCAP_MAGIC.microBE: byteOrder = 'BE'; precision = 'micro'; break;
    case PCAP_MAGIC.microLE: byteOrder = 'LE'; precision = 'micro'; break;
    case PCAP_MAGIC.nanoBE: byteOrder = 'BE'; precision = 'nano'; break;
    case PCAP_MAGIC.nanoLE: byteOrder = 'LE'; precision = 'nano'; break;
    default:
      return new PcapFormatError('bad-magic', `magic 0x${magic.toString(16).padStart(8, '0')}`, 0, 0);
  }
  const le = byteOrder === 'LE';
  const u16 = (o: number): number => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number): number => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const versionMajor = u16(4);
  const versionMinor = u16(6);
  if (versionMajor !== 2) {
    return new PcapFormatError('bad-version', `unsupported pcap version ${versionMajor}.${versionMinor}`, 0, 4);
  }
  // The upper bits of the link type field may carry FCS flags (pcap-savefile(5)); the type is the low 16 bits.
  return { byteOrder, precision, versionMajor, versionMinor, snapLength: u32(16), linktype: u32(20) & 0xffff };
}
