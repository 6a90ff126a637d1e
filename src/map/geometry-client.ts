/**
 * Map geometry (regions, cores, adjacency; regions.ts) without blocking the
 * page: big maps get it from a worker (workers/geometry.worker.ts), and the
 * result is stored for the layout, so the map view, the colours
 * (palette.clusterSlots), the table swatches and the image export all read the
 * same object afterwards. Small maps compute it on the spot. Without a Worker
 * (Node, tests) or when the worker fails, it is computed here, as before.
 */
import type { Layout } from '../types.ts';
import { geometryRequest, type GeometryReply } from './geometry-message.ts';
import { knownGeometry, mapGeometry, storeGeometry, type MapGeometry } from './regions.ts';

/** Up to this many points the geometry is computed on the calling thread (tens of ms); a worker round trip would only delay the map. */
export const SYNC_GEOMETRY_MAX = 3_000;

/** True when mapGeometry(layout) returns at once or costs little: known already, or a small map. */
export function geometryReady(layout: Layout): boolean {
  return !!knownGeometry(layout) || layout.x.length <= SYNC_GEOMETRY_MAX;
}

type Waiter = { resolve: (g: MapGeometry) => void; reject: (e: Error) => void };
let worker: Worker | null | undefined;
const waiting = new Map<number, Waiter>();
const pending = new WeakMap<Layout, Promise<MapGeometry>>();
let nextId = 1;
/** Worker compute time of the last reply, ms (for benchmarks). */
export let lastWorkerMs = NaN;

function failAll(message: string) {
  for (const w of waiting.values()) w.reject(new Error(message));
  waiting.clear();
}

function geometryWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    const w = new Worker(new URL('../../workers/geometry.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-geometry' });
    w.onmessage = (ev: MessageEvent<GeometryReply>) => {
      const r = ev.data, waiter = waiting.get(r.id);
      if (!waiter) return;
      waiting.delete(r.id);
      if ('error' in r) waiter.reject(new Error(r.error));
      else {
        lastWorkerMs = r.ms;
        waiter.resolve(r.geo);
      }
    };
    // A worker that cannot start (or dies) is not tried again: the page computes geometry itself.
    w.onerror = (ev) => {
      ev.preventDefault?.();
      worker = null;
      w.terminate();
      failAll(`geometry worker failed: ${ev.message ?? 'error'}`);
    };
    w.onmessageerror = () => failAll('geometry worker reply could not be read');
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Starts the geometry worker ahead of the first big map, so that map does not also wait for the
 * worker's start-up (loading its script). Idempotent; a no-op without Worker support.
 */
export function warmGeometryWorker(): void {
  geometryWorker();
}

/**
 * The layout's geometry, off the main thread for big maps (for any map with `offThread`: a map
 * that is not waited for, such as a refinement landing while the page is in use). Resolves with
 * the stored object (mapGeometry(layout) returns it afterwards without computing); concurrent
 * calls share one request.
 */
export function geometryFor(layout: Layout, opts: { offThread?: boolean } = {}): Promise<MapGeometry> {
  const known = knownGeometry(layout);
  if (known) return Promise.resolve(known);
  if (layout.x.length <= SYNC_GEOMETRY_MAX && !opts.offThread) return Promise.resolve(mapGeometry(layout));
  let p = pending.get(layout);
  if (p) return p;
  const w = geometryWorker();
  if (!w) return Promise.resolve(mapGeometry(layout));
  const id = nextId++;
  p = new Promise<MapGeometry>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const { req, transfer } = geometryRequest(id, layout);
    w.postMessage(req, transfer);
  }).then(
    (geo) => {
      // Computed meanwhile on this thread (an export, a test): keep the one already in use.
      const now = knownGeometry(layout);
      if (now) return now;
      storeGeometry(layout, geo);
      return geo;
    },
    () => mapGeometry(layout),
  );
  pending.set(layout, p);
  return p;
}
