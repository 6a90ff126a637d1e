/**
 * S7 (U): messages crossing a worker boundary are schema-checked and handled as data only.
 * The guards reject wrong types and missing ids, never throw on any value, and a hostile
 * `__proto__` key (as structured clone or JSON.parse delivers it: an own property) neither
 * passes as a field nor pollutes Object.prototype.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReply, isRequest } from '../../workers/protocol.ts';
import { isIngestReply, isIngestRequest } from '../../workers/ingest-protocol.ts';
import { isEmbedReply, isEmbedRequest } from '../../workers/embed-protocol.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';

const settings = { ...DEFAULT_SETTINGS };
const GUARDS = { isRequest, isReply, isIngestRequest, isIngestReply, isEmbedRequest, isEmbedReply } as const;

const MALFORMED: unknown[] = [
  undefined, null, 0, 1, NaN, '', 'map', true, [], [1, 2], () => 1, Symbol('x'), 10n, new Date(0), new ArrayBuffer(8),
  {}, { id: 1 }, { type: 'map' }, { id: '1', type: 'map', papers: [], settings },
  { id: null, type: 'result', result: {} }, { id: 1, type: 'nope' }, { id: 1, type: 42 }, { id: 1, type: ['map'] },
  { id: 1, type: 'toString' }, { id: 1, type: 'constructor' }, { id: 1, type: '__proto__' },
  JSON.parse('{"__proto__": {"id": 1, "type": "map", "papers": [], "settings": {}}}'),
];

describe('worker message guards (S7)', () => {
  it('reject malformed values: non-objects, missing or non-numeric id, unknown or non-string type', () => {
    for (const [name, guard] of Object.entries(GUARDS)) {
      for (const m of MALFORMED) expect(guard(m), `${name}(${String(typeof m === 'object' ? JSON.stringify(m) : typeof m)})`).toBe(false);
    }
  });

  it('embedding worker messages: texts must be strings, backends known, results typed arrays', () => {
    expect(isEmbedRequest({ id: 1, texts: ['a', 'b'] })).toBe(true); // the control
    expect(isEmbedRequest({ id: 1, texts: ['a', 2] })).toBe(false);
    expect(isEmbedRequest({ id: 1, texts: ['a'], backends: ['wasm', 'gpu-magic'] })).toBe(false);
    expect(isEmbedReply({ id: 1, type: 'result', vectors: new Float32Array(512), backend: 'wasm', notices: [] })).toBe(true);
    expect(isEmbedReply({ id: 1, type: 'result', vectors: [0, 1], backend: 'wasm', notices: [] })).toBe(false);
    expect(isEmbedReply({ id: 1, type: 'error', error: { name: 'E' } })).toBe(false);
  });

  it('reject requests whose payload has the wrong shape', () => {
    expect(isRequest({ id: 1, type: 'map', papers: [], settings })).toBe(true); // the control
    expect(isRequest({ id: 1, type: 'map', papers: 'all', settings })).toBe(false);
    expect(isRequest({ id: 1, type: 'map', papers: [] })).toBe(false);
    expect(isRequest({ id: 1, type: 'map', papers: [], settings: { ...settings, seed: 'x' } })).toBe(false);
    expect(isRequest({ id: 1, type: 'map', papers: [], settings: { ...settings, resolution: Infinity } })).toBe(false);
    expect(isRequest({ id: 1, type: 'relayout', settings: null })).toBe(false);
    expect(isRequest({ id: 1, type: 'similar', query: 5, k: 3 })).toBe(false);
    expect(isRequest({ id: 1, type: 'similar', query: 'q', k: '3' })).toBe(false);

    expect(isIngestRequest({ id: 1, type: 'read', inputs: [{ name: 'a.csv', text: 'x' }] })).toBe(true);
    expect(isIngestRequest({ id: 1, type: 'read', inputs: [{ name: 5 }] })).toBe(false);
    expect(isIngestRequest({ id: 1, type: 'read', inputs: [{ name: 'a', bytes: 'not a buffer' }] })).toBe(false);
    expect(isIngestRequest({ id: 1, type: 'read', inputs: [{ name: 'a', text: 7 }] })).toBe(false);
    expect(isIngestRequest({ id: 1, type: 'read', inputs: 'a.csv' })).toBe(false);
    expect(isIngestRequest({ id: 1, type: 'reread', file: 'a.csv', choice: { encoding: 1252 } })).toBe(false);
    expect(isIngestRequest({ id: 1, type: 'reread', file: 'a.csv', choice: { mapping: { title: 3 } } })).toBe(false);

    expect(isIngestReply({ id: 1, type: 'progress', progress: { fraction: '50%' } })).toBe(false);
    expect(isIngestReply({ id: 1, type: 'result', result: { result: {}, files: 'x' } })).toBe(false);
    expect(isIngestReply({ id: 1, type: 'error', error: 'boom' })).toBe(false);
  });

  it('a __proto__ key arriving as data is not read as a field and does not pollute Object.prototype', () => {
    const hostile = JSON.parse('{"id": 1, "type": "read", "inputs": [{"name": "a.csv", "text": "t", "__proto__": {"polluted": "yes"}}], "__proto__": {"isAdmin": true}}');
    expect(isIngestRequest(hostile)).toBe(true); // well-formed apart from the extra key: accepted as data
    const hostileReply = JSON.parse('{"id": 2, "type": "error", "error": {"message": "m", "__proto__": {"polluted": "yes"}}}');
    expect(isIngestReply(hostileReply)).toBe(true);
    // Fields must be own data: a required field supplied only through __proto__ does not count.
    expect(isRequest(JSON.parse('{"id": 1, "__proto__": {"type": "backend"}}'))).toBe(false);
    expect(isReply(JSON.parse('{"__proto__": {"id": 1, "type": "result"}}'))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('never throw, whatever arrives (fast-check, including __proto__ keys and odd values)', () => {
    const value = fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'id', 'type', 'papers', 'settings', 'inputs', 'result')) });
    const message = fc.record({ id: fc.oneof(fc.integer(), fc.anything()), type: fc.constantFrom('map', 'relayout', 'similar', 'backend', 'read', 'reread', 'progress', 'result', 'error', '__proto__'), papers: value, settings: value, inputs: value, result: value, error: value, progress: value, query: value, k: value, file: value, choice: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(value, message), (m) => {
        for (const guard of Object.values(GUARDS)) expect(typeof guard(m)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
