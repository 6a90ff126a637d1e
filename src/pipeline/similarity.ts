/**
 * What "similar" means in Paperscope: one representation and one similarity,
 * used by the map (kNN → UMAP → clusters), by Add-to-map (the neighbours a new
 * paper is placed beside) and by Similar (the papers listed for a query).
 *
 * Representation of a text of the corpus (represent.ts):
 *   [√w · centred USE, √(1−w) · LSA], each part L2-normalised, where
 *   centred USE = its USE-lite vector minus the corpus mean, LSA = its TF-IDF row
 *   reduced by truncated SVD over the corpus, and w = effectiveSemanticWeight(
 *   settings.semanticWeight, number of texts).
 * Similarity = cosine of two representations (= w·cos_sem + (1−w)·cos_lex).
 * A text outside the corpus (a Similar query) is represented the same way: its
 * USE vector centred on the corpus mean, and its TF-IDF row (the corpus's terms
 * and idf) folded into the corpus's LSA space (q·V = Σ_i (q·x_i) U_i / σ).
 * Add-to-map represents the grown corpus (old and new texts) afresh, as a
 * Re-map would, and places each new paper by its most similar old papers.
 */
import { EMBED_DIM } from '../model/model-info.ts';
import type { MapSettings } from '../types.ts';
import type { Prepared } from './prepare.ts';
import { combine, effectiveSemanticWeight, lexicalView, normaliseRows, represent, type Lexical, type Representation } from './represent.ts';
import { extractTerms } from './terms.ts';

/**
 * The space the map of a corpus is built in. Holds what it takes to compare
 * anything with the corpus (the mean, per-row norms, the lexical view), not the
 * n × (512 + LSA) matrix itself: that is made for the layout (`representation`)
 * and dropped, so a 50,000-paper corpus does not keep ~120 MB more per worker.
 */
export interface MapSpace {
  /** The corpus's USE vectors (the caller's array, not a copy), unique texts × 512. */
  vectors: Float32Array;
  /** Mean USE vector of the corpus (subtracted before the semantic part is normalised). */
  mean: Float32Array;
  /** |USE row − mean| per text (0: the semantic part of that row is zero). */
  semNorm: Float32Array;
  /** Norm of each text's representation (√(w·[semNorm > 0] + (1−w)·[LSA row ≠ 0])). */
  repNorm: Float32Array;
  lexical: Lexical;
  /** The semantic weight applied (after effectiveSemanticWeight). */
  weight: number;
  seed: number;
  semanticWeight: number;
}

/** What a space is computed from: the corpus's unique texts and their USE vectors, plus memos. */
export interface SpaceSource {
  prepared: Prepared;
  vectors: Float32Array;
  lexical?: Lexical;
  lexicalSeed?: number;
  space?: MapSpace;
}

/** The corpus's map space for these settings, memoised on `source` (the lexical view is reused while the seed is the same). */
export function mapSpace(source: SpaceSource, settings: Pick<MapSettings, 'semanticWeight' | 'seed'>): MapSpace {
  const s = source.space;
  if (s && s.vectors === source.vectors && s.seed === settings.seed && s.semanticWeight === settings.semanticWeight) return s;
  const texts = source.prepared.texts;
  const n = texts.length;
  if (!source.lexical || source.lexicalSeed !== settings.seed || source.lexical.quick) {
    // A quick first map's view is rebuilt the full way, from its term matrix (the same texts, default options).
    source.lexical = lexicalView(texts, settings.seed, { terms: source.lexical?.quick ? source.lexical.terms : undefined });
    source.lexicalSeed = settings.seed;
  }
  const { vectors, lexical } = source;
  const mean = meanRow(vectors, n, EMBED_DIM);
  const weight = effectiveSemanticWeight(settings.semanticWeight, n);
  const semNorm = new Float32Array(n);
  const repNorm = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let j = 0; j < EMBED_DIM; j++) ss += (vectors[i * EMBED_DIM + j] - mean[j]) ** 2;
    // The same cut as normaliseRows: a (near) zero row stays zero.
    semNorm[i] = ss > 1e-20 ? Math.sqrt(ss) : 0;
    let ls = 0;
    for (let c = 0; c < lexical.dim; c++) ls += lexical.coords[i * lexical.dim + c] ** 2;
    repNorm[i] = Math.sqrt((semNorm[i] > 0 ? weight : 0) + (ls > 0 ? 1 - weight : 0));
  }
  source.space = { vectors, mean, semNorm, repNorm, lexical, weight, seed: settings.seed, semanticWeight: settings.semanticWeight };
  return source.space;
}

/** The full representation matrix of the corpus (for kNN and UMAP): represent.ts's recipe with the space's weight. */
export function representation(space: MapSpace): Representation {
  return represent(space.vectors, space.lexical, space.weight);
}

/** Cosine between a representation `q` (512 + LSA dims) and the representation of corpus text `u`, without forming that row. */
export function similarityTo(space: MapSpace, q: Float32Array, qNorm: number, u: number): number {
  const { vectors, mean, semNorm, repNorm, lexical, weight } = space;
  if (!(qNorm > 0) || !(repNorm[u] > 0)) return 0;
  let sem = 0;
  if (semNorm[u] > 0) {
    const o = u * EMBED_DIM;
    for (let j = 0; j < EMBED_DIM; j++) sem += (vectors[o + j] - mean[j]) * q[j];
    sem /= semNorm[u];
  }
  let lex = 0;
  const d = lexical.dim;
  const lo = u * d;
  for (let c = 0; c < d; c++) lex += lexical.coords[lo + c] * q[EMBED_DIM + c];
  return (Math.sqrt(weight) * sem + Math.sqrt(1 - weight) * lex) / (qNorm * repNorm[u]);
}

