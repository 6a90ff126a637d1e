/**
 * PipelineClient against the real pipeline handler and API, in process (issue 11,
 * defects 1 and 2): one run at a time, results matched to their request, and
 * Similar working from the cache after a cancel, a crash or an opened session.
 */
import { describe, expect, it } from 'vitest';
import { PipelineClient } from '../../src/worker-client.ts';
import { DEFAULT_SETTINGS, type MapResult } from '../../src/types.ts';
import { topicCorpus, paper } from '../pipeline/fixtures.ts';
import { FakePipelineWorker, fakePool, memoryCache } from './fake-pool.ts';
import type { EmbeddingCache } from '../../src/store/embedding-cache.ts';

const settings = { ...DEFAULT_SETTINGS };

function setup(opts: { delay?: (texts: string[]) => number; cache?: EmbeddingCache } = {}) {
  const cache = opts.cache ?? memoryCache();
  const workers: FakePipelineWorker[] = [];
  const client = new PipelineClient({}, () => {
    const w = new FakePipelineWorker({ createPool: () => fakePool({ delay: opts.delay }), cache });
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers, cache };
}

const outcome = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => e.name);

describe('PipelineClient: one run at a time (issue 11, defect 1)', () => {
  it('a second map cancels the first: the first rejects with AbortError, its worker is stopped, the second maps its own corpus', async () => {
    const a = topicCorpus(6, 1).papers;
    const b = topicCorpus(5, 2).papers.map((p) => ({ ...p, id: `b-${p.id}` }));
    const { client, workers } = setup({ delay: () => 5 });
    const first = client.map(a, settings);
    const firstOutcome = outcome(first);
    const second = await client.map(b, settings);
    expect(await firstOutcome).toBe('AbortError');
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(second.layout.x).toHaveLength(b.length);
    expect(second.info.nPapers).toBe(b.length);
    // Similar now answers on the corpus on screen (b), from the worker that mapped it.
    const hits = await client.similar(b[0].title + ' ' + b[0].abstract, 3, b);
    expect(hits[0].index).toBe(0);
    expect(hits.every((h) => h.index < b.length)).toBe(true);
  });

  it('replies are matched by request id: a reply for a cancelled request is dropped', async () => {
    const { client, workers } = setup({ delay: () => 5 });
    const a = topicCorpus(4, 3).papers;
    const first = outcome(client.map(a, settings));
    client.cancel();
    expect(await first).toBe('AbortError');
    // The old worker's late reply (same id space) reaches nobody.
    workers[0].onmessage?.({ data: { id: workers[0].received[0].id, type: 'result', result: {} } } as MessageEvent);
    const r = await client.map(a.slice(0, 8), settings);
    expect(r.layout.x).toHaveLength(8);
  });

  it('the keyword map arrives first (a partial reply), then the refined map of the same papers', async () => {
    const { client } = setup();
    const { papers } = topicCorpus(8, 4);
    const firsts: MapResult[] = [];
    const done = await client.map(papers, settings, undefined, (r) => firsts.push(r));
    expect(firsts).toHaveLength(1);
    expect(firsts[0].info.phase).toBe('keyword');
    expect(firsts[0].info.settings.semanticWeight).toBe(0);
    expect(firsts[0].info.nEmbedded).toBe(0);
    expect(done.info.phase).toBe('refined');
    expect(done.info.nEmbedded).toBe(papers.length);
    expect(Number.isFinite(done.info.displacement)).toBe(true);
  });
});

