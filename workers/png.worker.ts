/// <reference lib="webworker" />
/**
 * PNG encoding off the page (issue 16): the map image arrives as an ImageBitmap
 * (transferred), is drawn on an OffscreenCanvas and encoded here; the Blob goes back.
 * `canvas.toBlob` on the page encodes in the page's idle time, and when none comes (a busy
 * page) it encodes in one task: 1.3 s for a map of 100,000 points.
 */
self.onmessage = async (ev: MessageEvent) => {
  const bitmap = (ev.data as { bitmap?: unknown })?.bitmap;
  try {
    if (!(bitmap instanceof ImageBitmap)) throw new Error('No image to encode');
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    (self as DedicatedWorkerGlobalScope).postMessage({ blob });
  } catch (e) {
    (self as DedicatedWorkerGlobalScope).postMessage({ error: (e as Error).message });
  }
};
