// Resolves each veth's peer to a namespace and a name across a set of namespace snapshots
// (`link_index` is only an ifindex, and `link_netnsid` only means something in the link's own namespace).
import type { LinkInfo, NsName } from '../model/state.js';
import type { NsidMap } from './ip-netns.js';

/** The links and nsid map of one namespace, as the resolver needs them. */
export interface PeerScope {
  /** The namespace (null = nettrace's own). */
  ns: NsName;
  /** Its links, as parsed (peers unresolved or resolved within the namespace). */
  links: LinkInfo[];
  /** Its nsid → name map; null when it could not be read. */
  nsids: NsidMap | null;
}

// Pure: return the links of every scope with `peer.ns` / `peer.name` filled wherever the peer can be found.
export function resolvePeers(scopes: readonly PeerScope[]): LinkInfo[][] {
  return scopes.map((scope) => scope.links.map((link) => resolveOne(link, scope, scopes)));
}

function resolveOne(link: LinkInfo, scope: PeerScope, scopes: readonly PeerScope[]): LinkInfo {
  const peer = link.peer;
  if (!peer || (peer.ns !== undefined && peer.name !== undefined)) return link;
  const found = findPeer(link, scope, scopes);
  if (!found) return link;
  return { ...link, peer: { ...peer, ns: found.ns, name: found.link.name } };
}

function findPeer(link: LinkInfo, scope: PeerScope, scopes: readonly PeerScope[]): { ns: NsName; link: LinkInfo } | null {
  const peer = link.peer!;
  const inScope = (s: PeerScope) => {
    const found = s.links.find((l) => l.ifindex === peer.ifindex);
    return found ? { ns: s.ns, link: found } : null;
  };
  if (peer.netnsid === null) return inScope(scope);
  const named = scope.nsids?.[peer.netnsid];
  if (typeof named === 'string') {
    const target = scopes.find((s) => s.ns === named);
    return target ? inScope(target) : null;
  }
  // The nsid has no name here (e.g. nettrace's own namespace seen from a lab namespace): accept a
  // candidate only if it points back at this very link from a namespace this one cannot name.
  const namedElsewhere = new Set(Object.values(scope.nsids ?? {}).filter((n): n is string => n !== null));
  const matches: { ns: NsName; link: LinkInfo }[] = [];
  for (const other of scopes) {
    if (other === scope || (other.ns !== null && namedElsewhere.has(other.ns))) continue;
    const candidate = other.links.find((l) => l.ifindex === peer.ifindex);
    if (candidate && pointsBackTo(candidate, other, link, scope)) matches.push({ ns: other.ns, link: candidate });
  }
  return matches.length === 1 ? matches[0] : null;
}

function pointsBackTo(candidate: LinkInfo, candidateScope: PeerScope, link: LinkInfo, scope: PeerScope): boolean {
  const back = candidate.peer;
  if (!back || back.ifindex !== link.ifindex || back.netnsid === null) return false;
  const backName = candidateScope.nsids?.[back.netnsid];
  return typeof backName === 'string' ? backName === scope.ns : scope.ns === null;
}
