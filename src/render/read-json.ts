// `read --json` (CONTRACT.md), streamed: the document is written as the captures are decoded (each
// observation as it comes), so memory does not grow with the number of observations. The keys of a capture
// come in the order they are known: file, namespace, interface, linktype, observations, packets, error.
import type { CaptureReadout, CaptureSummary } from '../capture/pcap-capture-file.js';
import type { Observation } from '../model/observation.js';
import type { ChunkedOutput } from './read-chunked-output.js';
import { readErrorMessage } from './read-messages.js';
import type { CaptureStart, ReadRenderer } from './read-renderer.js';

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

function errorJson(file: string, summary: CaptureSummary): ReadCaptureJson['error'] {
  return summary.error === null ? null
    : { kind: summary.error.kind, message: readErrorMessage(file, summary, 'en') };
}

/** Build the JSON document in memory (the content the streamed one must parse to; used by tests). */
export function buildReadJson(readouts: readonly NamedReadout[], verdict: ReadJson['verdict']): ReadJson {
  return {
    captures: readouts.map(({ file, readout }) => ({
      file,
      namespace: readout.namespace,
      interface: readout.interface,
      linktype: readout.linktype,
      packets: readout.packets,
      observations: readout.observations,
      error: errorJson(file, readout),
    })),
    verdict,
  };
}

// Indentation of JSON.stringify(doc, null, 2) at each depth the stream writes.
const CAPTURE = '    ';
const FIELD = '      ';
const OBSERVATION = '        ';

/** Write the `read --json` document to `out` piece by piece (same content as buildReadJson). */
export function createReadJsonRenderer(out: ChunkedOutput): ReadRenderer {
  let captures = 0;
  let observations = 0; // of the current capture
  let opened = false; // the current capture's head (up to `"observations": [`) is written
  let linktype: number | null = null;
  const openCapture = (capture: CaptureStart): void => {
    if (opened) return;
    opened = true;
    out.write(`${captures === 0 ? '{\n  "captures": [\n' : ',\n'}${CAPTURE}{\n`
      + `${FIELD}"file": ${JSON.stringify(capture.file)},\n`
      + `${FIELD}"namespace": ${JSON.stringify(capture.namespace)},\n`
      + `${FIELD}"interface": ${JSON.stringify(capture.interface)},\n`
      + `${FIELD}"linktype": ${JSON.stringify(linktype)},\n`
      + `${FIELD}"observations": [`);
    captures += 1;
  };
  return {
    beginCapture(capture) {
      opened = false;
      observations = 0;
      linktype = null;
      return {
        onHeader: (type) => { linktype = type; },
        onObservation: (obs) => {
          openCapture(capture);
          const text = JSON.stringify(obs, null, 2).replaceAll('\n', `\n${OBSERVATION}`);
          out.write(`${observations === 0 ? '\n' : ',\n'}${OBSERVATION}${text}`);
          observations += 1;
        },
      };
    },
    endCapture(capture, summary) {
      linktype = summary.linktype;
      openCapture(capture);
      out.write(`${observations === 0 ? ']' : `\n${FIELD}]`},\n`
        + `${FIELD}"packets": ${summary.packets},\n`
        + `${FIELD}"error": ${JSON.stringify(errorJson(capture.file, summary), null, 2).replaceAll('\n', `\n${FIELD}`)}\n`
        + `${CAPTURE}}`);
    },
    end(verdict) {
      out.write(`${captures === 0 ? '{\n  "captures": []' : '\n  ]'},\n  "verdict": ${JSON.stringify(verdict)}\n}\n`);
    },
  };
}
