import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { IngestClient, SYNC_LIMIT } from '../../src/app/ingest-client.ts';
import { createIngestHandler } from '../../workers/ingest-handler.ts';

/** An in-process stand-in for the module worker: messages are structured-cloned (with transfer) and delivered async. */
class FakeWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received: unknown[] = [];
  hold = false;
  private handle = createIngestHandler((reply) => {
    const data = structuredClone(reply);
    setTimeout(() => !this.terminated && this.onmessage?.({ data } as MessageEvent), 0);
  });
  postMessage(msg: unknown, transfer: Transferable[] = []) {
    const data = structuredClone(msg, { transfer });
    this.received.push(data);
    if (!this.hold) setTimeout(() => !this.terminated && this.handle(data), 0);
  }
  terminate() {
    this.terminated = true;
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new IngestClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

const buf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

describe('ingest client', () => {
  it('reads files in the worker, transferring their bytes, with progress, then re-reads one with a mapping', async () => {
    const { client, workers } = setup();
    const files = [
      { name: 'robotics.csv', bytes: buf('tests/fixtures/e2e/robotics.csv') },
      { name: 'columns-unknown.csv', bytes: buf('tests/fixtures/e2e/columns-unknown.csv') },
    ];
    const progress: number[] = [];
    const r = await client.readFiles(files, (p) => progress.push(p.fraction));
    expect(files[0].bytes.byteLength).toBe(0); // transferred, not copied
    expect(workers).toHaveLength(1);
    expect(r.files.map((f) => f.count)).toEqual([6, 0]);
    expect(progress.at(-1)).toBe(1);
    const again = await client.reread('columns-unknown.csv', { mapping: { title: 'Heading', abstract: 'Summary text' } });
    expect(again.result.papers).toHaveLength(10);
    expect(workers).toHaveLength(1);
  });

  it('reads short pasted text on the main thread, without a worker', async () => {
    const { client, workers } = setup();
    const r = await client.readText('title,abstract\nA,Some text\n', 'pasted text');
    expect(r.result.papers).toHaveLength(1);
    expect(workers).toHaveLength(0);
    const mapped = await client.reread('pasted text', { mapping: { title: 'abstract' } });
    expect(mapped.result.papers[0].title).toBe('Some text');
  });

  it('sends long pasted text to the worker', async () => {
    const { client, workers } = setup();
    const line = JSON.stringify({ title: 'A title', abstract: 'x'.repeat(200) });
    const n = Math.ceil(SYNC_LIMIT / line.length) + 1;
    const text = Array.from({ length: n }, () => line).join('\n');
    const r = await client.readText(text, 'big.jsonl');
    expect(workers).toHaveLength(1);
    expect(r.result.papers).toHaveLength(n);
    expect(r.dupCount).toBe(n - 1);
  });

  it('returns worker errors as rejections, never loses them', async () => {
    const { client } = setup();
    await expect(client.reread('nothing.csv', { encoding: 'utf-8' })).rejects.toThrow(/Nothing to re-read/);
  });

  it('cancel terminates the worker and rejects with AbortError; the next read uses a fresh worker', async () => {
    const { client, workers } = setup();
    const p = client.readFiles([{ name: 'a.csv', bytes: buf('tests/fixtures/e2e/robotics.csv') }]);
    workers[0].hold = true;
    client.cancel();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0].terminated).toBe(true);
    const r = await client.readFiles([{ name: 'b.ris', bytes: buf('tests/fixtures/e2e/biology.ris') }]);
    expect(workers).toHaveLength(2);
    expect(r.result.papers).toHaveLength(6);
  });

  it('a worker crash rejects the pending read with a message', async () => {
    const { client, workers } = setup();
    const p = client.readFiles([{ name: 'a.csv', bytes: buf('tests/fixtures/e2e/robotics.csv') }]);
    workers[0].hold = true;
    workers[0].crash('out of memory');
    await expect(p).rejects.toThrow(/file reader crashed: out of memory/);
  });

  it('the handler answers a malformed request with an error reply', () => {
    const replies: unknown[] = [];
    const handle = createIngestHandler((r) => replies.push(r));
    handle({ id: 7, type: 'read', inputs: [{ name: 1 }] });
    expect(replies).toEqual([{ id: 7, type: 'error', error: { name: 'ProtocolError', message: 'Malformed request to the ingest worker' } }]);
  });
});
