/**
 * The progressive run (issue 10): the keyword map comes before any embedding; the
 * refined map is exactly the single-phase default (same representation, same
 * clusters), started from the keyword map's positions and aligned onto it.
 */
import { describe, expect, it } from 'vitest';
import { alignTo, CACHE_SAMPLE, runProgressive, sampleCached } from '../../src/pipeline/progressive.ts';
import { runPipeline, type Computed } from '../../src/pipeline/run.ts';
import { DEFAULT_SETTINGS, type Layout, type MapResult } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { topicCorpus } from './fixtures.ts';

const settings = { ...DEFAULT_SETTINGS };

describe('runProgressive', () => {
  it('shows the keyword map before embedding anything, then refines it into the default map', async () => {
    const { papers } = topicCorpus(15);
    const enc = fakeEncoder();
    let first: MapResult | null = null;
    let callsAtFirst = -1;
    const refined = await runProgressive(papers, enc, {
      settings,
      onFirstMap: (r) => {
        first = r;
        callsAtFirst = enc.calls.length;
      },
    });
    expect(callsAtFirst).toBe(0);
    expect(first!.info.phase).toBe('keyword');
    expect(first!.info.settings.semanticWeight).toBe(0);
    expect(first!.layout.clusters.length).toBeGreaterThan(1);
    expect(first!.layout.clusters.every((c) => c.label.length > 0)).toBe(true);
    expect(refined.info.phase).toBe('refined');
    expect(refined.info.settings.semanticWeight).toBe(settings.semanticWeight);

    // The refined clusters are those of today's single-phase default run: same mix, same kNN graph.
    const single = await runPipeline(papers, fakeEncoder(), { settings });
    expect(Array.from(refined.layout.cluster)).toEqual(Array.from(single.layout.cluster));
    expect(refined.layout.clusters.map((c) => c.label)).toEqual(single.layout.clusters.map((c) => c.label));

    // The reported displacement is the mean distance each paper moved from the first map.
    let sum = 0;
    for (let i = 0; i < papers.length; i++) sum += Math.hypot(refined.layout.x[i] - first!.layout.x[i], refined.layout.y[i] - first!.layout.y[i]);
    expect(refined.info.displacement).toBeCloseTo(sum / papers.length, 5);
  });

  it("a large corpus's quick first map (lighter LSA, one Louvain run, no subtopics) leaves the refined map exactly the default", async () => {
    const { papers } = topicCorpus(80);
    let first: MapResult | null = null;
    let computed: Computed | null = null;
    // quickFrom 1: this small corpus is treated as a large one.
    const refined = await runProgressive(papers, fakeEncoder(), { settings, quickFrom: 1, onFirstMap: (r) => (first = r), onComputed: (c) => (computed = c) });
    // The refined map's keyword view was rebuilt the full way (100 LSA dimensions), not the first map's quick one (64).
    expect(computed!.lexical!.quick).toBeUndefined();
    expect(computed!.lexical!.dim).toBe(100);
    expect(first!.info.phase).toBe('keyword');
    expect(first!.layout.clusters.length).toBeGreaterThan(1);
    expect(first!.layout.subtopics ?? []).toEqual([]);
    const single = await runPipeline(papers, fakeEncoder(), { settings });
    expect(Array.from(refined.layout.cluster)).toEqual(Array.from(single.layout.cluster));
    expect(refined.layout.clusters.map((c) => c.label)).toEqual(single.layout.clusters.map((c) => c.label));
    expect((refined.layout.subtopics ?? []).map((c) => c.label)).toEqual((single.layout.subtopics ?? []).map((c) => c.label));
    // The quick first map is not the full one (over 300 papers the LSA is randomized: fewer dimensions, one power iteration).
    let full: MapResult | null = null;
    await runProgressive(papers, fakeEncoder(), { settings, refine: true, onFirstMap: (r) => (full = r) });
    expect(Array.from(first!.layout.x)).not.toEqual(Array.from(full!.layout.x));
  });

  it('with refinement off it stops at the keyword map and loads no model', async () => {
    const { papers } = topicCorpus(8);
    const enc = fakeEncoder();
    const r = await runProgressive(papers, enc, { settings, refine: false, onFirstMap: () => expect.unreachable() });
    expect(enc.calls).toHaveLength(0);
    expect(r.info.phase).toBe('keyword');
    expect(r.layout.x).toHaveLength(papers.length);
  });

  it('a fully cached corpus maps in one phase (no keyword map first)', async () => {
    const { papers } = topicCorpus(8);
    const store = new Map<string, Float32Array>();
    const cache = {
      get: async (t: string[]) => t.map((x) => store.get(x)),
      put: async (t: string[], v: Float32Array) => t.forEach((x, i) => store.set(x, v.slice(i * 512, (i + 1) * 512))),
    };
    await runProgressive(papers, fakeEncoder(), { settings, cache });
    const enc = fakeEncoder();
    let firsts = 0;
    const r = await runProgressive(papers, enc, { settings, cache, onFirstMap: () => firsts++ });
    expect(firsts).toBe(0);
    expect(enc.calls).toHaveLength(0);
    expect(r.info.phase).toBeUndefined();
    expect(r.info.nCached).toBe(papers.length);
  });

  it('looks up only a sample of the cache before the first map when vectors are missing (50,000 papers: 26-44 s of the first map), the whole corpus after it', async () => {
    const { papers } = topicCorpus(40); // more texts than the sample
    const store = new Map<string, Float32Array>();
    let asked = 0;
    let firstShown = false;
    let askedBeforeFirst = 0;
    const cache = {
      get: async (t: string[]) => {
        asked += t.length;
        if (!firstShown) askedBeforeFirst += t.length;
        return t.map((x) => store.get(x));
      },
      put: async (t: string[], v: Float32Array) => t.forEach((x, i) => store.set(x, v.slice(i * 512, (i + 1) * 512))),
    };
    // Half the corpus cached (every other paper), so the sample finds a vector missing.
    await runProgressive(papers.filter((_, i) => i % 2 === 0), fakeEncoder(), { settings, cache });
    asked = 0;
    askedBeforeFirst = 0;
    const enc = fakeEncoder();
    const r = await runProgressive(papers, enc, { settings, cache, onFirstMap: () => (firstShown = true) });
    expect(firstShown).toBe(true);
    expect(papers.length).toBeGreaterThan(CACHE_SAMPLE + 1);
    expect(askedBeforeFirst).toBeLessThanOrEqual(CACHE_SAMPLE + 1);
    expect(asked).toBeGreaterThanOrEqual(papers.length);
    expect(r.info.phase).toBe('refined');
    expect(r.info.nCached).toBe(Math.ceil(papers.length / 2));
  });

  it('sampleCached: false when an item of the spread sample is missing, true when all are there, false without a cache', async () => {
    const texts = Array.from({ length: 500 }, (_, i) => `text ${i}`);
    const prepared = { texts, titles: texts.map(() => '') };
    const have = new Set(texts);
    const cache = { get: async (t: string[]) => t.map((x) => (have.has(x) ? new Float32Array(512) : undefined)), put: async () => {} };
    expect(await sampleCached(prepared, cache)).toBe(true);
    have.delete('text 499'); // the last item is always in the sample
    expect(await sampleCached(prepared, cache)).toBe(false);
    expect(await sampleCached(prepared, undefined)).toBe(false);
  });
});

