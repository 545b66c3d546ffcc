// One `ip -batch` per namespace for everything iproute2 tells about it (links, addresses, nsids, routes,
// neighbours): one exec instead of five — process creation is the main cost of a run on small machines.
import type { AddressInfo, LinkInfo, NeighborInfo, NsName, RouteInfo } from '../model/state.js';
import { run } from '../system/runner.js';
import { parseLinks } from './ip-link.js';
import { parseAddresses } from './ip-addr.js';
import { parseNsidMap, type NsidMap } from './ip-netns.js';
import { parseRoutes } from './ip-route.js';
import { parseNeighbors } from './ip-neigh.js';
import { unavailable, type Maybe } from './ip-json.js';

/** The iproute2 part of a namespace's state. */
export interface IpState {
  links: Maybe<LinkInfo[]>;
  nsids: Maybe<NsidMap>;
  addresses: Maybe<AddressInfo[]>;
  routes: Maybe<RouteInfo[]>;
  neighbors: Maybe<NeighborInfo[]>;
}

/** The batch: global `-4 -d -j` apply to every line. */
export const IP_BATCH_LINES = ['link show', 'addr show', 'netns list-id', 'route show table all', 'neigh show'] as const;

/** Split concatenated JSON documents (`ip -j -batch` prints one per command). */
export function splitJsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0 && start >= 0) {
        docs.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return docs;
}

type Part = keyof IpState;

/** Which command printed an array, told by its entries' shape (an empty array carries no information). */
function partOf(doc: unknown): Part | null {
  if (!Array.isArray(doc) || doc.length === 0) return null;
  const first = doc[0] as Record<string, unknown>;
  if ('nsid' in first) return 'nsids';
  if ('addr_info' in first) return 'addresses';
  if ('ifindex' in first && 'ifname' in first) return 'links';
  if ('state' in first && 'dst' in first) return 'neighbors';
  if ('dst' in first || 'type' in first) return 'routes';
  return null;
}

/** Pure: the batch's stdout/stderr → the five parts (a line that failed is Unavailable with the kernel's words). */
export function parseIpBatch(stdout: string, stderr: string, ns: NsName): IpState {
  const found: Partial<Record<Part, unknown[]>> = {};
  for (const doc of splitJsonDocuments(stdout)) {
    const part = partOf(doc);
    if (part && !found[part]) found[part] = doc as unknown[];
  }
  const failed = new Set([...stderr.matchAll(/Command failed -:(\d+)/g)].map((m) => Number(m[1])));
  const reason = (line: number) => `ip ${IP_BATCH_LINES[line - 1]}: ${stderr.trim().split('\n')[0] ?? 'failed'}`;
  const take = <T>(part: Part, line: number, parse: (text: string) => T): Maybe<T> => {
    if (failed.has(line) && !found[part]) return unavailable(reason(line));
    return parse(JSON.stringify(found[part] ?? []));
  };
  return {
    links: take('links', 1, (t) => parseLinks(t, ns)),
    addresses: take('addresses', 2, (t) => parseAddresses(t, ns)),
    nsids: take('nsids', 3, (t) => parseNsidMap(t)),
    routes: take('routes', 4, (t) => parseRoutes(t, ns)),
    neighbors: take('neighbors', 5, (t) => parseNeighbors(t, ns)),
  };
}

/** Read all five parts of `ns` with one exec. */
export async function collectIpState(ns: NsName): Promise<IpState> {
  const r = await run('ip', ['-4', '-d', '-j', '-force', '-batch', '-'], { netns: ns, input: `${IP_BATCH_LINES.join('\n')}\n`, check: false });
  if (r.exitCode !== 0 && r.stdout.trim() === '') {
    const why = unavailable(r.stderr.trim().split('\n')[0] || `ip exited ${r.exitCode}`);
    return { links: why, addresses: why, nsids: why, routes: why, neighbors: why };
  }
  return parseIpBatch(r.stdout, r.stderr, ns);
}
