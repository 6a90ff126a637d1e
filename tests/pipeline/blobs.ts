/** Well-separated Gaussian blobs on the unit sphere, seeded. */
import { gaussian, mulberry32 } from '../../src/pipeline/random.ts';
import { normaliseRows } from '../../src/pipeline/represent.ts';

export function blobs(nBlobs: number, perBlob: number, dim: number, spread: number, seed = 7) {
  const rng = mulberry32(seed);
  const centres = Array.from({ length: nBlobs }, () => Array.from({ length: dim }, () => gaussian(rng)));
  const n = nBlobs * perBlob;
  const data = new Float32Array(n * dim);
  const truth: number[] = [];
  for (let b = 0; b < nBlobs; b++) {
    for (let i = 0; i < perBlob; i++) {
      const r = b * perBlob + i;
      for (let j = 0; j < dim; j++) data[r * dim + j] = centres[b][j] + spread * gaussian(rng);
      truth.push(b);
    }
  }
  return { data: normaliseRows(data, n, dim), n, dim, truth };
}
