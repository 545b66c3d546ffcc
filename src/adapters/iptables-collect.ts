// Runs `iptables-save -c` inside a namespace with the chosen backend (NETTRACE_IPTABLES=legacy|nft,
// else iptables' default, switching to legacy when only legacy tables exist) and never crashes:
// a missing or failing iptables becomes an Unavailable ruleset with the reason.
import type { IptablesBackend, Ruleset } from '../model/netfilter.js';
import type { NsName } from '../model/state.js';
import { formatCommand, run } from '../system/runner.js';
import { UsageError } from '../cli/errors.js';
import { iptablesCommands } from '../system/iptables-bin.js';
import { parseIptablesSave } from './iptables-save.js';
import { detectIptablesBackend } from './nftrace-backend.js';
import { reasonOf, unavailable, type Maybe } from './ip-json.js';

/** Which save command to use: iptables' default (`auto`), or one backend explicitly. */
export type BackendChoice = 'auto' | 'legacy' | 'nft';

/** The text iptables-nft prints on stderr when rules live only in the legacy backend. */
const legacyPresentWarning = 'iptables-legacy tables present';

// Read NETTRACE_IPTABLES (unset → auto); anything but legacy/nft is a usage error.
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const value = env.NETTRACE_IPTABLES?.trim();
  if (!value) return 'auto';
  if (value === 'legacy' || value === 'nft') return value;
  throw new UsageError('status.badIptablesEnv', { value });
}

// The save command of a backend choice.
export function saveCommandFor(choice: BackendChoice): string {
  return iptablesCommands({ NETTRACE_IPTABLES: choice === 'auto' ? undefined : choice }).save;
}

// Pure: `iptables -V` → backend (`iptables v1.8.9 (nf_tables)` / `(legacy)`; no tag = legacy).
export function parseIptablesVersion(text: string): IptablesBackend | null {
  if (!/^iptables v\d/m.test(text)) return null;
  return text.includes('(nf_tables)') ? 'nf_tables' : 'legacy';
}

// The backend plain `iptables` uses on this machine (asked once per process; null if unknown).
export function detectDefaultBackend(): Promise<IptablesBackend | null> {
  // The trace layer's detection, cached there once per process (the binary's symlink target, else `iptables -V`).
  return detectIptablesBackend(null, { ...process.env, NETTRACE_IPTABLES: undefined }).catch(() => null);
}

// Collect and parse the ruleset of `ns`; Unavailable (with why) instead of throwing.
export async function collectRuleset(ns: NsName, choice: BackendChoice = backendChoiceFromEnv()): Promise<Maybe<Ruleset>> {
  try {
    const first = await saveOnce(ns, choice);
    if (choice === 'auto' && needsLegacyFallback(first.ruleset, first.stderr)) {
      return (await saveOnce(ns, 'legacy')).ruleset;
    }
    return first.ruleset;
  } catch (error) {
    return unavailable(reasonOf(error));
  }
}

// Pure: the default save found no tables but warned that legacy tables exist → read those instead.
export function needsLegacyFallback(ruleset: Ruleset, stderr: string): boolean {
  return Object.keys(ruleset.tables).length === 0 && stderr.includes(legacyPresentWarning);
}

async function saveOnce(ns: NsName, choice: BackendChoice): Promise<{ ruleset: Ruleset; stderr: string }> {
  const file = saveCommandFor(choice);
  const result = await run(file, ['-c'], { netns: ns, check: false });
  if (result.exitCode === 127 || result.exitCode === 126) throw new Error(`${file} is not installed (apt-get install iptables)`);
  if (result.exitCode !== 0) {
    throw new Error(`${formatCommand(result.argv)}: ${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}`);
  }
  const fallback = choice === 'legacy' ? 'legacy' : choice === 'nft' ? 'nf_tables' : await detectDefaultBackend();
  return { ruleset: parseIptablesSave(result.stdout, ns, fallback), stderr: result.stderr };
}
