// Arms captures on every hop at once: a probe may only be sent when ALL of them listen,
// and a set that cannot be armed whole leaves no tcpdump behind.
import { performance } from 'node:perf_hooks';
import { startCapture, type Capture, type CaptureResult, type CaptureSpec } from './tcpdump-capture.js';

/** Captures that are all armed. */
export interface CaptureSet {
  /** The captures, in the order of the specs. */
  captures: Capture[];
  /** Time from the first spawn until the last capture was armed, in ms. */
  armedMs: number;
  /** Stop every capture (in parallel) and return their results in the same order. */
  stopAll(): Promise<CaptureResult[]>;
}

// Start all captures in parallel; resolve when every one is armed, or stop them all and rethrow the first failure.
export async function startCaptures(specs: readonly CaptureSpec[]): Promise<CaptureSet> {
  const started = performance.now();
  const captures = specs.map((spec) => startCapture(spec));
  const stopAll = () => Promise.all(captures.map((c) => c.stop()));
  try {
    await Promise.all(captures.map((c) => c.armed)); // rejects at the first failure, without waiting for the rest
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { captures, armedMs: performance.now() - started, stopAll };
}
