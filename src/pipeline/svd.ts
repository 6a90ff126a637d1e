/**
 * Truncated SVD of a sparse document-term matrix (LSA): returns document
 * coordinates U·S (n × k, row-major). Small corpora (n ≤ 300) use the exact
 * eigen-decomposition of the n×n Gram matrix; larger ones randomized SVD
 * (Halko et al. 2011) with a few power iterations, orthonormalising on the
 * document side only (O(nnz·l) per multiply, O(n·l²) per orthonormalisation).
 */
import type { Csr } from './tfidf.ts';
import { symEig } from './eig.ts';
import { gaussian, type Rng } from './random.ts';

export function lsaCoordinates(X: Csr, k: number, rng: Rng, powerIters = 3): { coords: Float32Array; dim: number } {
  const n = X.rows;
  const dim = Math.max(1, Math.min(k, n, Math.max(1, X.cols)));
  if (n <= 300) return fromGram(X, dim);
  const l = Math.min(dim + 10, n, Math.max(1, X.cols));
  const omega = new Float64Array(X.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = gaussian(rng);
  let Y = mulX(X, omega, l);
  for (let it = 0; it < powerIters; it++) {
    orthonormalise(Y, n, l);
    Y = mulX(X, mulXt(X, Y, l), l);
  }
  orthonormalise(Y, n, l);
  const Z = mulXt(X, Y, l);
  const G = new Float64Array(l * l);
  for (let r = 0; r < X.cols; r++) {
    const o = r * l;
    for (let a = 0; a < l; a++) {
      const za = Z[o + a];
      if (za === 0) continue;
      for (let b = a; b < l; b++) G[a * l + b] += za * Z[o + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) G[a * l + b] = G[b * l + a];
  const { values, vectors } = symEig(G, l);
  const coords = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dim; c++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += Y[i * l + a] * vectors[a * l + c];
      coords[i * dim + c] = s * Math.sqrt(Math.max(0, values[c]));
    }
  }
  return { coords, dim };
}

/** Exact: eigen-decompose X·Xᵀ; coordinates = U·S = eigenvectors scaled by sqrt(eigenvalues). */
function fromGram(X: Csr, dim: number): { coords: Float32Array; dim: number } {
  const n = X.rows;
  const dense = new Float64Array(X.cols);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) dense[X.indices[p]] = X.values[p];
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let p = X.indptr[j]; p < X.indptr[j + 1]; p++) s += dense[X.indices[p]] * X.values[p];
      G[i * n + j] = s;
      G[j * n + i] = s;
    }
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) dense[X.indices[p]] = 0;
  }
  const { values, vectors } = symEig(G, n);
  const coords = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dim; c++) coords[i * dim + c] = vectors[i * n + c] * Math.sqrt(Math.max(0, values[c]));
  }
  return { coords, dim };
}

/** X (n×cols, sparse) · M (cols×l, row-major) → n×l. */
function mulX(X: Csr, M: Float64Array, l: number): Float64Array {
  const out = new Float64Array(X.rows * l);
  for (let i = 0; i < X.rows; i++) {
    const o = i * l;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.values[p];
      const m = X.indices[p] * l;
      for (let a = 0; a < l; a++) out[o + a] += v * M[m + a];
    }
  }
  return out;
}

/** Xᵀ (cols×n) · Y (n×l, row-major) → cols×l. */
function mulXt(X: Csr, Y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(X.cols * l);
  for (let i = 0; i < X.rows; i++) {
    const o = i * l;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.values[p];
      const m = X.indices[p] * l;
      for (let a = 0; a < l; a++) out[m + a] += v * Y[o + a];
    }
  }
  return out;
}

/** Modified Gram-Schmidt (twice) on the columns of a row-major rows×l matrix, in place; dependent columns become zero. */
function orthonormalise(M: Float64Array, rows: number, l: number): void {
  const cols: Float64Array[] = [];
  for (let c = 0; c < l; c++) {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) col[r] = M[r * l + c];
    const norm0 = Math.sqrt(dot(col, col));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        const d = dot(q, col);
        if (d !== 0) for (let r = 0; r < rows; r++) col[r] -= d * q[r];
      }
    }
    const norm = Math.sqrt(dot(col, col));
    if (norm > 1e-10 * Math.max(1e-300, norm0)) for (let r = 0; r < rows; r++) col[r] /= norm;
    else col.fill(0);
    cols.push(col);
  }
  for (let c = 0; c < l; c++) for (let r = 0; r < rows; r++) M[r * l + c] = cols[c][r];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
