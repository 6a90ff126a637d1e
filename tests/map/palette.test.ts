import { describe, it, expect } from 'vitest';
import { lab } from 'd3';
import { assignColors, clusterColor, fadeHex, OUTLIER_COLOR, PALETTE, colourGraph, colourGraphTask, clusterSlots, clusterSlotsTask } from '../../src/map/palette.ts';
import { runSliced } from '../../src/util/slice.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';

function deltaE(a: string, b: string): number {
  const p = lab(a), q = lab(b);
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

describe('palette', () => {
  it('has pairwise distinct colours (CIELAB ΔE ≥ 15) and none close to the outlier grey', () => {
    for (let i = 0; i < PALETTE.length; i++) {
      expect(deltaE(PALETTE[i], OUTLIER_COLOR)).toBeGreaterThanOrEqual(15);
      for (let j = i + 1; j < PALETTE.length; j++) expect(deltaE(PALETTE[i], PALETTE[j]), `${PALETTE[i]} vs ${PALETTE[j]}`).toBeGreaterThanOrEqual(15);
    }
  });

  it('assigns colours in the given order, reusing them beyond the palette, outliers grey', () => {
    const ids = Array.from({ length: PALETTE.length + 3 }, (_, i) => 100 + i);
    const slots = assignColors([-1, ...ids]);
    expect(clusterColor(100, slots)).toBe(PALETTE[0]);
    expect(clusterColor(101, slots)).toBe(PALETTE[1]);
    expect(clusterColor(100 + PALETTE.length, slots)).toBe(PALETTE[0]);
    expect(clusterColor(-1, slots)).toBe(OUTLIER_COLOR);
    expect(clusterColor(7, slots)).toBe(OUTLIER_COLOR);
  });

  it('fades towards white', () => {
    expect(fadeHex('#000000', 0)).toBe('#ffffff');
    expect(fadeHex('#0072b2', 1)).toBe('#0072b2');
    expect(lab(fadeHex('#0072B2', 0.3)).l).toBeGreaterThan(lab('#0072B2').l);
  });
});

describe('colours of a big map in time slices (issue 16: 20,000 clusters coloured in one 0.35 s task)', () => {
  it('colourGraphTask gives the event loop a turn per cluster coloured and the one-go colours', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    // A ring of neighbours, and every tenth cluster alone.
    const adjacency = new Map<number, Map<number, number>>();
    for (const id of ids) if (id % 10) adjacency.set(id, new Map([[(id + 1) % 3000, 2], [(id + 2999) % 3000, 1]]));
    let turns = 0;
    const sliced = await runSliced(colourGraphTask(ids, adjacency), { budgetMs: 0, pause: () => (turns++, Promise.resolve()) });
    expect(sliced).toEqual(colourGraph(ids, adjacency));
    expect(turns).toBeGreaterThanOrEqual(ids.length - 1);
  });

  it('colourGraphTask has checkpoints between its set-up passes: the first comes before any neighbour list is read', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const adjacency = new Map<number, Map<number, number>>();
    for (const id of ids) adjacency.set(id, new Map([[(id + 1) % 3000, 1]]));
    let reads = 0;
    const counted = new Proxy(adjacency, {
      get(target, k) {
        if (k === 'get') return (id: number) => (reads++, target.get(id));
        const v = Reflect.get(target, k, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const task = colourGraphTask(ids, counted);
    const readsAt: number[] = [];
    for (let r = task.next(); !r.done; r = task.next()) readsAt.push(reads);
    expect(readsAt[0]).toBe(0);
    // The neighbour lists are read (3,000 clusters: one pass to find those with neighbours) before the first cluster is coloured.
    expect(readsAt.slice(0, 4)).toEqual([0, 0, 3000, 3000 + 2]);
  });

  it('clusterSlotsTask stores the slots for the layout, so clusterSlots returns them without computing', async () => {
    const layout = syntheticLayout(400, 30, 4);
    const slots = await runSliced(clusterSlotsTask(layout), { pause: () => Promise.resolve() });
    expect(clusterSlots(layout)).toBe(slots);
  });
});
