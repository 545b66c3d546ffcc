// Terminal column width of text (Hangul and other wide characters take two columns), to align the path diagram.

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f)
    || (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f)
    || (code >= 0xac00 && code <= 0xd7a3)
    || (code >= 0xf900 && code <= 0xfaff)
    || (code >= 0xfe30 && code <= 0xfe4f)
    || (code >= 0xff00 && code <= 0xff60)
    || (code >= 0xffe0 && code <= 0xffe6)
    || (code >= 0x20000 && code <= 0x3fffd);
}

function isZeroWidth(code: number): boolean {
  return (code >= 0x0300 && code <= 0x036f) || (code >= 0x200b && code <= 0x200f) || code === 0xfeff;
}

// Columns `text` occupies in a terminal (ANSI codes count zero).
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(/\u001b\[[0-9;]*m/g, '')) {
    const code = char.codePointAt(0) ?? 0;
    if (isZeroWidth(code)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

// Pad `text` on the right with `fill` up to `width` columns.
export function padToWidth(text: string, width: number, fill: string = ' '): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + fill.repeat(missing) : text;
}
