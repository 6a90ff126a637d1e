/**
 * Dates in the real-world exports of ../shared (59 files, ~12,600 records, every format):
 * every paper that carries a year, an arXiv id or a date field gets a date, in its year.
 * A scale test (about 30 s here): `npm run test:scale`.
 */
import { expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithData, sharedData } from '../shared-data.ts';
import { ingestText } from '../../src/ingest/index.ts';
import { arxivIdDate } from '../../src/ingest/dates.ts';

const REAL = sharedData('realworld-exports');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(bib|ris|csv|tsv|json|jsonl|txt)$/i.test(f) ? [p] : [];
  });
}

describeWithData('realworld-exports', 'dates in the real-world exports', () => {
  it('every paper with a year, an arXiv id or a date field gets a date that agrees with its year', () => {
    let withDate = 0, total = 0;
    for (const file of filesUnder(REAL)) {
      const bytes = readFileSync(file);
      const text = bytes[0] === 0xff || bytes[0] === 0xfe ? bytes.toString('utf16le') : bytes.toString('utf8');
      for (const p of ingestText(text, file).papers) {
        total++;
        const hasOne = p.year !== undefined || arxivIdDate(p.arxivId ?? p.url) !== null ||
          Object.entries(p.extra ?? {}).some(([k, v]) => /^(date|published|publication ?date|issued|DA|PY|Y1)$/i.test(k) && /\b[12]\d{3}\b/.test(v));
        if (!hasOne) continue;
        expect(p.date, `${file}: ${p.title.slice(0, 60)}`).toBeDefined();
        if (p.year !== undefined && p.date && !p.arxivId) expect(Number(p.date.iso.slice(0, 4))).toBe(p.year);
        withDate++;
      }
    }
    // eslint-disable-next-line no-console -- the figure the test reports
    console.log(`[dates] real-world exports: ${withDate} of ${total} papers carry a date, all of them found`);
    expect(withDate).toBeGreaterThan(1000);
  }, 300_000);
});
