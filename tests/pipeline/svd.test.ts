import { describe, it, expect } from 'vitest';
import { symEig } from '../../src/pipeline/eig.ts';
import { lsaCoordinates } from '../../src/pipeline/svd.ts';
import { mulberry32, gaussian } from '../../src/pipeline/random.ts';
import type { Csr } from '../../src/pipeline/tfidf.ts';

function denseToCsr(rows: number[][]): Csr {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    r.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { rows: rows.length, cols: rows[0].length, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

describe('symEig', () => {
  it('reconstructs a symmetric matrix from its eigenpairs, eigenvalues descending', () => {
    const rng = mulberry32(3);
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = gaussian(rng);
    const { values, vectors } = symEig(a, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += vectors[i * n + k] * values[k] * vectors[j * n + k];
        expect(s).toBeCloseTo(a[i * n + j], 8);
      }
  });
});

describe('lsaCoordinates', () => {
  it('preserves document dot products exactly at full rank (small corpus path)', () => {
    const rows = [[1, 0, 2, 0], [0, 1, 0, 1], [1, 1, 0, 0]];
    const { coords, dim } = lsaCoordinates(denseToCsr(rows), 3, mulberry32(1));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += coords[i * dim + d] * coords[j * dim + d];
        expect(s).toBeCloseTo(rows[i].reduce((acc, v, c) => acc + v * rows[j][c], 0), 4);
      }
  });

  it('recovers a low-rank matrix with the randomized path (n > 300)', () => {
    const rng = mulberry32(5);
    const n = 400;
    const m = 60;
    const u = Array.from({ length: n }, () => [gaussian(rng), gaussian(rng), gaussian(rng)]);
    const v = Array.from({ length: 3 }, () => Array.from({ length: m }, () => gaussian(rng)));
    const rows = u.map((ui) => Array.from({ length: m }, (_, c) => ui[0] * v[0][c] + ui[1] * v[1][c] + ui[2] * v[2][c]));
    const { coords, dim } = lsaCoordinates(denseToCsr(rows), 3, mulberry32(2));
    expect(dim).toBe(3);
    for (const [i, j] of [[0, 1], [5, 77], [399, 200]]) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += coords[i * dim + d] * coords[j * dim + d];
      const want = rows[i].reduce((acc, x, c) => acc + x * rows[j][c], 0);
      expect(s).toBeCloseTo(want, 2);
    }
  });
});
