// IPv4 neighbour (ARP) entries of one namespace from `ip -j -4 neigh show`.
import type { NeighborInfo, NsName } from '../model/state.js';
import { parseIpJsonArray, str, strList } from './ip-json.js';


// Pure: neighbour JSON → NeighborInfo[] (an entry without lladdr is INCOMPLETE or FAILED).
export function parseNeighbors(text: string, ns: NsName): NeighborInfo[] {
  return parseIpJsonArray(text, 'ip neigh')
    .filter((r) => str(r, 'dst') !== null && str(r, 'dev') !== null)
    .map((r) => ({ ns, dst: str(r, 'dst')!, dev: str(r, 'dev')!, lladdr: str(r, 'lladdr'), state: strList(r, 'state') }));
}
