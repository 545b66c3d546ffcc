// Summaries of repeated measurements: the machine is shared and noisy, so every figure is a median with
// its spread (min, quartiles, max) and ratios are medians of runs measured side by side, interleaved.

/** Median and spread of one series of samples. */
export interface Summary {
  /** How many samples. */
  n: number;
  /** Middle value. */
  median: number;
  /** Smallest sample. */
  min: number;
  /** Largest sample. */
  max: number;
  /** First quartile. */
  p25: number;
  /** Third quartile. */
  p75: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

// Median and spread of `samples` (NaN fields when there are none).
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75) };
}

// Ratio of two medians, rounded for the table.
export function ratio(a: Summary, b: Summary): number {
  return round(a.median / b.median, 2);
}

// Round to `digits` decimals (tables and JSON stay readable).
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// "median (min–max)" in the unit given, for the markdown table.
export function formatSummary(s: Summary, unit: string, digits = 0): string {
  if (s.n === 0) return 'n/a';
  return `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)}, n=${s.n})`;
}
