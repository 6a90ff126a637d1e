import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectFormat, ingestText, parseListing } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

/** The demo listing shipped with the app (the same file as the shared data's hf-daily-papers-listing.txt). */
const DEMO = fileURLToPath(new URL('../../public/samples/hf-daily-papers-listing.txt', import.meta.url));

describe('parseListing on the demo listing', () => {
  it('reads exactly 68 papers with full abstracts', () => {
    const r = parseListing(readFileSync(DEMO, 'utf8'), 'hf.txt');
    expect(r.papers).toHaveLength(68);
    expect(r.papers[0].title).toBe('Sequential Training of Neural Networks with Gradient Boosting');
    expect(r.papers[0].abstract.startsWith('This paper presents a novel technique based on gradient boosting')).toBe(true);
    expect(r.papers[67].title).toBe('GeneCIS: A Benchmark for General Conditional Image Similarity');
    expect(r.papers[67].abstract.endsWith('Project page at https://sgvaze.github.io/genecis/.')).toBe(true);
    for (const p of r.papers) {
      expect(p.abstract.length).toBeGreaterThan(200);
      expect(p.title.length).toBeLessThan(250);
    }
    expect(new Set(r.papers.map((p) => p.id)).size).toBe(68);
    expect(r.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(r.formats).toEqual({ 'hf.txt': 'listing' });
  });

  it('is detected as a listing and ingested the same way from pasted text', () => {
    const text = readFileSync(DEMO, 'utf8');
    expect(detectFormat(text)).toBe('listing');
    expect(ingestText(text).papers.map((p) => p.title)).toEqual(parseListing(text, 'pasted text').papers.map((p) => p.title));
  });
});

describe('parseListing variants', () => {
  it('skips vote counts, "Submitted by" and date lines', () => {
    const r = parseListing(fixtureText('listing-votes.txt'), 'v.txt');
    expect(r.papers.map((p) => p.title)).toEqual([
      'Adaptive Token Pruning for Efficient Video Transformers',
      'Retrieval-Augmented Planning for Embodied Agents',
    ]);
    expect(r.papers[1].abstract).toMatch(/^Embodied agents .* reducing repeated failures\.$/);
    expect(r.papers[0].source).toEqual({ file: 'v.txt', row: 1, line: 7, format: 'listing' });
  });

  it('reads an author line between title and abstract', () => {
    const r = parseListing(fixtureText('listing-authors.txt'), 'a.txt');
    expect(r.papers).toHaveLength(2);
    expect(r.papers[0].authors).toEqual(['Maria Silva', 'Kenji Watanabe', 'Ahmed Karim']);
    expect(r.papers[1].authors).toEqual(['Olivia Brown', 'Lucas Meyer']);
    expect(r.papers[1].title).toBe('Scaling Laws for Sparse Autoencoders on Language Model Activations');
  });

  it('reads a title followed directly by its abstract (no blank line)', () => {
    const r = parseListing(fixtureText('listing-no-blank.txt'), 'n.txt');
    expect(r.papers.map((p) => p.title)).toEqual([
      'Gradient Noise Scale Predicts the Optimal Batch Size',
      'Learned Index Structures for Spatial Queries',
    ]);
    expect(r.papers[1].abstract.startsWith('Learned indexes replace')).toBe(true);
  });

  it('reads several days pasted one after another with CRLF line endings', () => {
    const text = fixtureText('listing-days-crlf.txt');
    expect(text).toContain('\r\n');
    const r = parseListing(text, 'd.txt');
    expect(r.papers.map((p) => p.title)).toEqual([
      'Equivariant Networks for Crystal Property Prediction',
      'Compressing Key-Value Caches With Learned Eviction',
      'Tiny Recurrent Models for Keyword Spotting on Microcontrollers',
    ]);
    for (const p of r.papers) expect(p.abstract).not.toMatch(/\r|\n/);
  });

  it('joins a hard-wrapped abstract into one paragraph', () => {
    const abs = 'We study a problem that matters. '.repeat(8).trim();
    const wrapped = abs.replace(/(.{70}\S*) /g, '$1\n');
    const r = parseListing(`A Wrapped Abstract Example\n\n${wrapped}\n`, 'w.txt');
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0].abstract).toBe(abs);
  });

  it('reads a plain list of titles as title-only papers', () => {
    const r = parseListing('First Paper Title\nSecond Paper Title\n', 't.txt');
    expect(r.papers.map((p) => p.title)).toEqual(['First Paper Title', 'Second Paper Title']);
    expect(r.problems.filter((p) => p.message === 'no abstract: embedded by title')).toHaveLength(2);
  });

  it('reports a title with no abstract instead of dropping it silently', () => {
    const abs = 'This abstract is long enough to count as an abstract paragraph. '.repeat(4);
    const r = parseListing(`Orphan Title\n\nReal Title\n\n${abs}\n`, 'o.txt');
    expect(r.papers.map((p) => p.title)).toEqual(['Real Title']);
    expect(r.problems).toContainEqual(expect.objectContaining({ line: 1, message: expect.stringContaining('Orphan Title') }));
  });

  it('keeps text as text (no HTML decoding)', () => {
    const abs = 'We show that &amp; stays and <b>tags</b> stay literal in every abstract we read. '.repeat(3);
    const r = parseListing(`Title With <img src=x onerror=alert(1)>\n\n${abs}`, 'x.txt');
    expect(r.papers[0].title).toBe('Title With <img src=x onerror=alert(1)>');
    expect(r.papers[0].abstract).toContain('&amp; stays and <b>tags</b>');
  });
});
