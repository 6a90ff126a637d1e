import { describe, it, expect } from 'vitest';
import { parseRis } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

describe('parseRis', () => {
  it('reads all records with mapped tags', () => {
    const r = parseRis(fixtureText('papers.ris'), 'papers.ris');
    expect(r.papers).toHaveLength(4);
    expect(r.papers[0]).toMatchObject({
      id: '10.4444/nerf.2023.5',
      title: 'Neural Radiance Fields for Large Outdoor Scenes',
      authors: ['Maria Lopez', 'Yu Chen'],
      year: 2023,
      venue: 'Journal of Visual Computing',
      keywords: ['neural rendering', 'scene reconstruction'],
      url: 'https://example.org/nerf',
      source: { file: 'papers.ris', row: 1, line: 1, format: 'ris' },
    });
    // A wrapped AB line continues the abstract.
    expect(r.papers[0].abstract).toBe(
      'We partition a large outdoor scene into blocks, train one radiance field per block, and blend them at render time. The approach scales to city-sized captures.',
    );
    expect({ ...r.papers[0].extra }).toEqual({ N1: 'extra note field' });
    expect(r.papers[1]).toMatchObject({ title: 'Contrastive Pretraining for Time Series Forecasting', authors: ['Sami Ibrahim'], year: 2022 });
    expect(r.papers[1].abstract.startsWith('Contrastive pretraining')).toBe(true);
    expect(r.papers[0].raw?.startsWith('TY  - JOUR')).toBe(true);
  });

  it('keeps a record without ER and reports it', () => {
    const r = parseRis(fixtureText('papers.ris'), 'papers.ris');
    expect(r.papers[2].title).toBe('A Record Without Its End Tag');
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'warning', row: 3, line: 24, message: expect.stringContaining('no ER') }));
    const tail = parseRis('TY  - JOUR\nTI  - Unfinished\n', 't.ris');
    expect(tail.papers).toHaveLength(1);
    expect(tail.problems[0].message).toContain('no ER line at the end of the file');
  });

  it('P1: no records -> "No papers found"', () => {
    const r = parseRis('just some text\n', 'e.ris');
    expect(r.papers).toEqual([]);
    expect(r.problems.some((p) => p.message.startsWith('No papers found'))).toBe(true);
  });
});
