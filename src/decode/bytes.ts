// Bounds-checked reads shared by the decoders: each returns null instead of throwing past the end.

/** Dotted IPv4 address of the 4 bytes at `off`, or null when they are not all there. */
export function readIpv4(buf: Uint8Array, off: number): string | null {
  if (off < 0 || off + 4 > buf.length) return null;
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** Colon-separated hex of `len` bytes at `off` (a MAC address), or null when short. */
export function readMac(buf: Uint8Array, off: number, len = 6): string | null {
  if (off < 0 || off + len > buf.length) return null;
  const parts: string[] = [];
  for (let i = 0; i < len; i += 1) parts.push(buf[off + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** Big-endian (network order) 16-bit value at `off`, or null when short. */
export function readU16(buf: Uint8Array, off: number): number | null {
  if (off < 0 || off + 2 > buf.length) return null;
  return (buf[off] << 8) | buf[off + 1];
}

/** Big-endian 32-bit value at `off`, or null when short. */
export function readU32(buf: Uint8Array, off: number): number | null {
  if (off < 0 || off + 4 > buf.length) return null;
  return ((buf[off] << 24) >>> 0) + ((buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]);
}
