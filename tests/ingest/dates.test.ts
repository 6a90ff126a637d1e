/**
 * Dates from what the input carries (issue 15): every format's fixture gets the date its
 * records hold, at the precision they hold it; the shapes of date fields real exports use.
 */
import { describe, expect, it } from 'vitest';
import { ingestText } from '../../src/ingest/index.ts';
import { applyDates, arxivIdDate, dateOf, parseDateText, summariseDates } from '../../src/ingest/dates.ts';
import { dayHeader } from '../../src/ingest/listing.ts';
import type { Paper } from '../../src/types.ts';
import { fixtureText } from './fixture.ts';

const NOW = new Date(Date.UTC(2026, 10, 30));
const iso = (s: string, opts = {}) => parseDateText(s, opts)?.iso ?? null;

describe('parseDateText', () => {
  it.each([
    ['2021-03-04', '2021-03-04'], ['2021-03-04T10:22:00Z', '2021-03-04'], ['2021/03/04/', '2021-03-04'], ['2021/03//', '2021-03'],
    ['2021///', '2021'], ['2021.03.04', '2021-03-04'], ['2021-03', '2021-03'], ['20210304', '2021-03-04'], ['2021', '2021'],
    ['2021 Mar 4', '2021-03-04'], ['2021 Mar', '2021-03'], ['2021 Mar-Apr', '2021-03'], ['2021 Spring', '2021'],
    ['12 March 2024', '2024-03-12'], ['Tue, 12 Mar 2024 10:00:00 GMT', '2024-03-12'], ['12 March, 2024', '2024-03-12'],
    ['March 12, 2024', '2024-03-12'], ['March 2024', '2024-03'], ['Sept. 3rd, 2019', '2019-09-03'],
    ['{"date-parts": [[2021, 3, 4]]}', '2021-03-04'], ['{"date-parts":[[2019]]}', '2019'],
    ['25/12/2020', '2020-12-25'], ['12/25/2020', '2020-12-25'], ['03/04/2020', '2020'],
    ['published online 2018', '2018'],
  ])('%s → %s', (text, want) => expect(iso(text)).toBe(want));

  it('rejects what is not a date, and impossible days', () => {
    for (const s of ['', 'n/a', 'in press', '2021-02-30', '2021-13']) {
      const d = parseDateText(s);
      expect(d === null || d.precision === 'year').toBe(true);
    }
    expect(iso('2021-02-30')).toBe('2021');
    expect(iso('Mar 12')).toBeNull(); // no year, no `now`, no paper year
  });

  it('completes a day or month without a year from the paper year, or from today (latest such day not in the future)', () => {
    expect(iso('MAR 15', { year: 2019 })).toBe('2019-03-15');
    expect(iso('mar', { year: 2019 })).toBe('2019-03');
    expect(iso('Mar 12', { now: NOW })).toBe('2026-03-12');
    expect(iso('Dec 24', { now: NOW })).toBe('2025-12-24');
    expect(iso('Tuesday, March 12', { now: NOW })).toBe('2026-03-12');
  });
});

describe('arxivIdDate', () => {
  it.each([
    ['2403.01234', '2024-03'], ['2403.01234v2', '2024-03'], ['0704.0001', '2007-04'], ['arXiv:1912.00001', '2019-12'],
    ['https://arxiv.org/abs/2506.07713v1', '2025-06'], ['https://arxiv.org/pdf/2506.07713.pdf', '2025-06'],
    ['hep-th/9901001', '1999-01'], ['math.GT/0309136', '2003-09'], ['https://arxiv.org/abs/cond-mat/0102536', '2001-02'],
    ['10.48550/arXiv.2310.01234', '2023-10'],
  ])('%s → %s', (id, want) => expect(arxivIdDate(id)?.iso).toBe(want));

  it('is null for what only looks like an id', () => {
    for (const s of ['2413.00001', '0612.0001', '10.1234/5678', 'https://example.org/2403.01234', 'hep-th/0801001']) expect(arxivIdDate(s)).toBeNull();
  });
});

