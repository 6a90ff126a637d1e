/**
 * The one way panel views build DOM: elements from a tag, a class, attributes and
 * children, where string children become text nodes. There is deliberately no
 * "html" option — paper text can only ever become text (RELIABILITY S1/P9).
 */
import { head } from '../util/limits.ts';

export interface ElProps {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElProps = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) node.setAttribute(k, v);
  if (props.text !== undefined) node.textContent = props.text;
  // append() inserts strings as Text nodes, never parsed as markup.
  if (children.length) node.append(...children); // spread-ok: they already arrived as this call's arguments
  return node;
}

/** A button that never submits a surrounding form. */
export function button(label: string, cls: string, onClick: (e: MouseEvent) => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { class: cls, text: label, attrs: { type: 'button', ...attrs } });
  b.addEventListener('click', onClick);
  return b;
}

/** "1 paper" / "3 papers". */
export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** First `max` characters by code point (never splits a surrogate pair), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  // Only the head is looked at (a code point is at most 2 units; white space runs collapse,
  // so allow some slack): O(max), not O(text), for a 30 MB abstract.
  const cut = text.length > max * 4 + 64;
  const chars = Array.from(head(text, max * 4 + 64).replace(/\s+/g, ' ').trim());
  return chars.length <= max && !cut ? chars.join('') : chars.slice(0, max).join('').trimEnd() + '…';
}
