// Which iptables binaries to run: the system default, or a backend forced with NETTRACE_IPTABLES=legacy|nft.

/** The iptables command pair (`iptables`, `iptables-save`) for the selected backend. */
export function iptablesCommands(env: NodeJS.ProcessEnv = process.env): { iptables: string; save: string; restore: string } {
  const backend = env.NETTRACE_IPTABLES;
  if (backend === 'legacy') return { iptables: 'iptables-legacy', save: 'iptables-legacy-save', restore: 'iptables-legacy-restore' };
  if (backend === 'nft') return { iptables: 'iptables-nft', save: 'iptables-nft-save', restore: 'iptables-nft-restore' };
  return { iptables: 'iptables', save: 'iptables-save', restore: 'iptables-restore' };
}
