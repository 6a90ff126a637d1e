/**
 * Issue 16: the exporters are generators of parts, driven in time slices by the app.
 * Their joined parts must be byte for byte what main's synchronous exporters wrote
 * (tests/fixtures/legacy-export, copied from e5605c2), on every hostile case, and the
 * collector must give the event loop turns on a large input (a fake clock: no wall-clock
 * thresholds).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromSessionJson } from '../../src/store/session.ts';
import {
  bibtexParts, csvCell, csvCellParts, csvParts, escapeBibtex, escapeBibtexParts, groupsForExport, groupsTask, inputBytes, inputText,
  jsonExportParts, jsonParts, markdownParts, sha256Hex, toBibtex, toCsv, toJson, toMarkdown, buildProvenance,
} from '../../src/export/index.ts';
import { collectBlob, collectText, runSliced, runSync, SEGMENT, segments, Slicer } from '../../src/util/slice.ts';
import { toCsv as oldCsv } from '../fixtures/legacy-export/csv.ts';
import { toJson as oldJson } from '../fixtures/legacy-export/json.ts';
import { toMarkdown as oldMarkdown } from '../fixtures/legacy-export/markdown.ts';
import { toBibtex as oldBibtex } from '../fixtures/legacy-export/bibtex.ts';
import { groupsForExport as oldGroups } from '../fixtures/legacy-export/groups.ts';
import { sessionCases } from '../fixtures/hostile-cases.ts';
import { layoutOf, paper, PROV } from './helpers.ts';
import type { Paper } from '../../src/types.ts';

/** A fake clock that advances 1 ms per reading, and a pause that only counts. */
function fakeSlicer(budgetMs = 5) {
  let t = 0;
  return new Slicer({ budgetMs, now: () => t++, pause: () => Promise.resolve() });
}

/** Long values with everything that must not be split: quotes, line breaks, ligatures, white-space runs, surrogate pairs. */
function nastyLong(n: number): string {
  const unit = 'graph "quoted", line\r\nbreak -- dash \'\' quote \t\t tab  😀👍🏽 $x$ {b} \\cmd ';
  let s = '';
  while (s.length < n) s += unit;
  return s;
}

describe('sliced exporters write what the synchronous ones wrote', () => {
  // Scale 0.005: the long abstract is 150,000 characters (past SEGMENT, so it is escaped in pieces).
  for (const c of sessionCases(0.005)) {
    it(c.name, async () => {
      const s = fromSessionJson(JSON.parse(JSON.stringify(c.session)));
      const { papers } = s;
      const layout = s.result!.layout;
      const groups = groupsForExport(papers, layout, s.labels);
      expect(groups).toEqual(oldGroups(papers, layout, s.labels));
      expect(await runSliced(groupsTask(papers, layout, s.labels), fakeSlicer())).toEqual(groups);
      const prov = { ...PROV, nPapers: papers.length };
      expect(toCsv(papers, groups, prov)).toBe(oldCsv(papers, groups, prov));
      expect(toJson(papers, groups, prov)).toBe(oldJson(papers, groups, prov));
      expect([...jsonExportParts(papers, groups, prov)].join('')).toBe(oldJson(papers, groups, prov));
      expect(toMarkdown(papers, groups, prov)).toBe(oldMarkdown(papers, groups, prov));
      expect(toBibtex(papers, groups, prov)).toBe(oldBibtex(papers, groups, prov));
      // Through the collector, as the app does.
      const blob = await collectBlob(bibtexParts(papers, groups, prov), 'text/plain', fakeSlicer());
      expect(await blob.text()).toBe(oldBibtex(papers, groups, prov));
    });
  }

  it('long values in every field are escaped in pieces to the same bytes (CSV, JSON, BibTeX, Markdown)', () => {
    const long = nastyLong(3 * SEGMENT + 17);
    const papers: Paper[] = [
      paper(0, { abstract: long, title: long.slice(0, SEGMENT + 5), venue: long, extra: { note: long } }),
      paper(1, { abstract: '  ' + long + '  ', authors: ['=cmd'] }),
      paper(2, { abstract: '=' + long }),
      paper(3, { abstract: ' ' + 'x'.repeat(SEGMENT * 2) }),
      paper(4, { abstract: 'y'.repeat(SEGMENT * 2) + '\n' }),
      paper(5, { abstract: '-'.repeat(SEGMENT * 2 + 1), source: { file: 'in.bib', row: 6, format: 'bibtex' }, extra: { bibtype: 'book', note: "''".repeat(SEGMENT) } }),
    ];
    const layout = layoutOf([0, 0, 1, 1, 2, 2]);
    const groups = groupsForExport(papers, layout, new Map());
    expect(toCsv(papers, groups, PROV)).toBe(oldCsv(papers, groups, PROV));
    expect(toJson(papers, groups, PROV)).toBe(oldJson(papers, groups, PROV));
    expect([...jsonExportParts(papers, groups, PROV)].join('')).toBe(oldJson(papers, groups, PROV));
    expect(toBibtex(papers, groups, PROV)).toBe(oldBibtex(papers, groups, PROV));
    expect(toMarkdown(papers, groups, PROV)).toBe(oldMarkdown(papers, groups, PROV));
    // The long cells really came in pieces.
    expect([...csvParts(papers, groups, PROV)].length).toBeGreaterThan(papers.length + 10);
    expect([...bibtexParts(papers, groups, PROV)].length).toBeGreaterThan(papers.length + 10);
  });

  it('csvCellParts equals csvCell for long cells, wherever quotes, breaks, blanks and surrogates fall', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('a', '"', ',', '\n', '\r', ' ', '\u00a0', '=', '😀', '\ud83d', '-', '@'), { minLength: 1, maxLength: 30 }),
      fc.nat(SEGMENT), fc.constantFrom('a', ' ', '=', '"', '😀'),
      (specks, at, first) => {
        const chars = ('b'.repeat(SEGMENT + 50)).split('');
        specks.forEach((c, k) => { chars[(at + k * 997) % chars.length] = c; });
        const s = first + chars.join('');
        expect([...csvCellParts(s)].join('')).toBe(csvCell(s));
      },
    ), { numRuns: 40 });
  });

  it('escapeBibtexParts equals escapeBibtex (white-space runs, -- and \'\' ligatures, surrogates at the cuts)', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('a', 'b', ' ', '  ', '\t', '\n\n', '-', '--', "'", "''", '😀', '\ud83d', '{', '\\', '_', '`'), { maxLength: 400 }),
      fc.integer({ min: 1, max: 12 }),
      (bits, size) => {
        const text = bits.join('');
        expect([...escapeBibtexParts(text, size)].join('')).toBe(escapeBibtex(text));
      },
    ), { numRuns: 300 });
  });

  it('jsonParts equals JSON.stringify(value, null, 2) for any JSON value, split at any size', () => {
    const str = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u2028', '😀', '\ud83d', '\udc00', 'é', '\u0000'), maxLength: 40 });
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, str, fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
        fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(str, tie('v'), { maxKeys: 5 })),
    })).v;
    fc.assert(fc.property(value, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 8 }), (v, whole, segment) => {
      expect([...jsonParts(v, '', { whole, segment })].join('')).toBe(JSON.stringify(v, null, 2));
    }), { numRuns: 400 });
    expect([...jsonParts({ a: undefined, b: [undefined, () => 1], d: new Date(0) }, '', { whole: 0 })].join(''))
      .toBe(JSON.stringify({ a: undefined, b: [undefined, () => 1], d: new Date(0) }, null, 2));
  });

  it('segments never cut a surrogate pair', () => {
    const s = '😀'.repeat(1000);
    for (const piece of segments(s, 7)) {
      expect(piece.length % 2).toBe(0);
    }
    expect([...segments(s, 7)].join('')).toBe(s);
  });
});

