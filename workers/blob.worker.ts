/// <reference lib="webworker" />
/**
 * Export files assembled off the page (issue 16). The page encodes the file's text in pieces and
 * transfers them here; the Blob is made here and sent back (a Blob crosses by reference). A Blob
 * made on the page is served to the browser from the page's own thread when the download reads
 * it: a 50 MB export was then a 0.3-1.1 s task with no script in it, after the export had ended.
 */
import { BlobTree } from '../src/util/slice.ts';
import type { BlobRequest } from '../src/util/blob-sink.ts';

const trees = new Map<number, BlobTree>();
const post = (m: unknown) => (self as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = (ev: MessageEvent) => {
  const d = ev.data as BlobRequest;
  try {
    if (d.bytes) {
      let t = trees.get(d.id);
      if (!t) trees.set(d.id, (t = new BlobTree()));
      t.add(new Blob([d.bytes as Uint8Array<ArrayBuffer>]));
    } else if (typeof d.finish === 'string') {
      const t = trees.get(d.id) ?? new BlobTree();
      trees.delete(d.id);
      post({ id: d.id, blob: t.finish(d.finish) });
    } else if (d.drop) trees.delete(d.id);
  } catch (e) {
    trees.delete(d.id);
    post({ id: d.id, error: (e as Error)?.message ?? String(e) });
  }
};
