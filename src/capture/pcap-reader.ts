// Our own streaming reader of classic pcap (both byte orders, µs and ns timestamps) and, through
// pcapng-reader.ts, of pcapng: push bytes in, get packets out. Used for tcpdump's stdout while capturing and for saved files, with bounded memory.
import { createReadStream } from 'node:fs';
import {
  GLOBAL_HEADER_LENGTH, MAX_RECORD_LENGTH, PCAP_MAGIC, PcapFormatError, RECORD_HEADER_LENGTH, parseGlobalHeader,
  type PcapHeader, type PcapPacket,
} from './pcap-format.js';
import { createPcapngParser } from './pcapng-reader.js';

/** Callbacks of a stream parser; onError is called at most once and ends the parse. */
export interface PcapStreamHandlers {
  /** The global header, once, before any packet. */
  onHeader?: (header: PcapHeader) => void;
  /** Each record in order; `packet.data` is a view valid only during the call. */
  onPacket: (packet: PcapPacket, header: PcapHeader) => void;
  /** The first format error (packets before it were delivered). */
  onError?: (error: PcapFormatError) => void;
  /** A look at each record's captured bytes, `bytes[start, end)`, before a packet is made of it: false skips it
   * (still counted), so a reader that lists few packets of a big capture allocates nothing for the rest. */
  wantsRecord?: (bytes: Uint8Array, start: number, end: number, header: PcapHeader) => boolean;
}

/** A push-based parser: feed it chunks as they arrive, then end() it. */
export interface PcapStreamParser {
  /** Parse as many complete records as `chunk` (plus bytes kept from before) holds. */
  write(chunk: Buffer): void;
  /** No more input: reports a truncated last record or a missing header. Returns the error, if any. */
  end(): PcapFormatError | null;
  /** Records delivered so far. */
  readonly packets: number;
  /** The global header once seen. */
  readonly header: PcapHeader | null;
  /** The error that stopped the parse, if any. */
  readonly error: PcapFormatError | null;
}

