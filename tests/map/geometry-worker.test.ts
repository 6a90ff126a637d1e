/**
 * Map geometry off the main thread: the worker's handler, its message round trip
 * (structured clone with the region rings transferred, as postMessage does) and the
 * client's fallback give exactly what the synchronous computeGeometry gives; the
 * stored result is the one the colours and the map read afterwards; the animated
 * transition moves points without rebuilding the map.
 */
import { describe, it, expect } from 'vitest';
import { computeGeometry, knownGeometry, mapGeometry, storeGeometry } from '../../src/map/regions.ts';
import { geometryRequest, handleGeometryRequest, type GeometryReply } from '../../src/map/geometry-message.ts';
import { geometryFor, geometryReady, SYNC_GEOMETRY_MAX } from '../../src/map/geometry-client.ts';
import { clusterSlots, colourGraph } from '../../src/map/palette.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { animateLayout } from '../../src/map/transition.ts';
import type { MapView } from '../../src/map/index.ts';
import type { Layout } from '../../src/types.ts';

/** What the page receives from the worker: the reply after a structured clone that transfers the rings. */
function viaWorkerMessage(layout: Layout) {
  const { req, transfer: sent } = geometryRequest(7, layout);
  const request = structuredClone(req, { transfer: sent });
  const { reply, transfer } = handleGeometryRequest(request);
  return structuredClone(reply, { transfer }) as GeometryReply;
}

/** A layout with outliers, a non-finite point and a tiny cluster, on top of the synthetic blobs. */
function awkward(n: number, seed: number): Layout {
  const l = syntheticLayout(n, 40, seed);
  l.x[3] = NaN;
  l.y[5] = Infinity;
  l.cluster[11] = 40;
  l.clusters.push({ id: 40, label: 'one paper', terms: [], size: 1, members: [11], cx: l.x[11], cy: l.y[11] });
  return l;
}

describe('geometry in a worker', () => {
  it.each([
    ['5,000 points, 40 clusters', () => syntheticLayout(5_000, 40, 3)],
    ['20,000 points with outliers, a non-finite point and a one-paper cluster', () => awkward(20_000, 4)],
    ['90 clusters (more than get regions)', () => syntheticLayout(8_000, 90, 5)],
  ])('gives the synchronous result exactly: %s', (_, make) => {
    const layout = make();
    const reply = viaWorkerMessage(layout);
    if ('error' in reply) throw new Error(reply.error);
    expect(reply.id).toBe(7);
    const sync = computeGeometry(layout);
    expect(reply.geo.regions.size).toBeGreaterThan(0);
    expect(reply.geo.areaPerPoint).toBe(sync.areaPerPoint);
    expect([...reply.geo.cores]).toEqual([...sync.cores]);
    expect([...reply.geo.adjacency].map(([k, m]) => [k, [...m]])).toEqual([...sync.adjacency].map(([k, m]) => [k, [...m]]));
    expect([...reply.geo.regions.keys()]).toEqual([...sync.regions.keys()]);
    for (const [id, r] of sync.regions) {
      const w = reply.geo.regions.get(id)!;
      expect(w.bounds).toEqual(r.bounds);
      expect(w.rings).toHaveLength(r.rings.length);
      w.rings.forEach((ring, k) => expect(Array.from(ring)).toEqual(Array.from(r.rings[k])));
    }
    // The page's columns are copies: sending them transferred nothing the page still draws from.
    expect(layout.x.length).toBeGreaterThan(0);
  });

  it('reports a failure as a reply, not a thrown error', () => {
    const { reply } = handleGeometryRequest({ id: 2, x: null as unknown as Float32Array, y: new Float32Array(1), cluster: new Int32Array(1), clusters: [] });
    expect(reply).toMatchObject({ id: 2 });
    expect('error' in reply).toBe(true);
  });

  it('without a Worker (Node) the client computes it here and stores it for the layout', async () => {
    const big = syntheticLayout(SYNC_GEOMETRY_MAX + 1_000, 20, 6);
    expect(geometryReady(big)).toBe(false);
    expect(knownGeometry(big)).toBeUndefined();
    const geo = await geometryFor(big);
    expect(knownGeometry(big)).toBe(geo);
    expect(geometryReady(big)).toBe(true);
    expect(mapGeometry(big)).toBe(geo);
    expect(geo).toEqual(computeGeometry(big));
    // Small maps are ready at once (computed on the spot).
    expect(geometryReady(syntheticLayout(500, 5, 1))).toBe(true);
  });

  it('colours come from the stored geometry (computed nowhere else)', () => {
    const l = syntheticLayout(6_000, 12, 8);
    const reply = viaWorkerMessage(l);
    if ('error' in reply) throw new Error(reply.error);
    storeGeometry(l, reply.geo);
    expect(mapGeometry(l)).toBe(reply.geo);
    const ids = l.clusters.slice().sort((a, b) => b.size - a.size || a.id - b.id).map((c) => c.id);
    expect(clusterSlots(l)).toEqual(colourGraph(ids, reply.geo.adjacency));
  });
});

