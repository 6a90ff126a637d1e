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

/** The Markdown reading list as parts, one line (or heading with its blank line) each; see `toMarkdown`. */
export function* markdownParts(papers: Paper[], groups: ExportGroup[], prov: Provenance): Generator<string, void, void> {
  yield '# Reading list\n\n';
  const count = (g: ExportGroup) => {
    let n = 0;
    for (const i of g.papers) if (papers[i] !== undefined) n++;
    return n;
  };
  let area: number | undefined;
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k];
    const list = g.papers.filter((i) => papers[i] !== undefined);
    const depth = Math.max(0, g.path.length - 1);
    if (depth > 0 && g.pathIds[0] !== area) {
      // A new broad area: its heading counts the papers of its consecutive topics.
      area = g.pathIds[0];
      let n = 0;
      for (let j = k; j < groups.length && groups[j].path.length > 1 && groups[j].pathIds[0] === area; j++) n += count(groups[j]);
      yield `## ${escapeMarkdown(g.path[0])} (${n})\n\n`;
    } else if (depth === 0) area = undefined;
    const h = '#'.repeat(Math.min(6, 2 + depth));
    yield `${h} ${escapeMarkdown(g.label)} (${list.length})\n\n`;
    if (g.terms.length > 0) yield `Key terms: ${escapeMarkdown(g.terms.join(', '))}\n\n`;
    const inSub = new Set<number>();
    for (const s of g.subtopics) {
      const mine = s.papers.filter((i) => papers[i] !== undefined);
      if (!mine.length) continue;
      yield `${'#'.repeat(Math.min(6, 3 + depth))} ${escapeMarkdown(s.label)} (${mine.length})\n\n`;
      for (const i of mine) {
        yield item(papers[i]) + '\n';
        inSub.add(i);
      }
      yield '\n';
    }
    let rest = 0;
    for (const i of list) {
      if (inSub.has(i)) continue;
      yield item(papers[i]) + '\n';
      rest++;
    }
    if (rest) yield '\n';
  }
  // Plain-text footer (no HTML comment: renderers differ on those, and it hides nothing useful).
  yield `---\n\n_${escapeMarkdown(`Exported by ${stampLine(prov)}`)}_\n`;
}

/**
 * A reading list nested by the topic tree: "## area (n)" over "### topic (n)" over
 * "#### subtopic (n)" when the map has those levels; otherwise one "## label (n)"
 * section per cluster. One bullet per paper (duplicates included).
 */
export function toMarkdown(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  return [...markdownParts(papers, groups, prov)].join('');
}
