// Turns a lab description at a stage into the ordered list of concrete objects (pure).
import { HOST, isInStage, type LabSpec } from './spec.js';
import type { LabObject } from './objects.js';
import type { NsName } from '../model/state.js';

const BUILTIN_CHAINS = new Set(['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING']);

/** Concrete objects of `spec` at `stage`, with `host` mapped to `hostNs`, in the order they must be created. */
export function resolveLab(spec: LabSpec, stage: string, hostNs: NsName): LabObject[] {
  const ns = (name: string): NsName => (name === HOST ? hostNs : name);
  const present = <T extends { stage?: string }>(items: T[] | undefined) => (items ?? []).filter((i) => isInStage(spec, i.stage, stage));
  const out: LabObject[] = [];
  for (const name of spec.namespaces) out.push({ kind: 'netns', name });
  for (const name of spec.namespaces) out.push({ kind: 'up', ns: name, dev: 'lo' });
  for (const b of present(spec.bridges)) out.push({ kind: 'bridge', ns: ns(b.namespace), name: b.name, ...(b.stp !== undefined ? { stp: b.stp } : {}) });
  const veths = present(spec.veths).filter((v) => isInStage(spec, v.a.stage, stage));
  for (const v of veths) out.push({ kind: 'veth', ns: ns(v.a.namespace), name: v.a.name, peerNs: ns(v.b.namespace), peerName: v.b.name });
  for (const v of veths) {
    for (const end of [v.a, v.b]) {
      if (end.master) out.push({ kind: 'master', ns: ns(end.namespace), dev: end.name, bridge: end.master });
    }
  }
  // A bridge takes the smallest MTU of its ports when they join: set the wanted MTU after enslaving them.
  for (const b of present(spec.bridges)) if (b.mtu) out.push({ kind: 'mtu', ns: ns(b.namespace), dev: b.name, mtu: b.mtu });
  for (const a of present(spec.addresses)) out.push({ kind: 'address', ns: ns(a.namespace), dev: a.dev, cidr: a.cidr });
  for (const b of present(spec.bridges)) out.push({ kind: 'up', ns: ns(b.namespace), dev: b.name });
  for (const v of veths) {
    out.push({ kind: 'up', ns: ns(v.a.namespace), dev: v.a.name });
    out.push({ kind: 'up', ns: ns(v.b.namespace), dev: v.b.name });
  }
  for (const r of present(spec.routes)) out.push({ kind: 'route', ns: ns(r.namespace), to: r.to, ...(r.via ? { via: r.via } : {}), ...(r.dev ? { dev: r.dev } : {}) });
  for (const s of present(spec.sysctls)) out.push({ kind: 'sysctl', ns: ns(s.namespace), key: s.key, value: s.value });
  const chains = new Set<string>();
  for (const r of present(spec.rules)) {
    const key = `${r.namespace} ${r.table} ${r.chain}`;
    if (!BUILTIN_CHAINS.has(r.chain) && !chains.has(key)) {
      chains.add(key);
      out.push({ kind: 'chain', ns: ns(r.namespace), table: r.table, chain: r.chain });
    }
  }
  for (const p of present(spec.policies)) out.push({ kind: 'policy', ns: ns(p.namespace), table: p.table, chain: p.chain, policy: p.policy });
  for (const r of present(spec.rules)) out.push({ kind: 'rule', ns: ns(r.namespace), table: r.table, chain: r.chain, args: [...r.args] });
  return out;
}
