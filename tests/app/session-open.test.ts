/**
 * Issue 16: a session file is decoded, parsed and checked in the ingest worker, and its
 * papers come back in chunks of SESSION_CHUNK (each message a short task on the page);
 * the result is the session `fromSessionJson` gives. Not JSON, or JSON that is no session,
 * goes back to the ordinary reader; a schema error comes back as its message.
 */
import { describe, expect, it } from 'vitest';
import { IngestClient } from '../../src/app/ingest-client.ts';
import { createIngestHandler } from '../../workers/ingest-handler.ts';
import { SESSION_CHUNK, TEXT_PART } from '../../workers/ingest-protocol.ts';
import { fromSessionJson } from '../../src/store/session.ts';
import { sessionCases } from '../fixtures/hostile-cases.ts';

function setup() {
  const kinds: string[] = [];
  /** Longest string in each reply (a reply is read on the page in one task). */
  const longest: number[] = [];
  const longestString = (v: unknown): number =>
    typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.values(v).reduce((m: number, x) => Math.max(m, longestString(x)), 0) : 0;
  const client = new IngestClient(() => {
    const w = {
      onmessage: null as ((ev: MessageEvent) => void) | null,
      handle: createIngestHandler((reply) => {
        kinds.push(reply.type);
        longest.push(longestString(reply));
        const data = structuredClone(reply);
        setTimeout(() => w.onmessage?.({ data } as MessageEvent), 0);
      }),
      postMessage(msg: unknown, transfer: Transferable[] = []) {
        const data = structuredClone(msg, { transfer });
        setTimeout(() => w.handle(data), 0);
      },
      terminate() {},
    };
    return w as unknown as Worker;
  });
  return { client, kinds, longest };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('session files open in the ingest worker', () => {
  it('gives the checked session, its papers in chunks', async () => {
    const c = sessionCases(0.05).find((x) => /duplicate/.test(x.name))!; // 5,000 papers
    const text = JSON.stringify(c.session);
    const { client, kinds } = setup();
    const input = bytes(text);
    const o = await client.openSession('s.json', input);
    expect(input.byteLength).toBe(0); // transferred
    expect(o.kind).toBe('ok');
    if (o.kind !== 'ok') return;
    const want = fromSessionJson(JSON.parse(text));
    expect(o.session.papers).toEqual(want.papers);
    expect(o.session.result!.layout.cluster).toEqual(want.result!.layout.cluster);
    expect(o.session.result!.layout.clusters).toEqual(want.result!.layout.clusters);
    expect(o.session.labels).toEqual(want.labels);
    expect(kinds.filter((k) => k === 'papers')).toHaveLength(Math.ceil(want.papers.length / SESSION_CHUNK));
    expect(o.mapJson).toBe(false);
  });

  it('hands back a file that is not JSON or not a session, and names the field of a bad one', async () => {
    const { client } = setup();
    expect(await client.openSession('x.json', bytes('{"kind": "paperscope-session", oops'))).toEqual({ kind: 'not-session' });
    expect(await client.openSession('x.json', bytes('[{"title": "paperscope-session"}]'))).toEqual({ kind: 'not-session' });
    const bad = structuredClone(sessionCases(0.001)[0].session) as { result: { layout: { clusters: { id: number }[] } } };
    bad.result.layout.clusters[0].id = -1;
    const o = await client.openSession('x.json', bytes(JSON.stringify(bad)));
    expect(o.kind).toBe('error');
    expect(o.kind === 'error' && o.message).toMatch(/layout\.clusters\[0\]\.id/);
  });
  it('sends a title or abstract longer than TEXT_PART in parts of at most TEXT_PART characters, put back whole (a 30,000,000-character abstract was one 0.2 s message)', async () => {
    const c = sessionCases(0.1).find((x) => /^abstract of/.test(x.name))!; // a 3,000,000-character abstract
    const s = structuredClone(c.session) as { papers: { title: string }[] };
    s.papers[5].title = `${'t'.repeat(TEXT_PART)}\u{1F600}${'u'.repeat(TEXT_PART)}`; // a surrogate pair across two parts
    const text = JSON.stringify(s);
    const { client, kinds, longest } = setup();
    const o = await client.openSession('s.json', bytes(text));
    expect(o.kind).toBe('ok');
    if (o.kind !== 'ok') return;
    const want = fromSessionJson(JSON.parse(text));
    expect(o.session.papers[0].abstract.length).toBe(want.papers[0].abstract.length);
    expect(o.session.papers[0].abstract === want.papers[0].abstract).toBe(true);
    expect(o.session.papers[5].title === want.papers[5].title).toBe(true);
    expect(o.session.papers).toEqual(want.papers);
    expect(Math.max(...longest)).toBeLessThanOrEqual(TEXT_PART); // spread-ok: one value per message
    expect(kinds.filter((k) => k === 'text')).toHaveLength(Math.ceil(want.papers[0].abstract.length / TEXT_PART) + 3);
  });
});
