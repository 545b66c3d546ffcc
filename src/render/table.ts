// One way to draw a table for every human report: cli-table3 with catalog headings, colour only when allowed.
import Table from 'cli-table3';
import { context } from '../system/context.js';

/** A table ready to render: its headings and rows of plain text cells. */
export interface TableSpec {
  /** Column headings, already translated. */
  head: string[];
  /** Rows; each cell is text (multi-line allowed) or a number. */
  rows: (string | number)[][];
}

// Draw `spec` as text (coloured headings only when colour is allowed).
export function renderTable(spec: TableSpec, color: boolean = context.color): string {
  const table = new Table({
    head: spec.head,
    style: color ? { head: ['cyan'], compact: true } : { head: [], border: [], compact: true },
  });
  for (const row of spec.rows) table.push(row.map((cell) => String(cell)));
  return table.toString();
}

// A heading line above a table (underlined for readability in plain terminals).
export function renderSection(title: string, body: string): string {
  return `${title}\n${body}\n`;
}
