/**
 * The USE tokenizer splits on "▁" (U+2581). If a bundle is served or decoded
 * without UTF-8 that character is mangled, every word boundary is lost, and all
 * similarities drift towards 0.9 with no error. This check turns that silent
 * failure into a loud one at model load.
 */
export const GUARD_SENTENCE = 'Graph neural networks for molecular property prediction.';
export const GUARD_TOKENS = [1502, 1341, 1334, 5122, 1846, 7, 22, 992, 147, 3737, 1999, 3477, 243, 6];

export function checkTokenizer(encode: (text: string) => number[]): void {
  const got = encode(GUARD_SENTENCE);
  if (got.length !== GUARD_TOKENS.length || got.some((t, i) => t !== GUARD_TOKENS[i])) {
    throw new Error(
      'The sentence tokenizer produced unexpected tokens (the app files were probably not served as UTF-8). Embeddings would be meaningless, so the run was stopped.',
    );
  }
}
