/**
 * Truncated SVD of a sparse document-term matrix (LSA): returns document
 * coordinates U·S (n × k, row-major). Small corpora (n ≤ 300) use the exact
 * eigen-decomposition of the n×n Gram matrix; larger ones randomized SVD
 * (Halko et al. 2011) with a few power iterations, orthonormalising on the
 * document side only.
 * Cost at 50k abstracts (nnz ≈ 5M, l = 110): each sparse product is O(nnz·l),
 * both written as gathers (X by rows, Xᵀ by rows of its transpose) so the inner
 * loops read rows and write one output row at a time; each orthonormalisation is
 * O(n·l²). Working memory: Xᵀ (8 bytes per non-zero), the term-side buffer
 * (cols × l Float32, ~145 MB at 330k terms) and two n × l Float64 (44 MB each).
 */
import type { Csr } from './tfidf.ts';
import { symEig } from './eig.ts';
import { gaussian, type Rng } from './random.ts';

export function lsaCoordinates(X: Csr, k: number, rng: Rng, powerIters = 3): { coords: Float32Array; dim: number } {
  const n = X.rows;
  const dim = Math.max(1, Math.min(k, n, Math.max(1, X.cols)));
  if (n <= 300) return fromGram(X, dim);
  const l = Math.min(dim + 10, n, Math.max(1, X.cols));
  const Xt = transpose(X);
  // Start from X·Xᵀ·G with G Gaussian (n × l): the test matrix Xᵀ·G costs n·l draws
  // instead of cols·l (6× fewer at 50k) and adds half a power iteration.
  const T = new Float32Array(X.cols * l);
  const Y = new Float64Array(n * l);
  for (let i = 0; i < Y.length; i++) Y[i] = gaussian(rng);
  for (let it = 0; it <= powerIters; it++) {
    mulXt(Xt, Y, l, T);
    mulX(X, T, l, Y);
    orthonormalise(Y, n, l);
  }
  // B = Yᵀ X (l × cols); B·Bᵀ = Yᵀ X (Xᵀ Y), formed on the document side: O(nnz·l + n·l²), not O(cols·l²).
  const Z = new Float64Array(n * l);
  mulXt(Xt, Y, l, T);
  mulX(X, T, l, Z);
  // Upper triangle of Yᵀ·Z (symmetric: Yᵀ X Xᵀ Y), two documents per pass.
  const G = new Float64Array(l * l);
  let i = 0;
  for (; i < n; i += 2) {
    const o = i * l;
    const q = i + 1 < n ? o + l : -1;
    for (let a = 0; a < l; a++) {
      const y0 = Y[o + a];
      const y1 = q < 0 ? 0 : Y[q + a];
      const g = a * l;
      if (q < 0) for (let b = a; b < l; b++) G[g + b] += y0 * Z[o + b];
      else for (let b = a; b < l; b++) G[g + b] += y0 * Z[o + b] + y1 * Z[q + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) G[a * l + b] = G[b * l + a];
  const { values, vectors } = symEig(G, l);
  const coords = new Float32Array(n * dim);
  const scale = Float64Array.from({ length: dim }, (_, c) => Math.sqrt(Math.max(0, values[c])));
  // coords = Y·V[:, :dim]·S, as row-vector × matrix so the inner loop runs along contiguous rows.
  const row = new Float64Array(dim);
  for (i = 0; i < n; i++) {
    row.fill(0);
    const o = i * l;
    let a = 0;
    for (; a + 1 < l; a += 2) {
      const y0 = Y[o + a];
      const y1 = Y[o + a + 1];
      const v = a * l;
      for (let c = 0; c < dim; c++) row[c] += y0 * vectors[v + c] + y1 * vectors[v + l + c];
    }
    for (; a < l; a++) {
      const y = Y[o + a];
      const v = a * l;
      for (let c = 0; c < dim; c++) row[c] += y * vectors[v + c];
    }
    for (let c = 0; c < dim; c++) coords[i * dim + c] = row[c] * scale[c];
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

/** Xᵀ in CSR form (= X in CSC): rows are terms, indices are documents, ascending. */
function transpose(X: Csr): Csr {
  const ptr = new Int32Array(X.cols + 1);
  for (let p = 0; p < X.indices.length; p++) ptr[X.indices[p] + 1]++;
  for (let c = 0; c < X.cols; c++) ptr[c + 1] += ptr[c];
  const fill = ptr.slice(0, X.cols);
  const indices = new Int32Array(X.indices.length);
  const values = new Float32Array(X.indices.length);
  for (let i = 0; i < X.rows; i++) {
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const q = fill[X.indices[p]]++;
      indices[q] = i;
      values[q] = X.values[p];
    }
  }
  return { rows: X.cols, cols: X.rows, indptr: ptr, indices, values };
}

/** out (n×l) = X (n×cols, sparse) · M (cols×l, row-major); four non-zeros per pass over the output row. */
function mulX(X: Csr, M: Float32Array, l: number, out: Float64Array): void {
  out.fill(0);
  const { indptr, indices, values } = X;
  for (let i = 0; i < X.rows; i++) {
    const o = i * l;
    const end = indptr[i + 1];
    let p = indptr[i];
    for (; p + 3 < end; p += 4) {
      const v0 = values[p], v1 = values[p + 1], v2 = values[p + 2], v3 = values[p + 3];
      const m0 = indices[p] * l, m1 = indices[p + 1] * l, m2 = indices[p + 2] * l, m3 = indices[p + 3] * l;
      for (let a = 0; a < l; a++) out[o + a] += v0 * M[m0 + a] + v1 * M[m1 + a] + v2 * M[m2 + a] + v3 * M[m3 + a];
    }
    for (; p < end; p++) {
      const v = values[p];
      const m = indices[p] * l;
      for (let a = 0; a < l; a++) out[o + a] += v * M[m + a];
    }
  }
}

/** out (cols×l) = Xᵀ · Y (n×l, row-major), from Xt = transpose(X); four documents per pass over the output row. */
function mulXt(Xt: Csr, Y: Float64Array, l: number, out: Float32Array): void {
  const { indptr, indices, values } = Xt;
  const acc = new Float64Array(l);
  for (let c = 0; c < Xt.rows; c++) {
    acc.fill(0);
    const end = indptr[c + 1];
    let p = indptr[c];
    for (; p + 3 < end; p += 4) {
      const v0 = values[p], v1 = values[p + 1], v2 = values[p + 2], v3 = values[p + 3];
      const m0 = indices[p] * l, m1 = indices[p + 1] * l, m2 = indices[p + 2] * l, m3 = indices[p + 3] * l;
      for (let a = 0; a < l; a++) acc[a] += v0 * Y[m0 + a] + v1 * Y[m1 + a] + v2 * Y[m2 + a] + v3 * Y[m3 + a];
    }
    for (; p < end; p++) {
      const v = values[p];
      const m = indices[p] * l;
      for (let a = 0; a < l; a++) acc[a] += v * Y[m + a];
    }
    out.set(acc, c * l);
  }
}

/**
 * Orthonormal basis of the column space of M (rows×l, row-major), in place, by
 * Cholesky QR: MᵀM = RᵀR, M ← M·R⁻¹ (O(rows·l²), row-major loops). A column
 * whose remaining squared norm is below 1e-12 of the largest column's (singular
 * values below 1e-6 of it: dependent columns) becomes zero, which bounds the
 * orthogonality error of the rest by about κ²·1e-16; for LSA iterates κ ≈ 10².
 */
function orthonormalise(M: Float64Array, rows: number, l: number): void {
  const G = new Float64Array(l * l);
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * l, o1 = o0 + l, o2 = o1 + l, o3 = o2 + l;
    for (let a = 0; a < l; a++) {
      const x0 = M[o0 + a], x1 = M[o1 + a], x2 = M[o2 + a], x3 = M[o3 + a];
      const g = a * l;
      for (let b = a; b < l; b++) G[g + b] += x0 * M[o0 + b] + x1 * M[o1 + b] + x2 * M[o2 + b] + x3 * M[o3 + b];
    }
  }
  for (; r < rows; r++) {
    const o = r * l;
    for (let a = 0; a < l; a++) {
      const x = M[o + a];
      const g = a * l;
      for (let b = a; b < l; b++) G[g + b] += x * M[o + b];
    }
  }
  // Upper-triangular R with RᵀR = G (row a of R in G's row a, b ≥ a); inv[a] = 1/R[a][a] or 0 if dropped.
  let maxDiag = 0;
  for (let a = 0; a < l; a++) maxDiag = Math.max(maxDiag, G[a * l + a]);
  const inv = new Float64Array(l);
  for (let a = 0; a < l; a++) {
    let d = G[a * l + a];
    for (let k = 0; k < a; k++) d -= G[k * l + a] * G[k * l + a];
    if (!(d > 1e-12 * maxDiag)) {
      for (let b = a; b < l; b++) G[a * l + b] = 0;
      continue;
    }
    const rd = Math.sqrt(d);
    inv[a] = 1 / rd;
    G[a * l + a] = rd;
    for (let b = a + 1; b < l; b++) {
      let s = G[a * l + b];
      for (let k = 0; k < a; k++) s -= G[k * l + a] * G[k * l + b];
      G[a * l + b] = s / rd;
    }
  }
  // W = R⁻¹ (upper triangular; a dropped column's row and column are zero), then M ← M·W row by row.
  const W = new Float64Array(l * l);
  for (let b = 0; b < l; b++) {
    if (inv[b] === 0) continue;
    W[b * l + b] = inv[b];
    for (let a = b - 1; a >= 0; a--) {
      if (inv[a] === 0) continue;
      let s = 0;
      for (let k = a + 1; k <= b; k++) s += G[a * l + k] * W[k * l + b];
      W[a * l + b] = -s * inv[a];
    }
  }
  const acc = new Float64Array(l);
  for (r = 0; r < rows; r++) {
    const o = r * l;
    acc.fill(0);
    let a = 0;
    for (; a + 1 < l; a += 2) {
      const x0 = M[o + a];
      const x1 = M[o + a + 1];
      const w = a * l;
      acc[a] += x0 * W[w + a];
      for (let b = a + 1; b < l; b++) acc[b] += x0 * W[w + b] + x1 * W[w + l + b];
    }
    for (; a < l; a++) {
      const x = M[o + a];
      const w = a * l;
      for (let b = a; b < l; b++) acc[b] += x * W[w + b];
    }
    M.set(acc, o);
  }
}
