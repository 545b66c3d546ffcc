// Pure helpers around tcpdump as a capture engine: its argument list, and what its stderr says
// (armed, failed, statistics), so the I/O part stays a thin shell tested on real stderr text.

/** What one capture process should record. */
export interface TcpdumpArgsSpec {
  /** `any` (one process covers every interface of the namespace) or an interface name. */
  iface: string;
  /** pcap-filter expression (see bpf-filter.ts); empty = everything. */
  filter: string;
  /** Bytes kept per packet (default 262144, tcpdump's own). */
  snaplen?: number;
  /** Kernel capture buffer in KiB (`-B`): with a small snaplen it holds thousands of packets. */
  bufferKiB?: number;
}

// Packets must reach us at once (--immediate-mode) and be flushed per packet (-U) on a pcap stdout (-w -);
// `any` gets Linux cooked v2 so each packet carries its interface index.
export function buildTcpdumpArgs(spec: TcpdumpArgsSpec): string[] {
  // -Z root: tcpdump otherwise drops to the `tcpdump` user after opening the socket, and the kernel clears
  // a process's parent-death signal when its uid changes, so a SIGKILLed nettrace left captures running.
  const args = ['--immediate-mode', '-U', '-w', '-', '-n', '-Z', 'root', '-i', spec.iface];
  if (spec.iface === 'any') args.push('-y', 'LINUX_SLL2');
  if (spec.snaplen !== undefined) args.push('-s', String(spec.snaplen));
  if (spec.bufferKiB !== undefined) args.push('-B', String(spec.bufferKiB));
  if (spec.filter.trim() !== '') args.push(spec.filter);
  return args;
}

// tcpdump prints this once the filter is attached and the socket is capturing: the only honest "armed".
export function isArmedLine(stderr: string): boolean {
  return /(^|\n)(tcpdump: )?listening on /.test(stderr);
}

/** tcpdump's closing statistics (printed on SIGINT/SIGTERM or when the capture ends). */
export interface TcpdumpStats {
  /** "N packets captured": written to the pcap stream. */
  packetsCaptured: number | null;
  /** "N packets received by filter". */
  packetsReceived: number | null;
  /** "N packets dropped by kernel" (socket buffer overflow: evidence may be missing). */
  packetsDroppedByKernel: number | null;
}

function countBefore(stderr: string, phrase: string): number | null {
  const match = new RegExp(`(\\d+) packets? ${phrase}`).exec(stderr);
  return match ? Number(match[1]) : null;
}

// Read the three summary counters from tcpdump's stderr (null when it died before printing them).
export function parseTcpdumpStats(stderr: string): TcpdumpStats {
  return {
    packetsCaptured: countBefore(stderr, 'captured'),
    packetsReceived: countBefore(stderr, 'received by filter'),
    packetsDroppedByKernel: countBefore(stderr, 'dropped by kernel'),
  };
}

const informational = [
  /^tcpdump: listening on /,
  /^listening on /,
  /^tcpdump: data link type /,
  /^tcpdump: verbose output suppressed/,
  /^\d+ packets? (captured|received by filter|dropped by kernel)/,
  /^\(/, // "(No such device exists)" repeats the line before it
];

// The error tcpdump reported, as one short sentence, or null when stderr holds only the usual chatter.
export function parseTcpdumpError(stderr: string): string | null {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const errors = lines.filter((l) => !informational.some((re) => re.test(l)));
  if (errors.length === 0) return null;
  const text = errors.join('; ');
  if (/interface disappeared|went down|No such device/i.test(text) && /pcap_loop|read error/i.test(text)) {
    return 'interface disappeared';
  }
  return errors[0].replace(/^tcpdump: /, '');
}
