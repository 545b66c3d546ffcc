// IPv4 arithmetic for the config simulator: prefixes, containment, free-address picking. Pure; built on
// the project's one address parser (model/ipv4.ts).
import { intToIpv4, ipv4ToInt } from '../model/ipv4.js';

/** An IPv4 prefix as numbers: network address and length. */
export interface Prefix {
  /** Network address as an unsigned 32-bit integer. */
  network: number;
  /** Prefix length 0–32. */
  length: number;
}

// Addresses are compared as integers everywhere in the simulator (the shared parser, throwing on bad input).
export function ipToInt(address: string): number {
  const value = ipv4ToInt(address);
  if (value === null) throw new Error(`not an IPv4 address: ${address}`);
  return value;
}

// Back to dotted form for evidence lines and fix commands.
export const intToIp = intToIpv4;

// Netmask of a prefix length (0 → 0.0.0.0).
function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

// Routes say `default`, rules say `0.0.0.0/0` or a bare host address: all become a Prefix.
export function parsePrefix(text: string): Prefix {
  if (text === 'default') return { network: 0, length: 0 };
  const [address, lengthText] = text.split('/');
  const length = lengthText === undefined ? 32 : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new Error(`bad prefix length: ${text}`);
  return { network: (ipToInt(address) & maskOf(length)) >>> 0, length };
}

// Whether `address` lies inside `prefix` (a CIDR text or a parsed Prefix).
export function prefixContains(prefix: string | Prefix, address: string): boolean {
  const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : prefix;
  return ((ipToInt(address) & maskOf(parsed.length)) >>> 0) === parsed.network;
}

// `11.11.11.2` + 24 → `11.11.11.0/24`: the subnet an interface address is on.
export function subnetOf(address: string, length: number): string {
  return `${intToIp((ipToInt(address) & maskOf(length)) >>> 0)}/${length}`;
}

// The lowest host address of a subnet that nobody uses (for "give the bridge an address" fixes).
export function pickFreeAddress(subnet: string, used: ReadonlySet<string>): string | null {
  const prefix = parsePrefix(subnet);
  const size = 2 ** (32 - prefix.length);
  const first = prefix.length >= 31 ? 0 : 1;
  const last = prefix.length >= 31 ? size - 1 : size - 2;
  for (let offset = first; offset <= last && offset < 65536; offset++) {
    const candidate = intToIp((prefix.network + offset) >>> 0);
    if (!used.has(candidate)) return candidate;
  }
  return null;
}

// Loopback, RFC 1918 and shared/documentation ranges: used only to word explanations.
export function isLoopback(address: string): boolean {
  return prefixContains('127.0.0.0/8', address);
}
