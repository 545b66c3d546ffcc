// Output of `read`, written as it is produced: each small piece is encoded at once into a 256 KiB byte
// buffer (one write per full buffer, not per row) and the writer waits for the stream to drain
// (back-pressure), so neither a giant string nor an unbounded write queue builds up however big the capture
// is. Encoding at once (rather than keeping the row strings until a chunk is full) lets every row die young:
// strings held across garbage collections were promoted and grew the process with the file's size.

/** A buffered writer in front of a stream. */
export interface ChunkedOutput {
  /** Queue `text` (encoded as UTF-8 now); a full chunk is handed to the stream at once (never more than one chunk is held here). */
  write(text: string): void;
  /** Wait while the stream asks to (call between pieces of input: that is what bounds its queue);
   * resolves to 'stop' once the stream is gone (reader quit: `read x.pcap | head`), so input can stop too. */
  waitIfBlocked(): Promise<'stop' | undefined>;
  /** Write whatever is queued, wait until the stream took it, and let go of the stream. */
  finish(): Promise<void>;
}

/** Bytes per chunk: big enough to make writes rare, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;

/** Buffer writes to `out` in chunks of at most `chunkBytes` bytes (a piece too big for one is written alone). */
export function createChunkedOutput(out: NodeJS.WritableStream, chunkBytes: number = CHUNK_BYTES): ChunkedOutput {
  let buffer: Buffer | null = null;
  let size = 0;
  // Buffers to fill again. Only a stream writing to a file descriptor (stdout, a file) is done with a chunk when it
  // calls back; any other may keep it (a PassThrough hands it on), so it gets a fresh buffer per chunk.
  const reusable = typeof (out as { fd?: unknown }).fd === 'number';
  const spare: Buffer[] = [];
  let blocked = false; // a write returned false and 'drain' has not come yet
  // the stream failed or closed (EPIPE when the reader quit): nothing more will be taken
  const unwritable = (): boolean => (out as { writable?: boolean }).writable === false;
  let gone = unwritable();
  let wake: (() => void) | null = null;
  const onDrain = (): void => { blocked = false; wake?.(); };
  const onGone = (): void => { gone = true; wake?.(); };
  out.on('drain', onDrain); out.on('error', onGone); out.on('close', onGone);
  const send = (chunk: Buffer | string): void => {
    gone ||= unwritable();
    if (!gone && !out.write(chunk)) blocked = true;
  };
  const writeQueued = (): void => {
    if (buffer === null || size === 0) return;
    const full = buffer;
    const chunk = full.subarray(0, size);
    buffer = null;
    size = 0;
    gone ||= unwritable();
    if (gone) return;
    const ok = reusable ? out.write(chunk, () => { if (spare.length < 2) spare.push(full); }) : out.write(chunk);
    if (!ok) blocked = true;
  };
  const waitIfBlocked = async (): Promise<'stop' | undefined> => {
    if (blocked && !gone) await new Promise<void>((resolve) => { wake = resolve; });
    wake = null;
    return gone ? 'stop' : undefined;
  };
  return {
    write(text: string): void {
      // a UTF-8 character takes at most 3 bytes per UTF-16 unit: what may not fit goes in the next chunk
      const most = text.length * 3;
      if (size + most > chunkBytes) writeQueued();
      if (most > chunkBytes) { if (text.length > 0) send(text); return; }
      buffer ??= spare.pop() ?? Buffer.allocUnsafe(chunkBytes);
      size += buffer.write(text, size);
    },
    waitIfBlocked,
    async finish() {
      writeQueued();
      await waitIfBlocked();
      out.off('drain', onDrain); out.off('error', onGone); out.off('close', onGone);
    },
  };
}
