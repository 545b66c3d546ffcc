// A lazily read view of namespaces for path planning: links (with the nsid map to find veth peers)
// and addresses, read only for the namespaces the walk actually enters (scales with the path, not the host).
import type { AddressInfo, LinkInfo, NsName } from '../model/state.js';
import { collectLinks } from '../adapters/ip-link.js';
import { collectNsidMap, type NsidMap } from '../adapters/ip-netns.js';
import { collectAddresses } from '../adapters/ip-addr.js';

/** What the planner knows of one namespace. */
export interface NsFacts {
  ns: NsName;
  links: LinkInfo[];
  nsids: NsidMap;
  addresses: AddressInfo[];
}

/** Source of namespace facts (live, or recorded for tests). */
export type NsFactsSource = (ns: NsName) => Promise<NsFacts | null>;

/** Live source with a per-run cache; null for a namespace that cannot be read. */
export function liveNsFacts(): NsFactsSource {
  const cache = new Map<NsName, Promise<NsFacts | null>>();
  return (ns) => {
    let hit = cache.get(ns);
    if (!hit) {
      hit = Promise.all([collectLinks(ns), collectNsidMap(ns).catch(() => ({}) as NsidMap), collectAddresses(ns)])
        .then(([links, nsids, addresses]) => ({ ns, links, nsids, addresses }))
        .catch(() => null);
      cache.set(ns, hit);
    }
    return hit;
  };
}

/** Source over fixed data (tests, saved runs). */
export function staticNsFacts(facts: NsFacts[]): NsFactsSource {
  return async (ns) => facts.find((f) => f.ns === ns) ?? null;
}
