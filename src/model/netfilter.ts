// iptables rules as plain data, parsed from `iptables-save -c`; read by status, trace and diagnosis.
import type { NsName } from './state.js';

/** Which iptables backend wrote the ruleset. */
export type IptablesBackend = 'nf_tables' | 'legacy';

/** The parsed matches of a rule that nettrace evaluates (everything else kept in `args`). */
export interface RuleMatch {
  /** `-s` (CIDR), with `!` negation. */
  src?: { cidr: string; negated: boolean };
  /** `-d` (CIDR), with `!` negation. */
  dst?: { cidr: string; negated: boolean };
  /** `-i` interface (may end with `+`), with negation. */
  inIface?: { name: string; negated: boolean };
  /** `-o` interface (may end with `+`), with negation. */
  outIface?: { name: string; negated: boolean };
  /** `-p` protocol, with negation. */
  protocol?: { name: string; negated: boolean };
  /** `-m conntrack --ctstate` / `-m state --state` values. */
  ctstate?: { states: string[]; negated: boolean };
  /** `-m comment --comment` text. */
  comment?: string;
  /** `-m physdev` present (bridged traffic matching). */
  physdev?: boolean;
  /** True when the rule has a match nettrace does not understand (evaluation then says "unknown"). */
  hasUnknownMatch: boolean;
}

/** One `-A` rule line. */
export interface IptablesRule {
  table: string;
  chain: string;
  /** Position in the chain, 1-based (as `iptables -L --line-numbers`). */
  position: number;
  /** The rule as iptables-save prints it, without counters: `-A FORWARD -s 11.11.11.0/24 -j ACCEPT`. */
  text: string;
  /** The rule's tokens after `-A CHAIN`. */
  args: string[];
  /** Target of `-j` (ACCEPT, DROP, a user chain, MASQUERADE, …) or null (no target: counts only). */
  target: string | null;
  /** True for `-g` (goto) instead of `-j`. */
  goto: boolean;
  /** Packet counter (null when saved without -c). */
  packets: number | null;
  /** Byte counter (null when saved without -c). */
  bytes: number | null;
  /** The matches nettrace understands. */
  match: RuleMatch;
}

/** One chain with its policy (builtin chains) and rules. */
export interface IptablesChain {
  name: string;
  /** `ACCEPT`/`DROP` for builtin chains, null for user chains. */
  policy: string | null;
  /** Policy counters (packets) when present. */
  policyPackets: number | null;
  rules: IptablesRule[];
}

/** A whole `iptables-save -c` output for one namespace. */
export interface Ruleset {
  ns: NsName;
  backend: IptablesBackend | null;
  /** Tables by name (`filter`, `nat`, `raw`, `mangle`), chains by name. */
  tables: Record<string, Record<string, IptablesChain>>;
}
