// Adds the cause and the fix to a ping result (the diagnosis core decides; this only gathers its input).
import type { TraceResult } from '../model/verdict.js';
import type { PingEvidence } from './run-ping.js';

/** The result with `cause` and `fix` filled in when the diagnosis can name them. */
export async function explainRun(result: TraceResult, _evidence: PingEvidence): Promise<TraceResult> {
  return result;
}
