/**
 * How many texts are longer than the sentence model reads (MAX_TOKENS = 128 tokens,
 * what USE-lite's graph keeps), counted with the model's own tokenizer, for the preview.
 */
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { cutAt, MAX_CHARS, MAX_TOKENS, type Vocabulary } from './embed.ts';

export function tokenCounter(vocabulary: Vocabulary) {
  const tokenizer = new Tokenizer(vocabulary);
  return {
    /** Texts with more than MAX_TOKENS tokens (their rest is not read by the model). */
    countLonger(texts: string[]): number {
      let n = 0;
      for (const t of texts) if (tokenizer.encode(t.length > MAX_CHARS ? cutAt(t, MAX_CHARS) : t).length > MAX_TOKENS) n++;
      return n;
    },
  };
}

