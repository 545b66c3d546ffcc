// Validates a lab description before anything touches the kernel: returns every problem found.
import { HOST, stagesOf, type LabSpec } from './spec.js';
import { isValidIfName, isValidNetnsName } from '../system/names.js';
import { isIpv4, parseCidr } from '../model/ipv4.js';

const TABLES = new Set(['filter', 'nat', 'raw', 'mangle']);
const BUILTIN: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
};

/** All problems of a lab description (empty when valid); `spec` may be any parsed JSON. */
export function validateLab(spec: unknown): string[] {
  const problems: string[] = [];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return ['the lab must be a JSON object'];
  const lab = spec as LabSpec;
  if (typeof lab.name !== 'string' || !isValidNetnsName(lab.name)) problems.push('"name" must be a simple name');
  if (!Array.isArray(lab.namespaces)) return [...problems, '"namespaces" must be a list of names'];
  for (const key of ['bridges', 'veths', 'addresses', 'routes', 'sysctls', 'policies', 'rules', 'stages'] as const) {
    if (lab[key] !== undefined && !Array.isArray(lab[key])) problems.push(`"${key}" must be a list`);
  }
  if (problems.length > 0) return problems;

  const stages = stagesOf(lab);
  const checkStage = (where: string, stage: unknown) => {
    if (stage !== undefined && (typeof stage !== 'string' || !stages.includes(stage))) problems.push(`${where}: unknown stage ${JSON.stringify(stage)}`);
  };
  const namespaces = new Set<string>();
  for (const ns of lab.namespaces) {
    if (typeof ns !== 'string' || !isValidNetnsName(ns) || ns === HOST) problems.push(`namespace ${JSON.stringify(ns)} is not a valid name`);
    else if (namespaces.has(ns)) problems.push(`namespace ${ns} is listed twice`);
    else namespaces.add(ns);
  }
  const knownNs = (ns: unknown) => ns === HOST || (typeof ns === 'string' && namespaces.has(ns));
  const interfaces = new Map<string, Set<string>>(); // ns → names
  const bridges = new Map<string, Set<string>>();
  const addIf = (where: string, ns: unknown, name: unknown, set = interfaces) => {
    if (!knownNs(ns)) return problems.push(`${where}: namespace ${JSON.stringify(ns)} is neither "host" nor listed in "namespaces"`);
    if (typeof name !== 'string' || !isValidIfName(name)) return problems.push(`${where}: interface name ${JSON.stringify(name)} is invalid (≤ 15 characters, letters, digits, . _ -)`);
    const names = interfaces.get(ns as string) ?? new Set<string>();
    if (names.has(name)) problems.push(`${where}: interface ${name} is defined twice in ${ns}`);
    names.add(name);
    interfaces.set(ns as string, names);
    if (set !== interfaces) set.set(ns as string, (set.get(ns as string) ?? new Set()).add(name));
    return 0;
  };
  (lab.bridges ?? []).forEach((b, i) => { addIf(`bridges[${i}]`, b?.namespace, b?.name, bridges); checkStage(`bridges[${i}]`, b?.stage); });
  (lab.veths ?? []).forEach((v, i) => {
    if (!v || typeof v !== 'object' || !v.a || !v.b) { problems.push(`veths[${i}] needs "a" and "b" ends`); return; }
    addIf(`veths[${i}].a`, v.a.namespace, v.a.name);
    addIf(`veths[${i}].b`, v.b.namespace, v.b.name);
    checkStage(`veths[${i}]`, v.stage);
    for (const end of [v.a, v.b]) {
      if (end.master !== undefined && !bridges.get(end.namespace)?.has(end.master)) problems.push(`veths[${i}]: master ${JSON.stringify(end.master)} is not a bridge in ${end.namespace}`);
    }
  });
  const hasIf = (ns: string, dev: string) => dev === 'lo' || Boolean(interfaces.get(ns)?.has(dev));
  (lab.addresses ?? []).forEach((a, i) => {
    if (!knownNs(a?.namespace)) problems.push(`addresses[${i}]: unknown namespace ${JSON.stringify(a?.namespace)}`);
    else if (!hasIf(a.namespace, a.dev)) problems.push(`addresses[${i}]: no interface ${JSON.stringify(a.dev)} in ${a.namespace}`);
    if (typeof a?.cidr !== 'string' || !a.cidr.includes('/') || !parseCidr(a.cidr)) problems.push(`addresses[${i}]: ${JSON.stringify(a?.cidr)} is not an IPv4 CIDR like 11.11.11.2/24`);
    checkStage(`addresses[${i}]`, a?.stage);
  });
  (lab.routes ?? []).forEach((r, i) => {
    if (!knownNs(r?.namespace)) problems.push(`routes[${i}]: unknown namespace ${JSON.stringify(r?.namespace)}`);
    if (typeof r?.to !== 'string' || !parseCidr(r.to)) problems.push(`routes[${i}]: "to" must be "default" or an IPv4 CIDR`);
    if (r?.via === undefined && r?.dev === undefined) problems.push(`routes[${i}]: needs "via" or "dev"`);
    if (r?.via !== undefined && !isIpv4(r.via)) problems.push(`routes[${i}]: "via" ${JSON.stringify(r.via)} is not an IPv4 address`);
    if (r?.dev !== undefined && knownNs(r?.namespace) && !hasIf(r.namespace, r.dev)) problems.push(`routes[${i}]: no interface ${JSON.stringify(r.dev)} in ${r.namespace}`);
    checkStage(`routes[${i}]`, r?.stage);
  });
  (lab.sysctls ?? []).forEach((s, i) => {
    if (!knownNs(s?.namespace)) problems.push(`sysctls[${i}]: unknown namespace ${JSON.stringify(s?.namespace)}`);
    if (typeof s?.key !== 'string' || !/^net\.[A-Za-z0-9_.-]+$/.test(s.key) || s.key.includes('..')) problems.push(`sysctls[${i}]: key must be a net.* sysctl`);
    if (typeof s?.value !== 'string' || !/^-?\d+$/.test(s.value)) problems.push(`sysctls[${i}]: value must be an integer string`);
    checkStage(`sysctls[${i}]`, s?.stage);
  });
  (lab.policies ?? []).forEach((p, i) => {
    if (!knownNs(p?.namespace)) problems.push(`policies[${i}]: unknown namespace ${JSON.stringify(p?.namespace)}`);
    if (!BUILTIN[p?.table]?.includes(p?.chain)) problems.push(`policies[${i}]: ${p?.table}/${p?.chain} is not a builtin chain`);
    if (p?.policy !== 'ACCEPT' && p?.policy !== 'DROP') problems.push(`policies[${i}]: policy must be ACCEPT or DROP`);
    checkStage(`policies[${i}]`, p?.stage);
  });
  (lab.rules ?? []).forEach((r, i) => {
    if (!knownNs(r?.namespace)) problems.push(`rules[${i}]: unknown namespace ${JSON.stringify(r?.namespace)}`);
    if (!TABLES.has(r?.table)) problems.push(`rules[${i}]: table must be one of filter, nat, raw, mangle`);
    if (typeof r?.chain !== 'string' || !/^[A-Za-z0-9_-]{1,28}$/.test(r.chain)) problems.push(`rules[${i}]: invalid chain name`);
    if (!Array.isArray(r?.args) || r.args.length === 0 || r.args.some((a) => typeof a !== 'string')) problems.push(`rules[${i}]: "args" must be a non-empty list of strings`);
    checkStage(`rules[${i}]`, r?.stage);
  });
  return problems;
}