/** Create a streaming pcap parser (keeps at most one partial record between writes). */
export function createPcapStreamParser(handlers: PcapStreamHandlers): PcapStreamParser {
  let header: PcapHeader | null = null;
  let pending: Buffer | null = null;
  let error: PcapFormatError | null = null;
  let packets = 0;
  let consumed = 0; // bytes of the stream fully parsed
  let ended = false;
  let little = true;
  let nano = false;
  let maxRecord = MAX_RECORD_LENGTH;
  let ng: ReturnType<typeof createPcapngParser> | null = null; // set once the stream shows pcapng's magic

  const fail = (e: PcapFormatError): void => {
    error = e;
    pending = null;
    handlers.onError?.(e);
  };

  const parse = (buf: Buffer): void => {
    if (ng !== null) return ng.write(buf);
    let off = 0;
    if (header === null) {
      if (buf.length >= 4 && buf.readUInt32BE(0) === PCAP_MAGIC.pcapng) {
        ng = createPcapngParser({
          onHeader: (h) => { header = h; handlers.onHeader?.(h); },
          onPacket: (p, h) => { packets += 1; handlers.onPacket(p, h); },
          onSkipped: () => { packets += 1; },
          wantsRecord: handlers.wantsRecord,
          onError: fail,
        });
        pending = null;
        return ng.write(buf);
      }
      if (buf.length < GLOBAL_HEADER_LENGTH) {
        pending = Buffer.from(buf);
        return;
      }
      const parsed = parseGlobalHeader(buf);
      if (parsed instanceof PcapFormatError) return fail(parsed);
      header = parsed;
      little = parsed.byteOrder === 'LE';
      nano = parsed.precision === 'nano';
      maxRecord = Math.max(parsed.snapLength, MAX_RECORD_LENGTH);
      handlers.onHeader?.(parsed);
      off = GLOBAL_HEADER_LENGTH;
    }
    const h = header;
    const wants = handlers.wantsRecord;
    const len = buf.length;
    while (len - off >= RECORD_HEADER_LENGTH) {
      const tsSec = little ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
      const tsFrac = little ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      const capturedLength = little ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
      const originalLength = little ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
      if (capturedLength > maxRecord) {
        return fail(new PcapFormatError('bad-record',
          `record ${packets + 1} is damaged (captured length ${capturedLength} > ${maxRecord})`, packets, consumed + off));
      }
      const end = off + RECORD_HEADER_LENGTH + capturedLength;
      if (end > len) break;
      if (wants !== undefined && !wants(buf, off + RECORD_HEADER_LENGTH, end, h)) {
        packets += 1;
        off = end;
        continue;
      }
      const tsUs = tsSec * 1e6 + (nano ? Math.floor(tsFrac / 1000) : tsFrac);
      handlers.onPacket({
        tsSec, tsFrac, tsUs, capturedLength, originalLength,
        data: buf.subarray(off + RECORD_HEADER_LENGTH, end), index: packets,
      }, h);
      packets += 1;
      off = end;
    }
    consumed += off;
    // keep only the partial record (copied, so the caller's big chunk can be collected)
    pending = off < len ? Buffer.from(buf.subarray(off)) : null;
  };

  // bytes still lacking before `partial` (the start of the header or of a record) can be parsed
  const bytesMissing = (partial: Buffer): number => {
    if (header === null) return GLOBAL_HEADER_LENGTH - partial.length;
    if (partial.length < RECORD_HEADER_LENGTH) return RECORD_HEADER_LENGTH - partial.length;
    const capturedLength = little ? partial.readUInt32LE(8) : partial.readUInt32BE(8);
    return Math.max(1, RECORD_HEADER_LENGTH + capturedLength - partial.length);
  };

  return {
    write(chunk: Buffer): void {
      if (error !== null || ended) return;
      let rest = chunk;
      // complete the one partial record first with just the bytes it lacks (no copy of the whole chunk)
      while (pending !== null && rest.length > 0 && error === null) {
        const take = Math.min(bytesMissing(pending), rest.length);
        const joined: Buffer = Buffer.concat([pending, rest.subarray(0, take)]);
        rest = rest.subarray(take);
        pending = null;
        parse(joined);
      }
      if (rest.length > 0 && error === null) parse(rest);
    },
    end(): PcapFormatError | null {
      if (ended) return error;
      ended = true;
      if (error !== null) return error;
      if (ng !== null) { ng.end(); return error; }
      if (header === null) {
        const got = pending?.length ?? 0;
        fail(got === 0
          ? new PcapFormatError('empty', 'the file is empty (no pcap header)', 0, 0)
          : new PcapFormatError('truncated', `the pcap header is cut short (${got} of ${GLOBAL_HEADER_LENGTH} bytes)`, 0, 0));
      } else if (pending !== null && pending.length > 0) {
        fail(new PcapFormatError('truncated', `the last record is cut short (${pending.length} bytes left over after ${packets} packets)`, packets, consumed));
      }
      return error;
    },
    get packets() { return packets; },
    get header() { return header; },
    get error() { return error; },
  };
}

/** What reading a whole file produced. */
export interface PcapFileSummary {
  /** The global header, null when the file had none usable. */
  header: PcapHeader | null;
  /** Records delivered to onPacket. */
  packets: number;
  /** Why reading stopped early (packets before it were delivered), or null. */
  error: PcapFormatError | null;
}

/** Stream a pcap file through onPacket in 1 MiB chunks (memory stays bounded by that plus one record); file and format errors are in the summary
 * (it rejects only when onPacket itself throws). */
export function readPcapFile(path: string, onPacket: (packet: PcapPacket, header: PcapHeader) => void,
  options: { chunkSize?: number } = {}): Promise<PcapFileSummary> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
    const parser = createPcapStreamParser({ onPacket });
    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve({ header: parser.header, packets: parser.packets, error: parser.error });
    };
    stream.on('data', (chunk) => {
      let threw: unknown = null;
      try { parser.write(chunk as Buffer); } catch (e) { threw = e; }
      if (threw !== null) { stream.destroy(); settled = true; reject(threw); return; }
      if (parser.error !== null) { stream.destroy(); finish(); }
    });
    stream.on('end', () => { parser.end(); finish(); });
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      const kind = e.code === 'ENOENT' ? 'missing' : 'io';
      resolve({ header: parser.header, packets: parser.packets,
        error: new PcapFormatError(kind, e.message, parser.packets, 0) });
    });
  });
}
