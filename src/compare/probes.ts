// Behaviour side by side: the same four probes through each bridge (port → port, port → host, host → port,
// port → internet), each a real `nettrace ping` (count 1, short timeout, no TRACE rules: counters only),
// run only in the sandbox where every namespace on the path is nettrace's own.
import type { BridgeFacts } from './types.js';
import { INTERNET_PROBE } from './bridge-facts.js';

/** The four probe kinds, in table order. */
export const PROBE_KINDS = ['port-to-port', 'port-to-host', 'host-to-port', 'port-to-internet'] as const;

/** One probe kind. */
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** What one probe through one bridge gave. */
export interface ProbeOutcome {
  /** Endpoints as typed to `nettrace ping`. */
  src: string;
  dst: string;
  /** `reached`, `unreachable`, or `skipped` (with why). */
  verdict: 'reached' | 'unreachable' | 'skipped';
  /** The cause kind when unreachable and the diagnosis named one (else null). */
  cause: string | null;
  /** One sentence of the cause, when known. */
  detail: string | null;
  /** Where it stopped (`nt-host:br0 reply`), when known. */
  stoppedAt: string | null;
  /** Why it was not run (a catalog key), for `skipped`. */
  skipped?: 'compare.probe.noPair' | 'compare.probe.noEndpoint' | 'compare.probe.notSandbox';
  /** Milliseconds the probe took. */
  ms?: number;
}

/** A probe to run: source and destination as `ping` takes them. */
export interface PlannedProbe {
  kind: ProbeKind;
  src: string;
  dst: string;
  skipped?: ProbeOutcome['skipped'];
}

/** Pure: the probes for one bridge, from the endpoints behind its ports. */
export function planProbes(facts: BridgeFacts): PlannedProbe[] {
  const names = facts.ports.map((p) => p.endpoint?.name).filter((n): n is string => Boolean(n));
  const [first, second] = names;
  const none = 'compare.probe.noEndpoint' as const;
  return [
    first && second ? { kind: 'port-to-port', src: first, dst: second } : { kind: 'port-to-port', src: first ?? '-', dst: '-', skipped: first ? 'compare.probe.noPair' : none },
    first ? { kind: 'port-to-host', src: first, dst: 'host' } : { kind: 'port-to-host', src: '-', dst: 'host', skipped: none },
    first ? { kind: 'host-to-port', src: 'host', dst: first } : { kind: 'host-to-port', src: 'host', dst: '-', skipped: none },
    first ? { kind: 'port-to-internet', src: first, dst: INTERNET_PROBE } : { kind: 'port-to-internet', src: '-', dst: INTERNET_PROBE, skipped: none },
  ];
}
