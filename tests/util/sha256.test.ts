import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sha256 } from '../../src/util/sha256.ts';

const webCrypto = async (b: Uint8Array) =>
  Array.from(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)), (x) => x.toString(16).padStart(2, '0')).join('');

describe('Sha256 (streamed)', () => {
  it('equals Web Crypto on the standard vectors and on every length around the block edges', async () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n < 200; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      expect(new Sha256().update(b).hex()).toBe(await webCrypto(b));
    }
  });

  it('equals Web Crypto whatever the pieces it is fed in', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat(700), { maxLength: 6 }), async (b, cuts) => {
      const h = new Sha256();
      let at = 0;
      for (const c of [...cuts].sort((x, y) => x - y)) {
        const to = Math.min(c, b.length);
        if (to > at) { h.update(b.subarray(at, to)); at = to; }
      }
      h.update(b.subarray(at));
      expect(h.hex()).toBe(await webCrypto(b));
    }), { numRuns: 300 });
  });
});
