/**
 * What the label layer shows: fine cluster labels (user renames applied) and,
 * when the layout has a coarser level, coarse labels for low zoom. Pure.
 */
import type { Layout } from '../types.ts';
import type { Bounds } from './geometry.ts';
import type { LabelItem } from './label-layer.ts';
import { clusterColor } from './palette.ts';
import type { MapGeometry } from './regions.ts';

const finite = (c: { cx: number; cy: number }) => Number.isFinite(c.cx) && Number.isFinite(c.cy);

/** The label's hover text: its full name and its 3 most representative titles (members are in representative order). */
export function labelTooltip(label: string, members: number[], titleOf: (i: number) => string | undefined): string {
  const top = members.slice(0, 3).map(titleOf).filter((t): t is string => !!t);
  return top.length ? `${label}\n\nMost representative:\n${top.map((t) => `• ${t}`).join('\n')}` : label;
}

/**
 * A label item whose hover text is made when read (at most 80 labels show at a time). A class,
 * not an object literal with a getter: such literals took ~10x as long to make (20,000 clusters:
 * 60-250 ms of the task that shows the map, issue 16).
 */
class TipItem implements LabelItem {
  coarse = false;
  constructor(
    public id: number,
    public text: string,
    public cx: number,
    public cy: number,
    public size: number,
    public color: string,
    public level: number | undefined,
    public extent: Bounds | undefined,
    public region: Bounds | undefined,
    private readonly source: { cluster: { id: number; label: string; members: number[] }; renames: Map<number, string>; titleOf: (i: number) => string | undefined },
  ) {}

  get tooltip(): string {
    const { cluster: c, renames, titleOf } = this.source;
    return labelTooltip(renames.get(c.id) ?? c.label, c.members, titleOf);
  }
}

/** Fine labels, biggest cluster first. */
export function fineLabelItems(
  layout: Layout,
  renames: Map<number, string>,
  slots: Map<number, number>,
  extents: Map<number, Bounds>,
  titleOf: (i: number) => string | undefined = () => undefined,
  geo?: Pick<MapGeometry, 'cores' | 'regions'>,
): LabelItem[] {
  return layout.clusters
    .filter(finite)
    .sort((a, b) => b.size - a.size || a.id - b.id)
    .map((c) => {
      // Anchor on the cluster's densest member when known (a centroid can fall between two lobes, on no point).
      const core = geo?.cores.get(c.id);
      // The tooltip is made when a label is shown (at most 80 at a time), not for each of 20,000 clusters on every rename (issue 16).
      return new TipItem(c.id, renames.get(c.id) ?? c.label, core ? core[0] : c.cx, core ? core[1] : c.cy, c.size,
        clusterColor(c.id, slots), 0, extents.get(c.id), geo?.regions.get(c.id)?.bounds, { cluster: c, renames, titleOf });
    });
}

/** Up to this many clusters, every fine label is shown at once and a coarse level would only hide detail. */
export const FINE_LABELS_AT_ONCE = 12;

/** Coarse labels, or [] when there is no coarser level worth showing (few fine clusters, or not fewer groups). */
export function coarseLabelItems(layout: Layout, renames: Map<number, string> = new Map()): LabelItem[] {
  const coarse = layout.coarse ?? [];
  if (!coarse.length || coarse.length >= layout.clusters.length || layout.clusters.length <= FINE_LABELS_AT_ONCE) return [];
  // Each area's topics, found in one pass (20,000 topics × 2,000 areas was a 0.1 s loop).
  const topicsOf = new Map<number, Layout['clusters']>();
  for (const c of layout.clusters) {
    if (c.parent === undefined || !finite(c)) continue;
    const list = topicsOf.get(c.parent);
    if (list) list.push(c);
    else topicsOf.set(c.parent, [c]);
  }
  return coarse
    .filter(finite)
    .sort((a, b) => b.size - a.size || a.id - b.id)
    .map((c) => {
      const text = renames.get(c.id) ?? c.label;
      const [cx, cy] = coarseAnchor(topicsOf.get(c.id) ?? [], c, text);
      return { id: c.id, text, cx, cy, size: c.size, color: '#555555', coarse: true, level: 1 };
    });
}

