import type { MapSettings, Paper, RunInfo } from '../types.ts';

/** Stamped on every export so a file says how it was made and from which input. */
export interface Provenance {
  app: string;
  version: string;
  model: string;
  settings: MapSettings;
  seed: number;
  nPapers: number;
  /** Hex SHA-256 of the input papers' text (see `inputText`). */
  inputHash: string;
  /** ISO 8601 timestamp. */
  exportedAt: string;
  /** How papers were represented, e.g. "USE-lite 512-d + TF-IDF (semantic weight 0.5)". */
  representation: string;
}

export const APP_NAME = 'Paperscope';
export const APP_VERSION = '0.1.0';

export { sha256Hex } from '../util/hash.ts';
import { runSliced, runSync, SEGMENT, segments, type SliceOptions, type Task } from '../util/slice.ts';
import { Sha256 } from '../util/sha256.ts';

/**
 * The hashed input: per paper `title + "\n" + abstract`, papers joined by a blank line.
 * Same recipe as the app's export controller, so both give one hash for one input.
 */
export function inputText(papers: Paper[]): string {
  return papers.map((p) => `${p.title}\n${p.abstract}`).join('\n\n');
}

export interface ProvenanceOptions {
  representation?: string;
  /** Injected for tests; defaults to now. */
  exportedAt?: string;
  /** Hash the input in time slices (the app); without it, in one go. */
  slice?: SliceOptions;
}

/** Characters UTF-8-encoded per step of the input hash. */
const ENCODE_STEP = 1 << 16;

/**
 * The UTF-8 bytes of `inputText(papers)`, encoded in steps of about ENCODE_STEP
 * characters (a yield after each), never cutting a surrogate pair, then copied into one
 * buffer for Web Crypto. The same bytes as `new TextEncoder().encode(inputText(papers))`.
 */
export function* inputBytes(papers: Paper[]): Task<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  const pieces = inputPieces(papers);
  for (let r = pieces.next(); !r.done; r = pieces.next()) {
    chunks.push(r.value);
    total += r.value.length;
    yield;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The UTF-8 bytes of `inputText(papers)` in pieces of about ENCODE_STEP characters, never cutting a surrogate pair. */
function* inputPieces(papers: Paper[]): Generator<Uint8Array<ArrayBuffer>, void, void> {
  const enc = new TextEncoder();
  let batch: string[] = [];
  let chars = 0;
  const add = (s: string) => {
    batch.push(s);
    chars += s.length;
  };
  const take = () => {
    const bytes = enc.encode(batch.join(''));
    batch = [];
    chars = 0;
    return bytes;
  };
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i];
    if (i) add('\n\n');
    for (let k = 0; k < 2; k++) {
      const text = k ? p.abstract : p.title;
      if (k) add('\n');
      if (text.length <= ENCODE_STEP) add(text);
      else for (const piece of segments(text, SEGMENT)) {
        add(piece);
        if (chars >= ENCODE_STEP) yield take();
      }
    }
    if (chars >= ENCODE_STEP) yield take();
  }
  yield take();
}

/** SHA-256 (hex) of `inputText(papers)`, hashed in JavaScript piece by piece with a yield after each. */
export function* inputDigest(papers: Paper[]): Task<string> {
  const h = new Sha256();
  for (const piece of inputPieces(papers)) {
    h.update(piece);
    yield;
  }
  return h.hex();
}


/**
 * Input hashes by papers array. The app replaces the array on every change and never edits
 * it in place, so one map hashes its input once: with a 30-million-character abstract the
 * hash (UTF-8 encoding and SHA-256 on the main thread) took seconds per export (issue 16).
 */
const hashes = new WeakMap<Paper[], Promise<string>>();

function inputHash(papers: Paper[], slice?: SliceOptions): Promise<string> {
  let h = hashes.get(papers);
  if (!h) {
    // Hashed here in slices: Web Crypto took the whole buffer in one main-thread task.
    h = slice ? runSliced(inputDigest(papers), slice) : Promise.resolve().then(() => runSync(inputDigest(papers)));
    hashes.set(papers, h);
    h.catch(() => hashes.delete(papers)); // a failed hash is tried again next time
  }
  return h;
}

/** Builds the stamp from the papers the map was made from and the run's own report. */
export async function buildProvenance(papers: Paper[], info: RunInfo, opts: ProvenanceOptions = {}): Promise<Provenance> {
  const s = info.settings;
  return {
    app: APP_NAME,
    version: APP_VERSION,
    model: info.model,
    settings: { ...s },
    seed: s.seed,
    nPapers: papers.length,
    inputHash: await inputHash(papers, opts.slice),
    exportedAt: opts.exportedAt ?? new Date().toISOString(),
    representation: opts.representation ?? `semantic weight ${s.semanticWeight} (${info.backend})`,
  };
}

/** One human-readable line, used by the Markdown footer and the BibTeX @comment. No braces. */
export function stampLine(p: Provenance): string {
  const s = p.settings;
  return [
    `${p.app} ${p.version}`,
    `exported ${p.exportedAt}`,
    `model ${p.model}`,
    `representation ${p.representation}`,
    `settings semanticWeight=${s.semanticWeight} resolution=${s.resolution} nNeighbors=${s.nNeighbors}`,
    `seed ${p.seed}`,
    `${p.nPapers} papers`,
    `input sha256 ${p.inputHash}`,
  ].join(' | ');
}

/** Compact JSON stamp (CSV column). Key order fixed so two exports of one map compare equal. */
export function stampJson(p: Provenance): string {
  return JSON.stringify({
    app: p.app, version: p.version, model: p.model, representation: p.representation,
    settings: p.settings, seed: p.seed, nPapers: p.nPapers, inputHash: p.inputHash, exportedAt: p.exportedAt,
  });
}
