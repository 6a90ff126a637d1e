/**
 * Trends on the 50,000 arXiv cs abstracts (issue 15): every paper is dated from its arXiv
 * id; each cluster's trend in the map JSON sums to its size and equals a count made
 * straight from the ids (a regex on "yymm.", not the date code). The map is a real
 * keyword-only run (`npm run map -- --weight 0`, no sentence model) on the first 3,000
 * papers; all 50,000 are checked with the arXiv category as the grouping.
 */
import { expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describeWithData, sharedData } from '../shared-data.ts';
import { ingestText } from '../../src/ingest/index.ts';
import { prepare } from '../../src/pipeline/prepare.ts';
import { layoutStage } from '../../src/pipeline/run.ts';
import { DEFAULT_SETTINGS, type Paper } from '../../src/types.ts';
import { timeFields, toJson } from '../../cli/map.ts';

const FILE = 'arxiv-cs-50k.jsonl.gz';

/** Month of an arXiv id, read independently of src/ingest/dates.ts. */
const monthOfId = (id: string) => {
  const m = /^(\d\d)(\d\d)\.\d{4,5}/.exec(id);
  return m ? `20${m[1]}-${m[2]}` : null;
};

/** Per group: its papers' months counted from the ids, in the order of `periods`. */
function countFromIds(papers: Paper[], members: number[], periods: string[]): number[] {
  const c = new Map<string, number>();
  for (const i of members) {
    const k = monthOfId(papers[i].id)!;
    c.set(k, (c.get(k) ?? 0) + 1);
  }
  return periods.map((p) => c.get(p) ?? 0);
}

describeWithData(FILE, 'trends on the 50k arXiv corpus', () => {
  const papers = ingestText(gunzipSync(readFileSync(sharedData(FILE))).toString('utf8'), 'arxiv-cs-50k.jsonl').papers;

  it('dates every paper from its arXiv id, by month, 2025-03 to 2026-06 apart from a few older ids', () => {
    expect(papers).toHaveLength(50_000);
    const wrong = papers.filter((p) => p.date?.iso !== monthOfId(p.id));
    expect(wrong.map((p) => p.id)).toEqual([]);
    expect(papers.every((p) => p.date?.precision === 'month')).toBe(true);
  });

  it('all 50,000, grouped by arXiv category: monthly periods, trends sum to sizes and equal the counts from the ids', () => {
    const labels = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
    const cluster = Int32Array.from(papers, (p) => labels.indexOf(p.extra?.label ?? ''));
    const members = labels.map(() => [] as number[]);
    cluster.forEach((c, i) => members[c].push(i));
    const clusters = labels.map((label, id) => ({ id, label, terms: [], size: members[id].length, members: members[id], cx: 0, cy: 0 }));
    const t = timeFields(papers.map((p) => p.date), { cluster, clusters });
    expect(t.granularity).toBe('month');
    expect(t.trendWindow).toEqual(['2025-03', '2026-06']);
    t.clusters.forEach((c, k) => {
      expect(c.trend.reduce((a, b) => a + b, 0)).toBe(clusters[k].size);
      expect(c.trend).toEqual(countFromIds(papers, members[k], t.periods));
    });
  });

  it('a real keyword-only map of the first 3,000: the JSON trend of every cluster sums to its size and matches the ids', async () => {
    const sub = papers.slice(0, 3000);
    const settings = { ...DEFAULT_SETTINGS, semanticWeight: 0 };
    const result = await layoutStage(sub, { prepared: prepare(sub), vectors: new Float32Array(0), nEmbedded: 0, nCached: 0 }, { settings });
    const json = toJson(sub, result, 'test');
    expect(json.clusters.length).toBeGreaterThan(5);
    for (const c of json.clusters) {
      expect(c.trend).toHaveLength(json.periods.length);
      expect(c.trend.reduce((a, b) => a + b, 0)).toBe(c.size);
      const idx = c.papers.map((id) => sub.findIndex((p) => p.id === id));
      expect(c.trend).toEqual(countFromIds(sub, idx, json.periods));
    }
    expect(json.papers.every((p) => p.date === monthOfId(p.id))).toBe(true);
    const marked = json.clusters.filter((c) => c.trendMark).map((c) => `${c.trendMark} ${c.label} ${c.trendRatio}`);
    // eslint-disable-next-line no-console -- the figure the test reports
    console.log(`[trends] 3,000-paper map: ${json.clusters.length} clusters over ${json.trendWindow.join(' – ')}; marked: ${marked.join('; ') || 'none'}`);
  }, 900_000);
});
