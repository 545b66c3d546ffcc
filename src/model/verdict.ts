// The answer of ping/diagnose (CONTRACT.md): verdict, path, observations, netfilter verdicts, cause and fix.
import type { Observation } from './observation.js';

/** Cause kinds of CONTRACT.md. */
export type CauseKind =
  | 'no-route'
  | 'link-down'
  | 'not-bridged'
  | 'neighbor-unreachable'
  | 'ip-forward-disabled'
  | 'forward-drop'
  | 'input-drop'
  | 'output-drop'
  | 'missing-nat'
  | 'rp-filter'
  | 'remote-unreachable';

/** An endpoint as resolved (source or destination). */
export interface EndpointRef {
  kind: 'netns' | 'host' | 'container' | 'address';
  /** As the user named it (`RED`, `host`, `8.8.8.8`, `PINK`). */
  name: string;
  /** Its IPv4 address used for the probe. */
  address: string | null;
  /** The namespace to act in: /run/netns name, a /proc/PID/ns/net path, or null for nettrace's own. */
  netns?: string | null;
}

/** One hop of the planned path. */
export interface PathHop {
  /** Namespace name as shown to users (`host` for nettrace's own namespace). */
  namespace: string;
  interface: string;
  role: 'source' | 'bridge-port' | 'bridge' | 'router-in' | 'router-out' | 'uplink' | 'destination' | 'peer';
}

/** Which rule or policy decided a packet in one chain. */
export interface NetfilterVerdict {
  namespace: string;
  table: string;
  chain: string;
  /** `-P FORWARD DROP` or the rule text `-A FORWARD -s … -j ACCEPT`. */
  rule: string;
  verdict: string;
  direction: 'request' | 'reply';
  /** How it is known: a TRACE event, a counter delta, or evaluation of the rules. */
  source?: 'trace' | 'counters' | 'evaluated';
}

/** Why it did not reach. */
export interface Cause {
  kind: CauseKind;
  namespace: string;
  /** One sentence (English; the human renderer uses the catalog). */
  detail: string;
  /** The evidence lines that prove it. */
  evidence: string[];
  /** The detail as a catalog key and parameters, so human output can say it in the user's language (not in JSON). */
  message?: { key: string; params: Record<string, string> };
}

/** The whole result of ping/diagnose, exactly the JSON of CONTRACT.md. */
export interface TraceResult {
  verdict: 'reached' | 'unreachable';
  source: EndpointRef;
  destination: EndpointRef;
  path: PathHop[];
  observations: Observation[];
  netfilter: NetfilterVerdict[];
  stopped_at: { namespace: string; interface: string; direction: 'request' | 'reply' } | null;
  cause: Cause | null;
  fix: string[];
  timing_ms: { total: number; armed: number; probe: number };
  /** Namespaces whose netfilter trace could not run, with why (e.g. the legacy backend): the layer is degraded, not silently empty. */
  trace_unavailable?: { namespace: string; reason: string }[];
}