describe('the time-sliced collector', () => {
  const big = () => {
    const papers = Array.from({ length: 3000 }, (_, i) => paper(i));
    const groups = groupsForExport(papers, layoutOf(papers.map((_, i) => i % 7)), new Map());
    return { papers, groups };
  };

  it('gives the event loop turns on a large export, and writes the same file', async () => {
    const { papers, groups } = big();
    const slicer = fakeSlicer(5);
    const blob = await collectBlob(csvParts(papers, groups, PROV), 'text/csv', slicer);
    expect(await blob.text()).toBe(oldCsv(papers, groups, PROV));
    // 3,001 parts, one clock reading each, a turn every 5 readings.
    expect(slicer.pauses).toBeGreaterThan(500);
    const s2 = fakeSlicer(5);
    expect(await collectText(markdownParts(papers, groups, PROV), s2)).toBe(oldMarkdown(papers, groups, PROV));
    expect(s2.pauses).toBeGreaterThan(500);
  });

  it('a 30-million-character-style cell gives turns while it is escaped', async () => {
    const papers = [paper(0, { abstract: nastyLong(40 * SEGMENT) })];
    const groups = groupsForExport(papers, layoutOf([0]), new Map());
    const slicer = fakeSlicer(3);
    const blob = await collectBlob(csvParts(papers, groups, PROV), 'text/csv', slicer);
    expect(await blob.text()).toBe(oldCsv(papers, groups, PROV));
    expect(slicer.pauses).toBeGreaterThan(20);
  });

  it('stops at the next checkpoint when aborted', async () => {
    const { papers, groups } = big();
    const ac = new AbortController();
    let t = 0;
    const slicer = new Slicer({ budgetMs: 5, now: () => t++, signal: ac.signal, pause: async () => ac.abort() });
    await expect(collectBlob(csvParts(papers, groups, PROV), 'text/csv', slicer)).rejects.toThrow(/abort/i);
    expect(slicer.pauses).toBe(1);
  });

  it('the input hash is encoded in steps and equals the hash of inputText', async () => {
    const papers = [paper(0, { abstract: nastyLong(5 * SEGMENT) }), ...Array.from({ length: 50 }, (_, i) => paper(i + 1, { title: `T ${i} 😀` }))];
    const bytes = runSync(inputBytes(papers));
    expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(inputText(papers))))).toBe(true);
    let steps = 0;
    const task = inputBytes(papers);
    while (!task.next().done) steps++;
    expect(steps).toBeGreaterThan(0);
    const info = { backend: 'cpu' as const, model: 'm', settings: PROV.settings, timings: {}, nPapers: papers.length, nEmbedded: 0, nCached: 0, notices: [] };
    const prov = await buildProvenance(papers, info, { slice: { pause: () => Promise.resolve() } });
    expect(prov.inputHash).toBe(await sha256Hex(inputText(papers)));
  });
});
