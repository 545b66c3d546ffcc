// Walks an iptables chain for the simulated packet the way the kernel does: rules in order, user
// chains by -j (call) and -g (goto), RETURN, and the builtin chain's policy at the end.
import type { IptablesRule, Ruleset } from '../model/netfilter.js';
import { matchRule, type SimPacket } from './netfilter-match.js';

/** How a chain walk ended. */
export interface ChainOutcome {
  /** `ACCEPT`, `DROP`, `REJECT`, or a NAT target (`MASQUERADE`, `SNAT`, …). */
  verdict: string;
  /** The deciding rule (null when the policy decided or the chain does not exist). */
  rule: IptablesRule | null;
  /** The chain whose rule or policy decided. */
  chain: string;
  /** `-A CHAIN …` of the deciding rule, or `-P CHAIN POLICY`. */
  text: string;
  /** Rules passed over because they hold a match the simulator cannot evaluate. */
  unknown: IptablesRule[];
  /** False when the table or chain is absent (nothing decided: the packet passes). */
  exists: boolean;
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT']);
const NAT_TARGETS = new Set(['MASQUERADE', 'SNAT', 'DNAT', 'REDIRECT', 'NETMAP']);
const NON_TERMINAL = new Set(['LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'CT', 'TRACE', 'CHECKSUM', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'AUDIT', 'NOTRACK']);
const MAX_DEPTH = 32;

type Step = { kind: 'verdict'; verdict: string; rule: IptablesRule; chain: string } | { kind: 'return' };

// Drops and rejects both stop the packet; used by callers to decide "dropped".
export function isDropVerdict(verdict: string): boolean {
  return verdict === 'DROP' || verdict === 'REJECT';
}

// Evaluates `table`/`chain` of one namespace's ruleset for `packet`.
export function evaluateChain(ruleset: Ruleset | null, table: string, chain: string, packet: SimPacket): ChainOutcome {
  const chains = ruleset?.tables[table];
  const builtin = chains?.[chain];
  if (!chains || !builtin) return { verdict: 'ACCEPT', rule: null, chain, text: `-P ${chain} ACCEPT`, unknown: [], exists: false };
  const unknown: IptablesRule[] = [];

  const walk = (name: string, depth: number): Step => {
    const current = chains[name];
    if (!current || depth > MAX_DEPTH) return { kind: 'return' };
    for (const rule of current.rules) {
      const target = rule.target;
      if (target === null || NON_TERMINAL.has(target)) continue;
      const result = matchRule(rule, packet);
      if (result === 'no') continue;
      if (result === 'unknown') {
        unknown.push(rule);
        continue;
      }
      if (TERMINAL.has(target) || NAT_TARGETS.has(target)) return { kind: 'verdict', verdict: target, rule, chain: name };
      if (target === 'RETURN') return { kind: 'return' };
      if (chains[target]) {
        const inner = walk(target, depth + 1);
        if (inner.kind === 'verdict' || rule.goto) return inner;
        continue;
      }
      unknown.push(rule);
    }
    return { kind: 'return' };
  };

  const step = walk(chain, 0);
  if (step.kind === 'verdict') return { verdict: step.verdict, rule: step.rule, chain: step.chain, text: step.rule.text, unknown, exists: true };
  const policy = builtin.policy ?? 'ACCEPT';
  return { verdict: policy, rule: null, chain, text: `-P ${chain} ${policy}`, unknown, exists: true };
}

// The address a SNAT rule rewrites to (`--to-source A[-B][:ports]`), or null.
export function snatTarget(rule: IptablesRule): string | null {
  const index = rule.args.findIndex((token) => token === '--to-source' || token === '--to');
  const value = index === -1 ? undefined : rule.args[index + 1];
  return value ? value.split(/[-:]/)[0] : null;
}

// True when a chain exists with at least one rule or a policy other than ACCEPT (worth reporting).
export function isChainInteresting(ruleset: Ruleset | null, table: string, chain: string): boolean {
  const found = ruleset?.tables[table]?.[chain];
  return found !== undefined && (found.rules.length > 0 || (found.policy !== null && found.policy !== 'ACCEPT'));
}
