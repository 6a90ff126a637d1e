/**
 * The preview's count of abstracts longer than the sentence model reads: which texts to count
 * (the pipeline worker tokenises them with the model's tokenizer, src/pipeline/token-count.ts)
 * and the line shown. Kept free of the model's code: the page imports it.
 */
import { MAX_TOKENS } from '../model/model-info.ts';

/**
 * Texts the preview counts exactly, at most. Above it the count is estimated from an evenly spaced
 * sample of this many (the model's tokenizer costs milliseconds a text: counting all 50,000 held the
 * pipeline worker, and so the first map, for minutes). 1,000 gives a share within ±3 points (95%).
 */
export const COUNT_SAMPLE = 1000;

/** The texts to count for the preview: all of them, or an evenly spaced sample of COUNT_SAMPLE. */
export function countSample(texts: string[], max = COUNT_SAMPLE): { sample: string[]; estimated: boolean } {
  if (texts.length <= max) return { sample: texts, estimated: false };
  const sample = Array.from({ length: max }, (_, i) => texts[Math.floor(((i + 0.5) * texts.length) / max)]);
  return { sample, estimated: true };
}

/** The preview's line about what the model reads, from the count over `countSample`'s sample. */
export function longTextsLine(long: number, total: number, sampled: number, estimated: boolean): string {
  const fmt = (x: number) => x.toLocaleString('en-US');
  const tail = `longer than the ${MAX_TOKENS} tokens (about 100 words) the sentence model reads: it embeds their title and first ~100 words; the keyword view and every export use the whole text.`;
  if (!estimated) return long ? `${fmt(long)} of ${fmt(total)} abstracts are ${tail}` : `Every abstract fits in the ${MAX_TOKENS} tokens the sentence model reads.`;
  const share = sampled ? long / sampled : 0;
  const est = Math.round((share * total) / 100) * 100;
  return `About ${Math.round(share * 100)}% of the ${fmt(total)} abstracts (about ${fmt(est)}; counted on ${fmt(sampled)} of them) are ${tail}`;
}
