// Seeded mutation of real fixtures for the fuzz tests: the same seed always gives the same inputs, so a
// failure prints a case number that reproduces it.

/** A small, fast, seedable PRNG (mulberry32). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x0a, 0x20, 0x22, 0x3a, 0x2f, 0x7b, 0x7d, 0x5b, 0x5d, 0x2d];

// One to four byte-level mutations: bit flips, truncation, insertion, byte swaps, chunk duplication, interesting bytes.
export function mutateBytes(input: Uint8Array, rng: () => number): Buffer {
  let buf = Buffer.from(input);
  const int = (n: number) => Math.floor(rng() * Math.max(1, n));
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const op = int(7);
    if (buf.length === 0 && op !== 2) { buf = Buffer.from([int(256)]); continue; }
    if (op === 0) { const i = int(buf.length); buf[i] = buf[i]! ^ (1 << int(8)); }
    else if (op === 1) buf = buf.subarray(0, int(buf.length + 1));
    else if (op === 2) {
      const at = int(buf.length + 1);
      const extra = Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256)));
      buf = Buffer.concat([buf.subarray(0, at), extra, buf.subarray(at)]);
    } else if (op === 3) { const i = int(buf.length); const j = int(buf.length); const x = buf[i]!; buf[i] = buf[j]!; buf[j] = x; }
    else if (op === 4) {
      const from = int(buf.length); const len = 1 + int(Math.min(64, buf.length - from));
      const at = int(buf.length + 1);
      buf = Buffer.concat([buf.subarray(0, at), buf.subarray(from, from + len), buf.subarray(at)]);
    } else if (op === 5) buf[int(buf.length)] = INTERESTING[int(INTERESTING.length)]!;
    else if (buf.length >= 4) buf.writeUInt32LE(int(2) ? 0xffffffff : int(0x10000), int(buf.length - 3)); // a length field gone wild
  }
  return buf;
}

// Text mutation: byte-level half the time, line-level (delete, duplicate, swap, cut, token swap) otherwise.
export function mutateText(input: string, rng: () => number): string {
  if (rng() < 0.5) return mutateBytes(Buffer.from(input, 'utf8'), rng).toString('utf8');
  const lines = input.split('\n');
  const int = (n: number) => Math.floor(rng() * Math.max(1, n));
  const op = int(5);
  const i = int(lines.length);
  if (op === 0) lines.splice(i, 1);
  else if (op === 1) lines.splice(i, 0, lines[int(lines.length)] ?? '');
  else if (op === 2) { const j = int(lines.length); [lines[i], lines[j]] = [lines[j]!, lines[i]!]; }
  else if (op === 3) lines[i] = (lines[i] ?? '').slice(0, int((lines[i] ?? '').length + 1));
  else {
    const tokens = (lines[i] ?? '').split(' ');
    const a = int(tokens.length); const b = int(tokens.length);
    [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!];
    lines[i] = tokens.join(' ');
  }
  return lines.join('\n');
}

const ODD: unknown[] = [null, 0, -1, 1e309, '', 'x', [], {}, true, '300.1.1.1', 'a;b', { a: 1 }, [null]];

// JSON mutation that keeps it parseable: a value replaced by another type, a key deleted, an element dropped.
export function mutateJson(input: string, rng: () => number): string {
  const odd = () => structuredClone(ODD[Math.floor(rng() * ODD.length)]);
  let value: unknown;
  try { value = JSON.parse(input); } catch { return mutateText(input, rng); }
  const int = (n: number) => Math.floor(rng() * Math.max(1, n));
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const containers: (Record<string, unknown> | unknown[])[] = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') { containers.push(v as Record<string, unknown>); for (const c of Object.values(v)) walk(c); }
    };
    walk(value);
    if (containers.length === 0) return JSON.stringify(odd());
    const target = containers[int(containers.length)]!;
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = keys[int(keys.length)]!;
    const op = int(3);
    if (op === 0) (target as Record<string, unknown>)[key] = odd();
    else if (op === 1 && !Array.isArray(target)) delete target[key];
    else if (Array.isArray(target)) target.splice(Number(key), 1);
    else (target as Record<string, unknown>)[key] = structuredClone((target as Record<string, unknown>)[keys[int(keys.length)]!]);
  }
  return JSON.stringify(value);
}

/** A thrown value that is a crash, not a clean error: an engine error type (TypeError, RangeError…). */
export function isCrash(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError || !(error instanceof Error);
}