/** The representation of corpus text `u` (one row of `representation(space)`). */
export function representRow(space: MapSpace, u: number): Float32Array {
  const { vectors, mean, semNorm, lexical, weight } = space;
  const out = new Float32Array(EMBED_DIM + lexical.dim);
  const a = semNorm[u] > 0 ? Math.sqrt(weight) / semNorm[u] : 0;
  for (let j = 0; j < EMBED_DIM; j++) out[j] = a * (vectors[u * EMBED_DIM + j] - mean[j]);
  const b = Math.sqrt(1 - weight);
  for (let c = 0; c < lexical.dim; c++) out[EMBED_DIM + c] = b * lexical.coords[u * lexical.dim + c];
  return out;
}

/** The representation of a text outside the corpus, from its USE vector and its text (see the module comment). */
export function representQuery(space: MapSpace, use: Float32Array, text: string): Float32Array {
  const { lexical, weight } = space;
  const sem = new Float32Array(EMBED_DIM);
  for (let j = 0; j < EMBED_DIM; j++) sem[j] = use[j] - space.mean[j];
  normaliseRows(sem, 1, EMBED_DIM);
  const lex = normaliseRows(foldIn(lexical, text), 1, lexical.dim);
  return combine(sem, EMBED_DIM, lex, lexical.dim, 1, weight).data;
}

/** Unique-text indices ranked by similarity to `query` (a representation), best first; ties by index. */
export function rankBySimilarity(space: MapSpace, query: Float32Array, k: number, candidates?: number[]): { u: number; sim: number }[] {
  const n = space.semNorm.length;
  let qq = 0;
  for (let j = 0; j < query.length; j++) qq += query[j] * query[j];
  const qNorm = Math.sqrt(qq);
  const count = candidates ? candidates.length : n;
  const at = (r: number) => (candidates ? candidates[r] : r);
  const byRank = (p: { u: number; sim: number }, r: { u: number; sim: number }) => r.sim - p.sim || p.u - r.u;
  if (k * 8 >= count) {
    // Most of the list is wanted (Similar): score everything, sort once.
    const all: { u: number; sim: number }[] = [];
    for (let r = 0; r < count; r++) {
      const u = at(r);
      const sim = similarityTo(space, query, qNorm, u);
      if (Number.isFinite(sim)) all.push({ u, sim });
    }
    return all.sort(byRank).slice(0, Math.max(0, k));
  }
  // A few nearest (Add-to-map): keep a short sorted list.
  const best: { u: number; sim: number }[] = [];
  for (let r = 0; r < count; r++) {
    const u = at(r);
    const sim = similarityTo(space, query, qNorm, u);
    if (!Number.isFinite(sim)) continue;
    if (best.length < k || sim > best[best.length - 1].sim || (sim === best[best.length - 1].sim && u < best[best.length - 1].u)) {
      best.push({ u, sim });
      best.sort(byRank);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

function meanRow(v: Float32Array, n: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += v[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= Math.max(1, n);
  return Float32Array.from(mean);
}

/**
 * The query's TF-IDF row (the corpus's columns, sublinear tf, the corpus's smooth
 * idf, unit length) folded into the LSA space: coordinate c = Σ_i (q·x_i)·U_ic·σ_c / σ_c²,
 * with U·S = the corpus's LSA coordinates before normalisation (lexical.raw).
 */
function foldIn(lexical: Lexical, text: string): Float32Array {
  const { terms, dim } = lexical;
  const out = new Float32Array(dim);
  const col = columnsOf(lexical);
  const tf = new Map<number, number>();
  for (const t of extractTerms(text)) {
    const c = col.get(t.key);
    if (c !== undefined) tf.set(c, (tf.get(c) ?? 0) + 1);
  }
  if (!tf.size) return out;
  const n = terms.tfidf.rows;
  const q = new Map<number, number>();
  let ss = 0;
  for (const [c, f] of tf) {
    const w = (1 + Math.log(f)) * (Math.log((1 + n) / (1 + terms.df[c])) + 1);
    q.set(c, w);
    ss += w * w;
  }
  const inv = 1 / Math.sqrt(ss);
  const { indptr, indices, values } = terms.tfidf;
  const { raw, sigma2 } = lexical;
  const acc = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const w = q.get(indices[p]);
      if (w !== undefined) d += w * values[p];
    }
    if (d === 0) continue;
    for (let c = 0; c < dim; c++) acc[c] += d * inv * raw[i * dim + c];
  }
  for (let c = 0; c < dim; c++) out[c] = sigma2[c] > 0 ? acc[c] / sigma2[c] : 0;
  return out;
}

const columnMemo = new WeakMap<Lexical, Map<string, number>>();
function columnsOf(lexical: Lexical): Map<string, number> {
  let m = columnMemo.get(lexical);
  if (!m) columnMemo.set(lexical, (m = new Map(lexical.terms.keys.map((k, c) => [k, c]))));
  return m;
}
