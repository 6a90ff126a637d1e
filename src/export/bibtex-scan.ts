/**
 * A small scanner for ONE BibTeX entry as ingest kept it (`Paper.raw`), just enough to
 * edit it surgically: find the citation key and the top-level fields, so a `keywords`
 * value can be merged and a clashing key renamed while every other byte stays untouched.
 * It never throws: anything it cannot read returns null and the caller regenerates.
 */

export interface FieldSpan {
  /** Lower-cased field name. */
  name: string;
  /** Value span [start, end) in the raw text, covering all `#`-joined parts. */
  start: number;
  end: number;
  /** Spans of each part, e.g. `{...}`, `"..."`, or a bare word/number. */
  parts: { start: number; end: number; kind: 'brace' | 'quote' | 'bare' }[];
}

export interface EntrySpan {
  type: string;
  keyStart: number;
  keyEnd: number;
  fields: FieldSpan[];
  /** Index of the entry's closing `}` or `)`. */
  close: number;
}

/** Index just past a balanced `{...}` starting at `i` (text[i] === '{'), or -1. */
function skipBraces(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
  }
  return -1;
}

/** Index just past a `"..."` starting at `i`; braces inside are balanced, so `{"}` is allowed. */
function skipQuoted(text: string, i: number): number {
  let depth = 0;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}') { if (--depth < 0) return -1; }
    else if (c === '"' && depth === 0) return j + 1;
  }
  return -1;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

