// `--save DIR`: one pcap per interface (split from each namespace's `-i any` stream, readable by
// tcpdump/tshark and `nettrace read`) plus evidence.json with the result and the configuration evidence.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TraceResult } from '../model/verdict.js';
import type { PingEvidence } from './run-ping.js';
import { createPcapStreamParser } from '../capture/pcap-reader.js';
import { encodePcapHeader, encodePcapRecord } from '../capture/pcap-writer.js';
import { UsageError } from '../cli/errors.js';
import { LINKTYPE } from '../capture/pcap-format.js';

/** Offset of the interface index inside an SLL2 header. */
const SLL2_IFINDEX_OFFSET = 4;

/** Split one `-i any` SLL2 stream into per-interface pcap files (name → bytes). */
export function splitByInterface(pcap: Buffer, interfaceNames: Record<number, string>): Map<string, Buffer[]> {
  const files = new Map<string, Buffer[]>();
  let linktype = 1;
  let snaplen = 262144;
  const parser = createPcapStreamParser({
    onHeader: (h) => { linktype = h.linktype; snaplen = h.snapLength; },
    onPacket: (p) => {
      const ifindex = linktype === LINKTYPE.linuxSll2 && p.data.length >= 8 ? p.data.readUInt32BE(SLL2_IFINDEX_OFFSET) : -1;
      const name = interfaceNames[ifindex] ?? (ifindex >= 0 ? `if${ifindex}` : 'any');
      let chunks = files.get(name);
      if (!chunks) {
        chunks = [encodePcapHeader({ linktype, snapLength: snaplen })];
        files.set(name, chunks);
      }
      chunks.push(encodePcapRecord({ tsSec: Math.floor(p.tsUs / 1e6), tsFrac: p.tsUs % 1e6, data: Buffer.from(p.data), originalLength: p.originalLength }));
    },
  });
  parser.write(pcap);
  parser.end();
  return files;
}

/** Write the recording of a run into `dir`; returns the number of pcap files written. */
export async function saveRun(dir: string, result: TraceResult, evidence: PingEvidence): Promise<number> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError('trace.badSaveDir', { dir, detail: (error as Error).message });
  }
  let count = 0;
  for (const capture of evidence.captures) {
    for (const [iface, chunks] of splitByInterface(capture.result.pcapBytes, capture.interfaceNames)) {
      if (iface === 'lo') continue; // only the loopback sentinels that ended the capture (drain.ts)
      await writeFile(join(dir, `${capture.namespace}-${iface}.pcap`), Buffer.concat(chunks));
      count += 1;
    }
  }
  const saved = {
    nettrace: 1,
    result,
    plan: evidence.plan,
    probe: evidence.probe,
    mark: evidence.mark.pattern,
    hostNs: evidence.hostNs,
    captures: evidence.captures.map((c) => ({ namespace: c.namespace, interfaceNames: c.interfaceNames, packetsCaptured: c.result.packetsCaptured, packetsDroppedByKernel: c.result.packetsDroppedByKernel, error: c.result.error })),
    traces: evidence.traces,
  };
  await writeFile(join(dir, 'evidence.json'), `${JSON.stringify(saved, null, 2)}\n`);
  return count;
}
