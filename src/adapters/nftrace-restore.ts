// Pure helpers of the one-exec rule changes of a trace: the `iptables-restore --noflush` payload that adds or
// removes a run's TRACE rules at once (atomic: all lines or none).

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
