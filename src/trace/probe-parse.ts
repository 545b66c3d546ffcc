// Pure reading of iputils `ping -n` output: what was sent, what came back, and why nothing could be sent.
// A failed send is evidence ("connect: Network is unreachable" = no route in the source), never an error.

/** One echo reply line: `64 bytes from 203.0.113.8: icmp_seq=1 ttl=63 time=0.122 ms`. */
export interface ProbeReply {
  /** Who answered. */
  from: string;
  seq: number;
  ttl: number;
  /** Round-trip time in ms. */
  timeMs: number;
}

/** One ICMP error line: `From 10.203.1.1 icmp_seq=1 Destination Host Unreachable`. */
export interface ProbeIcmpError {
  /** The router or host that sent the error. */
  from: string;
  seq: number;
  /** The text ping prints (`Destination Host Unreachable`, `Time to live exceeded`, …). */
  message: string;
}

/** Round-trip statistics of the closing `rtt min/avg/max/mdev` line. */
export interface ProbeRtt {
  min: number;
  avg: number;
  max: number;
  mdev: number;
}

/** Everything ping's output says. */
export interface PingOutput {
  /** "N packets transmitted" (0 when ping could not send at all). */
  sent: number;
  /** "N received". */
  received: number;
  /** "+N errors" (ICMP errors about the probe). */
  errors: number;
  /** Loss in percent (100 when nothing came back). */
  lossPercent: number;
  rtt: ProbeRtt | null;
  replies: ProbeReply[];
  icmpErrors: ProbeIcmpError[];
  /** Why ping could not send, as it said it (`connect: Network is unreachable`, `sendmsg: Operation not permitted`). */
  sendError: string | null;
  /** True when ping did not know `-e` (iputils older than 20210202): retry without it. */
  idOptionUnsupported: boolean;
}

const replyLine = /^\d+ bytes from ([\d.]+): icmp_seq=(\d+) ttl=(\d+) time=([\d.]+) ms/;
const errorLine = /^From ([\d.]+)(?: \([\d.]+\))? icmp_seq=(\d+) (.+)$/;
const statsLine = /^(\d+) packets transmitted, (\d+) received(?:, \+(\d+) errors)?(?:, \+\d+ duplicates)?, ([\d.]+)% packet loss/;
const rttLine = /^rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/;
const sendErrorLine = /^ping: (.+: .+)$/;

// Parse stdout+stderr of one ping run (order does not matter; the lines are distinct).
export function parsePingOutput(stdout: string, stderr = ''): PingOutput {
  const out: PingOutput = {
    sent: 0, received: 0, errors: 0, lossPercent: 100, rtt: null,
    replies: [], icmpErrors: [], sendError: null, idOptionUnsupported: false,
  };
  for (const raw of `${stdout}\n${stderr}`.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = replyLine.exec(line))) {
      out.replies.push({ from: m[1], seq: Number(m[2]), ttl: Number(m[3]), timeMs: Number(m[4]) });
    } else if ((m = errorLine.exec(line))) {
      out.icmpErrors.push({ from: m[1], seq: Number(m[2]), message: m[3].trim() });
    } else if ((m = statsLine.exec(line))) {
      out.sent = Number(m[1]);
      out.received = Number(m[2]);
      out.errors = m[3] ? Number(m[3]) : 0;
      out.lossPercent = Number(m[4]);
    } else if ((m = rttLine.exec(line))) {
      out.rtt = { min: Number(m[1]), avg: Number(m[2]), max: Number(m[3]), mdev: Number(m[4]) };
    } else if (/invalid option -- '?e'?|invalid identifier/.test(line)) {
      out.idOptionUnsupported = true;
    } else if ((m = sendErrorLine.exec(line)) && out.sendError === null) {
      out.sendError = m[1];
    }
  }
  // Interrupted before the summary: count what the lines show.
  if (out.sent === 0 && (out.replies.length > 0 || out.icmpErrors.length > 0)) {
    out.received = out.replies.length;
    out.errors = out.icmpErrors.length;
    out.sent = Math.max(0, ...out.replies.map((r) => r.seq), ...out.icmpErrors.map((e) => e.seq));
    out.lossPercent = out.sent > 0 ? Math.round((100 * (out.sent - out.received)) / out.sent) : 100;
  }
  return out;
}

// Whether one output line already settles the question (a reply, an ICMP error, or a send failure).
export function isConclusiveLine(line: string): boolean {
  const text = line.trim();
  return replyLine.test(text) || errorLine.test(text) || sendErrorLine.test(text);
}
