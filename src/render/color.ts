// ANSI colours for human reports, applied only when the caller allows colour (never in JSON or pipes).

/** A colouring function: returns `text` wrapped in codes, or unchanged when colour is off. */
export type Paint = (text: string) => string;

function wrap(open: number, close: number, enabled: boolean): Paint {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** The palette a renderer uses; every function is the identity when colour is off. */
export interface Palette {
  /** Good news (a ✓ mark). */
  green: Paint;
  /** Bad news (a ✗ mark, a drop). */
  red: Paint;
  /** Not relevant (a · mark). */
  dim: Paint;
  /** Emphasis (verdict, headings). */
  bold: Paint;
}

// One switch for every colour of a report, so "no colour" cannot leak a single code.
export function createPalette(enabled: boolean): Palette {
  return {
    green: wrap(32, 39, enabled),
    red: wrap(31, 39, enabled),
    dim: wrap(2, 22, enabled),
    bold: wrap(1, 22, enabled),
  };
}
