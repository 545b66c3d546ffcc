// IPv4 routes of every table of one namespace from `ip -j -4 route show table all`.
import type { NsName, RouteInfo } from '../model/state.js';
import { num, parseIpJsonArray, str, strList } from './ip-json.js';


// Pure: route JSON → RouteInfo[]. iproute2 leaves out the defaults (type unicast, table main,
// protocol boot) and prints host routes without `/32`; they are filled in here.
export function parseRoutes(text: string, ns: NsName): RouteInfo[] {
  return parseIpJsonArray(text, 'ip route').map((r) => ({
    ns,
    dst: normalizeDst(str(r, 'dst') ?? 'default'),
    gateway: str(r, 'gateway'),
    dev: str(r, 'dev'),
    prefsrc: str(r, 'prefsrc'),
    type: str(r, 'type') ?? 'unicast',
    table: str(r, 'table') ?? 'main',
    protocol: str(r, 'protocol') ?? 'boot',
    metric: num(r, 'metric'),
    flags: strList(r, 'flags'),
  }));
}

// `default` stays; `0.0.0.0/0` becomes `default`; a bare address becomes `/32`.
export function normalizeDst(dst: string): string {
  if (dst === 'default' || dst === '0.0.0.0/0') return 'default';
  return dst.includes('/') ? dst : `${dst}/32`;
}
