// @vitest-environment jsdom
/**
 * The time strip reads no layout when a new map updates it: its width comes from a
 * ResizeObserver (issue 10: reading clientWidth right after a new map changed the page forced a
 * layout of the whole page inside that task).
 */
import { describe, expect, it, vi } from 'vitest';
import { createTimeline, type TimelineValue } from '../../src/panel/timeline.ts';
import type { Timeline } from '../../src/time/periods.ts';

const timeline = (): Timeline => ({
  granularity: 'month', periods: ['2025-01', '2025-02', '2025-03'], periodOf: Int32Array.from([0, 1, 1, 2]),
  totals: Int32Array.from([1, 2, 1]), tooCoarse: 0, undated: 0, window: [0, 2],
});
const value = (tl: Timeline): TimelineValue => ({ timeline: tl, fields: [], colorBy: 'cluster', legend: null, brush: null, inside: 4, newSince: '', news: null });
const noop = { onColorBy() {}, onBrush() {}, onNewSince() {}, onExportTrends() {}, onClearNew() {} };

describe('time strip', () => {
  it('draws the histogram at the width the observer reported, without reading layout in an update', () => {
    let report: ((entries: { contentRect: { width: number } }[]) => void) | null = null;
    vi.stubGlobal('ResizeObserver', class {
      constructor(cb: typeof report) { report = cb; }
      observe() {}
      unobserve() {}
      disconnect() {}
    });
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    let reads = 0;
    const desc = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth')!;
    Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get() { reads++; return 640; } });
    try {
      const host = document.createElement('div');
      document.body.append(host);
      const strip = createTimeline(host, noop);
      strip.update(value(timeline()));
      strip.update(value(timeline())); // a new map: a new timeline object
      expect(reads).toBe(0);
      const svgWidth = () => Number(host.querySelector('svg')!.getAttribute('width'));
      expect(svgWidth()).toBe(400); // not laid out yet: a default width
      // The browser lays the strip out at 640 px: the histogram is redrawn at that width in the next frame.
      report!([{ contentRect: { width: 640 } }]);
      for (const f of frames.splice(0)) f();
      expect(svgWidth()).toBe(640);
      expect(host.querySelectorAll('rect.ps-histo-bar')).toHaveLength(3);
      expect(reads).toBe(0);
    } finally {
      Object.defineProperty(Element.prototype, 'clientWidth', desc);
      vi.unstubAllGlobals();
    }
  });
});
