import { escapeControl } from './terminal-text.js';

/** A cell's text, and optionally how to style it once padded (colour must not change the width). */
export type Cell = string | number | { text: string; style?: (text: string) => string };

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/**
 * A plain-text table: header, a dash rule per column, then rows; columns are two spaces apart and
 * padded to their widest cell, so output lines up in any monospace terminal.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  const texts = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...texts.map((row) => (row[i] ?? '').length)));
  const pad = (text: string, i: number) => {
    const width = widths[i] ?? 0;
    return columns[i]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const lines = [
    columns.map((column, i) => pad(column.header, i)).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map((row, r) =>
      columns
        .map((_, i) => {
          const padded = pad(texts[r]?.[i] ?? '', i);
          const cell = row[i];
          return typeof cell === 'object' && cell.style ? styleKeepingPadding(padded, cell.style) : padded;
        })
        .join('  '),
    ),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  // Cells are single-line so columns stay aligned, and terminal-safe (their text comes from the server).
  return escapeControl((typeof cell === 'object' ? cell.text : String(cell)).replace(/\s*\n\s*/g, ' '));
}

/** Styles the text but not the padding around it, so a coloured cell still lines up. */
function styleKeepingPadding(padded: string, style: (text: string) => string): string {
  const match = /^(\s*)(.*?)(\s*)$/s.exec(padded);
  if (!match || match[2] === '') return padded;
  return `${match[1]}${style(match[2] ?? '')}${match[3]}`;
}
