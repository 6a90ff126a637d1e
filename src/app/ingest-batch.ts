/**
 * One batch of inputs (dropped files or pasted text) read together, with the user's
 * per-file choices (encoding, CSV column mapping). The same code runs inside the ingest
 * worker and, for small pasted text, on the main thread. Bytes are kept so a file can be
 * re-decoded with another encoding; pasted text is kept as text.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { assignUniqueIds } from '../ingest/common.ts';
import { decodeText, NOT_UTF8_MESSAGE, stripBom } from '../ingest/decode.ts';
import { dedupe, detectFormat, guessMapping, ingestText, parseCsv, type ColumnMapping, type DetectedFormat } from '../ingest/index.ts';
import { pushAll } from '../util/array.ts';

export interface BatchInput {
  name: string;
  bytes?: Uint8Array;
  text?: string;
}

/** What the user chose for one file in the preview. */
export interface FileChoice {
  encoding?: string;
  mapping?: ColumnMapping;
}

/** Per-file facts the preview needs for its encoding picker and column-mapping form. */
export interface FileInfo {
  name: string;
  format: DetectedFormat;
  /** Papers read from this file. */
  count: number;
  /** The tool that wrote the file, when recognised ("IEEE Xplore", "CSL-JSON", …). */
  exporter?: string;
  /** Encoding the bytes were decoded with; absent for pasted text. */
  encoding?: string;
  /** The bytes were not UTF-8, or the user picked an encoding: show the picker. */
  offerEncoding: boolean;
  /** CSV/TSV header names (made unique by the parser). */
  columns?: string[];
  mapping?: ColumnMapping;
  /** Fields for which several columns matched equally well. */
  ambiguous?: string[];
  /** No title/abstract column, an ambiguous column, or a mapping the user set: show the form. */
  offerMapping: boolean;
}

export interface BatchResult {
  result: IngestResult;
  /** Papers whose text duplicates an earlier paper's. */
  dupCount: number;
  files: FileInfo[];
}

/** `fraction` is of the whole batch (0..1), weighted by input size. */
export interface IngestProgress {
  file: string;
  fraction: number;
}

interface Entry {
  input: BatchInput;
  choice: FileChoice;
  /** Set once the automatic decode found invalid UTF-8; stays set so the picker stays. */
  notUtf8: boolean;
  result: IngestResult;
  info: FileInfo;
}

const sizeOf = (f: BatchInput) => Math.max(1, f.bytes?.length ?? f.text?.length ?? 0);

export class IngestBatch {
  private entries: Entry[];

  constructor(inputs: BatchInput[]) {
    this.entries = inputs.map((input) => ({
      input,
      choice: {},
      notUtf8: false,
      result: { papers: [], problems: [], formats: {} },
      info: { name: input.name, format: 'unknown', count: 0, offerEncoding: false, offerMapping: false },
    }));
  }

  /** Reads every input. */
  run(onProgress?: (p: IngestProgress) => void): BatchResult {
    const total = this.entries.reduce((s, e) => s + sizeOf(e.input), 0);
    let done = 0;
    for (const e of this.entries) {
      const size = sizeOf(e.input);
      const base = done;
      this.read(e, (f) => onProgress?.({ file: e.input.name, fraction: Math.min(1, (base + f * size) / total) }));
      done += size;
    }
    onProgress?.({ file: this.entries.at(-1)?.input.name ?? '', fraction: 1 });
    return this.merged();
  }

  /** Re-reads one input with a new choice (kept for later re-reads); the others are reused. */
  rerun(file: string, choice: FileChoice, onProgress?: (p: IngestProgress) => void): BatchResult {
    const e = this.entries.find((x) => x.input.name === file);
    if (!e) throw new Error(`No file named "${file}" in this batch`);
    e.choice = { ...e.choice, ...choice };
    this.read(e, (f) => onProgress?.({ file, fraction: f }));
    return this.merged();
  }

  private read(e: Entry, onFraction: (f: number) => void): void {
    const { name, bytes } = e.input;
    onFraction(0);
    const decodeProblems: Problem[] = [];
    let text: string;
    let encoding: string | undefined;
    if (bytes) {
      const d = decodeText(bytes, e.choice.encoding, name);
      text = d.text;
      encoding = d.encoding;
      if (d.problems.some((p) => p.message === NOT_UTF8_MESSAGE || p.message.startsWith('not UTF-8'))) e.notUtf8 = true;
      pushAll(decodeProblems, d.problems);
    } else {
      text = stripBom(e.input.text ?? '');
    }
    const format = detectFormat(text, name);
    const info: FileInfo = { name, format, count: 0, offerEncoding: e.notUtf8 || e.choice.encoding !== undefined, offerMapping: false };
    if (encoding) info.encoding = encoding;
    let result: IngestResult;
    if (format === 'csv' || format === 'tsv') {
      const r = parseCsv(text, name, { mapping: e.choice.mapping, delimiter: format === 'tsv' ? '\t' : undefined });
      const ambiguous = e.choice.mapping ? [] : guessMapping(r.columns).ambiguous;
      const unusable = r.columns.length > 0 && r.mapping.title === undefined && r.mapping.abstract === undefined;
      Object.assign(info, { columns: r.columns, mapping: r.mapping, ambiguous });
      info.offerMapping = r.columns.length > 0 && (e.choice.mapping !== undefined || ambiguous.length > 0 || unusable);
      result = { papers: r.papers, problems: r.problems, formats: r.formats };
      if (r.exporters) result.exporters = r.exporters;
    } else {
      result = ingestText(text, name, { onProgress: onFraction });
    }
    result.problems = pushAll(decodeProblems, result.problems);
    info.count = result.papers.length;
    const exporter = result.exporters?.[name];
    if (exporter) info.exporter = exporter;
    e.result = result;
    e.info = info;
    onFraction(1);
  }

  private merged(): BatchResult {
    const papers: Paper[] = [];
    const problems: Problem[] = [];
    const formats: IngestResult['formats'] = {};
    const exporters: Record<string, string> = {};
    for (const e of this.entries) {
      // Copies, so making ids unique across files never changes a file's own result.
      for (const p of e.result.papers) papers.push({ ...p });
      pushAll(problems, e.result.problems);
      Object.assign(formats, e.result.formats);
      if (e.result.exporters) Object.assign(exporters, e.result.exporters);
    }
    assignUniqueIds(papers);
    const { dupOf, problems: dupProblems } = dedupe(papers);
    pushAll(problems, dupProblems);
    let dupCount = 0;
    dupOf.forEach((d, i) => {
      if (d !== i) dupCount++;
    });
    const result: IngestResult = { papers, problems, formats };
    if (Object.keys(exporters).length > 0) result.exporters = exporters;
    return { result, dupCount, files: this.entries.map((e) => ({ ...e.info })) };
  }
}
