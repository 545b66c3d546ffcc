// `read --json` (CONTRACT.md): the captures with their observations, and the saved run's verdict.
import type { CaptureReadout } from '../capture/pcap-capture-file.js';
import type { Observation } from '../model/observation.js';
import { readErrorMessage } from './read-messages.js';

/** One capture as printed by `read --json`. */
export interface ReadCaptureJson {
  /** File name (as found in a directory, or the argument's base name). */
  file: string;
  namespace: string | null;
  interface: string | null;
  linktype: number | null;
  packets: number;
  observations: Observation[];
  /** Why the file could not be read completely, null when it was (English, like all JSON). */
  error: { kind: string; message: string } | null;
}

/** The whole `read --json` document. */
export interface ReadJson {
  captures: ReadCaptureJson[];
  verdict: 'reached' | 'unreachable' | null;
}

/** A readout plus the file name shown for it. */
export interface NamedReadout {
  file: string;
  readout: CaptureReadout;
}

/** Build the JSON document (same in every language). */
export function buildReadJson(readouts: readonly NamedReadout[], verdict: ReadJson['verdict']): ReadJson {
  return {
    captures: readouts.map(({ file, readout }) => ({
      file,
      namespace: readout.namespace,
      interface: readout.interface,
      linktype: readout.linktype,
      packets: readout.packets,
      observations: readout.observations,
      error: readout.error === null ? null
        : { kind: readout.error.kind, message: readErrorMessage(file, readout, 'en') },
    })),
    verdict,
  };
}

/** Write the JSON document to `out`. */
export function renderReadJson(doc: ReadJson, out: NodeJS.WritableStream): void {
  out.write(`${JSON.stringify(doc, null, 2)}\n`);
}

