// Read one saved capture into observations: stream the file, decode each frame, count the rest.
// Never throws for a bad file: the readout carries the error and whatever was read before it.
import type { Observation } from '../model/observation.js';
import { decodeFrame, toObservation } from '../decode/decode-packet.js';
import { SUPPORTED_LINKTYPES } from '../decode/link-layer.js';
import type { PcapErrorKind } from './pcap-format.js';
import { readPcapFile } from './pcap-reader.js';

/** Why a capture could not be read (completely). */
export interface CaptureReadError {
  /** A pcap format/file failure, or a link type nettrace does not decode. */
  kind: PcapErrorKind | 'unsupported-linktype';
  /** Technical detail (English) for messages and --verbose. */
  detail: string;
  /** Byte offset of the failure in the file (0 when not applicable). */
  offset: number;
}

/** Everything read from one capture file. */
export interface CaptureReadout {
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
  /** One per ARP or ICMP packet, in file order. */
  observations: Observation[];
  /** Packets too short to decode (skipped and counted). */
  skippedShort: number;
  /** What stopped reading, or null. */
  error: CaptureReadError | null;
  /** True when something usable was read (a header of a decodable link type). */
  readable: boolean;
}

/** Where a capture was taken (from its file name or the caller). */
export interface CaptureOrigin {
  namespace: string | null;
  interface: string | null;
  /** Names of SLL2 interface indexes, when known. */
  interfaceNames?: ReadonlyMap<number, string>;
}

/** Stream `path` and decode every ARP/ICMP packet in it. */
export async function readCaptureFile(path: string, origin: CaptureOrigin): Promise<CaptureReadout> {
  const observations: Observation[] = [];
  let skippedShort = 0;
  let t0Us: number | null = null;
  // an `any` capture has no single interface: each packet's comes from its SLL2 header (if named)
  const frameInterface = origin.interface === 'any' ? null : origin.interface;
  const summary = await readPcapFile(path, (packet, header) => {
    t0Us ??= packet.tsUs;
    const decoded = decodeFrame(header.linktype, packet.data);
    if (decoded.kind === 'short') { skippedShort += 1; return; }
    const obs = toObservation(decoded, {
      namespace: origin.namespace, interface: frameInterface, tsUs: packet.tsUs, t0Us,
      interfaceNames: origin.interfaceNames,
    });
    if (obs !== null) observations.push(obs);
  });
  const linktype = summary.header?.linktype ?? null;
  let error: CaptureReadError | null = summary.error === null ? null
    : { kind: summary.error.kind, detail: summary.error.message, offset: summary.error.offset };
  const supported = linktype !== null && SUPPORTED_LINKTYPES.includes(linktype);
  if (linktype !== null && !supported) {
    error = { kind: 'unsupported-linktype', detail: `link type ${linktype}`, offset: 20 };
  }
  return { path, namespace: origin.namespace, interface: origin.interface, linktype, packets: summary.packets,
    observations, skippedShort, error, readable: supported };
}
