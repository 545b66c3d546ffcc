// The netfilter hooks of one namespace as the simulated packet meets them: filter chains and the
// source NAT of nat POSTROUTING, recorded as `netfilter` verdicts (source: evaluated).
import type { NsName } from '../model/state.js';
import type { NetfilterVerdict, PathHop } from '../model/verdict.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { Direction } from './fault.js';
import type { SimPacket } from './netfilter-match.js';
import { evaluateChain, isChainInteresting, snatTarget, type ChainOutcome } from './simulate-netfilter.js';
import { displayNs, primaryAddress } from './snapshot-index.js';

/** A source rewrite done by nat POSTROUTING, undone for the reply by conntrack. */
export interface NatMapping {
  original: string;
  translated: string;
}

/** What the simulation accumulates while it walks the flow. */
export interface FlowContext {
  evidence: ConfigEvidence;
  /** Chain decisions met so far, both directions. */
  netfilter: NetfilterVerdict[];
  /** Rules (and rulesets) that could not be evaluated. */
  unchecked: string[];
  /** Namespaces whose conntrack saw the request (the reply is ESTABLISHED there). */
  seen: Set<string>;
  /** Source NAT done per namespace (key: nsKey). */
  nat: Map<string, NatMapping[]>;
  /** The request's path so far. */
  hops: PathHop[];
}

// Map key for a namespace (null is nettrace's own).
export function nsKey(ns: NsName): string {
  return ns ?? '\u0000own';
}

// A fresh context for one simulation.
export function createFlowContext(evidence: ConfigEvidence): FlowContext {
  return { evidence, netfilter: [], unchecked: [], seen: new Set(), nat: new Map(), hops: [] };
}

// Evaluates one chain, records the decision (when the chain does anything) and any unknown rule.
export function runChain(ctx: FlowContext, snapshot: NamespaceSnapshot, table: string, chain: string, packet: SimPacket, direction: Direction): ChainOutcome {
  const ns = displayNs(snapshot.name);
  if (!snapshot.ruleset) {
    const note = `${ns}: iptables rules unavailable (no filtering assumed)`;
    if (!ctx.unchecked.includes(note)) ctx.unchecked.push(note);
  }
  const outcome = evaluateChain(snapshot.ruleset, table, chain, packet);
  for (const rule of outcome.unknown) {
    const note = `${ns}: ${rule.text}`;
    if (!ctx.unchecked.includes(note)) ctx.unchecked.push(note);
    ctx.netfilter.push({ namespace: ns, table, chain: rule.chain, rule: rule.text, verdict: 'unknown', direction, source: 'evaluated' });
  }
  if (isChainInteresting(snapshot.ruleset, table, chain)) {
    ctx.netfilter.push({ namespace: ns, table, chain, rule: outcome.text, verdict: outcome.verdict, direction, source: 'evaluated' });
  }
  return outcome;
}

// nat POSTROUTING for a new connection: the rewritten source (or null) and the deciding rule text.
export function runSourceNat(ctx: FlowContext, snapshot: NamespaceSnapshot, packet: SimPacket, nextHop: string): { src: string | null; text: string | null } {
  const outcome = runChain(ctx, snapshot, 'nat', 'POSTROUTING', packet, 'request');
  if (!outcome.rule) return { src: null, text: null };
  let src: string | null = null;
  if (outcome.verdict === 'MASQUERADE' && packet.outIface) src = primaryAddress(snapshot, packet.outIface, nextHop);
  if (outcome.verdict === 'SNAT') src = snatTarget(outcome.rule);
  if (src && src !== packet.src) {
    const key = nsKey(snapshot.name);
    ctx.nat.set(key, [...(ctx.nat.get(key) ?? []), { original: packet.src, translated: src }]);
  }
  return { src, text: outcome.text };
}

// Undoes this namespace's source NAT on a reply's destination (conntrack, before routing).
export function reverseNat(ctx: FlowContext, ns: NsName, dst: string): string {
  return ctx.nat.get(nsKey(ns))?.find((mapping) => mapping.translated === dst)?.original ?? dst;
}