export function scanEntry(text: string): EntrySpan | null {
  const head = /^\s*@\s*([A-Za-z][\w-]*)\s*([{(])/.exec(text);
  if (!head) return null;
  const type = head[1].toLowerCase();
  if (type === 'comment' || type === 'string' || type === 'preamble') return null;
  const closeCh = head[2] === '{' ? '}' : ')';
  let i = skipWs(text, head[0].length);
  const keyStart = i;
  while (i < text.length && !/[,\s}{)]/.test(text[i])) i++;
  const keyEnd = i;
  const fields: FieldSpan[] = [];
  // Strict: fields must be comma-separated. An entry ingest recovered from (a missing
  // comma) is not copied as-is but regenerated, so the export never repeats the damage.
  let needComma = true;
  for (;;) {
    i = skipWs(text, i);
    if (i >= text.length) return null;
    if (text[i] === ',') { i++; needComma = false; continue; }
    if (text[i] === closeCh) return keyEnd > keyStart ? { type, keyStart, keyEnd, fields, close: i } : null;
    if (needComma) return null;
    needComma = true;
    const name = /^[^\s=,{}()"#]+/.exec(text.slice(i, i + 200));
    if (!name) return null;
    i = skipWs(text, i + name[0].length);
    if (text[i] !== '=') return null;
    i = skipWs(text, i + 1);
    const parts: FieldSpan['parts'] = [];
    for (;;) {
      const start = i;
      let end: number;
      let kind: 'brace' | 'quote' | 'bare';
      if (text[i] === '{') { end = skipBraces(text, i); kind = 'brace'; }
      else if (text[i] === '"') { end = skipQuoted(text, i); kind = 'quote'; }
      else {
        const m = /^[^\s,#{}()"=]+/.exec(text.slice(i, i + 200));
        end = m ? i + m[0].length : -1;
        kind = 'bare';
      }
      if (end < 0) return null;
      parts.push({ start, end, kind });
      i = skipWs(text, end);
      if (text[i] !== '#') break;
      i = skipWs(text, i + 1);
    }
    fields.push({ name: name[0].toLowerCase(), start: parts[0].start, end: parts[parts.length - 1].end, parts });
  }
}

/** Splits a keywords value on `,` / `;`, trimmed, for a duplicate check. */
function keywordList(value: string): string[] {
  return value.split(/[,;]/).map((k) => k.trim().toLowerCase()).filter(Boolean);
}

/** Macros every BibTeX style defines: month abbreviations. */
const STANDARD_MACROS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);

/** True when a field uses an @string macro the exported file will not define. */
function usesMacro(raw: string, f: FieldSpan): boolean {
  return f.parts.some((p) => {
    if (p.kind !== 'bare') return false;
    const word = raw.slice(p.start, p.end);
    return !/^\d+$/.test(word) && !STANDARD_MACROS.has(word.toLowerCase());
  });
}

/**
 * Returns `raw` with `keyword` merged into its keywords field (appended; added as a new
 * last field when absent) and, if given, the citation key replaced. Null when unreadable.
 * `keyword` must already be safe for a braced value (see bibtex.ts `keywordValue`).
 *
 * The exported file carries no `@string` definitions, so a field that used a macro
 * (`booktitle = icml`, `journal = lncs # { vol. 12}`) is replaced by `{resolve(name)}` —
 * the value ingest already expanded — when `resolve` knows it; otherwise left as it was.
 */
export function editRawEntry(raw: string, keyword: string, newKey?: string, resolve?: (field: string) => string | undefined): string | null {
  let e = scanEntry(raw);
  if (!e) return null;
  // Exactly one entry: whatever followed its closing bracket (another entry, TeX code) is dropped.
  let out = raw.slice(0, e.close + 1);
  if (resolve) {
    // From the last field backwards so earlier offsets stay valid.
    for (const f of [...e.fields].reverse()) {
      if (!usesMacro(out, f)) continue;
      const value = resolve(f.name);
      if (value !== undefined) out = out.slice(0, f.start) + `{${value}}` + out.slice(f.end);
    }
    e = scanEntry(out);
    if (!e) return null;
  }
  const kw = e.fields.find((f) => f.name === 'keywords');
  if (keyword) {
    if (kw) {
      const last = kw.parts[kw.parts.length - 1];
      const whole = out.slice(kw.start, kw.end);
      if (!keywordList(whole.replace(/[{}"]/g, '')).includes(keyword.trim().toLowerCase())) {
        if (kw.parts.length === 1 && last.kind !== 'bare') {
          const inner = out.slice(last.start + 1, last.end - 1);
          const sep = inner.trim() === '' ? '' : ', ';
          out = out.slice(0, last.end - 1) + sep + keyword + out.slice(last.end - 1);
        } else {
          // A macro or concatenation: append with BibTeX's own `#` operator.
          out = out.slice(0, kw.end) + ` # {, ${keyword}}` + out.slice(kw.end);
        }
      }
    } else {
      const at = e.fields.length > 0 ? e.fields[e.fields.length - 1].end : e.keyEnd;
      out = out.slice(0, at) + `,\n  keywords = {${keyword}}` + out.slice(at);
    }
  }
  // The key precedes every field, so the edits above left its offsets intact.
  if (newKey !== undefined) out = out.slice(0, e.keyStart) + newKey + out.slice(e.keyEnd);
  return out;
}

/** The citation key of a raw entry (read from its head only, so damaged entries still have one). */
export function rawKey(raw: string): string | undefined {
  const m = /^\s*@\s*[A-Za-z][\w-]*\s*[{(]\s*([^,\s{}()"#%~]+)\s*,/.exec(raw);
  return m ? m[1] : undefined;
}

/**
 * Control words a copied entry may carry: accents and special letters, text styles, links,
 * dashes and quotes, and common math. Anything else (`\write18`, `\input`, `\def`,
 * `\catcode`, `\csname`, …) could run or redefine code when LaTeX typesets the
 * bibliography, so an entry holding one is not copied but regenerated from its fields.
 */
const SAFE_COMMANDS = new Set((
  'i j l L o O ae AE oe OE aa AA ss SS c v u H k r d b t ' +
  'emph textit textbf textsc texttt textrm textsf textsl textup textmd textnormal textsuperscript textsubscript ' +
  'mbox text em it bf sc tt rm sf sl up small normalsize large Large footnotesize scriptsize tiny ' +
  'url href nolinkurl doi textendash textemdash textquoteleft textquoteright textquotedblleft textquotedblright ' +
  'ldots dots cdots vdots LaTeX TeX BibTeX textregistered texttrademark textcopyright textdegree textasciitilde ' +
  'textasciicircum textbackslash textbar textless textgreater textunderscore textbullet textperiodcentered guillemotleft guillemotright ' +
  'quad qquad ensuremath mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol bm operatorname ' +
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho ' +
  'sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ' +
  'times cdot pm mp div leq geq le ge neq ne ll gg approx sim simeq cong equiv propto infty partial nabla sum prod int oint ' +
  'log ln exp sin cos tan min max arg lim sup inf det dim ker Pr in notin ni subset subseteq supset supseteq cup cap setminus emptyset varnothing ' +
  'forall exists neg lnot wedge vee land lor oplus otimes circ star ast bullet to rightarrow leftarrow Rightarrow Leftarrow ' +
  'leftrightarrow Leftrightarrow longrightarrow mapsto uparrow downarrow langle rangle lfloor rfloor lceil rceil left right ' +
  'big Big bigg Bigg frac dfrac tfrac sqrt hat tilde bar vec dot ddot overline underline widehat widetilde prime ell hbar ' +
  'Re Im mid vert Vert lvert rvert lVert rVert colon ldotp cdotp displaystyle textstyle scriptstyle'
).split(' '));

const SAFE_KEY = /^[\p{L}\p{N}_:.+\-/]+$/u;
const SAFE_NAME = /^[a-z][a-z0-9_:.+-]*$/;
const SAFE_BARE = /^[\p{L}\p{N}_:.+\-/]+$/u;

/** True when a braced or quoted value holds only allowed control words and no `^^` (TeX's hex escape). */
function safeValueText(v: string): boolean {
  if (v.includes('^^')) return false;
  for (const m of v.matchAll(/\\([A-Za-z]+)/g)) if (!SAFE_COMMANDS.has(m[1])) return false;
  return true;
}

/**
 * The entry re-read and checked before it is copied into an export: exactly one entry
 * (nothing after its closing bracket), a plain type, key and field names, bare values that
 * are words or numbers, and no control word outside SAFE_COMMANDS. Between fields the strict
 * scanner allows only white space and commas, so the bytes from `@` to the closing bracket
 * are the entry and nothing else. Null: the caller regenerates the entry from its fields.
 */
export function safeEntry(raw: string): string | null {
  const text = raw.trimStart();
  const e = scanEntry(text);
  if (!e) return null;
  if (!SAFE_KEY.test(text.slice(e.keyStart, e.keyEnd))) return null;
  for (const f of e.fields) {
    if (!SAFE_NAME.test(f.name)) return null;
    for (const p of f.parts) {
      const v = text.slice(p.start, p.end);
      if (p.kind === 'bare' ? !SAFE_BARE.test(v) : !safeValueText(v)) return null;
    }
  }
  return text.slice(0, e.close + 1);
}

/** A citation key that every BibTeX dialect reads as one key. */
export function safeKey(key: string | undefined): key is string {
  return key !== undefined && SAFE_KEY.test(key);
}
