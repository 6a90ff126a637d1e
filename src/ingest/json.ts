/**
 * JSON (an array of paper objects, or an object holding one) and JSONL (one object a line).
 * The walk that finds the array is iterative and depth-limited, so 1000-deep nesting
 * cannot overflow the stack.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, finish, problem } from './common.ts';
import { JsonRecordReader, pathKey } from './json-record.ts';
import { shapeJsonPaper } from './json-shapes.ts';

/** Property names tried first when the top level is an object. */
const WRAPPER_KEYS = ['papers', 'data', 'items', 'records', 'results', 'entries', 'rows', 'documents', 'references'];
/** How deep the search for an array of objects goes below the top-level object. */
const MAX_SEARCH_DEPTH = 4;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function looksLikePaper(o: Obj): boolean {
  return Object.keys(o).some((k) => /^(title|abstract|summary|paper ?title)$/i.test(k) && typeof o[k] === 'string');
}

/** Finds the records: the array itself, a wrapper property, or the first array of objects (breadth-first). */
function findRecords(root: unknown): { items: unknown[]; path: string } | null {
  if (Array.isArray(root)) return { items: root, path: '$' };
  if (!isObj(root)) return null;
  if (looksLikePaper(root)) return { items: [root], path: '$single' };
  for (const k of WRAPPER_KEYS) {
    const hit = Object.keys(root).find((key) => key.toLowerCase() === k);
    if (hit !== undefined && Array.isArray(root[hit])) return { items: root[hit] as unknown[], path: pathKey('$', hit) };
  }
  const queue: Array<{ v: Obj; path: string; depth: number }> = [{ v: root, path: '$', depth: 0 }];
  for (let q = 0; q < queue.length; q++) {
    const { v, path, depth } = queue[q];
    for (const key of Object.keys(v)) {
      const child = v[key];
      const p = pathKey(path, key);
      if (Array.isArray(child) && child.some(isObj)) return { items: child, path: p };
      if (isObj(child) && depth + 1 < MAX_SEARCH_DEPTH) queue.push({ v: child, path: p, depth: depth + 1 });
    }
  }
  return null;
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Line of a JSON.parse error. V8 gives "at position N" for some errors and only a quoted
 * excerpt ("...{"title": }...") for others; the excerpt starts up to 10 chars before the error.
 */
function errorLine(text: string, msg: string): number | undefined {
  const pos = /position (\d+)/.exec(msg);
  if (pos) return lineAt(text, Number(pos[1]));
  const ex = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(msg);
  if (!ex || !ex[1]) return undefined;
  const at = text.indexOf(ex[1]);
  return at === -1 ? undefined : lineAt(text, at + Math.min(10, ex[1].length - 1));
}

/** Names the tool whose shape most records had. */
function withExporter(r: IngestResult, exporters: Map<string, number>, file: string): IngestResult {
  let best: string | undefined;
  for (const [name, n] of exporters) if (best === undefined || n > (exporters.get(best) ?? 0)) best = name;
  if (best) r.exporters = { [file]: best };
  return r;
}

export function parseJson(text: string, file: string): IngestResult {
  const problems: Problem[] = [];
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const line = errorLine(text, msg);
    problems.push(problem('error', `unreadable JSON: ${msg}`, file, undefined, line));
    return finish([], problems, file, 'json');
  }
  const found = findRecords(root);
  if (!found) {
    problems.push(problem('error', '$: expected an array of paper objects, or an object holding one (e.g. {"papers": [...]})', file));
    return finish([], problems, file, 'json');
  }
  const reader = new JsonRecordReader();
  const exporters = new Map<string, number>();
  const papers: Paper[] = [];
  const single = found.path === '$single';
  found.items.forEach((item, i) => {
    const path = single ? '$' : `${found.path}[${i}]`;
    const row = i + 1;
    if (!isObj(item)) {
      problems.push(problem('error', `${path}: expected an object`, file, row));
      return;
    }
    const before = problems.length;
    const shaped = shapeJsonPaper(item);
    if (shaped.exporter) exporters.set(shaped.exporter, (exporters.get(shaped.exporter) ?? 0) + 1);
    const paper = buildPaper(reader.read(shaped.obj, path, file, row, problems), file, row, 'json', problems);
    if (paper) papers.push(paper);
    else if (problems.length > before) problems[problems.length - 1].message = `${path}: no usable title or abstract: skipped`;
  });
  return withExporter(finish(papers, problems, file, 'json'), exporters, file);
}

export function parseJsonl(text: string, file: string, onProgress?: (fraction: number) => void): IngestResult {
  const problems: Problem[] = [];
  const papers: Paper[] = [];
  const reader = new JsonRecordReader();
  const exporters = new Map<string, number>();
  let row = 0;
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (onProgress && lineNo % 5000 === 0) onProgress(Math.min(1, start / n));
    if (!line) continue;
    row++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problems.push(problem('error', `unreadable line: ${e instanceof Error ? e.message : String(e)}`, file, row, lineNo));
      continue;
    }
    if (!isObj(value)) {
      problems.push(problem('error', `line ${lineNo}: expected a JSON object`, file, row, lineNo));
      continue;
    }
    const path = `line ${lineNo}: $`;
    const before = problems.length;
    const shaped = shapeJsonPaper(value);
    if (shaped.exporter) exporters.set(shaped.exporter, (exporters.get(shaped.exporter) ?? 0) + 1);
    const paper = buildPaper(reader.read(shaped.obj, path, file, row, problems), file, row, 'jsonl', problems, lineNo);
    if (paper) papers.push(paper);
    else if (problems.length > before) problems[problems.length - 1].message = `line ${lineNo}: no usable title or abstract: skipped`;
  }
  return withExporter(finish(papers, problems, file, 'jsonl'), exporters, file);
}
