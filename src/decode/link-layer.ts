// Link-layer decoders: Ethernet (with 802.1Q/802.1ad tags), Linux cooked SLL (113) and SLL2 (276).
// Each says where the network-layer payload starts and what the cooked header knows (direction, ifindex).
import { LINKTYPE } from '../capture/pcap-format.js';
import { readMac, readU16, readU32 } from './bytes.js';

/** EtherTypes the decoders follow. */
export const ETHERTYPE = { ipv4: 0x0800, arp: 0x0806, vlan: 0x8100, qinq: 0x88a8 } as const;

/** The link-layer part of a frame. */
export interface LinkFrame {
  /** EtherType of the payload (after any VLAN tags). */
  ethertype: number;
  /** Offset of the network-layer header in the frame. */
  payloadOffset: number;
  /** Direction from a cooked header's packet type (4 = outgoing → out), null for Ethernet. */
  linkDirection: 'in' | 'out' | null;
  /** SLL2 interface index, when the header carries it. */
  ifIndex?: number;
  /** 802.1Q VLAN id of the outermost tag, when tagged. */
  vlan?: number;
  /** Link-layer source address (Ethernet source, or the cooked header's address). */
  srcMac?: string;
}

/** Result of link decoding: a frame, `short` when the header is cut, `unsupported` for unknown link types. */
export type LinkResult = LinkFrame | 'short' | 'unsupported';

/** Link types decodeLinkLayer understands. */
export const SUPPORTED_LINKTYPES: readonly number[] = [LINKTYPE.ethernet, LINKTYPE.linuxSll, LINKTYPE.linuxSll2];

/** peekLinkLayer: the frame is cut before its link-layer header ends. */
export const LINK_SHORT = -1;
/** peekLinkLayer: a link type nettrace does not decode. */
export const LINK_UNSUPPORTED = -2;

/** Where the network layer starts (relative to `start`) and its EtherType, packed as `offset × 65536 + ethertype`
 * (or LINK_SHORT / LINK_UNSUPPORTED), for the frame in bytes[start, end): the per-frame hot path of a big
 * capture allocates nothing (not even a view) for frames it then skips. */
export function peekLinkLayer(linktype: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  const len = end - start;
  switch (linktype) {
    case LINKTYPE.ethernet: {
      if (len < 14) return LINK_SHORT;
      let ethertype = (bytes[start + 12] << 8) | bytes[start + 13];
      let off = 14;
      for (let tags = 0; tags < 2 && (ethertype === ETHERTYPE.vlan || ethertype === ETHERTYPE.qinq); tags += 1) {
        if (off + 4 > len) return LINK_SHORT;
        ethertype = (bytes[start + off + 2] << 8) | bytes[start + off + 3];
        off += 4;
      }
      return off * 65536 + ethertype;
    }
    case LINKTYPE.linuxSll: return len < 16 ? LINK_SHORT : 16 * 65536 + ((bytes[start + 14] << 8) | bytes[start + 15]);
    case LINKTYPE.linuxSll2: return len < 20 ? LINK_SHORT : 20 * 65536 + ((bytes[start] << 8) | bytes[start + 1]);
    default: return LINK_UNSUPPORTED;
  }
}

/** Decode the link-layer header of a frame of link type `linktype`. */
export function decodeLinkLayer(linktype: number, frame: Uint8Array): LinkResult {
  switch (linktype) {
    case LINKTYPE.ethernet: return decodeEthernet(frame);
    case LINKTYPE.linuxSll: return decodeSll(frame);
    case LINKTYPE.linuxSll2: return decodeSll2(frame);
    default: return 'unsupported';
  }
}

/** Ethernet II: dst(6) src(6) type(2), following up to two VLAN tags (the outermost one's id is kept). */
export function decodeEthernet(frame: Uint8Array): LinkResult {
  let ethertype = readU16(frame, 12);
  if (ethertype === null) return 'short';
  let off = 14;
  let vlan: number | undefined;
  for (let tags = 0; tags < 2 && (ethertype === ETHERTYPE.vlan || ethertype === ETHERTYPE.qinq); tags += 1) {
    const tci = readU16(frame, off);
    const inner = readU16(frame, off + 2);
    if (tci === null || inner === null) return 'short';
    vlan ??= tci & 0x0fff;
    ethertype = inner;
    off += 4;
  }
  const frameOut: LinkFrame = { ethertype, payloadOffset: off, linkDirection: null, srcMac: readMac(frame, 6) ?? undefined };
  if (vlan !== undefined) frameOut.vlan = vlan;
  return frameOut;
}

function directionOf(packetType: number): 'in' | 'out' {
  return packetType === 4 ? 'out' : 'in'; // PACKET_OUTGOING; host/broadcast/multicast/otherhost are received
}

/** SLL v1: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2). */
export function decodeSll(frame: Uint8Array): LinkResult {
  const packetType = readU16(frame, 0);
  const addrLen = readU16(frame, 4);
  const protocol = readU16(frame, 14);
  if (packetType === null || addrLen === null || protocol === null) return 'short';
  return { ethertype: protocol, payloadOffset: 16, linkDirection: directionOf(packetType),
    srcMac: addrLen === 6 ? readMac(frame, 6) ?? undefined : undefined };
}

/** SLL v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) addr len(1) addr(8). */
export function decodeSll2(frame: Uint8Array): LinkResult {
  const protocol = readU16(frame, 0);
  const ifIndex = readU32(frame, 4);
  if (protocol === null || ifIndex === null || frame.length < 20) return 'short';
  const packetType = frame[10];
  const addrLen = frame[11];
  return { ethertype: protocol, payloadOffset: 20, linkDirection: directionOf(packetType), ifIndex,
    srcMac: addrLen === 6 ? readMac(frame, 12) ?? undefined : undefined };
}