/**
 * Where an area's label stands: on the topic of the area it names most (most label terms in
 * common, then the largest), not at the area's centre, which can fall on another topic's
 * region (ml-topics-13-dev: the area "instance segmentation · image · object" sat on the VLM
 * topic). That topic's own label repeats the area's terms and gives way to it (fineFillItems).
 */
function coarseAnchor(topics: Layout['clusters'], area: { id: number; cx: number; cy: number }, text: string): [number, number] {
  const terms = termsOf(text);
  let best: Layout['clusters'][number] | undefined;
  let bestShared = -1;
  for (const c of topics) {
    const shared = [...termsOf(c.label)].filter((t) => terms.has(t)).length;
    if (shared > bestShared || (shared === bestShared && c.size > best!.size)) [best, bestShared] = [c, shared];
  }
  return best ? [best.cx, best.cy] : [area.cx, area.cy];
}

/**
 * Zoomed in: the topic tree's deepest level. Topics with subtopics give way to their
 * subtopics' labels (in the topic's colour); the other topics keep theirs.
 * [] when the layout has no subtopics.
 */
export function subtopicLabelItems(layout: Layout, fine: readonly LabelItem[], renames: Map<number, string>, titleOf: (i: number) => string | undefined = () => undefined): LabelItem[] {
  const subs = (layout.subtopics ?? []).filter(finite);
  if (!subs.length) return [];
  const split = new Set(subs.map((c) => c.parent));
  const colorOf = new Map(fine.map((f) => [f.id, f.color]));
  return [
    ...fine.filter((f) => !split.has(f.id)),
    ...subs.map((c) => new TipItem(c.id, renames.get(c.id) ?? c.label, c.cx, c.cy, c.size, colorOf.get(c.parent ?? -1) ?? '#555555', undefined, undefined, undefined, { cluster: c, renames, titleOf })),
  ].sort((a, b) => b.size - a.size || a.id - b.id);
}

/** Paper indices under a coarse cluster: every paper whose fine cluster has it as parent (else its own members). */
export function coarseMembers(layout: Layout, coarseId: number): number[] {
  const fine = new Set(layout.clusters.filter((c) => c.parent === coarseId).map((c) => c.id));
  if (fine.size === 0) return layout.coarse?.find((c) => c.id === coarseId)?.members.slice() ?? [];
  const out: number[] = [];
  for (let i = 0; i < layout.cluster.length; i++) if (fine.has(layout.cluster[i])) out.push(i);
  return out;
}

export function clusterName(layout: Layout, renames: Map<number, string>, c: number): string {
  if (c < 0) return 'Outlier';
  return renames.get(c) ?? layout.clusters.find((k) => k.id === c)?.label ?? `Cluster ${c}`;
}

/** Key terms of a label ("a · b · c"), lower-cased. */
const termsOf = (text: string) => new Set(text.split('·').map((t) => t.trim().toLowerCase()).filter(Boolean));

/**
 * Fine labels worth adding under coarse ones when zoomed out: those that do not
 * repeat a coarse label (two or more key terms in common), which would read as a duplicate.
 */
export function fineFillItems(fine: readonly LabelItem[], coarse: readonly LabelItem[]): LabelItem[] {
  // No coarse labels: nothing to repeat (and no key terms to split out of 20,000 fine labels).
  if (!coarse.length) return fine.slice();
  // Which coarse labels hold each term, so a fine label is compared only with those sharing a term.
  const coarseWith = new Map<string, number[]>();
  coarse.forEach((c, k) => {
    for (const t of termsOf(c.text)) {
      const list = coarseWith.get(t);
      if (list) list.push(k);
      else coarseWith.set(t, [k]);
    }
  });
  const shared = new Map<number, number>();
  return fine.filter((f) => {
    shared.clear();
    for (const t of termsOf(f.text)) {
      for (const k of coarseWith.get(t) ?? []) {
        const n = (shared.get(k) ?? 0) + 1;
        if (n >= 2) return false;
        shared.set(k, n);
      }
    }
    return true;
  });
}