describe('animated transition', () => {
  function fakeView() {
    const calls: { setData: number; frames: { x: Float32Array | null; alpha?: number }[] } = { setData: 0, frames: [] };
    const view = {
      setData: () => void calls.setData++,
      showFrame: (x: Float32Array | null, _y: Float32Array | null, alpha?: number) => void calls.frames.push({ x: x ? x.slice() : null, alpha }),
    } as unknown as MapView;
    return { view, calls };
  }
  function clock() {
    let t = 0;
    const queue: (() => void)[] = [];
    return {
      now: () => t,
      raf: (cb: (t: number) => void) => queue.push(() => cb(t)),
      caf: () => void queue.splice(0),
      tick(ms: number) {
        t += ms;
        const q = queue.splice(0);
        for (const f of q) f();
      },
      pending: () => queue.length,
    };
  }

  it('gives the view the new map once, then only moves the points from the old positions to the new', () => {
    const from = syntheticLayout(1_000, 5, 1), to = syntheticLayout(1_000, 5, 2);
    const { view, calls } = fakeView();
    const c = clock();
    let landed = 0;
    animateLayout(view, [], from, to, () => landed++, { ms: 100, raf: c.raf, caf: c.caf, now: c.now });
    expect(calls.setData).toBe(1);
    // The first frame drawn is the old map, regions not yet faded in.
    expect(Array.from(calls.frames[0].x!)).toEqual(Array.from(from.x));
    expect(calls.frames[0].alpha).toBe(0);
    for (let k = 0; k < 20 && c.pending(); k++) c.tick(16);
    expect(landed).toBe(1);
    expect(calls.setData).toBe(1);
    expect(calls.frames.at(-1)!.x).toBeNull(); // back to the layout's own positions: `to`
    const mid = calls.frames[Math.floor(calls.frames.length / 2)];
    expect(mid.alpha).toBeGreaterThan(0);
    expect(mid.alpha).toBeLessThan(1);
  });

  it('cancelled, the view keeps the new map at rest; reduced motion lands at once', () => {
    const from = syntheticLayout(500, 4, 1), to = syntheticLayout(500, 4, 2);
    const { view, calls } = fakeView();
    const c = clock();
    let landed = 0;
    const stop = animateLayout(view, [], from, to, () => landed++, { ms: 100, raf: c.raf, caf: c.caf, now: c.now });
    c.tick(16);
    stop();
    expect(calls.frames.at(-1)!.x).toBeNull();
    expect(c.pending()).toBe(0);
    expect(landed).toBe(0);

    const r = fakeView();
    animateLayout(r.view, [], from, to, () => landed++, { reduce: true, raf: c.raf, caf: c.caf, now: c.now });
    expect(r.calls.setData).toBe(1);
    expect(r.calls.frames).toEqual([]);
    expect(landed).toBe(1);
  });

  it('reports the landing only once the view has eased to the new Fit, and never after a cancel', () => {
    const from = syntheticLayout(300, 3, 1), to = syntheticLayout(300, 3, 2);
    const c = clock();
    const settles: (() => void)[] = [];
    const make = () => {
      const { view } = fakeView();
      (view as MapView).settleView = (_ms?: number, done?: () => void) => void settles.push(done ?? (() => {}));
      return view;
    };
    let landed = 0;
    animateLayout(make(), [], from, to, () => landed++, { ms: 50, raf: c.raf, caf: c.caf, now: c.now });
    for (let k = 0; k < 10 && c.pending(); k++) c.tick(16);
    expect(settles).toHaveLength(1); // the points are home; the view is easing
    expect(landed).toBe(0);
    settles[0]();
    expect(landed).toBe(1);

    const stop = animateLayout(make(), [], from, to, () => landed++, { ms: 50, raf: c.raf, caf: c.caf, now: c.now });
    for (let k = 0; k < 10 && c.pending(); k++) c.tick(16);
    expect(settles).toHaveLength(2);
    stop(); // e.g. a new map replaced this one while the view eased
    settles[1]();
    expect(landed).toBe(1);
  });
});
