// ARP decoder (Ethernet/IPv4 only, as nettrace's labs use): request or reply with the addresses asked and told.
import { readIpv4, readMac, readU16 } from './bytes.js';

/** A decoded ARP packet. */
export interface ArpPacket {
  /** 1 request, 2 reply (other opcodes are not returned). */
  operation: 'request' | 'reply';
  /** Sender protocol (IPv4) address. */
  senderIp: string;
  /** Sender hardware address. */
  senderMac: string;
  /** Target protocol (IPv4) address. */
  targetIp: string;
  /** Target hardware address (zeros in a request). */
  targetMac: string;
}

/** Decode ARP at `off`; `short` when cut, `other` for non-IPv4 ARP or other opcodes. */
export function decodeArp(buf: Uint8Array, off: number): ArpPacket | 'short' | 'other' {
  const ptype = readU16(buf, off + 2);
  const op = readU16(buf, off + 6);
  if (ptype === null || op === null || off + 8 > buf.length) return 'short';
  const hlen = buf[off + 4];
  const plen = buf[off + 5];
  if (ptype !== 0x0800 || hlen !== 6 || plen !== 4) return 'other';
  if (op !== 1 && op !== 2) return 'other';
  const senderMac = readMac(buf, off + 8);
  const senderIp = readIpv4(buf, off + 14);
  const targetMac = readMac(buf, off + 18);
  const targetIp = readIpv4(buf, off + 24);
  if (senderMac === null || senderIp === null || targetMac === null || targetIp === null) return 'short';
  return { operation: op === 1 ? 'request' : 'reply', senderIp, senderMac, targetIp, targetMac };
}
