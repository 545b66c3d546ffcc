// Links of one namespace from `ip -j -d link show`: kind, up/carrier, bridge master and veth peer.
import type { LinkInfo, NsName, PeerRef } from '../model/state.js';
import { num, parseIpJsonArray, str, strList } from './ip-json.js';

/** Link kinds whose `link_index` names a peer device (the other end of a pair), not a lower device. */
const pairedKinds = new Set(['veth', 'netkit', 'vxcan']);


// Pure: `ip -j -d link show` output → LinkInfo[] (peers in other namespaces keep only ifindex + netnsid).
export function parseLinks(text: string, ns: NsName): LinkInfo[] {
  const records = parseIpJsonArray(text, 'ip link');
  const indexByName = new Map<string, number>();
  const nameByIndex = new Map<number, string>();
  for (const r of records) {
    const name = str(r, 'ifname');
    const index = num(r, 'ifindex');
    if (name !== null && index !== null) {
      indexByName.set(name, index);
      nameByIndex.set(index, name);
    }
  }
  return records.map((r) => toLink(r, ns, indexByName, nameByIndex));
}

function toLink(r: Record<string, unknown>, ns: NsName, indexByName: Map<string, number>, nameByIndex: Map<number, string>): LinkInfo {
  const flags = strList(r, 'flags');
  const linkinfo = (r.linkinfo ?? {}) as Record<string, unknown>;
  const infoData = (linkinfo.info_data ?? {}) as Record<string, unknown>;
  const linkType = str(r, 'link_type');
  const kind = str(linkinfo, 'info_kind') ?? (linkType === 'loopback' ? 'loopback' : 'device');
  const link: LinkInfo = {
    ns,
    ifindex: num(r, 'ifindex') ?? -1,
    name: str(r, 'ifname') ?? '',
    kind,
    operState: str(r, 'operstate') ?? 'UNKNOWN',
    adminUp: flags.includes('UP'),
    lowerUp: flags.includes('LOWER_UP'),
    mtu: num(r, 'mtu') ?? 0,
    mac: str(r, 'address'),
    master: str(r, 'master'),
    peer: pairedKinds.has(kind) ? peerOf(r, ns, indexByName, nameByIndex) : null,
  };
  const stpState = num(infoData, 'stp_state');
  if (kind === 'bridge' && stpState !== null) link.stp = stpState !== 0;
  return link;
}

// `link_index` + `link_netnsid` point into another namespace; a bare `link` (a name) or a
// `link_index` without netnsid means the peer lives in this same namespace.
function peerOf(r: Record<string, unknown>, ns: NsName, indexByName: Map<string, number>, nameByIndex: Map<number, string>): PeerRef | null {
  const netnsid = num(r, 'link_netnsid');
  const linkIndex = num(r, 'link_index');
  if (linkIndex !== null && netnsid !== null) return { ifindex: linkIndex, netnsid };
  if (linkIndex !== null) {
    const name = nameByIndex.get(linkIndex);
    return name === undefined ? { ifindex: linkIndex, netnsid: null } : { ifindex: linkIndex, netnsid: null, ns, name };
  }
  const linkName = str(r, 'link');
  if (linkName !== null) {
    const index = indexByName.get(linkName);
    if (index !== undefined) return { ifindex: index, netnsid: null, ns, name: linkName };
  }
  return null;
}
