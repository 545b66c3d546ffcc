// Pure counter deltas between two `iptables-save -c` snapshots: which rules and policies the probe hit.
// Works on both backends (the read-only evidence of `--no-trace`). Rules are matched by table, chain,
// text and occurrence (not by position, which shifts when rules are inserted between the snapshots).
import type { IptablesRule, Ruleset } from '../model/netfilter.js';
import type { NsName } from '../model/state.js';

/** One rule or policy whose packet counter went up. */
export interface CounterDelta {
  ns: NsName;
  table: string;
  chain: string;
  kind: 'rule' | 'policy';
  /** `-A CHAIN …` for a rule, `-P CHAIN POLICY` for a policy. */
  rule: string;
  /** Position of the rule in the chain after the probe (null for a policy). */
  position: number | null;
  /** The rule's target or the policy (`ACCEPT`, `DROP`, `MASQUERADE`, a user chain, …; null: no target). */
  verdict: string | null;
  /** Packets counted between the snapshots. */
  packets: number;
  /** Bytes counted between the snapshots (null for policies: iptables-save's policy bytes are not modelled). */
  bytes: number | null;
}

function ruleKey(rule: IptablesRule, seen: Map<string, number>): string {
  const base = `${rule.table}\u0000${rule.chain}\u0000${rule.text}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return `${base}\u0000${n}`;
}

function rulesOf(ruleset: Ruleset): IptablesRule[] {
  return Object.values(ruleset.tables).flatMap((chains) => Object.values(chains).flatMap((chain) => chain.rules));
}

// Rules and policies whose packet counter increased from `before` to `after` (nettrace's own rules left out).
export function diffCounters(before: Ruleset, after: Ruleset, tagPrefix = 'nettrace:'): CounterDelta[] {
  const seenBefore = new Map<string, number>();
  const previous = new Map<string, IptablesRule>();
  for (const rule of rulesOf(before)) previous.set(ruleKey(rule, seenBefore), rule);

  const deltas: CounterDelta[] = [];
  const seenAfter = new Map<string, number>();
  for (const [table, chains] of Object.entries(after.tables)) {
    for (const [chainName, chain] of Object.entries(chains)) {
      for (const rule of chain.rules) {
        const key = ruleKey(rule, seenAfter);
        if (rule.match.comment?.startsWith(tagPrefix) || rule.text.includes(`--comment "${tagPrefix}`)) continue;
        const old = previous.get(key);
        const packets = (rule.packets ?? 0) - (old?.packets ?? 0);
        if (packets <= 0) continue;
        const bytes = rule.bytes !== null ? rule.bytes - (old?.bytes ?? 0) : null;
        deltas.push({ ns: after.ns, table, chain: chainName, kind: 'rule', rule: rule.text, position: rule.position, verdict: rule.target, packets, bytes });
      }
      const oldPolicy = before.tables[table]?.[chainName]?.policyPackets ?? 0;
      const policyPackets = (chain.policyPackets ?? 0) - oldPolicy;
      if (chain.policy !== null && policyPackets > 0) {
        deltas.push({ ns: after.ns, table, chain: chainName, kind: 'policy', rule: `-P ${chainName} ${chain.policy}`, position: null, verdict: chain.policy, packets: policyPackets, bytes: null });
      }
    }
  }
  return deltas;
}
