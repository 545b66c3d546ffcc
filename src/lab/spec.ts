// The lab data form (LAB.json): what a topology is made of, before it is resolved to concrete objects.
// `namespace: "host"` always means "whichever namespace plays the host" (nt-host in the sandbox).

/** The name that stands for the host namespace inside a lab file. */
export const HOST = 'host';

/** One end of a veth pair. */
export interface VethEndSpec {
  /** Namespace of this end (`host` or one of `namespaces`). */
  namespace: string;
  /** Interface name (≤ 15 characters). */
  name: string;
  /** Bridge (in the same namespace) to enslave this end to. */
  master?: string;
  /** Only from this stage on (optional, for every object below too). */
  stage?: string;
}

/** A complete lab description. */
export interface LabSpec {
  /** Short name shown in messages. */
  name: string;
  /** Free text. */
  description?: string;
  /** Ordered stage names; objects with `stage` exist from that stage on. Empty = a single stage `complete`. */
  stages?: string[];
  /** Namespaces to create (never `host`). */
  namespaces: string[];
  /** Bridges to create. */
  bridges?: { namespace: string; name: string; mtu?: number; stp?: boolean; stage?: string }[];
  /** veth pairs to create (end `a` is created first, `b` is its peer). */
  veths?: { a: VethEndSpec; b: VethEndSpec; stage?: string }[];
  /** IPv4 addresses (CIDR) on interfaces (`lo`, a bridge, a veth end). */
  addresses?: { namespace: string; dev: string; cidr: string; stage?: string }[];
  /** Routes: `to` is `default` or a CIDR; `via` a gateway and/or `dev` an interface. */
  routes?: { namespace: string; to: string; via?: string; dev?: string; stage?: string }[];
  /** sysctls written in a namespace (restored on teardown where the namespace survives). */
  sysctls?: { namespace: string; key: string; value: string; stage?: string }[];
  /** Policies of builtin chains (restored on teardown). */
  policies?: { namespace: string; table: string; chain: string; policy: string; stage?: string }[];
  /** iptables rules appended (`-A CHAIN args…`), tagged with a nettrace comment. */
  rules?: { namespace: string; table: string; chain: string; args: string[]; stage?: string }[];
}

/** Stages of a lab, in order (a lab without stages has the single stage `complete`). */
export function stagesOf(spec: LabSpec): string[] {
  return spec.stages && spec.stages.length > 0 ? spec.stages : ['complete'];
}

/** True when an object tagged `stage` exists at `current`. */
export function isInStage(spec: LabSpec, objectStage: string | undefined, current: string): boolean {
  if (!objectStage) return true;
  const order = stagesOf(spec);
  return order.indexOf(objectStage) <= order.indexOf(current);
}
