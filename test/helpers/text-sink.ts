// Test helper: a writable stream that keeps what is written, for renderers and commands given a stream.
import { Writable } from 'node:stream';

/** A stream collecting every chunk as text, and the text so far. */
export function textSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { stream, text: () => chunks.join('') };
}
