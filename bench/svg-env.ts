/**
 * The map's SVG export in Node for the layout benches: a jsdom document with a stand-in canvas
 * (text measured by font size), then the modules that draw the export, loaded after it.
 */
// @ts-expect-error jsdom ships no type declarations (the tests use it through vitest's environment)
import { JSDOM } from 'jsdom';
import { stubCanvas } from '../tests/map/stub-canvas.ts';

export async function svgExportModules() {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document, HTMLCanvasElement: dom.window.HTMLCanvasElement, XMLSerializer: dom.window.XMLSerializer });
  stubCanvas(dom.window.HTMLCanvasElement.prototype, { byFont: true });
  const [{ buildBatches }, { fineLabelItems }, { clusterExtents }, { computeGeometry, mapGeometry }, { renderSVG }] = await Promise.all([
    import('../src/map/point-batches.ts'), import('../src/map/label-items.ts'), import('../src/map/cluster-extent.ts'),
    import('../src/map/regions.ts'), import('../src/map/export-image.ts'),
  ]);
  return { buildBatches, fineLabelItems, clusterExtents, computeGeometry, mapGeometry, renderSVG };
}
