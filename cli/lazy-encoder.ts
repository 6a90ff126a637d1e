/** An Encoder that loads the real model only when something actually needs embedding (cache misses). */
import type { Encoder } from '../src/pipeline/embed.ts';
import { loadNodeEncoder } from '../src/model/load-node.ts';

export function lazyEncoder(): Encoder & { loaded(): boolean } {
  let enc: Promise<Encoder> | undefined;
  let real: Encoder | undefined;
  const get = () => (enc ??= loadNodeEncoder().then((e) => (real = e)));
  return {
    async embedBatch(texts) {
      return (await get()).embedBatch(texts);
    },
    encode(text) {
      if (!real) throw new Error('encoder not loaded yet');
      return real.encode(text);
    },
    dispose() {
      real?.dispose();
    },
    loaded: () => real !== undefined,
  };
}