describe('dateOf', () => {
  const paper = (over: Partial<Paper>): Paper => ({ id: 'x', title: 't', abstract: '', authors: [], source: { file: 'f', row: 1, format: 'csv' }, ...over });
  it('prefers a finer date field, then the arXiv month, then the year', () => {
    expect(dateOf(paper({ year: 2021, extra: { Date: '2021-03-04' }, arxivId: '2102.00001' }))?.iso).toBe('2021-03-04');
    expect(dateOf(paper({ year: 2021, arxivId: '2102.00001' }))?.iso).toBe('2021-02');
    expect(dateOf(paper({ year: 2021 }))?.iso).toBe('2021');
    expect(dateOf(paper({ year: 2021, extra: { month: 'jul' } }))?.iso).toBe('2021-07');
    expect(dateOf(paper({ year: 2019, extra: { PD: 'MAR 15' } }))?.iso).toBe('2019-03-15');
    expect(dateOf(paper({ url: 'https://arxiv.org/abs/hep-th/9901001' }))?.iso).toBe('1999-01');
    expect(dateOf(paper({}))).toBeNull();
  });
  it('does not take an arXiv month that contradicts the year by more than a year', () => {
    expect(dateOf(paper({ year: 2015, arxivId: '2401.00001' }))?.iso).toBe('2015');
  });
  it('reads only date-named fields, not "date added"', () => {
    expect(dateOf(paper({ extra: { 'Date Added': '2024-01-02' } }))).toBeNull();
  });
  it('applyDates sets and counts; summariseDates agrees', () => {
    const ps = [paper({ year: 2020 }), paper({ arxivId: '2401.00001' }), paper({ extra: { published: '2024-05-06' } }), paper({})];
    const s = applyDates(ps, NOW);
    expect(s).toEqual({ day: 1, month: 1, year: 1, none: 1 });
    expect(summariseDates(ps)).toEqual(s);
  });
});

describe('listing day headers', () => {
  it('recognises day headers and nothing else', () => {
    expect(dayHeader('Mar 12')).toBe('Mar 12');
    expect(dayHeader('Tue, 12 Mar 2024 (showing 25 of 120 entries)')).toBe('Tue, 12 Mar 2024');
    expect(dayHeader('Tuesday, March 12')).toBe('Tuesday, March 12');
    expect(dayHeader('2024-03-12')).toBe('2024-03-12');
    expect(dayHeader('March 12 papers on pruning')).toBeNull();
    expect(dayHeader('Mamba 2: state space models')).toBeNull();
  });

  it('several days pasted together: each paper takes the day above it', () => {
    const text = ['Daily papers', '', 'Tue, 12 Mar 2024 (showing 2 of 2 entries)', '', 'Paper one', '', 'A'.repeat(220), '', 'Paper two', '', 'B'.repeat(220), '',
      'Wed, 13 Mar 2024', '', 'Paper three', '', 'C'.repeat(220)].join('\n');
    const r = ingestText(text, 'days.txt');
    expect(r.papers.map((p) => p.date?.iso)).toEqual(['2024-03-12', '2024-03-12', '2024-03-13']);
    expect(r.papers.map((p) => p.extra?.['listing day'])).toEqual(['Tue, 12 Mar 2024', 'Tue, 12 Mar 2024', 'Wed, 13 Mar 2024']);
  });
});

/**
 * Every format's fixture: the dates its records carry, read off the files by hand
 * (null = the record has no date, no year and no arXiv id). A listing day without a year
 * takes the latest such day that is not in the future, so only its month and day are fixed.
 */
const EXPECTED: Record<string, (string | null)[]> = {
  'papers.bib': ['2023', '2022', '2021', '2020', '2019-01', '2024'],
  'papers.csv': ['2024', '2023-10', '2024', '2022', '2021'],
  'papers.tsv': ['2023', '2022', '2024'],
  'papers.json': ['2023', '2024-02', '2024-02-11', null, null],
  'papers.jsonl': ['2024-01', '2024-01', '2024-01', '2024-01'],
  'papers.ris': ['2023', '2022-06-01', '2021', '2020'],
  'listing-days-crlf.txt': ['*-03-12', '*-03-13', '*-03-13'],
  'listing-votes.txt': ['*-03-14', '*-03-14'],
  'listing-authors.txt': [null, null],
  'e2e/biology.ris': ['2023', '2022', '2024', '2023', '2022', '2024'],
  'e2e/robotics.csv': ['2024', '2023', '2024', '2022', '2023', '2021'],
  'e2e/vision.bib': ['2024', '2023', '2022', '2024', '2023', '2022'],
};

describe('dates in every format fixture', () => {
  it.each(Object.entries(EXPECTED))('%s', (name, want) => {
    const got = ingestText(fixtureText(name), name).papers.map((p) => p.date?.iso ?? null);
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => (w?.startsWith('*') ? expect(got[i]).toMatch(new RegExp(`^\\d{4}${w.slice(1)}$`)) : expect(got[i]).toBe(w)));
  });
});
