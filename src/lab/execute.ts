// Applies lab objects to the kernel and removes them: iproute2 work in one `ip -batch` per namespace
// and phase, namespaces in parallel; netfilter and sysctls per namespace.
import { run } from '../system/runner.js';
import { groupBy, mapLimit } from '../system/parallel.js';
import { iptablesCommands } from '../system/iptables-bin.js';
import { ipCreateLine, ipRemoveLine, iptablesCreateArgs, iptablesRemoveArgs } from './commands.js';
import { objectNamespace, type LabObject } from './objects.js';
import type { NsName } from '../model/state.js';

const PARALLEL = 8;
const CREATE_PHASES: LabObject['kind'][][] = [['netns'], ['bridge'], ['veth'], ['master', 'mtu', 'address', 'up', 'route'], ['sysctl'], ['chain', 'policy', 'rule']];

/** Where an object's command runs: netns objects are created from nettrace's own namespace. */
function runNs(o: LabObject): NsName {
  return o.kind === 'netns' ? null : objectNamespace(o);
}

async function ipBatch(ns: NsName, lines: string[], force: boolean): Promise<void> {
  if (lines.length === 0) return;
  await run('ip', [...(force ? ['-force'] : []), '-batch', '-'], { netns: ns, input: `${lines.join('\n')}\n`, check: !force, timeoutMs: 60000 });
}

/** Each `ip -n NS` start costs a namespace switch and a sysfs mount (~50 ms on a busy 2-core machine), so veth
 * pairs are created from the namespace holding the most veth ends (the bridge's host): one batch instead of one
 * per spoke namespace. Swapping the ends only changes where `link add` runs; the pair that results is the same. */
export function orientVethsToHub(objects: LabObject[]): LabObject[] {
  const ends = new Map<NsName, number>();
  for (const o of objects) if (o.kind === 'veth') for (const ns of [o.ns, o.peerNs]) ends.set(ns, (ends.get(ns) ?? 0) + 1);
  return objects.map((o) => (o.kind === 'veth' && o.peerNs !== o.ns && (ends.get(o.peerNs) ?? 0) > (ends.get(o.ns) ?? 0)
    ? { ...o, ns: o.peerNs, name: o.peerName, peerNs: o.ns, peerName: o.name } : o));
}

async function runPhase(objects: LabObject[], create: boolean): Promise<void> {
  const groups = [...groupBy(create ? orientVethsToHub(objects) : objects, runNs).entries()];
  await mapLimit(groups, PARALLEL, async ([ns, list]) => {
    const kind = list[0]!.kind;
    if (kind === 'sysctl') {
      const pairs = list.map((o) => (o.kind === 'sysctl' ? `${o.key}=${create ? o.value : o.previous}` : '')).filter((p) => !p.endsWith('=undefined'));
      if (pairs.length > 0) await run('sysctl', ['-q', '-w', ...pairs], { netns: ns, check: create });
      return;
    }
    if (['chain', 'policy', 'rule'].includes(kind)) {
      const { iptables } = iptablesCommands();
      for (const o of list) {
        if (create) {
          const args = iptablesCreateArgs(o);
          if (args) await run(iptables, args, { netns: ns });
        } else {
          for (const args of iptablesRemoveArgs(o)) await run(iptables, args, { netns: ns, check: false });
        }
      }
      return;
    }
    const lines = list.map((o) => (create ? ipCreateLine(o, process.pid) : ipRemoveLine(o))).filter((l): l is string => l !== null);
    await ipBatch(ns, lines, !create);
  });
}

/** Create `objects` (already in creation order) phase by phase; throws CommandFailedError on the first failure. */
export async function createObjects(objects: LabObject[]): Promise<void> {
  for (const kinds of CREATE_PHASES) {
    const phase = objects.filter((o) => kinds.includes(o.kind));
    if (phase.length > 0) await runPhase(phase, true);
  }
}

/** Remove `objects` (reverse order, tolerant of what is already gone); objects inside a namespace that is removed too are skipped. */
export async function removeObjects(objects: LabObject[]): Promise<void> {
  const doomed = new Set(objects.filter((o) => o.kind === 'netns').map((o) => (o as { name: string }).name));
  const survivors = objects.filter((o) => o.kind === 'netns' || !(objectNamespace(o) !== null && doomed.has(objectNamespace(o) as string)));
  // A veth whose peer lives in a doomed namespace disappears with it.
  const remaining = survivors.filter((o) => !(o.kind === 'veth' && o.peerNs !== null && doomed.has(o.peerNs)));
  for (const kinds of [...CREATE_PHASES].reverse()) {
    const phase = remaining.filter((o) => kinds.includes(o.kind)).reverse();
    if (phase.length > 0) await runPhase(phase, false);
  }
}

/** Fill in the values to restore (sysctls, chain policies) for objects in namespaces nettrace does not create. */
export async function readPreviousValues(objects: LabObject[], createdNs: Set<string>): Promise<LabObject[]> {
  const { iptables } = iptablesCommands();
  return mapLimit(objects, PARALLEL, async (o) => {
    const ns = objectNamespace(o);
    if (ns !== null && createdNs.has(ns)) return o;
    if (o.kind === 'sysctl') {
      const res = await run('sysctl', ['-n', o.key], { netns: ns, check: false });
      return res.exitCode === 0 ? { ...o, previous: res.stdout.trim() } : o;
    }
    if (o.kind === 'policy') {
      const res = await run(iptables, ['-w', '-t', o.table, '-S', o.chain], { netns: ns, check: false });
      const m = new RegExp(`^-P ${o.chain} (\\S+)`, 'm').exec(res.stdout);
      return m ? { ...o, previous: m[1] } : o;
    }
    return o;
  });
}
