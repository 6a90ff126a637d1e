/**
 * Project rules that a type-checker cannot see, checked over the source text:
 * paper text never goes through an HTML sink, no console output left in app
 * code, no unseeded randomness in the pipeline, no remote model URL.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js)$/.test(f) ? [p] : [];
  });
}

/** Source lines with comments stripped, as [file:line, text]. */
function lines(dirs: string[]): Array<[string, string]> {
  return dirs.flatMap(files).flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((text, i) => [`${f}:${i + 1}`, text.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '')] as [string, string]),
  );
}

const app = lines(['src', 'workers']);

function offenders(source: Array<[string, string]>, pattern: RegExp): string[] {
  return source.filter(([, t]) => pattern.test(t)).map(([where]) => where);
}

describe('source rules', () => {
  it('uses no HTML sinks (innerHTML, outerHTML, insertAdjacentHTML, d3 .html()) anywhere in src or workers', () => {
    expect(offenders(app, /\b(innerHTML|outerHTML|insertAdjacentHTML)\b|\.html\(/)).toEqual([]);
  });

  it('leaves no console calls in src or workers', () => {
    expect(offenders(app, /\bconsole\.(log|warn|error|info|debug)\(/)).toEqual([]);
  });

  it('uses no Math.random in pipeline or worker code (randomness is seeded and injected)', () => {
    expect(offenders(lines(['src/pipeline', 'workers']), /Math\.random/)).toEqual([]);
  });

  it('names no remote model host', () => {
    expect(offenders(app, /tfhub\.dev|storage\.googleapis|kaggle\.com|huggingface\.co/)).toEqual([]);
  });

  it('builds no dynamic code (eval / new Function), which the CSP forbids', () => {
    expect(offenders(app, /\beval\(|new Function\(/)).toEqual([]);
  });
});
