/**
 * Refinement of a graph partition, after Leiden (Traag, Waltman & van Eck 2019):
 * the consensus Louvain partition is found on a thinned graph (edges on which the
 * runs disagreed are dropped) and by moving whole aggregated groups, so single
 * papers on a boundary can end up on the wrong side of it. Here, on the full
 * graph: (1) every node in turn moves to the neighbouring community with the best
 * modularity gain (at the clustering's resolution), until no move helps; (2) a
 * community whose nodes fall apart into pieces with no edge between them is split
 * (Louvain can leave badly connected communities; Leiden guarantees connected ones).
 * Deterministic: nodes are visited in index order.
 */

/** Compressed adjacency of an undirected weighted graph (each edge listed from both ends). */
export interface Adjacency {
  n: number;
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
}

/** Visits every undirected edge once: f(i, j, weight). */
export type EachEdge = (f: (i: number, j: number, w: number) => void) => void;

/**
 * Adjacency from undirected edges: keyed i*n+j (i < j), as fuzzyEdges returns them, or a
 * visitor (called twice, so no edge map has to be built for a large graph).
 */
export function adjacencyOf(n: number, edges: Map<number, number> | EachEdge): Adjacency {
  const each: EachEdge = typeof edges === 'function' ? edges : (f) => edges.forEach((w, key) => f(Math.floor(key / n), key % n, w));
  const deg = new Int32Array(n + 1);
  each((i, j) => {
    deg[i + 1]++;
    deg[j + 1]++;
  });
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const indptr = Int32Array.from(deg);
  const fill = Int32Array.from(deg.subarray(0, n));
  const indices = new Int32Array(indptr[n]);
  const weights = new Float64Array(indptr[n]);
  each((i, j, w) => {
    indices[fill[i]] = j;
    weights[fill[i]++] = w;
    indices[fill[j]] = i;
    weights[fill[j]++] = w;
  });
  return { n, indptr, indices, weights };
}

/** Most passes of the local moving (each pass visits every node once). */
const MAX_PASSES = 20;

/**
 * Moves single nodes to the neighbouring community with the highest modularity gain
 * (resolution γ: gain = w(i,C) − γ·k_i·tot(C)/2m) until no move improves. Returns a new array;
 * community ids are those of `part` (nodes with part < 0 stay put and are ignored).
 */
export function localMoves(g: Adjacency, part: Int32Array, resolution: number): Int32Array {
  const { n, indptr, indices, weights } = g;
  const out = Int32Array.from(part);
  const k = new Float64Array(n);
  let m2 = 0;
  let nComm = 0;
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) k[i] += weights[p];
    m2 += k[i];
    nComm = Math.max(nComm, out[i] + 1);
  }
  if (m2 <= 0) return out;
  // Typed arrays by community id: total degree, and the weight from the current node (touched ids listed).
  const tot = new Float64Array(nComm);
  for (let i = 0; i < n; i++) if (out[i] >= 0) tot[out[i]] += k[i];
  const toC = new Float64Array(nComm);
  const touched = new Int32Array(nComm);
  const stamp = new Int32Array(nComm).fill(-1);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = 0;
    stamp.fill(-1); // stamps are node ids, reused in each pass
    for (let i = 0; i < n; i++) {
      const own = out[i];
      if (own < 0) continue;
      let nt = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const c = out[indices[p]];
        if (c < 0 || indices[p] === i) continue;
        if (stamp[c] !== i) {
          stamp[c] = i;
          touched[nt++] = c;
        }
        toC[c] += weights[p];
      }
      tot[own] -= k[i];
      const scale = (resolution * k[i]) / m2;
      let best = own;
      let bestGain = toC[own] - scale * tot[own];
      for (let q = 0; q < nt; q++) {
        const c = touched[q];
        if (c === own) continue;
        const gc = toC[c] - scale * tot[c];
        if (gc > bestGain + 1e-12) [best, bestGain] = [c, gc];
      }
      for (let q = 0; q < nt; q++) toC[touched[q]] = 0;
      tot[best] += k[i];
      if (best !== own) {
        out[i] = best;
        moved++;
      }
    }
    if (!moved) break;
  }
  return out;
}

/**
 * Splits every community into its connected pieces (within-community edges only): the largest
 * piece keeps the id, the others get new ids after the largest existing one. Returns a new array.
 */
export function splitDisconnected(g: Adjacency, part: Int32Array): Int32Array {
  const { n, indptr, indices } = g;
  const out = Int32Array.from(part);
  let next = 0;
  for (const c of part) next = Math.max(next, c + 1);
  const seen = new Uint8Array(n);
  const pieces = new Map<number, number[][]>();
  for (let s = 0; s < n; s++) {
    if (seen[s] || part[s] < 0) continue;
    const c = part[s];
    const piece: number[] = [s];
    seen[s] = 1;
    for (let q = 0; q < piece.length; q++) {
      const i = piece[q];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const j = indices[p];
        if (!seen[j] && part[j] === c) {
          seen[j] = 1;
          piece.push(j);
        }
      }
    }
    if (!pieces.has(c)) pieces.set(c, []);
    pieces.get(c)!.push(piece);
  }
  for (const list of pieces.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => b.length - a.length || a[0] - b[0]);
    for (const piece of list.slice(1)) {
      for (const i of piece) out[i] = next;
      next++;
    }
  }
  return out;
}

/** Local moves, then connected pieces (see the module comment). */
export function refinePartition(g: Adjacency, part: Int32Array, resolution: number): Int32Array {
  return splitDisconnected(g, localMoves(g, part, resolution));
}