describe('alignTo', () => {
  it('undoes a rotation, reflection, scale and shift exactly (displacement 0)', () => {
    const n = 50;
    const prev: Layout = { x: new Float32Array(n), y: new Float32Array(n), cluster: new Int32Array(n), dupOf: new Int32Array(n), clusters: [] };
    for (let i = 0; i < n; i++) {
      prev.x[i] = Math.sin(i * 1.7) * 0.8;
      prev.y[i] = Math.cos(i * 0.9) * 0.5 + (i % 7) * 0.05;
    }
    const a = 2.1;
    const next: Layout = { ...prev, x: new Float32Array(n), y: new Float32Array(n), clusters: [{ id: 0, label: '', terms: [], size: 1, members: [0], cx: 0, cy: 0 }] };
    for (let i = 0; i < n; i++) {
      const y = -prev.y[i]; // mirrored
      next.x[i] = 0.4 * (prev.x[i] * Math.cos(a) - y * Math.sin(a)) + 0.3;
      next.y[i] = 0.4 * (prev.x[i] * Math.sin(a) + y * Math.cos(a)) - 0.2;
    }
    const d = alignTo(prev, next);
    expect(d).toBeLessThan(1e-5);
    for (let i = 0; i < n; i++) expect(Math.abs(next.x[i] - prev.x[i]) + Math.abs(next.y[i] - prev.y[i])).toBeLessThan(1e-5);
  });

  it('with keepAxes, only mirrors or half-turns the map, so a wide map stays wide', () => {
    const n = 60;
    const prev: Layout = { x: new Float32Array(n), y: new Float32Array(n), cluster: new Int32Array(n), dupOf: new Int32Array(n), clusters: [] };
    for (let i = 0; i < n; i++) {
      prev.x[i] = 1.3 * Math.sin(i * 1.7);
      prev.y[i] = Math.cos(i * 0.9);
    }
    // Another wide map, unlike prev: a free alignment turns it to fit prev best; keepAxes keeps its width along x.
    const next: Layout = { ...prev, x: new Float32Array(n), y: new Float32Array(n), clusters: [] };
    for (let i = 0; i < n; i++) {
      next.x[i] = 2 * Math.sin(i * 1.3) * (i % 2 ? 1 : -1);
      next.y[i] = Math.cos(i * 0.4);
    }
    const span = (v: Float32Array) => Math.max(...v) - Math.min(...v);
    const ratio = span(next.x) / span(next.y);
    alignTo(prev, next, { keepAxes: true });
    expect(span(next.x) / span(next.y)).toBeCloseTo(ratio, 5);
    // A map that is prev mirrored in x comes back exactly.
    const mirror: Layout = { ...prev, x: Float32Array.from(prev.x, (v) => -v + 0.5), y: Float32Array.from(prev.y), clusters: [] };
    expect(alignTo(prev, mirror, { keepAxes: true })).toBeLessThan(1e-5);
  });
});
