import type { Paper } from '../types.ts';

/**
 * Only absolute http(s) URLs may become links (RELIABILITY S2). Everything else —
 * `javascript:`, `data:`, `vbscript:`, `file:`, relative paths, garbage — yields undefined.
 * Returns the URL as serialised by the URL parser (spaces and `<>"` percent-encoded).
 */
export function safeUrl(u: string | undefined): string | undefined {
  if (typeof u !== 'string') return undefined;
  const s = u.trim();
  if (s === '') return undefined;
  let parsed: URL;
  try {
    // No base: a relative URL throws instead of resolving against the page.
    parsed = new URL(s);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.hostname === '') return undefined;
  return parsed.href;
}

/** A DOI like "10.1234/abc" (also accepts "doi:10..." and doi.org URLs). */
function doiLink(doi: string | undefined): string | undefined {
  if (!doi) return undefined;
  const m = /^\s*(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)\s*$/i.exec(doi);
  if (!m) return undefined;
  // encodeURI keeps "/" but encodes spaces and quotes; the DOI resolver accepts both.
  return safeUrl('https://doi.org/' + encodeURI(m[1]));
}

/** New-style (2401.01234v2) or old-style (cs/0101001) arXiv identifiers. */
function arxivLink(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /^\s*(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)\s*$/i.exec(id);
  return m ? safeUrl('https://arxiv.org/abs/' + m[1]) : undefined;
}

/** The best safe link for a paper: its URL if http(s), else a DOI link, else an arXiv link. */
export function paperLink(p: Paper): string | undefined {
  return safeUrl(p.url) ?? doiLink(p.doi) ?? arxivLink(p.arxivId);
}
