// Pure: what bridge A lacks compared with bridge B, each gap with the commands (in A's namespace, in order)
// that would make A behave like B: conntrack for return traffic, an egress rule, an intra-bridge rule,
// a MASQUERADE, and a MASQUERADE scoped with `! -o A` (added before the unscoped one is deleted).
import type { NsName } from '../model/state.js';
import { iptablesCommand } from '../diagnose/fix-commands.js';
import type { BridgeFacts, Gap } from './types.js';

const isAccept = (verdict: string | undefined) => verdict === 'ACCEPT';

/** Pure: the gaps of `a` against `b`; `ns` is the namespace both live in (null = nettrace's own). */
export function findGaps(a: BridgeFacts, b: BridgeFacts, ns: NsName): Gap[] {
  const gaps: Gap[] = [];
  const ipt = (table: string, args: string[]) => iptablesCommand(ns, table, args);
  const A = a.bridge;
  if (b.returnBy === 'conntrack' && a.returnBy !== 'conntrack') {
    gaps.push({ kind: 'conntrack-return', bridge: A, commands: [ipt('filter', ['-A', 'FORWARD', '-o', A, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'])] });
  }
  if (isAccept(b.egress?.verdict) && !isAccept(a.egress?.verdict)) {
    gaps.push({ kind: 'egress-rule', bridge: A, commands: [ipt('filter', ['-A', 'FORWARD', '-i', A, '!', '-o', A, '-j', 'ACCEPT'])] });
  }
  const bIntraExplicit = b.intraBridge?.rule.includes(`-i ${b.bridge} -o ${b.bridge}`) && isAccept(b.intraBridge.verdict);
  const aIntraExplicit = a.intraBridge?.rule.includes(`-i ${A} -o ${A}`) ?? false;
  if (bIntraExplicit && !aIntraExplicit) {
    gaps.push({ kind: 'intra-bridge-rule', bridge: A, commands: [ipt('filter', ['-A', 'FORWARD', '-i', A, '-o', A, '-j', 'ACCEPT'])] });
  }
  if (b.nat.rule && !a.nat.rule && a.subnet) {
    gaps.push({ kind: 'masquerade', bridge: A, commands: [ipt('nat', ['-A', 'POSTROUTING', '-s', a.subnet, '!', '-o', A, '-j', 'MASQUERADE'])] });
  }
  const bScoped = b.nat.rule !== null && b.nat.excludedOutIface === b.bridge && !b.nat.rewritesIntoBridge;
  if (bScoped && a.nat.rule && (a.nat.excludedOutIface !== A || a.nat.rewritesIntoBridge)) {
    const source = a.nat.source ?? a.subnet;
    if (source && a.nat.ruleArgs) {
      gaps.push({
        kind: 'masquerade-scope',
        bridge: A,
        commands: [
          ipt('nat', ['-I', 'POSTROUTING', '-s', source, '!', '-o', A, '-j', 'MASQUERADE']),
          ipt('nat', ['-D', 'POSTROUTING', ...a.nat.ruleArgs]),
        ],
      });
    }
  }
  return gaps;
}
