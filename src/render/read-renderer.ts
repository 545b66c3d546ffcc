// The one shape both outputs of `read` (human columns, JSON) share, so the command streams every capture
// through whichever was asked for, as the file is decoded.
import type { CaptureSummary, ObservationSink } from '../capture/pcap-capture-file.js';

/** A capture about to be read: what its name says. */
export interface CaptureStart {
  /** File name shown (as found in a directory, or the argument's base name). */
  file: string;
  namespace: string | null;
  interface: string | null;
}

/** Streaming renderer of `read`: begin → observations → end per capture, then the verdict. */
export interface ReadRenderer {
  /** Start a capture; the returned sink gets its header and observations as they are decoded. */
  beginCapture(capture: CaptureStart): Omit<ObservationSink, 'drain'>;
  /** The capture is read: close it with its counts and error. */
  endCapture(capture: CaptureStart, summary: CaptureSummary): void;
  /** After the last capture: the saved run's verdict (null when none). */
  end(verdict: 'reached' | 'unreachable' | null): void;
}
