// Test helper: the frames of a recorded pcap fixture (fixtures/pcap), with its link type.
import { readFileSync } from 'node:fs';
import { createPcapStreamParser } from '../../src/capture/pcap-reader.js';

const FIX = new URL('../../fixtures/pcap/', import.meta.url).pathname;

/** Every frame of `fixtures/pcap/<name>` (copied out of the reader's buffer) and the file's link type. */
export function fixtureFrames(name: string): { linktype: number; frames: Buffer[] } {
  const frames: Buffer[] = [];
  let linktype = -1;
  const p = createPcapStreamParser({ onHeader: (h) => { linktype = h.linktype; }, onPacket: (pk) => frames.push(Buffer.from(pk.data)) });
  p.write(readFileSync(FIX + name));
  p.end();
  return { linktype, frames };
}
