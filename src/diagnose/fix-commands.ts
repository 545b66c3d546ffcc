// Shell commands for fixes, each naming its namespace unless it is nettrace's own (CONTRACT.md `fix`).
import type { NsName } from '../model/state.js';

// Tokens with shell-special characters are single-quoted so the command runs as written.
export function shellJoin(tokens: string[]): string {
  return tokens.map((token) => (/^[\w@%+=:,./!-]+$/.test(token) ? token : `'${token.replace(/'/g, `'\\''`)}'`)).join(' ');
}

// `ip …` in a namespace: `ip -n NS …`, plain `ip …` in nettrace's own, nsenter for /proc paths.
export function ipCommand(ns: NsName, args: string[]): string {
  if (ns === null) return shellJoin(['ip', ...args]);
  if (ns.startsWith('/')) return shellJoin(['nsenter', `--net=${ns}`, 'ip', ...args]);
  return shellJoin(['ip', '-n', ns, ...args]);
}

// Any other tool in a namespace: `ip netns exec NS …` (nsenter for /proc paths), plain in nettrace's own.
export function nsCommand(ns: NsName, argv: string[]): string {
  if (ns === null) return shellJoin(argv);
  if (ns.startsWith('/')) return shellJoin(['nsenter', `--net=${ns}`, ...argv]);
  return shellJoin(['ip', 'netns', 'exec', ns, ...argv]);
}

// `iptables -t TABLE …` in a namespace.
export function iptablesCommand(ns: NsName, table: string, args: string[]): string {
  return nsCommand(ns, ['iptables', '-t', table, ...args]);
}

// `sysctl -w KEY=VALUE` in a namespace.
export function sysctlCommand(ns: NsName, key: string, value: number): string {
  return nsCommand(ns, ['sysctl', '-w', `${key}=${value}`]);
}