describe('Similar after Cancel, a crash, or an opened session (issue 11, defect 2)', () => {
  it('works from the cache on a fresh worker after Cancel', async () => {
    const { client, workers } = setup();
    const { papers } = topicCorpus(6, 5);
    await client.map(papers, settings);
    client.cancel(); // terminates the worker that held the vectors
    const hits = await client.similar(papers[7].title + ' ' + papers[7].abstract, 5, papers);
    expect(hits[0].index).toBe(7);
    expect(workers.length).toBe(2);
    // The fresh worker first said it holds no corpus, then got the papers.
    expect(workers[1].received.map((m) => m.type)).toEqual(['similar', 'similar']);
  });

  it('answers on the corpus on screen, not on the one the worker last mapped (a session opened meanwhile)', async () => {
    const { client } = setup();
    const mapped = topicCorpus(6, 6).papers;
    await client.map(mapped, settings);
    // An opened session shows other papers; their vectors are in the cache from an earlier run.
    const other = topicCorpus(5, 7).papers.map((p, i) => paper(500 + i, p.title, p.abstract));
    const cache = memoryCache();
    const warm = setup({ cache });
    await warm.client.map(other, settings);
    const fresh = setup({ cache });
    await fresh.client.map(mapped, settings);
    const hits = await fresh.client.similar(other[3].title + ' ' + other[3].abstract, 4, other);
    expect(hits[0].index).toBe(3);
    expect(hits.every((h) => h.index < other.length)).toBe(true);
  });

  it('leaves out papers the cache does not hold, and says so when it holds none', async () => {
    const { client } = setup();
    const { papers } = topicCorpus(4, 8);
    await expect(client.similar('pruning sparse', 3, papers)).rejects.toThrow(/none of these papers is embedded/);
  });
});

describe('PipelineClient: a big corpus is handed to the worker in parts (issue 10)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => paper(i, `Title ${i}`, 'Some words about a topic.'));

  it('posts the papers in parts, one per task, then the request', async () => {
    const { CORPUS_PART } = await import('../../workers/protocol.ts');
    const papers = many(CORPUS_PART * 2 + 7);
    const { client, workers } = setup();
    const run = outcome(client.map(papers, settings));
    // Only the first part went out in this task: the page is not held for the whole corpus's clone.
    expect(workers[0].received.map((m) => m.type)).toEqual(['papers-part']);
    await expect.poll(() => workers[0].received.length).toBe(4);
    const sent = workers[0].received as unknown as { type: string; papers: { id: string }[]; parts?: number }[];
    expect(sent.map((m) => m.type)).toEqual(['papers-part', 'papers-part', 'papers-part', 'map']);
    expect(sent[3].parts).toBe(3);
    expect(sent[3].papers).toEqual([]);
    expect(sent.slice(0, 3).flatMap((m) => m.papers.map((p) => p.id))).toEqual(papers.map((p) => p.id));
    client.cancel();
    expect(await run).toBe('AbortError');
  });

  it('the worker maps the papers put together from the parts, and says so when parts are missing', async () => {
    const { createPipelineHandler } = await import('../../workers/pipeline-handler.ts');
    const got: string[][] = [];
    const api = { map: async (papers: { id: string }[]) => (got.push(papers.map((p) => p.id)), { ok: true }) };
    const replies: { id: number; type: string; error?: { name: string } }[] = [];
    const handle = createPipelineHandler(api as never, (r) => void replies.push(r as never));
    const papers = many(5);
    await handle({ id: 1, type: 'papers-part', papers: papers.slice(0, 3) });
    await handle({ id: 1, type: 'papers-part', papers: papers.slice(3) });
    await handle({ id: 1, type: 'map', papers: [], parts: 2, settings });
    expect(got).toEqual([papers.map((p) => p.id)]);
    expect(replies.map((r) => r.type)).toEqual(['result']);
    await handle({ id: 2, type: 'papers-part', papers: papers.slice(0, 3) });
    await handle({ id: 2, type: 'map', papers: [], parts: 2, settings });
    expect(replies.at(-1)).toMatchObject({ id: 2, type: 'error', error: { name: 'ProtocolError' } });
    expect(got).toHaveLength(1);
  });

  it('a run cancelled while its parts are sent stops sending them', async () => {
    const { CORPUS_PART } = await import('../../workers/protocol.ts');
    const { client, workers } = setup();
    const run = outcome(client.map(many(CORPUS_PART * 3), settings));
    client.cancel();
    expect(await run).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 20));
    expect(workers[0].received.map((m) => m.type)).toEqual(['papers-part']);
  });
});
