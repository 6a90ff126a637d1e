import { describe, it, expect } from 'vitest';
import { buildProvenance, sha256Hex } from '../../src/export/index.ts';
import type { Paper, RunInfo } from '../../src/types.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';

const INFO: RunInfo = { backend: 'cpu', model: 'use-lite', settings: DEFAULT_SETTINGS, timings: {}, nPapers: 0, nEmbedded: 0, nCached: 0, notices: [] };

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('gives a different input hash when one abstract changes', async () => {
    const a: Paper[] = Array.from({ length: 5 }, (_, k) => ({ id: `p${k}`, title: `Paper ${k}`, abstract: `Abstract number ${k}.`, authors: [], source: { file: 'x.jsonl', row: k + 1, format: 'jsonl' } }));
    const b = a.map((p, i) => (i === 3 ? { ...p, abstract: p.abstract + '.' } : p));
    const [pa, pb] = await Promise.all([buildProvenance(a, INFO), buildProvenance(b, INFO)]);
    expect(pa.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pa.inputHash).not.toBe(pb.inputHash);
    expect(pa.nPapers).toBe(5);
  });
});

