/**
 * Issue 16, defect 7: a cell starting with a space, no-break space or zero-width space
 * before `=`/`@` was not prefixed. Decision: it is (see FORMULA_START in src/export/csv.ts).
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvCell } from '../../src/export/index.ts';

/** The cell as a spreadsheet gets it: unquoted by a CSV parser. */
const read = (cell: string) => (Papa.parse<string[]>(cell).data[0] ?? [''])[0];

describe('CSV formula guard after leading blanks and invisible characters', () => {
  const blanks = [' ', '  ', '\u00a0', '\u200b', '\u200b\u00a0 ', '\ufeff', '\u2060', '\u200e', '\u202e', '\u3000', '\u00ad'];
  for (const b of blanks) {
    for (const t of ['=', '+', '-', '@']) {
      it(`prefixes ${JSON.stringify(b + t)}… with ' and keeps the rest`, () => {
        const v = `${b}${t}HYPERLINK("http://x","y")`;
        expect(read(csvCell(v))).toBe("'" + v);
      });
    }
  }

  it('prefixes full-width triggers (＝ ＋ － ＠)', () => {
    for (const v of ['＝1+1', ' ＠SUM(A1)', '－2', '＋3']) expect(read(csvCell(v))).toBe("'" + v);
  });

  it('leaves text whose first visible character is not a trigger, and numbers', () => {
    for (const v of [' a = b', '\u00a0x@y', 'e-mail', 'A+B', '']) expect(read(csvCell(v))).toBe(v);
    expect(csvCell(-3)).toBe('-3');
  });
});
