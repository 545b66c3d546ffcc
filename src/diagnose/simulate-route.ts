// Route lookup as the kernel does it for one namespace: local addresses, then longest prefix match
// in tables main/default (lowest metric breaks ties), skipping routes over interfaces that are down.
import type { RouteInfo } from '../model/state.js';
import type { NamespaceSnapshot } from './evidence.js';
import { parsePrefix, prefixContains } from './ipv4.js';
import { findLink, isLocalAddress } from './snapshot-index.js';

/** Route types that answer a lookup with an error instead of a next hop. */
export type BlockingRouteType = 'unreachable' | 'blackhole' | 'prohibit' | 'throw';

/** What a route lookup answered. */
export type RouteDecision =
  | { kind: 'local' }
  | {
      kind: 'unicast';
      /** The route that matched. */
      route: RouteInfo;
      /** Output interface. */
      dev: string;
      /** Gateway, or null when the destination is on-link. */
      gateway: string | null;
      /** The address to resolve with ARP (gateway or destination). */
      nextHop: string;
    }
  | { kind: 'blocked'; route: RouteInfo; type: BlockingRouteType }
  | { kind: 'none' };

const BLOCKING = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);
const LOOKUP_TABLES = new Set(['main', 'default', '254', '253']);

// Whether a route is usable now (its device exists and is administratively up).
function isUsable(snapshot: NamespaceSnapshot, route: RouteInfo): boolean {
  if (route.dev === null) return true;
  const link = findLink(snapshot, route.dev);
  return link === undefined || link.adminUp;
}

// The best route in tables main/default for `dst`, or undefined.
export function longestPrefixMatch(snapshot: NamespaceSnapshot, dst: string): RouteInfo | undefined {
  let best: RouteInfo | undefined;
  let bestLength = -1;
  for (const route of snapshot.routes) {
    if (!LOOKUP_TABLES.has(route.table)) continue;
    if (route.type !== 'unicast' && !BLOCKING.has(route.type)) continue;
    if (!isUsable(snapshot, route) || !prefixContains(route.dst, dst)) continue;
    const length = parsePrefix(route.dst).length;
    const better = length > bestLength || (length === bestLength && (route.metric ?? 0) < (best?.metric ?? 0));
    if (better) {
      best = route;
      bestLength = length;
    }
  }
  return best;
}

// The kernel's answer to `ip route get DST` in one namespace (policy rules other than the defaults ignored).
export function lookupRoute(snapshot: NamespaceSnapshot, dst: string): RouteDecision {
  if (isLocalAddress(snapshot, dst)) return { kind: 'local' };
  const route = longestPrefixMatch(snapshot, dst);
  if (!route) return { kind: 'none' };
  if (BLOCKING.has(route.type)) return { kind: 'blocked', route, type: route.type as BlockingRouteType };
  let dev = route.dev;
  if (dev === null && route.gateway !== null) {
    const viaGateway = longestPrefixMatch(snapshot, route.gateway);
    dev = viaGateway?.gateway === null ? viaGateway.dev : null;
  }
  if (dev === null) return { kind: 'none' };
  return { kind: 'unicast', route, dev, gateway: route.gateway, nextHop: route.gateway ?? dst };
}

// A route as `ip route` prints it, for evidence lines.
export function formatRoute(route: RouteInfo): string {
  const parts: string[] = [];
  if (route.type !== 'unicast') parts.push(route.type);
  parts.push(route.dst);
  if (route.gateway) parts.push('via', route.gateway);
  if (route.dev) parts.push('dev', route.dev);
  if (route.table !== 'main') parts.push('table', route.table);
  if (route.metric !== null && route.metric !== 0) parts.push('metric', String(route.metric));
  if (route.flags.includes('linkdown')) parts.push('linkdown');
  return parts.join(' ');
}

// A lookup's answer in `ip route get` words, for evidence lines.
export function describeDecision(dst: string, decision: RouteDecision): string {
  switch (decision.kind) {
    case 'local':
      return `ip route get ${dst}: local ${dst}`;
    case 'unicast':
      return `ip route get ${dst}: ${dst}${decision.gateway ? ` via ${decision.gateway}` : ''} dev ${decision.dev} (route: ${formatRoute(decision.route)})`;
    case 'blocked':
      return `ip route get ${dst}: ${decision.type} (route: ${formatRoute(decision.route)})`;
    case 'none':
      return `ip route get ${dst}: RTNETLINK answers: Network is unreachable`;
  }
}
