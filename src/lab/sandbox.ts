// The sandbox: the host is a namespace of its own (nt-host) with an uplink to a WAN namespace (nt-wan)
// that answers for any address except the lab's subnets and has no route back to them.
import { HOST, type LabSpec } from './spec.js';
import { networkOf } from '../model/ipv4.js';

/** Names and addresses of the sandbox (CONTRACT.md, DESIGN.md). */
export const SANDBOX = {
  hostNs: 'nt-host',
  wanNs: 'nt-wan',
  uplink: 'eth0',
  wanLink: 'wan0',
  hostAddress: '10.0.2.15',
  wanAddress: '10.0.2.2',
  prefixLength: 24,
  /** Subnets the WAN never answers for besides the lab's own (Docker's default bridge). */
  alwaysExcluded: ['172.17.0.0/16'],
} as const;

/** The lab's own subnets (from its addresses), which the WAN must not answer for. */
export function labSubnets(spec: LabSpec): string[] {
  const nets = new Set<string>();
  for (const a of spec.addresses ?? []) {
    const net = networkOf(a.cidr);
    if (net) nets.add(net);
  }
  return [...nets];
}

/** The lab with its `host` moved into nt-host and the sandbox's own objects added before it. */
export function mergeSandbox(spec: LabSpec): LabSpec {
  const S = SANDBOX;
  const host = (ns: string) => (ns === HOST ? S.hostNs : ns);
  const excluded = [...labSubnets(spec), ...S.alwaysExcluded];
  return {
    ...spec,
    namespaces: [S.hostNs, S.wanNs, ...spec.namespaces],
    bridges: (spec.bridges ?? []).map((b) => ({ ...b, namespace: host(b.namespace) })),
    veths: [
      { a: { namespace: S.hostNs, name: S.uplink }, b: { namespace: S.wanNs, name: S.wanLink } },
      ...(spec.veths ?? []).map((v) => ({ ...v, a: { ...v.a, namespace: host(v.a.namespace) }, b: { ...v.b, namespace: host(v.b.namespace) } })),
    ],
    addresses: [
      { namespace: S.hostNs, dev: S.uplink, cidr: `${S.hostAddress}/${S.prefixLength}` },
      { namespace: S.wanNs, dev: S.wanLink, cidr: `${S.wanAddress}/${S.prefixLength}` },
      ...(spec.addresses ?? []).map((a) => ({ ...a, namespace: host(a.namespace) })),
    ],
    routes: [
      { namespace: S.hostNs, to: 'default', via: S.wanAddress },
      ...(spec.routes ?? []).map((r) => ({ ...r, namespace: host(r.namespace) })),
    ],
    sysctls: [
      { namespace: S.wanNs, key: 'net.ipv4.ip_forward', value: '0' },
      ...(spec.sysctls ?? []).map((s) => ({ ...s, namespace: host(s.namespace) })),
    ],
    policies: (spec.policies ?? []).map((p) => ({ ...p, namespace: host(p.namespace) })),
    rules: [
      ...excluded.map((net) => ({ namespace: S.wanNs, table: 'nat', chain: 'PREROUTING', args: ['-i', S.wanLink, '-d', net, '-j', 'RETURN'] })),
      { namespace: S.wanNs, table: 'nat', chain: 'PREROUTING', args: ['-i', S.wanLink, '-j', 'DNAT', '--to-destination', S.wanAddress] },
      ...(spec.rules ?? []).map((r) => ({ ...r, namespace: host(r.namespace) })),
    ],
  };
}
