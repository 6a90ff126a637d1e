import type { Paper } from '../types.ts';
import type { ExportGroup } from './groups.ts';
import { stampLine, type Provenance } from './provenance.ts';
import { paperLink } from './safe-url.ts';
import { collapseSpace } from '../util/text.ts';

/**
 * Escapes text for CommonMark/GFM inline content (RELIABILITY S4): backslash-escapes
 * every character that could start markup, a link, a table cell, raw HTML or code.
 * Line breaks collapse to spaces so one paper stays one list item.
 */
export function escapeMarkdown(text: string): string {
  return collapseSpace(text)
    .trim()
    .replace(/[\\`*_{}[\]()<>|~#!]/g, (c) => '\\' + c)
    // An entity reference (&lt; &#60;) would be decoded by the renderer; a bare "&" is harmless.
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
}

/** A link destination: already http(s)-only; parentheses and spaces are percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function authorsText(authors: string[]): string {
  if (authors.length === 0) return '';
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

function item(p: Paper): string {
  const title = escapeMarkdown(p.title || '(untitled)');
  const href = paperLink(p);
  // Unlinked, a title like "1. Intro" or "- x" would open a nested list inside the item.
  const bare = title.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');
  let line = href ? `- [${title}](${linkTarget(href)})` : `- ${bare}`;
  const who = escapeMarkdown(authorsText(p.authors));
  const year = p.year !== undefined ? ` (${p.year})` : '';
  if (who || year) line += ` — ${who}${year}`;
  if (p.venue) line += `, _${escapeMarkdown(p.venue)}_`;
  return line;
}

/** A reading list: one "## label (n)" section per cluster, one bullet per paper (duplicates included). */
export function toMarkdown(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  const out: string[] = ['# Reading list', ''];
  for (const g of groups) {
    const list = g.papers.filter((i) => papers[i] !== undefined);
    out.push(`## ${escapeMarkdown(g.label)} (${list.length})`, '');
    if (g.terms.length > 0) out.push(`Key terms: ${escapeMarkdown(g.terms.join(', '))}`, '');
    for (const i of list) out.push(item(papers[i]));
    out.push('');
  }
  // Plain-text footer (no HTML comment: renderers differ on those, and it hides nothing useful).
  out.push('---', '', `_${escapeMarkdown(`Exported by ${stampLine(prov)}`)}_`, '');
  return out.join('\n');
}
