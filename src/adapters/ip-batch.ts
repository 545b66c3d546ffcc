// One `ip -batch` per namespace for everything iproute2 tells about it (links, addresses, nsids, routes,
// neighbours): one exec instead of five — process creation is the main cost of a run on small machines.
import type { AddressInfo, LinkInfo, NeighborInfo, NsName, RouteInfo, SysctlInfo } from '../model/state.js';
import { formatCommand, run, wrapForNetns } from '../system/runner.js';
import { parseLinks } from './ip-link.js';
import { parseAddresses } from './ip-addr.js';
import { parseNsidMap, type NsidMap } from './ip-netns.js';
import { parseRoutes } from './ip-route.js';
import { parseNeighbors } from './ip-neigh.js';
import { unavailable, type Maybe } from './ip-json.js';
import { parseRouteGet, routeGetArgs, type RouteGetOptions, type RouteGetResult } from './route-get.js';
import { sysctlsFromNetconf } from './sysctl.js';

/** The iproute2 part of a namespace's state. */
export interface IpState {
  links: Maybe<LinkInfo[]>;
  nsids: Maybe<NsidMap>;
  addresses: Maybe<AddressInfo[]>;
  routes: Maybe<RouteInfo[]>;
  neighbors: Maybe<NeighborInfo[]>;
  /** forwarding and rp_filter of every interface, `all` and `default` (`ip netconf`; no bridge-nf-call-iptables). */
  netconf: Maybe<SysctlInfo>;
  /** Answers to the route lookups that rode in the batch, in the order asked. */
  routeGets: RouteGetResult[];
}

/** A route lookup to add to a namespace's batch (saves its own exec). */
export interface BatchedRouteGet extends RouteGetOptions {
  dst: string;
}

/** The batch: global `-4 -d -j` apply to every line. */
export const IP_BATCH_LINES = ['link show', 'addr show', 'netns list-id', 'route show table all', 'neigh show', 'netconf show'] as const;

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

type Part = Exclude<keyof IpState, 'routeGets'>;

/** Which command printed an array, told by its entries' shape (an empty array carries no information). */
function partOf(doc: unknown): Part | 'route-get' | null {
  if (!Array.isArray(doc) || doc.length === 0) return null;
  const first = doc[0] as Record<string, unknown>;
  if ('cache' in first) return 'route-get';
  if ('family' in first && 'interface' in first) return 'netconf';
  if ('nsid' in first) return 'nsids';
  if ('addr_info' in first) return 'addresses';
  if ('ifindex' in first && 'ifname' in first) return 'links';
  if ('state' in first && 'dst' in first) return 'neighbors';
  if ('dst' in first || 'type' in first) return 'routes';
  return null;
}

/** What the kernel said about each failed line of a batch: `Command failed -:N` follows that line's messages. */
function failedLines(stderr: string): Map<number, string> {
  const failed = new Map<number, string>();
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)/.exec(line);
    if (m) {
      failed.set(Number(m[1]), pending.join('\n'));
      pending = [];
    } else if (line.trim() !== '') {
      pending.push(line);
    }
  }
  return failed;
}

// The lookup as a user could run it alone (what evidence quotes).
function lookupCommand(ns: NsName, r: BatchedRouteGet): string {
  return formatCommand(wrapForNetns('ip', routeGetArgs(r.dst, r), ns).flat());
}

/** The batch's input: the fixed lines, then the route lookups. */
export function ipBatchInput(routeGets: readonly BatchedRouteGet[] = []): string {
  const lookups = routeGets.map((r) => routeGetArgs(r.dst, r).slice(1).join(' '));
  return `${[...IP_BATCH_LINES, ...lookups].join('\n')}\n`;
}

/** Pure: the batch's stdout/stderr → the six parts (a line that failed is Unavailable with the kernel's words)
 * and the answers to the route lookups asked after them. */
export function parseIpBatch(stdout: string, stderr: string, ns: NsName, routeGets: readonly BatchedRouteGet[] = []): IpState {
  const found: Partial<Record<Part, unknown[]>> = {};
  const answers: unknown[][] = [];
  for (const doc of splitJsonDocuments(stdout)) {
    const part = partOf(doc);
    if (part === 'route-get') answers.push(doc as unknown[]);
    else if (part && !found[part]) found[part] = doc as unknown[];
  }
  const failed = failedLines(stderr);
  const reason = (line: number) => `ip ${IP_BATCH_LINES[line - 1]}: ${failed.get(line)?.split('\n')[0] || 'failed'}`;
  const take = <T>(part: Part, line: number, parse: (text: string) => T): Maybe<T> => {
    if (failed.has(line) && !found[part]) return unavailable(reason(line));
    return parse(JSON.stringify(found[part] ?? []));
  };
  // A lookup that failed printed nothing on stdout: the answers that did print belong to the others, in order.
  let next = 0;
  const lookups = routeGets.map((r, i): RouteGetResult => {
    const line = IP_BATCH_LINES.length + i + 1;
    const command = lookupCommand(ns, r);
    const error = failed.get(line);
    if (error !== undefined) return parseRouteGet('', error, 2, ns, command);
    return parseRouteGet(JSON.stringify(answers[next++] ?? []), '', 0, ns, command);
  });
  return {
    routeGets: lookups,
    links: take('links', 1, (t) => parseLinks(t, ns)),
    addresses: take('addresses', 2, (t) => parseAddresses(t, ns)),
    nsids: take('nsids', 3, (t) => parseNsidMap(t)),
    routes: take('routes', 4, (t) => parseRoutes(t, ns)),
    neighbors: take('neighbors', 5, (t) => parseNeighbors(t, ns)),
    // Every namespace has `all` and `default`: no answer at all means netconf could not be read (then /proc is).
    netconf: found.netconf ? take('netconf', 6, (t) => sysctlsFromNetconf(t, ns)) : unavailable(failed.has(6) ? reason(6) : 'ip netconf show printed nothing'),
  };
}

/** Read every part of `ns` with one exec, answering `routeGets` in the same exec. */
export async function collectIpState(ns: NsName, routeGets: readonly BatchedRouteGet[] = []): Promise<IpState> {
  const r = await run('ip', ['-4', '-d', '-j', '-force', '-batch', '-'], { netns: ns, input: ipBatchInput(routeGets), check: false });
  if (r.exitCode !== 0 && r.stdout.trim() === '') {
    const text = r.stderr.trim().split('\n')[0] || `ip exited ${r.exitCode}`;
    const why = unavailable(text);
    const lookups = routeGets.map((g) => parseRouteGet('', text, r.exitCode, ns, lookupCommand(ns, g)));
    return { links: why, addresses: why, nsids: why, routes: why, neighbors: why, netconf: why, routeGets: lookups };
  }
  return parseIpBatch(r.stdout, r.stderr, ns, routeGets);
}
