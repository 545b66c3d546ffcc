// What path planning knows of a namespace: links (with the nsid map to find veth peers) and addresses.
// The live source is the run's state cache (state-cache.ts); tests use fixed data.
import type { AddressInfo, LinkInfo, NsName } from '../model/state.js';
import type { NsidMap } from '../adapters/ip-netns.js';

/** What the planner knows of one namespace. */
export interface NsFacts {
  ns: NsName;
  links: LinkInfo[];
  nsids: NsidMap;
  addresses: AddressInfo[];
}

/** Source of namespace facts (live, or recorded for tests). */
export type NsFactsSource = (ns: NsName) => Promise<NsFacts | null>;

/** Source over fixed data (tests, saved runs). */
export function staticNsFacts(facts: NsFacts[]): NsFactsSource {
  return async (ns) => facts.find((f) => f.ns === ns) ?? null;
}
