import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildTermMatrix, type TfidfOptions } from '../../src/pipeline/tfidf.ts';
import { extractTerms } from '../../src/pipeline/terms.ts';
import { parseListing } from '../../src/ingest/index.ts';
import { haveSharedData, sharedData } from '../shared-data.ts';

const SAMPLE = 'arxiv-sample-993.jsonl';

/** Title + abstract of the labelled sample (shared data), as the pipeline embeds them ("Title. Abstract"). */
function sampleTexts(n: number): string[] {
  const lines = readFileSync(sharedData(SAMPLE), 'utf8').split('\n').filter(Boolean);
  return lines.slice(0, n).map((l) => {
    const r = JSON.parse(l) as { title?: string; abstract?: string };
    return `${r.title ?? ''}. ${r.abstract ?? ''}`;
  });
}

/** The 68 real abstracts of the demo listing shipped with the app (no shared data needed). */
function demoTexts(): string[] {
  const text = readFileSync(new URL('../../public/samples/hf-daily-papers-listing.txt', import.meta.url), 'utf8');
  return parseListing(text, 'demo').papers.map((p) => `${p.title}. ${p.abstract}`);
}

/** The definition, written plainly: every term of every document counted in string-keyed maps. */
function reference(texts: string[], opts: TfidfOptions = {}) {
  const n = texts.length;
  const minDf = opts.minDf ?? (n < 20 ? 1 : 2);
  const maxDf = opts.maxDf ?? (n < 20 ? 1 : 0.5);
  const tw = opts.titleWeight ?? 1;
  const docs = texts.map((t) => extractTerms(t));
  const df = new Map<string, number>();
  for (const d of docs) for (const k of new Set(d.map((t) => t.key))) df.set(k, (df.get(k) ?? 0) + 1);
  const keys = [...df].filter(([, c]) => c >= minDf && (c <= Math.max(1, Math.floor(maxDf * n)) || maxDf >= 1)).map(([k]) => k);
  const col = new Map(keys.map((k, c) => [k, c]));
  const forms = keys.map(() => new Map<string, number>());
  const rows = docs.map((d, i) => {
    const row = new Map<number, number>();
    for (const t of d) {
      const c = col.get(t.key);
      if (c === undefined) continue;
      row.set(c, (row.get(c) ?? 0) + 1);
      forms[c].set(t.surface, (forms[c].get(t.surface) ?? 0) + 1);
    }
    if (tw > 1) {
      const cut = texts[i].indexOf('. ');
      for (const t of extractTerms(texts[i].slice(0, cut < 0 ? undefined : cut))) {
        const c = col.get(t.key);
        if (c !== undefined) row.set(c, (row.get(c) ?? 0) + tw - 1);
      }
    }
    return [...row].sort((a, b) => a[0] - b[0]);
  });
  const surface = forms.map((m) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
  return { keys, surface, rows };
}

const CORPORA: { name: string; texts: () => string[]; have: boolean }[] = [
  { name: 'the 68-paper demo listing', texts: demoTexts, have: true },
  { name: '400 abstracts of the arXiv sample', texts: () => sampleTexts(400), have: haveSharedData(SAMPLE, 'buildTermMatrix on the arXiv sample') },
];

describe('buildTermMatrix', () => {
  for (const corpus of CORPORA) for (const opts of [{}, { titleWeight: 3 }, { minDf: 3, maxDf: 0.1 }] as TfidfOptions[]) {
    it.skipIf(!corpus.have)(`counts exactly the terms, columns, counts and surface forms of the plain definition on ${corpus.name} (${JSON.stringify(opts)})`, () => {
      const texts = corpus.texts();
      const tm = buildTermMatrix(texts, opts);
      const ref = reference(texts, opts);
      expect(tm.keys).toEqual(ref.keys);
      expect(tm.surface).toEqual(ref.surface);
      for (let i = 0; i < texts.length; i++) {
        const got: [number, number][] = [];
        for (let p = tm.counts.indptr[i]; p < tm.counts.indptr[i + 1]; p++) got.push([tm.counts.indices[p], tm.counts.values[p]]);
        expect(got).toEqual(ref.rows[i]);
      }
      for (let c = 0; c < tm.keys.length; c++) expect(tm.nWords[c]).toBe(tm.keys[c].split(' ').length);
    });
  }

  it('keeps every term below 20 documents (min_df 1) and weights rows to unit length', () => {
    const few = demoTexts().slice(0, 12);
    const tm = buildTermMatrix(few);
    expect(tm.keys).toEqual(reference(few).keys);
    for (let i = 0; i < few.length; i++) {
      let ss = 0;
      for (let p = tm.tfidf.indptr[i]; p < tm.tfidf.indptr[i + 1]; p++) ss += tm.tfidf.values[p] ** 2;
      expect(ss).toBeCloseTo(1, 5);
    }
  });

  it('drops terms seen in one document and terms in more than max_df of them', () => {
    const t = ['alpha beta gamma.', 'alpha beta delta.', 'alpha epsilon.', ...Array.from({ length: 20 }, (_, i) => `filler${i} words${i}.`)];
    const keys = buildTermMatrix(t, { maxDf: 0.1 }).keys;
    expect(keys).toContain('beta');
    expect(keys).not.toContain('gamma');
    expect(keys).toContain('alpha beta');
    expect(buildTermMatrix(t, { maxDf: 0.1 }).df[keys.indexOf('beta')]).toBe(2);
    expect(buildTermMatrix(t, { maxDf: 2 / 23 }).keys).not.toContain('alpha');
  });
});
