// Pure helpers of the one-exec rule changes of a trace: the `iptables-restore --noflush` payload that adds or
// removes a run's TRACE rules at once (atomic: all lines or none), and the reading of `nft list table ip raw`
// that tells whether the raw table holds nothing but this run's rules (so deleting the table removes only ours).

/** One iptables command of a restore payload: the arguments after `-t TABLE` (e.g. `-I PREROUTING 1 -p icmp …`). */
export type RestoreCommand = readonly string[];

// iptables-restore splits lines on blanks and honours double quotes with backslash escapes: quote only when needed.
export function restoreToken(token: string): string {
  if (token !== '' && /^[^\s"'\\#]+$/.test(token)) return token;
  return `"${token.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// The stdin of `iptables-restore --noflush` applying `commands` to `table` in one transaction.
export function buildRestoreInput(table: string, commands: readonly RestoreCommand[]): string {
  return [`*${table}`, ...commands.map((c) => c.map(restoreToken).join(' ')), 'COMMIT', ''].join('\n');
}

// The delete command of an insert (`-I CHAIN N spec…` → `-D CHAIN spec…`); an append (`-A CHAIN spec…`) likewise.
export function deleteCommandOf(command: RestoreCommand): string[] {
  const [op, chain, ...rest] = command;
  if (op === '-A') return ['-D', chain!, ...rest];
  if (op !== '-I') throw new Error(`not an insert or append: ${command.join(' ')}`);
  const spec = /^\d+$/.test(rest[0] ?? '') ? rest.slice(1) : rest;
  return ['-D', chain!, ...spec];
}

/** What `nft list table ip raw` shows, as far as deciding to delete the table goes. */
export interface RawTableContents {
  /** TRACE rules (`meta nftrace set 1`) per base chain. */
  traceRules: Record<string, number>;
  /** Anything else: another rule, a chain other than `allowedChains`, a policy other than accept, a set… */
  foreign: boolean;
}

// Read an `nft list table ip raw` text (pure); `allowedChains` are the base chains a trace uses.
export function readRawTable(listing: string, allowedChains: readonly string[]): RawTableContents {
  const traceRules: Record<string, number> = {};
  let foreign = false;
  let chain: string | null = null;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^table ip raw \{$/.test(line)) continue;
    const opened = /^chain (\S+) \{$/.exec(line);
    if (opened) {
      chain = opened[1]!;
      if (!allowedChains.includes(chain)) foreign = true;
      continue;
    }
    if (line === '}') { chain = null; continue; }
    if (chain !== null && line.startsWith('type filter hook ')) {
      if (!/\bpolicy accept;$/.test(line)) foreign = true;
      continue;
    }
    if (chain !== null && /\bmeta nftrace set 1$/.test(line)) {
      traceRules[chain] = (traceRules[chain] ?? 0) + 1;
      continue;
    }
    foreign = true;
  }
  return { traceRules, foreign };
}

// Whether the raw table holds exactly `expected` TRACE rules per chain and nothing else (pure).
export function holdsExactly(contents: RawTableContents, expected: Readonly<Record<string, number>>): boolean {
  if (contents.foreign) return false;
  const chains = new Set([...Object.keys(contents.traceRules), ...Object.keys(expected)]);
  return [...chains].every((c) => (contents.traceRules[c] ?? 0) === (expected[c] ?? 0));
}
