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
import { sha256Hex } from '../util/hash.ts';

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
}

/**
 * Input hashes by papers array. The app replaces the array on every change and never edits
 * it in place, so one map hashes its input once: with a 30-million-character abstract the
 * hash (UTF-8 encoding and SHA-256 on the main thread) took seconds per export (issue 16).
 */
const hashes = new WeakMap<Paper[], Promise<string>>();

function inputHash(papers: Paper[]): Promise<string> {
  let h = hashes.get(papers);
  if (!h) {
    hashes.set(papers, (h = sha256Hex(inputText(papers))));
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
    inputHash: await inputHash(papers),
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
