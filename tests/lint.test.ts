/**
 * Project rules that a type-checker cannot see, checked over the source text:
 * paper text never goes through an HTML sink, no console output left in app
 * code, no unseeded randomness in the pipeline, no remote model URL, no array spread
 * into a call's arguments.
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

/**
 * Call arguments spread from an array (`push(...x)`, `Math.max(...x)`, `f(a, ...x)`): one
 * argument per item, so past ~100k items the call throws "Maximum call stack size
 * exceeded" (issue 16). Found by a bracket scan of each line: a `...` whose innermost open
 * bracket is a call's `(`. Rest parameters (`(...xs: T[])`, `(...xs) =>`) are declarations,
 * not spreads, and are skipped. A line may allow a spread whose length is bounded by
 * saying why: `// spread-ok: <reason>`.
 */
export function callSpreads(text: string): number[] {
  const found: number[] = [];
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      // Skip a string literal on this line.
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '(') stack.push(/[\w$\])]\s*$/.test(text.slice(0, i)) && !/\b(if|for|while|switch|catch|return|function)\s*$/.test(text.slice(0, i)) ? 'call' : '(');
    else if (c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (c === '.' && text.startsWith('...', i)) {
      if (stack.at(-1) === 'call') {
        const rest = text.slice(i + 3);
        const isRestParam = /^[\w$]+\s*(:|\)\s*(=>|\{|:))/.test(rest);
        if (!isRestParam) found.push(i);
      }
      i += 2;
    }
  }
  return found;
}

describe('source rules', () => {
  it('spreads no array into call arguments in src, workers or cli (unbounded lengths overflow the stack)', () => {
    const raw = ['src', 'workers', 'cli'].flatMap(files).flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').map((text, i) => [`${f}:${i + 1}`, text] as [string, string]));
    const bad = raw
      .filter(([, t]) => !/\/\/\s*spread-ok:\s*\S/.test(t))
      .filter(([, t]) => callSpreads(t.replace(/\/\/.*$/, '').replace(/^\s*(\*|\/\*\*).*$/, '')).length > 0)
      .map(([where]) => where);
    expect(bad).toEqual([]);
  });

  it('finds call spreads and leaves rest parameters, array and object spreads alone', () => {
    expect(callSpreads('problems.push(...dupProblems);')).toHaveLength(1);
    expect(callSpreads('const m = Math.max(0, ...lists.map((l) => l.length));')).toHaveLength(1);
    expect(callSpreads('parts.push(String.fromCharCode(...codes));')).toHaveLength(1);
    expect(callSpreads("el('tbody', {}, ...list.map((c) => row(c)))")).toHaveLength(1);
    expect(callSpreads('function first(r: RisRecord, ...tags: string[]): string {')).toEqual([]);
    expect(callSpreads('const f = (...xs) => xs.length;')).toEqual([]);
    expect(callSpreads('const all = [...a, ...b]; const o = f({ ...p, x: 1 });')).toEqual([]);
    expect(callSpreads("const s = 'push(...x)';")).toEqual([]);
  });

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
