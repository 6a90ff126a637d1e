/**
 * The map view's public API. The view takes values and reports user actions
 * through callbacks; it never imports app state or the worker.
 */
import type { Layout, Paper } from '../types.ts';

export interface MapViewOptions {
  /** Lasso or point click (Shift = add); a click on empty background with no drag = replace with []. */
  onSelect?: (indices: number[], mode: 'replace' | 'add') => void;
  /** Click on a map cluster label (Shift = add). */
  onSelectCluster?: (clusterId: number, mode: 'replace' | 'add') => void;
  /** Pointer over a paper (index) or over nothing (null); called on change only. */
  onHover?: (index: number | null) => void;
}

export interface MapView {
  /**
   * New map (resets zoom to fit). A selection / highlight that does not fit the new paper count is dropped.
   * `keepView`: the same papers moved (a frame of an animated transition): zoom and fit stay.
   */
  setData(papers: Paper[], layout: Layout, opts?: { keepView?: boolean }): void;
  /**
   * An animation frame: the current layout's points drawn at x, y (same length) with its regions
   * at `regionAlpha` (0-1); labels, colours and geometry stay the layout's. null = the layout's
   * own positions again. Costs one draw: nothing is rebuilt.
   */
  showFrame(x: Float32Array | null, y: Float32Array | null, regionAlpha?: number): void;
  /**
   * After a keepView setData (the refinement landing): if the view was at Fit and nobody has
   * moved it since, ease it to the new map's Fit, so no part of the refined map is off-screen.
   */
  settleView?(ms?: number, done?: () => void): void;
  /** 1 = selected; null = nothing selected. Unselected points fade but stay visible while a selection exists. */
  setSelection(selected: Uint8Array | null): void;
  /** Search hits: drawn with a ring, on top. */
  setHighlight(indices: number[] | null): void;
  /**
   * Colour by something other than the cluster (per-point colours, null = cluster colours) and
   * a fade mask (1 = faded: outside the time brush, or not new). Either may be null.
   */
  setPointStyle(style: { colors: { packed: Uint32Array; faded: Uint32Array; css: readonly string[] } | null; fade: Uint8Array | null }): void;
  /** Renamed labels (user edits) override layout labels, by cluster id. */
  setClusterLabels(labels: Map<number, string>): void;
  resize(): void;
  fitView(): void;
  /** Renders the whole map (points, labels, legend) to a PNG blob. Default 1600 x 1000 px. */
  toPNG(opts?: { width?: number; height?: number }): Promise<Blob>;
  /** Same as toPNG, as an SVG string (vector points up to 20k, an embedded raster above). */
  toSVG(opts?: { width?: number; height?: number }): Promise<string>;
  destroy(): void;
}

export { createMapView } from './map-view.ts';
