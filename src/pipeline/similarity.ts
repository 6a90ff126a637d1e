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
import { combine, effectiveSemanticWeight, lexicalView, normaliseRows, type Lexical, type Representation } from './represent.ts';
import { extractTerms } from './terms.ts';

/** The space the map of a corpus is built in. */
export interface MapSpace {
  rep: Representation;
  /** Mean USE vector of the corpus (what is subtracted before the semantic part is normalised). */
  mean: Float32Array;
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
  if (s && s.seed === settings.seed && s.semanticWeight === settings.semanticWeight) return s;
  const texts = source.prepared.texts;
  const n = texts.length;
  if (!source.lexical || source.lexicalSeed !== settings.seed) {
    source.lexical = lexicalView(texts, settings.seed);
    source.lexicalSeed = settings.seed;
  }
  const mean = meanRow(source.vectors, n, EMBED_DIM);
  const sem = new Float32Array(n * EMBED_DIM);
  for (let i = 0; i < n; i++) for (let j = 0; j < EMBED_DIM; j++) sem[i * EMBED_DIM + j] = source.vectors[i * EMBED_DIM + j] - mean[j];
  normaliseRows(sem, n, EMBED_DIM);
  const weight = effectiveSemanticWeight(settings.semanticWeight, n);
  const rep = combine(sem, EMBED_DIM, source.lexical.coords, source.lexical.dim, n, weight);
  source.space = { rep, mean, lexical: source.lexical, weight, seed: settings.seed, semanticWeight: settings.semanticWeight };
  return source.space;
}

/** Cosine of two rows (0 when either is zero). */
export function cosine(a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < dim; j++) {
    dot += a[ao + j] * b[bo + j];
    na += a[ao + j] * a[ao + j];
    nb += b[bo + j] * b[bo + j];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
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
  const { data, dim, n } = space.rep;
  const best: { u: number; sim: number }[] = [];
  const consider = (u: number) => {
    const sim = cosine(query, 0, data, u * dim, dim);
    if (!Number.isFinite(sim)) return;
    if (best.length < k || sim > best[best.length - 1].sim) {
      best.push({ u, sim });
      best.sort((p, r) => r.sim - p.sim || p.u - r.u);
      if (best.length > k) best.pop();
    }
  };
  if (candidates) for (const u of candidates) consider(u);
  else for (let u = 0; u < n; u++) consider(u);
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
