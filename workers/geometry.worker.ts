/// <reference lib="webworker" />
/**
 * Geometry worker entry: cluster regions (grid, blurs, contours), cores and
 * adjacency for big maps, off the page's main thread (src/map/geometry-client.ts).
 */
import { handleGeometryRequest, type GeometryRequest } from '../src/map/geometry-message.ts';

self.onmessage = (ev: MessageEvent<GeometryRequest>) => {
  const { reply, transfer } = handleGeometryRequest(ev.data);
  (self as DedicatedWorkerGlobalScope).postMessage(reply, transfer);
};
