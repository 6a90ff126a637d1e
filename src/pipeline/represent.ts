/**
 * Represent stage: the vectors the map is built from.
 * semantic = USE vectors centred on the corpus mean, L2-normalised (USE-lite
 *   puts all ML abstracts close together; centring removes the shared direction);
 * lexical  = TF-IDF over words and phrases reduced by truncated SVD (LSA), L2-normalised;
 * combined = [sqrt(w)·semantic, sqrt(1-w)·lexical], so cos = w·cos_sem + (1-w)·cos_lex.
 * similarity.ts is the one place that defines how the map, Add-to-map and Similar use it.
 */
import { EMBED_DIM } from './embed.ts';
import { buildTermMatrix, type TermMatrix, type TfidfOptions } from './tfidf.ts';
import { lsaCoordinates } from './svd.ts';
import { mulberry32 } from './random.ts';

export interface Representation {
  data: Float32Array;
  dim: number;
  n: number;
}

export interface Lexical {
  terms: TermMatrix;
  /** LSA coordinates U·S, rows L2-normalised (the lexical part of the map's representation). */
  coords: Float32Array;
  dim: number;
  /** U·S before normalisation, and σ² per dimension (Σ_i (U·S)_ic²): what folds a query into this space (similarity.ts). */
  raw: Float32Array;
  sigma2: Float64Array;
  /** Made with the quick recipe (QUICK_LSA) for a large corpus's first map: the refined map rebuilds it. */
  quick?: boolean;
}

/**
 * The quick LSA of a large corpus's first (keyword) map: fewer dimensions and one power iteration
 * (randomized SVD), about a third of the full recipe's cost at 50,000 abstracts (bench/first-map.ts).
 * The refined map, made minutes later, rebuilds the full one from the same term matrix.
 */
export const QUICK_LSA = { dims: 64, powerIters: 1 };

export interface LexicalOptions extends TfidfOptions {
  dims?: number;
  /** QUICK_LSA instead of the full recipe. */
  quick?: boolean;
  /** The term matrix, when already built from these texts with these options. */
  terms?: TermMatrix;
}

/**
 * LSA dimensions. Measured (kNN-10 label purity, cli/eval.ts): 256 → 128 → 100 → 64
 * each helped on both labelled sets; below 100 the gain comes from their coarse
 * labels (5 arXiv categories), so 100, the classic LSA choice, keeps finer topics apart.
 */
export function lsaDims(n: number): number {
  return Math.max(1, Math.min(100, n));
}

/**
 * The semantic weight actually used for n documents. USE-lite helps less on small
 * corpora (measured on random subsets of the labelled sets: best weight ≈ 0.2 at
 * 68-150 papers, 0.3-0.4 at 300, 0.4-0.5 from 1,000), so the odds w/(1-w) are
 * scaled by n/(n+150). Keeps 0 and 1 fixed, so the slider's ends still mean
 * "keywords only" and "semantic only".
 */
export function effectiveSemanticWeight(w: number, n: number): number {
  const c = Math.min(1, Math.max(0, w));
  if (c === 0 || c === 1) return c;
  const odds = (c / (1 - c)) * (n / (n + 150));
  return odds / (1 + odds);
}

/** Subtracts the column mean and L2-normalises rows, in a new array. Zero rows stay zero. */
export function centreRows(v: Float32Array, n: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += v[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= Math.max(1, n);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = v[i * dim + j] - mean[j];
  return normaliseRows(out, n, dim);
}

/** L2-normalises rows in place; rows with (near) zero norm become zero. */
export function normaliseRows(v: Float32Array, n: number, dim: number): Float32Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * dim; j < (i + 1) * dim; j++) s += v[j] * v[j];
    const inv = s > 1e-20 ? 1 / Math.sqrt(s) : 0;
    for (let j = i * dim; j < (i + 1) * dim; j++) v[j] *= inv;
  }
  return v;
}

export function lexicalView(texts: string[], seed: number, opts: LexicalOptions = {}): Lexical {
  const terms = opts.terms ?? buildTermMatrix(texts, opts);
  const dims = opts.dims ?? lsaDims(texts.length);
  const { coords, dim } = opts.quick
    ? lsaCoordinates(terms.tfidf, Math.min(dims, QUICK_LSA.dims), mulberry32(seed ^ 0x5eed), QUICK_LSA.powerIters)
    : lsaCoordinates(terms.tfidf, dims, mulberry32(seed ^ 0x5eed));
  const raw = coords.slice();
  const sigma2 = new Float64Array(dim);
  for (let i = 0; i < texts.length; i++) for (let c = 0; c < dim; c++) sigma2[c] += raw[i * dim + c] ** 2;
  return { terms, coords: normaliseRows(coords, texts.length, dim), dim, raw, sigma2, ...(opts.quick ? { quick: true } : {}) };
}

/** Concatenates two row-normalised views with weights sqrt(w) and sqrt(1-w). */
export function combine(a: Float32Array, dimA: number, b: Float32Array, dimB: number, n: number, w: number): Representation {
  const wa = Math.sqrt(Math.min(1, Math.max(0, w)));
  const wb = Math.sqrt(1 - wa * wa);
  const dim = dimA + dimB;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dimA; j++) data[i * dim + j] = wa * a[i * dimA + j];
    for (let j = 0; j < dimB; j++) data[i * dim + dimA + j] = wb * b[i * dimB + j];
  }
  return { data, dim, n };
}

export function represent(useVectors: Float32Array, lexical: Lexical, semanticWeight: number): Representation {
  // Keywords only: the lexical view as it is (no 512 zero columns, and no sentence vectors needed).
  if (semanticWeight <= 0) return { data: lexical.coords, dim: lexical.dim, n: lexical.coords.length / Math.max(1, lexical.dim) };
  const n = useVectors.length / EMBED_DIM;
  const sem = centreRows(useVectors, n, EMBED_DIM);
  return combine(sem, EMBED_DIM, lexical.coords, lexical.dim, n, semanticWeight);
}
