/**
 * Issue 16: a session file is decoded, parsed and checked in the ingest worker, and its
 * papers come back in chunks of SESSION_CHUNK (each message a short task on the page);
 * the result is the session `fromSessionJson` gives. Not JSON, or JSON that is no session,
 * goes back to the ordinary reader; a schema error comes back as its message.
 */
import { describe, expect, it } from 'vitest';
import { IngestClient } from '../../src/app/ingest-client.ts';
import { createIngestHandler } from '../../workers/ingest-handler.ts';
import { SESSION_CHUNK } from '../../workers/ingest-protocol.ts';
import { fromSessionJson } from '../../src/store/session.ts';
import { sessionCases } from '../fixtures/hostile-cases.ts';

function setup() {
  const kinds: string[] = [];
  const client = new IngestClient(() => {
    const w = {
      onmessage: null as ((ev: MessageEvent) => void) | null,
      handle: createIngestHandler((reply) => {
        kinds.push(reply.type);
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
  return { client, kinds };
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
});
