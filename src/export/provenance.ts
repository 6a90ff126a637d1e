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
const ENCODE_STEP = 1 << 18;

/**
 * The UTF-8 bytes of `inputText(papers)`, encoded in steps of about ENCODE_STEP
 * characters (a yield after each), never cutting a surrogate pair, then copied into one
 * buffer for Web Crypto. The same bytes as `new TextEncoder().encode(inputText(papers))`.
 */
export function* inputBytes(papers: Paper[]): Task<Uint8Array<ArrayBuffer>> {
  const enc = new TextEncoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  let batch: string[] = [];
  let chars = 0;
  const add = (s: string) => {
    batch.push(s);
    chars += s.length;
  };
  const flush = () => {
    const bytes = enc.encode(batch.join(''));
    chunks.push(bytes);
    total += bytes.length;
    batch = [];
    chars = 0;
  };
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i];
    if (i) add('\n\n');
    for (const [k, text] of [p.title, p.abstract].entries()) {
      if (k) add('\n');
      if (text.length <= ENCODE_STEP) add(text);
      else for (const piece of segments(text, SEGMENT)) {
        add(piece);
        if (chars >= ENCODE_STEP) {
          flush();
          yield;
        }
      }
    }
    if (chars >= ENCODE_STEP) {
      flush();
      yield;
    }
  }
  flush();
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const hex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Input hashes by papers array. The app replaces the array on every change and never edits
 * it in place, so one map hashes its input once: with a 30-million-character abstract the
 * hash (UTF-8 encoding and SHA-256 on the main thread) took seconds per export (issue 16).
 */
const hashes = new WeakMap<Paper[], Promise<string>>();

function inputHash(papers: Paper[], slice?: SliceOptions): Promise<string> {
  let h = hashes.get(papers);
  if (!h) {
    const bytes = slice ? runSliced(inputBytes(papers), slice) : Promise.resolve(runSync(inputBytes(papers)));
    // Web Crypto hashes off the main thread.
    h = bytes.then((b) => globalThis.crypto.subtle.digest('SHA-256', b)).then(hex);
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
