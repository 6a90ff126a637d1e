import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import { groupsForExport, toCsv, toJson, toMarkdown, toBibtex } from '../../src/export/index.ts';
import { mergeClusters } from '../../src/app/cluster-edits.ts';
import { paper, layoutOf, PROV } from './helpers.ts';

/** Topics 0 (papers 0-3) and 1 (4-5) under area 3 "Vision", topic 2 (6-7) under area 4 "Speech"; topic 0 split into subtopics 5, 6. */
function treeLayout() {
  const l = layoutOf([0, 0, 0, 0, 1, 1, 2, 2]);
  l.clusters[0].label = 'Segmentation';
  l.clusters[1].label = 'Tracking';
  l.clusters[2].label = 'Recognition';
  l.clusters[0].parent = 3;
  l.clusters[1].parent = 3;
  l.clusters[2].parent = 4;
  l.coarse = [
    { id: 3, label: 'Vision', terms: [], size: 6, members: [0, 1, 2, 3, 4, 5], cx: 0, cy: 0 },
    { id: 4, label: 'Speech', terms: [], size: 2, members: [6, 7], cx: 0, cy: 0 },
  ];
  l.subtopics = [
    { id: 5, label: 'Medical', terms: [], size: 2, members: [0, 1], cx: 0, cy: 0, parent: 0 },
    { id: 6, label: 'Instance', terms: [], size: 2, members: [2, 3], cx: 0, cy: 0, parent: 0 },
  ];
  return l;
}
const papers = Array.from({ length: 8 }, (_, i) => paper(i));

describe('exports of a topic tree', () => {
  it('carry each paper’s path in CSV, JSON and BibTeX, renames applied', () => {
    const groups = groupsForExport(papers, treeLayout(), new Map([[5, 'Medical image segmentation']]));
    expect(groups.map((g) => g.path)).toEqual([['Vision', 'Segmentation'], ['Vision', 'Tracking'], ['Speech', 'Recognition']]);
    const rows = Papa.parse<Record<string, string>>(toCsv(papers, groups, PROV), { header: true, skipEmptyLines: true }).data;
    const byTitle = new Map(rows.map((r) => [r.title, r.cluster_path]));
    expect(byTitle.get('Paper number 0')).toBe('Vision › Segmentation › Medical image segmentation');
    expect(byTitle.get('Paper number 3')).toBe('Vision › Segmentation › Instance');
    expect(byTitle.get('Paper number 6')).toBe('Speech › Recognition');
    const json = JSON.parse(toJson(papers, groups, PROV));
    expect(json.clusters[0].path).toEqual(['Vision', 'Segmentation']);
    expect(json.clusters[0].subtopics.map((s: { path: string[] }) => s.path.join(' › '))).toEqual(['Vision › Segmentation › Medical image segmentation', 'Vision › Segmentation › Instance']);
    expect(toBibtex(papers, groups, PROV)).toContain('Vision › Segmentation › Medical image segmentation');
  });

  it('nests the Markdown reading list by the tree: area, topic, subtopic headings with counts', () => {
    const md = toMarkdown(papers, groupsForExport(papers, treeLayout(), new Map()), PROV);
    const heads = md.split('\n').filter((l) => l.startsWith('#'));
    expect(heads).toEqual([
      '# Reading list',
      '## Vision (6)', '### Segmentation (4)', '#### Medical (2)', '#### Instance (2)', '### Tracking (2)',
      '## Speech (2)', '### Recognition (2)',
    ]);
    // Every paper once.
    expect(md.match(/Paper number \d/g)!.sort()).toEqual(papers.map((p) => p.title).sort());
  });

  it('merging two areas moves their topics under one; merging subtopics keeps them within their topic', () => {
    const merged = mergeClusters(treeLayout(), [3, 4]);
    expect(merged.coarse!.map((a) => [a.id, a.size])).toEqual([[3, 8]]);
    expect(merged.clusters.every((c) => c.parent === 3)).toBe(true);
    const subs = mergeClusters(treeLayout(), [5, 6]);
    expect(subs.subtopics!.map((s) => [s.id, s.size, s.parent])).toEqual([[5, 4, 0]]);
    // Merging topics of two areas: the areas' sizes follow their topics.
    const topics = mergeClusters(treeLayout(), [0, 2]);
    expect(topics.coarse!.map((a) => [a.id, a.size])).toEqual([[3, 8]]);
  });
});
