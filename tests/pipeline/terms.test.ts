import { describe, it, expect } from 'vitest';
import { extractTerms, stem } from '../../src/pipeline/terms.ts';

describe('terms', () => {
  it('folds plural and -ed/-ing forms to one key', () => {
    expect(new Set(['pruning', 'pruned', 'prune', 'prunes'].map(stem)).size).toBe(1);
    expect(stem('networks')).toBe(stem('network'));
    expect(stem('quantized')).toBe(stem('quantize'));
    expect(stem('studies')).toBe(stem('study'));
  });

  it('keeps acronyms as written and folds only their plural', () => {
    const terms = extractTerms('Fine-tuning LLMs with LoRA adapters and ViT backbones.');
    const surfaces = terms.map((t) => t.surface);
    expect(surfaces).toContain('LoRA');
    expect(surfaces).toContain('LLMs');
    expect(stem('LLMs')).toBe(stem('LLM'));
    expect(surfaces).toContain('ViT');
  });

  it('drops academic boilerplate and does not build phrases across punctuation or stop words', () => {
    const keys = extractTerms('In this paper we propose a novel method; results show state-of-the-art pruning. Sparsity, graphs.').map((t) => t.key);
    for (const bad of ['paper', 'propos', 'novel', 'method', 'result', 'show', 'stat', 'art']) expect(keys).not.toContain(bad);
    expect(keys).toContain(stem('pruning'));
    expect(keys.some((k) => k.includes(' '))).toBe(false);
  });

  it('builds 2-3-word phrases from adjacent content words with readable surfaces', () => {
    const terms = extractTerms('Layer-wise weight pruning of large language models');
    const surfaces = terms.map((t) => t.surface);
    expect(surfaces).toContain('weight pruning');
    expect(surfaces).toContain('large language models');
    expect(terms.every((t) => t.key.split(' ').length <= 3)).toBe(true);
  });
});
