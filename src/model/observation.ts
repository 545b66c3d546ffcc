// What a capture saw: decoded packets and the per-interface observations of CONTRACT.md.

/** Kind of a packet nettrace reports (other traffic is only counted). */
export type ObservationType =
  | 'arp-request'
  | 'arp-reply'
  | 'echo-request'
  | 'echo-reply'
  | 'dest-unreachable'
  | 'time-exceeded'
  | 'redirect'
  | 'icmp-other';

/** The IPv4/ICMP header quoted inside an ICMP error (which probe it is about). */
export interface QuotedPacket {
  src: string;
  dst: string;
  protocol: number;
  /** ICMP echo id/seq of the quoted probe, when the quote is an echo. */
  icmpId?: number;
  icmpSeq?: number;
}

/** One ARP or ICMP packet seen on one interface (CONTRACT.md `observations[]`). */
export interface Observation {
  /** Namespace of the capture (null = nettrace's own; JSON prints the name or "host"). */
  namespace: string | null;
  /** Interface the packet was seen on (for `-i any` captures: resolved from the SLL/SLL2 header). */
  interface: string | null;
  /** `request` (towards the destination) or `reply` (back to the source), null when unknown. */
  direction: 'request' | 'reply' | null;
  protocol: 'arp' | 'icmp';
  type: ObservationType;
  /** Source IPv4 address (ARP: sender protocol address). */
  src: string;
  /** Destination IPv4 address (ARP: target protocol address). */
  dst: string;
  /** Milliseconds since the probe was sent (or since the first packet of the file for `read`). */
  time_ms: number;
  /** Absolute capture timestamp in microseconds since the epoch. */
  ts_us: number;
  /** ICMP type/code numbers. */
  icmpType?: number;
  icmpCode?: number;
  /** Echo identifier and sequence. */
  icmpId?: number;
  icmpSeq?: number;
  /** IPv4 TTL. */
  ttl?: number;
  /** For ICMP errors: the quoted original header. */
  quoted?: QuotedPacket;
  /** ARP: sender hardware address (the answer of an arp-reply). */
  senderMac?: string;
  /** Packet direction flag from Linux cooked capture: `in`, `out`, or null when not known. */
  linkDirection?: 'in' | 'out' | null;
  /** Interface index from a Linux cooked v2 (SLL2) header, when the capture carries it. */
  ifIndex?: number;
}
