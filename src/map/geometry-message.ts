/**
 * The geometry worker's messages and its handler (pure, so Node tests run the
 * same code the worker runs). The page sends the typed columns the geometry
 * reads (copies: the page keeps drawing from its own); the worker replies with
 * the MapGeometry, its region rings transferred, not copied.
 */
import { computeGeometry, type MapGeometry } from './regions.ts';

export interface GeometryRequest {
  id: number;
  x: Float32Array;
  y: Float32Array;
  cluster: Int32Array;
  clusters: { id: number; size: number }[];
}

export type GeometryReply = { id: number; geo: MapGeometry; ms: number } | { id: number; error: string };

/** Runs one request; returns the reply and the buffers to transfer with it. */
export function handleGeometryRequest(req: GeometryRequest): { reply: GeometryReply; transfer: ArrayBuffer[] } {
  const t0 = performance.now();
  try {
    const geo = computeGeometry(req);
    const transfer: ArrayBuffer[] = [];
    for (const r of geo.regions.values()) for (const ring of r.rings) transfer.push(ring.buffer as ArrayBuffer);
    return { reply: { id: req.id, geo, ms: performance.now() - t0 }, transfer };
  } catch (e) {
    return { reply: { id: req.id, error: (e as Error)?.message ?? String(e) }, transfer: [] };
  }
}

/** What a layout sends: its columns (copied) and the cluster ids and sizes. */
export function geometryRequest(id: number, layout: { x: Float32Array; y: Float32Array; cluster: Int32Array; clusters: readonly { id: number; size: number }[] }): { req: GeometryRequest; transfer: ArrayBuffer[] } {
  const x = layout.x.slice(), y = layout.y.slice(), cluster = layout.cluster.slice();
  const req = { id, x, y, cluster, clusters: layout.clusters.map((c) => ({ id: c.id, size: c.size })) };
  return { req, transfer: [x.buffer, y.buffer, cluster.buffer] };
}
