// The ways a trace marks its probe for `xtables-monitor --trace`: nettrace's own nf_tables table (owned
// by an `nft -i` held for the run, or one `nft -f -` in and one `nft delete table` out; the shared raw table
// is never touched), or — where `nft` is not installed — tagged TRACE rules in the raw table via
// iptables-restore. Both are removable by name/tag
// alone, so an add that an interrupt cut short is undone even though it was never recorded as done.
import type { NetnsRef } from '../system/runner.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import type { OwnTraceMarker } from './nftrace-match.js';
import { addTraceRules, removeTraceRules, TAG_PREFIX } from './nftrace-rules.js';
import { traceTableName } from './nftrace-table.js';
import { addTraceTable, holdOwnedTraceTable, nftAvailable, removeTraceTable, type HeldTraceTable } from './nftrace-table-ops.js';

/** How one namespace's trace is armed and disarmed. */
export interface TraceArming {
  /** For the undo stack's label: `trace table nettrace-…` or `trace rules nettrace:…`. */
  label: string;
  /** How this run's events are told from other runs' (nftrace-match keepOwnEvents). */
  own: OwnTraceMarker;
  /** Whether the monitor may subscribe while the marking is added (the probe is only sent afterwards). */
  addWhileSubscribing: boolean;
  add(): Promise<void>;
  /** Remove what `add` put in; `added` says whether the add was recorded as done. */
  remove(added: boolean): Promise<void>;
}

// Arm with the run's own trace table (nftrace-table.ts).
export function tableArming(netns: NetnsRef, runTag: string, mark: ProbeMark): TraceArming {
  const table = traceTableName(runTag);
  return {
    label: `trace table ${table}`,
    own: { table },
    addWhileSubscribing: true,
    add: () => addTraceTable(netns, runTag, mark),
    // Deleted by name either way: a table whose add never landed is no error.
    remove: () => removeTraceTable(netns, runTag),
  };
}

// Arm with the run's own table held as an owned table by a running `nft -i` (gone with that process, so no
// command removes it); where the kernel refuses owned tables, the table goes in and out by commands.
export function ownedTableArming(netns: NetnsRef, runTag: string, mark: ProbeMark): TraceArming {
  const table = traceTableName(runTag);
  let held: HeldTraceTable | null = null;
  let byCommands: TraceArming | null = null;
  return {
    label: `trace table ${table}`,
    own: { table },
    addWhileSubscribing: true,
    add: async () => {
      held = holdOwnedTraceTable(netns, runTag, mark);
      try {
        await held.ready;
      } catch {
        await held.release();
        held = null;
        byCommands = tableArming(netns, runTag, mark);
        await byCommands.add();
      }
    },
    remove: async (added) => {
      await held?.release();
      if (byCommands) await byCommands.remove(added);
    },
  };
}

// Arm with tagged raw-table TRACE rules (nftrace-rules.ts), added once the monitor listens.
export function ruleArming(netns: NetnsRef, runTag: string, mark: ProbeMark): TraceArming {
  const tag = `${TAG_PREFIX}${runTag}`;
  return {
    label: `trace rules ${tag}`,
    own: { tag },
    addWhileSubscribing: false,
    add: () => addTraceRules(netns, runTag, mark),
    remove: (added) => removeTraceRules(netns, runTag, mark, { added }),
  };
}

// The own (owned) table where `nft` is installed, else the TRACE rules.
export async function chooseTraceArming(netns: NetnsRef, runTag: string, mark: ProbeMark): Promise<TraceArming> {
  return (await nftAvailable()) ? ownedTableArming(netns, runTag, mark) : ruleArming(netns, runTag, mark);
}
