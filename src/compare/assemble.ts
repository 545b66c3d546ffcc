// Pure: the whole comparison from gathered input and probe outcomes — the one result object that the
// tables and `--json` both render.
import type { BridgeFacts, CompareInput, CompareRow, Gap } from './types.js';
import { bridgeFacts } from './bridge-facts.js';
import { compareRows } from './compare-rows.js';
import { findGaps } from './gaps.js';
import { PROBE_KINDS, type ProbeKind, type ProbeOutcome } from './probes.js';

/** One probe kind through both bridges. */
export interface BehaviourRow {
  probe: ProbeKind;
  a: ProbeOutcome;
  b: ProbeOutcome;
  /** Both gave the same verdict. */
  same: boolean;
}

/** `nettrace compare A B` as data (`--json` prints exactly this). */
export interface CompareResult {
  /** The two bridges, in the order given. */
  bridges: [string, string];
  /** Display name of the namespace they live in. */
  namespace: string;
  /** Configuration of each. */
  a: BridgeFacts;
  b: BridgeFacts;
  /** Configuration side by side. */
  config: CompareRow[];
  /** Behaviour side by side (empty when probes were not run at all). */
  behaviour: BehaviourRow[];
  /** What each lacks compared with the other, as commands. */
  gaps: { a_lacks: Gap[]; b_lacks: Gap[] };
}

/** Pure: derive both bridges' facts (for planning probes before assembling). */
export function factsOf(input: CompareInput, bridges: [string, string], namespace: string): [BridgeFacts, BridgeFacts] {
  return [bridgeFacts(input, bridges[0], namespace), bridgeFacts(input, bridges[1], namespace)];
}

/** Pure: assemble the comparison; `outcomes` holds each bridge's four probe outcomes in PROBE_KINDS order. */
export function assembleComparison(input: CompareInput, facts: [BridgeFacts, BridgeFacts], outcomes: [ProbeOutcome[], ProbeOutcome[]] | null): CompareResult {
  const [a, b] = facts;
  const behaviour: BehaviourRow[] = outcomes
    ? PROBE_KINDS.map((probe, i) => ({ probe, a: outcomes[0][i]!, b: outcomes[1][i]!, same: outcomes[0][i]!.verdict === outcomes[1][i]!.verdict }))
    : [];
  return {
    bridges: [a.bridge, b.bridge],
    namespace: a.namespace,
    a,
    b,
    config: compareRows(a, b),
    behaviour,
    gaps: { a_lacks: findGaps(a, b, input.hostNs), b_lacks: findGaps(b, a, input.hostNs) },
  };
}
