/**
 * A small, fast LaTeX -> plain Unicode converter for BibTeX field values. It is the
 * fallback when @retorquere/bibtex-parser cannot convert a field (unclosed math, unknown
 * commands) or its time budget is spent. Output is plain text: no markup is produced.
 */

/** Accent commands -> Unicode combining marks (applied, then NFC-composed). */
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};

const SYMBOLS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  textendash: '–', textemdash: '—', ldots: '…', dots: '…', cdots: '⋯', LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX',
  textasciitilde: '~', S: '§', P: '¶', copyright: '©', textregistered: '®', texttrademark: '™', pounds: '£', euro: '€',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ',
  Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', times: '×', cdot: '·', pm: '±',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', approx: '≈', sim: '∼', infty: '∞', to: '→', rightarrow: '→',
  leftarrow: '←', in: '∈', sum: '∑', prod: '∏', sqrt: '√', partial: '∂', nabla: '∇', ell: 'ℓ',
};

/** Commands whose single argument is kept as text (formatting is dropped). */
const KEEP_ARG = new Set([
  'textbf', 'textit', 'emph', 'textsc', 'texttt', 'textrm', 'textsf', 'textup', 'textnormal', 'textsl', 'text', 'mbox',
  'mathrm', 'mathbf', 'mathit', 'mathcal', 'mathbb', 'mathsf', 'mathtt', 'mathfrak', 'boldsymbol', 'url', 'uline',
  'underline', 'enquote', 'textsuperscript', 'textsubscript', 'NoCaseChange', 'operatorname',
]);

// Private-use placeholders keep escaped characters out of the brace/dollar stripping.
const ESC: Record<string, string> = { '{': '\ue000', '}': '\ue001', $: '\ue002', '%': '%', '&': '&', '#': '#', _: '_' };
const UNESC: Record<string, string> = { '\ue000': '{', '\ue001': '}', '\ue002': '$' };

export function latexToText(input: string): string {
  if (!/[\\{}$~`'-]/.test(input)) return input;
  let s = input.replace(/\\([{}$%&#_])/g, (_m, c: string) => ESC[c]);
  // \href{url}{text} -> text
  s = s.replace(/\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}/g, '$1');
  // Accents: \'e  \'{e}  {\'e}  \'{\i}  \c{c}  \v s
  s = s.replace(/\\(['`^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g, (_m, a: string, b?: string, c?: string) =>
    accent(a, b ?? c ?? ''),
  );
  s = s.replace(/\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))/g, (_m, a: string, b?: string, c?: string) =>
    accent(a, b ?? c ?? ''),
  );
  // Named commands, innermost first for nested {\bf ...}-style groups.
  s = s.replace(/\\([A-Za-z]+)\s*(\{[^{}]*\})?\s?/g, (m, name: string, arg?: string) => {
    const trail = m.endsWith(' ') && !arg ? ' ' : '';
    if (Object.hasOwn(SYMBOLS, name)) return SYMBOLS[name] + (arg ? arg.slice(1, -1) : '') + trail;
    if (KEEP_ARG.has(name) || arg) return arg ? arg.slice(1, -1) + (m.endsWith(' ') ? ' ' : '') : '';
    // Unknown command without an argument (\log, \max): keep its name as a word.
    return name + trail;
  });
  s = s
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/``|''/g, (q) => (q === '``' ? '“' : '”'))
    .replace(/(^|[^\\])~/g, '$1 ')
    .replace(/[{}$]/g, '')
    .replace(/\\\\/g, ' ')
    .replace(/\\([,;:! ])/g, ' ')
    .replace(/[\ue000-\ue002]/g, (c) => UNESC[c]);
  return s.normalize('NFC');
}

function accent(a: string, letter: string): string {
  const base = letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
  return base + (ACCENTS[a] ?? '');
}
