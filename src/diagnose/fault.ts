// A fault the simulated packet meets: its cause kind, where, the sentence that explains it (a
// catalog key + parameters), the evidence lines, and the fixes that remove it.
import type { NsName } from '../model/state.js';
import type { CauseKind } from '../model/verdict.js';
import type { DiagnoseMessageKey } from '../i18n/messages/diagnose.js';
import type { FixAction } from './fix-action.js';

/** Request (towards the destination) or reply (back to the source). */
export type Direction = 'request' | 'reply';

/** One fault, as the simulator finds it. */
export interface Fault {
  kind: CauseKind;
  /** Namespace where it happens. */
  ns: NsName;
  /** Interface where the packet was last (or would have been) seen; '' when it never left the stack. */
  interface: string;
  direction: Direction;
  /** Catalog key of the learner's explanation, and its parameters (`direction` is translated). */
  message: { key: DiagnoseMessageKey; params: Record<string, string> };
  /** Evidence lines that prove it (route lookups, rule lines, link states, sysctls). */
  evidence: string[];
  /** Fix commands, narrowest first; empty when nothing on this machine can fix it. */
  fixes: FixAction[];
}

// Shorthand used by every fault builder.
export function makeFault(
  kind: CauseKind,
  ns: NsName,
  iface: string,
  direction: Direction,
  key: DiagnoseMessageKey,
  params: Record<string, string>,
  evidence: string[],
  fixes: FixAction[] = [],
): Fault {
  return { kind, ns, interface: iface, direction, message: { key, params: { direction, ...params } }, evidence, fixes };
}
