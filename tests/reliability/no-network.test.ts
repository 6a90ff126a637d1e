/**
 * S6 (I): with every network API stubbed (fetch, XMLHttpRequest, WebSocket, EventSource,
 * navigator.sendBeacon, and Node's http/https/net/dns), a full run — decode and parse every
 * fixture format, embed (fake encoder) with the IndexedDB cache (fake-indexeddb), lay out,
 * save a session, and write every export — makes zero calls.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import dns from 'node:dns';
import { ingestFiles } from '../../src/ingest/ingest.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { createEmbeddingCache } from '../../src/store/embedding-cache.ts';
import { EMBED_DIM } from '../../src/pipeline/embed.ts';
import { toSessionJson } from '../../src/store/session.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';
import { fixtureBytes } from '../ingest/fixture.ts';
import { exportAll } from './helpers.ts';

const FILES = ['papers.csv', 'papers.tsv', 'papers.json', 'papers.jsonl', 'papers.bib', 'papers.ris', 'listing-votes.txt', 'windows-1252.csv'];

/** Replaces every network entry point with a spy that records the call and throws. */
function stubNetwork() {
  const calls: string[] = [];
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
  vi.stubGlobal('fetch', trap('fetch'));
  vi.stubGlobal('XMLHttpRequest', ctor('XMLHttpRequest'));
  vi.stubGlobal('WebSocket', ctor('WebSocket'));
  vi.stubGlobal('EventSource', ctor('EventSource'));
  vi.stubGlobal('navigator', { sendBeacon: trap('sendBeacon'), userAgent: 'node', onLine: true });
  for (const [mod, name, fns] of [[http, 'http', ['request', 'get']], [https, 'https', ['request', 'get']], [net, 'net', ['connect', 'createConnection']], [dns, 'dns', ['lookup', 'resolve']]] as const) {
    for (const fn of fns) vi.spyOn(mod as unknown as Record<string, (...a: unknown[]) => unknown>, fn).mockImplementation(trap(`${name}.${fn}`));
  }
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('no network from parse to export (S6)', () => {
  it('stubs see zero calls across ingest, embed with cache, layout, session save and every export writer', async () => {
    const calls = stubNetwork();
    const ingested = ingestFiles(FILES.map((name) => ({ name, bytes: fixtureBytes(name) })));
    expect(ingested.papers.length).toBeGreaterThan(20);
    const cache = createEmbeddingCache('s6-model', EMBED_DIM);
    const enc = fakeEncoder();
    const result = await runPipeline(ingested.papers, enc, { settings: { ...DEFAULT_SETTINGS }, cache });
    expect(enc.calls.length).toBeGreaterThan(0);
    expect(cache.mode()).toBe('indexeddb');
    // A second run is served from the cache: the cache path is exercised too.
    const again = await runPipeline(ingested.papers, fakeEncoder(), { settings: { ...DEFAULT_SETTINGS }, cache });
    expect(again.info.nCached).toBeGreaterThan(0);
    const session = JSON.stringify(toSessionJson({ papers: ingested.papers, settings: result.info.settings, labels: new Map(), merges: [], result }));
    const out = await exportAll(ingested.papers, result);
    expect(session.length + out.csv.length + out.json.length + out.md.length + out.bib.length).toBeGreaterThan(0);
    expect(calls).toEqual([]);
  });

  it('the stubs do catch a call (so the test above can fail)', async () => {
    const calls = stubNetwork();
    await expect(Promise.resolve().then(() => fetch('https://example.org/'))).rejects.toThrow(/network call/);
    expect(() => navigator.sendBeacon('https://example.org/', 'x')).toThrow();
    expect(() => http.get('http://example.org/')).toThrow();
    expect(calls).toHaveLength(3);
  });
});
