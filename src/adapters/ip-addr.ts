// IPv4 addresses of one namespace from `ip -j -4 addr show`.
import type { AddressInfo, NsName } from '../model/state.js';
import { run } from '../system/runner.js';
import { num, parseIpJsonArray, str } from './ip-json.js';

// Run `ip -j -4 addr show` in `ns` and parse it.
export async function collectAddresses(ns: NsName): Promise<AddressInfo[]> {
  const result = await run('ip', ['-j', '-4', 'addr', 'show'], { netns: ns });
  return parseAddresses(result.stdout, ns);
}

// Pure: `ip -j -4 addr show` → one AddressInfo per IPv4 address (interfaces without one are skipped).
export function parseAddresses(text: string, ns: NsName): AddressInfo[] {
  const out: AddressInfo[] = [];
  for (const r of parseIpJsonArray(text, 'ip addr')) {
    const dev = str(r, 'ifname');
    const infos = Array.isArray(r.addr_info) ? (r.addr_info as Record<string, unknown>[]) : [];
    for (const info of infos) {
      const address = str(info, 'local');
      const prefixLength = num(info, 'prefixlen');
      if (dev === null || address === null || prefixLength === null) continue;
      if (str(info, 'family') !== null && str(info, 'family') !== 'inet') continue;
      out.push({ ns, dev, address, prefixLength });
    }
  }
  return out;
}
