import { describe, expect, it } from 'vitest';
import { palette } from './colour.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('pads columns to their widest cell, right-aligns numbers, and rules the header', () => {
    const table = renderTable(
      [{ header: 'ID', align: 'right' }, { header: 'Script' }, { header: 'State' }],
      [
        [1, 'file:///a.js', 'READY'],
        [12, 'file:///long/b.js', 'COMPLETE'],
      ],
    );
    expect(table).toBe(
      [
        'ID  Script             State',
        '--  -----------------  --------',
        ' 1  file:///a.js       READY',
        '12  file:///long/b.js  COMPLETE',
      ].join('\n'),
    );
  });

  it('keeps alignment when cells are coloured', () => {
    const colours = palette(true);
    const table = renderTable([{ header: 'State' }, { header: 'X' }], [[{ text: 'OK', style: (text: string) => colours.green(text) }, 'y']]);
    const row = table.split('\n')[2]!;
    expect(row).toBe(`${colours.green('OK')}     y`);
    // without escapes the row lines up with the header
    expect(stripAnsi(row).indexOf('y')).toBe(table.split('\n')[0]!.indexOf('X'));
  });

  it('flattens line breaks inside cells', () => {
    expect(renderTable([{ header: 'A' }], [['x\n  y']]).split('\n')[2]).toBe('x y');
  });
});

function stripAnsi(text: string): string {
  return text.replaceAll(`${String.fromCharCode(27)}[32m`, '').replaceAll(`${String.fromCharCode(27)}[39m`, '');
}
