// Read one saved capture into observations: stream the file, decode each frame, count the rest.
// Never throws for a bad file: the summary carries the error and whatever was read before it.
// Observations are handed out as they are decoded, so memory does not grow with the file.
import { open, type FileHandle } from 'node:fs/promises';
import type { Observation } from '../model/observation.js';
import { decodeFrame, peekFrameKind, toObservation } from '../decode/decode-packet.js';
import { SUPPORTED_LINKTYPES } from '../decode/link-layer.js';
import { PcapFormatError, type PcapErrorKind, type PcapHeader } from './pcap-format.js';
import { createPcapStreamParser } from './pcap-reader.js';

/** Why a capture could not be read (completely). */
export interface CaptureReadError {
  /** A pcap format/file failure, or a link type nettrace does not decode. */
  kind: PcapErrorKind | 'unsupported-linktype';
  /** Technical detail (English) for messages and --verbose. */
  detail: string;
  /** Byte offset of the failure in the file (0 when not applicable). */
  offset: number;
}

/** What reading one capture file found, without the observations themselves (those were streamed). */
export interface CaptureSummary {
  /** Path as given or found. */
  path: string;
  /** Namespace the capture was taken in (from the file name), or null. */
  namespace: string | null;
  /** Interface the capture was taken on (from the file name; `any` for all), or null. */
  interface: string | null;
  /** LINKTYPE of the file, null when its header could not be read. */
  linktype: number | null;
  /** Records read (every packet, also those not listed). */
  packets: number;
  /** ARP/ICMP observations handed to the sink. */
  observationCount: number;
  /** Packets too short to decode (skipped and counted). */
  skippedShort: number;
  /** What stopped reading, or null. */
  error: CaptureReadError | null;
  /** True when something usable was read (a header of a decodable link type). */
  readable: boolean;
}

/** Everything read from one capture file, observations included (small files, tests). */
export interface CaptureReadout extends CaptureSummary {
  /** One per ARP or ICMP packet, in file order. */
  observations: Observation[];
}

/** Where a capture was taken (from its file name or the caller). */
export interface CaptureOrigin {
  namespace: string | null;
  interface: string | null;
  /** Names of SLL2 interface indexes, when known. */
  interfaceNames?: ReadonlyMap<number, string>;
}

/** Receives a capture as it is read; `drain` is awaited between chunks of the file (back-pressure). */
export interface ObservationSink {
  /** The file's link type, once, before any observation. */
  onHeader?: (linktype: number) => void;
  /** One decoded ARP/ICMP packet, in file order. */
  onObservation: (obs: Observation) => void;
  /** Resolves when the consumer can take more (e.g. stdout drained); 'stop' when it wants no more. */
  drain?: () => Promise<'stop' | undefined>;
}

// 256 KiB per read: few syscalls, and little output per read for a slow consumer to queue.
const CHUNK_BYTES = 256 * 1024;

async function openCapture(path: string): Promise<FileHandle | PcapFormatError> {
  try {
    return await open(path, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return new PcapFormatError(err.code === 'ENOENT' ? 'missing' : 'io', err.message, 0, 0);
  }
}

// Feed the file through the parser in 256 KiB reads into one reused buffer (the parser copies what it keeps).
async function pumpFile(file: FileHandle, parser: ReturnType<typeof createPcapStreamParser>,
  drain: ObservationSink['drain']): Promise<PcapFormatError | null> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null));
    } catch (e) {
      return new PcapFormatError('io', (e as Error).message, parser.packets, 0);
    }
    if (bytesRead === 0) return parser.end();
    parser.write(buffer.subarray(0, bytesRead));
    if (parser.error !== null) return parser.error;
    if (drain !== undefined && (await drain()) === 'stop') return null;
  }
}

/** Stream `path`, decode every frame and hand each ARP/ICMP packet to `sink` as it comes. */
export async function streamCaptureFile(path: string, origin: CaptureOrigin, sink: ObservationSink): Promise<CaptureSummary> {
  let skippedShort = 0;
  let observationCount = 0;
  let t0Us: number | null = null;
  // an `any` capture has no single interface: each packet's comes from its SLL2 header (if named)
  const frameInterface = origin.interface === 'any' ? null : origin.interface;
  const parser = createPcapStreamParser({
    onHeader: (header: PcapHeader) => sink.onHeader?.(header.linktype),
    // most frames of a big capture are neither ARP nor ICMP: skip them on a peek, without a packet or a view
    // (the first is always taken: its time is the file's time zero)
    wantsRecord: (bytes, start, end, header) => t0Us === null || peekFrameKind(header.linktype, bytes, start, end) !== 'other',
    onPacket: (packet, header) => {
      t0Us ??= packet.tsUs;
      const decoded = decodeFrame(header.linktype, packet.data);
      if (decoded.kind === 'short') { skippedShort += 1; return; }
      if (decoded.kind !== 'arp' && decoded.kind !== 'icmp') return; // most frames: nothing more to build
      const obs = toObservation(decoded, {
        namespace: origin.namespace, interface: frameInterface, tsUs: packet.tsUs, t0Us,
        interfaceNames: origin.interfaceNames,
      });
      if (obs !== null) { observationCount += 1; sink.onObservation(obs); }
    },
  });
  const file = await openCapture(path);
  let formatError: PcapFormatError | null;
  if (file instanceof PcapFormatError) formatError = file;
  else {
    try { formatError = await pumpFile(file, parser, sink.drain); } finally { await file.close(); }
  }
  const linktype = parser.header?.linktype ?? null;
  let error: CaptureReadError | null = formatError === null ? null
    : { kind: formatError.kind, detail: formatError.message, offset: formatError.offset };
  const supported = linktype !== null && SUPPORTED_LINKTYPES.includes(linktype);
  if (linktype !== null && !supported) {
    error = { kind: 'unsupported-linktype', detail: `link type ${linktype}`, offset: 20 };
  }
  return { path, namespace: origin.namespace, interface: origin.interface, linktype, packets: parser.packets,
    observationCount, skippedShort, error, readable: supported };
}

/** Read `path` whole into memory (observations kept): for small files and tests; `read` streams instead. */
export async function readCaptureFile(path: string, origin: CaptureOrigin): Promise<CaptureReadout> {
  const observations: Observation[] = [];
  const summary = await streamCaptureFile(path, origin, { onObservation: (obs) => observations.push(obs) });
  return { ...summary, observations };
}
