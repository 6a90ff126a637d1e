/**
 * S6 (I): with every network API stubbed (fetch, XMLHttpRequest, WebSocket, EventSource,
 * navigator.sendBeacon, and Node's http/https/net/dns), a full run — decode and parse every
 * fixture format, embed with the IndexedDB cache (fake-indexeddb), lay out, save a session,
 * and write every export — makes zero calls. The app's only networked code is the model
 * loader, so it is not swapped out: the browser loader itself runs, its fetch served from
 * the model files on disk for the app's own origin, and every request it makes is listed.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import dns from 'node:dns';
import { ingestFiles } from '../../src/ingest/ingest.ts';
import { embedItems, runPipeline } from '../../src/pipeline/run.ts';
import { createEmbeddingCache } from '../../src/store/embedding-cache.ts';
import { EMBED_DIM } from '../../src/pipeline/embed.ts';
import { toSessionJson } from '../../src/store/session.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';
import { fixtureBytes } from '../ingest/fixture.ts';
import { exportAll } from './helpers.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../src/pipeline/prepare.ts';
import { loadBrowserEncoder } from '../../src/model/load-browser.ts';
import { initNodeBackend, modelDir } from '../../src/model/load-node.ts';

const FILES = ['papers.csv', 'papers.tsv', 'papers.json', 'papers.jsonl', 'papers.bib', 'papers.ris', 'listing-votes.txt', 'windows-1252.csv'];

/** The app's own origin in these tests; the only URL prefix the stubbed fetch serves (from the model files on disk). */
const ORIGIN_MODELS = 'https://paperscope.test/models/use/';

/** Replaces every network entry point with a spy that records the call and throws (fetch of ORIGIN_MODELS files is served and recorded in `served`). */
function stubNetwork() {
  const calls: string[] = [];
  const served: string[] = [];
  const trap = (name: string) =>
    vi.fn((...args: unknown[]) => {
      calls.push(`${name}(${String(args[0]).slice(0, 80)})`);
      throw new Error(`network call: ${name}`);
    });
  const ctor = (name: string) =>
    class {
      constructor(...args: unknown[]) {
        trap(name)(...args);
      }
    };
  const fetchTrap = trap('fetch');
  vi.stubGlobal('fetch', async (input: unknown, init?: unknown) => {
    const url = String(input instanceof Request ? input.url : input);
    const name = url.startsWith(ORIGIN_MODELS) ? url.slice(ORIGIN_MODELS.length) : '';
    if (!/^(model|vocab)\.json$|^group1-shard\d+of\d+$/.test(name)) return fetchTrap(input, init);
    served.push(name);
    const bytes = readFileSync(join(modelDir(), name));
    return new Response(bytes, { status: 200, headers: { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  });
  vi.stubGlobal('XMLHttpRequest', ctor('XMLHttpRequest'));
  vi.stubGlobal('WebSocket', ctor('WebSocket'));
  vi.stubGlobal('EventSource', ctor('EventSource'));
  vi.stubGlobal('navigator', { sendBeacon: trap('sendBeacon'), userAgent: 'node', onLine: true });
  for (const [mod, name, fns] of [[http, 'http', ['request', 'get']], [https, 'https', ['request', 'get']], [net, 'net', ['connect', 'createConnection']], [dns, 'dns', ['lookup', 'resolve']]] as const) {
    for (const fn of fns) vi.spyOn(mod as unknown as Record<string, (...a: unknown[]) => unknown>, fn).mockImplementation(trap(`${name}.${fn}`));
  }
  return { calls, served };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('no network from parse to export (S6)', () => {
  it('stubs see zero calls across ingest, embed with cache, layout, session save and every export writer', async () => {
    await initNodeBackend(); // the WASM backend's own files: in the browser, same-origin assets like the model
    const { calls, served } = stubNetwork();
    const ingested = ingestFiles(FILES.map((name) => ({ name, bytes: fixtureBytes(name) })));
    expect(ingested.papers.length).toBeGreaterThan(20);
    const prepared = prepare(ingested.papers);
    const unique = prepared.texts.length;
    // Each unique text, and each paper's title as a text of its own (run.ts, embedItems).
    const items = embedItems(prepared).items.length;
    const cache = createEmbeddingCache('s6-model', EMBED_DIM);
    // The real browser loader and the real model: the only code of the app that uses the network.
    const model = await loadBrowserEncoder(ORIGIN_MODELS);
    const shards = (JSON.parse(readFileSync(join(modelDir(), 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] }).weightsManifest.flatMap((m) => m.paths);
    expect([...served].sort()).toEqual(['model.json', 'vocab.json', ...shards].sort());
    const embedded: string[] = [];
    const enc = { ...model, embedBatch: (t: string[]) => (embedded.push(...t), model.embedBatch(t)) };
    const result = await runPipeline(ingested.papers, enc, { settings: { ...DEFAULT_SETTINGS }, cache });
    expect(embedded).toHaveLength(items);
    expect(result.info.nEmbedded).toBe(unique);
    expect(cache.mode()).toBe('indexeddb');
    // A second run is served from the cache (nothing embedded): the cache path is exercised too.
    const fake = fakeEncoder();
    const again = await runPipeline(ingested.papers, fake, { settings: { ...DEFAULT_SETTINGS }, cache });
    expect(again.info.nCached).toBe(unique);
    expect(fake.calls).toEqual([]);
    model.dispose();
    const session = JSON.stringify(toSessionJson({ papers: ingested.papers, settings: result.info.settings, labels: new Map(), merges: [], result }));
    const out = await exportAll(ingested.papers, result);
    expect(session.length + out.csv.length + out.json.length + out.md.length + out.bib.length).toBeGreaterThan(0);
    expect(calls).toEqual([]);
  });

  it('the stubs do catch a call (so the test above can fail)', async () => {
    const { calls } = stubNetwork();
    await expect(Promise.resolve().then(() => fetch('https://example.org/'))).rejects.toThrow(/network call/);
    expect(() => navigator.sendBeacon('https://example.org/', 'x')).toThrow();
    expect(() => http.get('http://example.org/')).toThrow();
    // The loader pointed anywhere but the app's own origin is caught too.
    await expect(loadBrowserEncoder('https://tfhub.dev/google/use-lite/')).rejects.toThrow(/Could not load the sentence model/);
    expect(calls).toHaveLength(4);
    expect(calls[3]).toMatch(/^fetch\(https:\/\/tfhub\.dev\//);
  });
});
