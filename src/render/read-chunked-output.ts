// Output of `read`, written as it is produced: small pieces are joined into chunks of a few hundred KB
// (one write per chunk, not per row) and the writer waits for the stream to drain (back-pressure), so neither
// a giant string nor an unbounded write queue builds up however big the capture is.

/** A buffered writer in front of a stream. */
export interface ChunkedOutput {
  /** Queue `text`; a full chunk is handed to the stream at once (never more than one chunk is held here). */
  write(text: string): void;
  /** Wait while the stream asks to (call between pieces of input: that is what bounds its queue);
   * resolves to 'stop' once the stream is gone (reader quit: `read x.pcap | head`), so input can stop too. */
  waitIfBlocked(): Promise<'stop' | undefined>;
  /** Write whatever is queued, wait until the stream took it, and let go of the stream. */
  finish(): Promise<void>;
}

/** Characters per chunk: big enough to make writes rare, small enough to keep memory flat. */
export const CHUNK_CHARS = 256 * 1024;

/** Buffer writes to `out` in chunks of about `chunkChars` characters. */
export function createChunkedOutput(out: NodeJS.WritableStream, chunkChars: number = CHUNK_CHARS): ChunkedOutput {
  let parts: string[] = [];
  let size = 0;
  let blocked = false; // a write returned false and 'drain' has not come yet
  // the stream failed or closed (EPIPE when the reader quit): nothing more will be taken
  const unwritable = (): boolean => (out as { writable?: boolean }).writable === false;
  let gone = unwritable();
  let wake: (() => void) | null = null;
  const onDrain = (): void => { blocked = false; wake?.(); };
  const onGone = (): void => { gone = true; wake?.(); };
  out.on('drain', onDrain); out.on('error', onGone); out.on('close', onGone);
  const writeQueued = (): void => {
    if (size === 0) return;
    const chunk = parts.join('');
    parts = [];
    size = 0;
    gone ||= unwritable();
    if (!gone && !out.write(chunk)) blocked = true;
  };
  const waitIfBlocked = async (): Promise<'stop' | undefined> => {
    if (blocked && !gone) await new Promise<void>((resolve) => { wake = resolve; });
    wake = null;
    return gone ? 'stop' : undefined;
  };
  return {
    write(text: string): void {
      parts.push(text);
      size += text.length;
      if (size >= chunkChars) writeQueued();
    },
    waitIfBlocked,
    async finish() {
      writeQueued();
      await waitIfBlocked();
      out.off('drain', onDrain); out.off('error', onGone); out.off('close', onGone);
    },
  };
}
