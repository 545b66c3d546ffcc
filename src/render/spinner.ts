// A progress line on stderr while captures run, only for a person watching a terminal (silent in pipes, logs and tests).

/** A stream that may be a terminal. */
export type MaybeTty = NodeJS.WritableStream & { isTTY?: boolean };

/** Handle of a progress line. */
export interface Progress {
  /** Replace the text shown after the spinner. */
  update(text: string): void;
  /** Stop and erase the line (idempotent). */
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const CLEAR_LINE = '\r\u001b[2K';

// Start a progress line on `stream` when it is a TTY; otherwise a handle that writes nothing.
export function createProgress(stream: MaybeTty): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, done: () => undefined };
  let text = '';
  let frame = 0;
  let finished = false;
  const draw = () => { stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length]} ${text}`); };
  const timer = setInterval(() => { frame += 1; draw(); }, FRAME_MS);
  timer.unref();
  return {
    update(next: string) {
      if (finished) return;
      text = next;
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}
