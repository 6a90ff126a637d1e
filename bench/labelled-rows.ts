/**
 * The tuning benches' rows: one per unique text of a labelled corpus (its first paper's `label`),
 * kept where `keep(label)` says, with the texts' sentence vectors.
 */
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import type { Prepared } from '../src/pipeline/prepare.ts';
import type { Paper } from '../src/types.ts';

export function labelledRows(papers: Paper[], computed: { prepared: Prepared; vectors: Float32Array }, keep: (label: string) => boolean) {
  const first: number[] = [];
  computed.prepared.unique.forEach((u, i) => {
    if (u >= 0 && first[u] === undefined) first[u] = i;
  });
  const label = (t: number) => papers[first[t]].extra?.label ?? '';
  const rows = computed.prepared.texts.map((_, t) => t).filter((t) => keep(label(t)));
  const vectors = new Float32Array(rows.length * EMBED_DIM);
  rows.forEach((t, r) => vectors.set(computed.vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
  return { texts: rows.map((t) => computed.prepared.texts[t]), vectors, labels: rows.map(label) };
}
