// IPv4 address and prefix arithmetic (pure), shared by validation, planning and diagnosis.

/** Dotted quad → 32-bit unsigned integer, or null when not a valid IPv4 address. */
export function ipv4ToInt(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1]!.length > 1 && m[i + 1]!.startsWith('0')))) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** 32-bit unsigned integer → dotted quad. */
export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** True for a valid dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  return ipv4ToInt(text) !== null;
}

/** True when the text looks like an IPv6 address (so we can say "not yet" instead of "invalid"). */
export function looksLikeIpv6(text: string): boolean {
  // A link-local address may carry its zone (`fe80::1%eth0`).
  return /^[0-9a-fA-F:.]+(%[\w.-]+)?$/.test(text) && text.includes(':');
}

/** A parsed prefix. */
export interface Cidr {
  /** Address as written (may have host bits set, e.g. 11.11.11.1/24). */
  address: string;
  /** Prefix length 0–32. */
  prefixLength: number;
  /** Network address as an integer. */
  network: number;
  /** Netmask as an integer. */
  mask: number;
}

/** Parse `a.b.c.d/len` (or a bare address = /32); `default` = 0.0.0.0/0. Null when invalid. */
export function parseCidr(text: string): Cidr | null {
  if (text === 'default') text = '0.0.0.0/0';
  const [addr, lenText] = text.split('/');
  const value = ipv4ToInt(addr ?? '');
  if (value === null) return null;
  const prefixLength = lenText === undefined ? 32 : /^\d{1,2}$/.test(lenText) ? Number(lenText) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= 32)) return null;
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return { address: addr!, prefixLength, network: (value & mask) >>> 0, mask };
}

/** True when `address` lies inside `cidr`. */
export function cidrContains(cidr: string | Cidr, address: string): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const a = ipv4ToInt(address);
  if (!c || a === null) return false;
  return ((a & c.mask) >>> 0) === c.network;
}

/** The network of a CIDR in canonical form: `11.11.11.1/24` → `11.11.11.0/24`. */
export function networkOf(cidr: string): string | null {
  const c = parseCidr(cidr);
  return c ? `${intToIpv4(c.network)}/${c.prefixLength}` : null;
}

/** True for RFC 1918 / shared / documentation-free private space (leaves this machine only if NATed). */
export function isPrivateIpv4(address: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].some((c) => cidrContains(c, address));
}
