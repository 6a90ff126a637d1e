/**
 * The selected papers: a count heading and one item per paper (title link, authors,
 * year, venue, duplicate badge, abstract with label terms marked). Rendering is capped
 * at PAGE items with a "Show more" button, so selecting 5,000 papers stays instant.
 */
import type { Paper } from '../types.ts';
import { paperLink } from '../export/safe-url.ts';
import { button, el, plural } from './dom.ts';
import { appendHighlighted } from './highlight.ts';
import { clipText, head as textHead, MAX_ABSTRACT_CHARS, MAX_META_CHARS, MAX_TITLE_CHARS } from '../util/limits.ts';

export interface PaperListValue {
  papers: Paper[];
  /** Indices into `papers`, in display order. */
  indices: number[];
  /** Label terms of the paper's cluster (highlighted in its abstract). */
  terms: (i: number) => string[];
  /** How many input rows share this paper's text (1 = unique). */
  dupCount: (i: number) => number;
  clusterLabel: (i: number) => string;
}

export interface PaperListOptions {
  onHover?(i: number | null): void;
}

/** Items rendered per page; each "Show more" adds another page. */
export const PAGE = 200;

function authorsText(a: string[]): string {
  const names = (list: string[]) => list.map((n) => clipText(n, MAX_META_CHARS)).join(', ');
  return a.length <= 4 ? names(a) : `${names(a.slice(0, 3))} et al. (${a.length} authors)`;
}

export function createPaperList(container: HTMLElement, opts: PaperListOptions = {}) {
  let value: PaperListValue | null = null;
  let shown = 0;

  const heading = el('h3', { class: 'ps-papers-count', attrs: { 'aria-live': 'polite' } });
  const list = el('ol', { class: 'ps-papers-list' });
  const more = button('', 'btn small ps-more', () => renderMore());
  const hint = el('p', { class: 'ps-empty', text: 'Click a cluster or lasso points on the map to list its papers here.' });
  const root = el('div', { class: 'ps-papers', attrs: { 'data-testid': 'paper-list' } }, heading, list, more);
  container.append(root);

  function item(i: number, v: PaperListValue): HTMLLIElement {
    const p = v.papers[i];
    const li = el('li', { class: 'paper-item', attrs: { 'data-index': String(i) } });
    const href = paperLink(p);
    const titleText = clipText(p.title, MAX_TITLE_CHARS) || '(untitled)';
    const title = href
      ? el('a', { class: 'ps-title', text: titleText, attrs: { href, target: '_blank', rel: 'noopener noreferrer', dir: 'auto' } })
      : el('span', { class: 'ps-title', text: titleText, attrs: { dir: 'auto' } });
    const head = el('div', { class: 'ps-item-head' }, title);
    const dups = v.dupCount(i);
    if (dups > 1) {
      head.append(el('span', { class: 'ps-badge', text: `×${dups}`, attrs: { title: `${dups} rows in the input share this text; all are kept in exports`, 'aria-label': `${dups} copies` } }));
    }
    li.append(head);

    const meta: string[] = [];
    if (p.authors.length) meta.push(authorsText(p.authors));
    if (p.year !== undefined) meta.push(String(p.year));
    if (p.venue) meta.push(p.venue);
    if (meta.length) li.append(el('div', { class: 'ps-meta', text: clipText(meta.join(' · '), MAX_META_CHARS), attrs: { dir: 'auto' } }));
    const label = v.clusterLabel(i);
    if (label) li.append(el('div', { class: 'ps-cluster-tag', text: label, attrs: { dir: 'auto' } }));

    if (p.abstract.trim()) {
      const body = el('p', { class: 'ps-abstract', attrs: { dir: 'auto' } });
      // Only the kept head is drawn and highlighted (util/limits.ts); exports keep it all.
      appendHighlighted(body, textHead(p.abstract, MAX_ABSTRACT_CHARS), v.terms(i));
      if (p.abstract.length > MAX_ABSTRACT_CHARS) {
        body.append(el('span', {
          class: 'ps-muted ps-cut',
          text: ` … (the first ${MAX_ABSTRACT_CHARS.toLocaleString('en-US')} of ${p.abstract.length.toLocaleString('en-US')} characters are shown; exports keep the full text)`,
        }));
      }
      li.append(el('details', { class: 'ps-details' }, el('summary', { text: 'Abstract' }), body));
    } else {
      li.append(el('div', { class: 'ps-meta ps-muted', text: 'No abstract' }));
    }

    if (opts.onHover) {
      const hover = opts.onHover;
      li.addEventListener('mouseenter', () => hover(i));
      li.addEventListener('mouseleave', () => hover(null));
      li.addEventListener('focusin', () => hover(i));
      li.addEventListener('focusout', (e) => { if (!li.contains(e.relatedTarget as Node | null)) hover(null); });
    }
    return li;
  }

  function renderMore() {
    if (!value) return;
    const v = value;
    const end = Math.min(v.indices.length, shown + PAGE);
    const frag = document.createDocumentFragment();
    for (let k = shown; k < end; k++) {
      const i = v.indices[k];
      if (v.papers[i]) frag.append(item(i, v));
    }
    list.append(frag);
    shown = end;
    const rest = v.indices.length - shown;
    more.hidden = rest <= 0;
    more.textContent = `Show ${Math.min(PAGE, rest)} more (${rest.toLocaleString('en-US')} not shown)`;
  }

  function render() {
    list.replaceChildren();
    shown = 0;
    const n = value?.indices.length ?? 0;
    heading.textContent = n ? `${plural(n, 'paper')} selected` : 'No papers selected';
    list.hidden = n === 0;
    if (n === 0) {
      more.hidden = true;
      list.after(hint);
      return;
    }
    hint.remove();
    renderMore();
  }

  /** The shown items' cluster tags, from `clusterLabel` (changed) or the current one (which may read renames lazily). */
  function relabel(clusterLabel?: (i: number) => string) {
    if (!value) return;
    if (clusterLabel) value = { ...value, clusterLabel };
    for (const li of list.children) {
      const i = Number((li as HTMLElement).dataset.index);
      const label = value.clusterLabel(i);
      const tag = li.querySelector<HTMLElement>(':scope > .ps-cluster-tag');
      if (tag && !label) tag.remove();
      else if (tag) {
        if (tag.textContent !== label) tag.textContent = label;
      } else if (label) li.insertBefore(el('div', { class: 'ps-cluster-tag', text: label, attrs: { dir: 'auto' } }), li.lastElementChild);
    }
  }

  render();
  return {
    update(v: PaperListValue) {
      value = v;
      render();
    },
    /**
     * A rename: only the cluster tags of the items on show change (the list, its abstracts
     * and their marks stay). A rename with 100,000 papers selected rebuilt 200 items (issue 16).
     */
    relabel,
    destroy() {
      root.remove();
    },
  };
}
