/**
 * Library guards from RELIABILITY's "known failure modes": the installed versions carry the
 * fixes we rely on (papaparse >= 5.5.3 for the __proto__ header fix #1095; umap-js >= 1.3.2 so
 * `transform` cannot loop forever, #30/#33), and the app imports tfjs as ESM packages, never
 * the UMD bundle that needs eval under our CSP (tfjs#7554).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const version = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
const atLeast = (v: string, min: string) => {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

describe('dependency guards', () => {
  it('papaparse >= 5.5.3 (P11, #1095) and umap-js >= 1.3.2 (#30)', () => {
    expect(atLeast(version('papaparse'), '5.5.3')).toBe(true);
    expect(atLeast(version('umap-js'), '1.3.2')).toBe(true);
    expect(atLeast('1.3.1', '1.3.2')).toBe(false); // the comparison can fail
  });

  it('src and workers import tfjs packages, never a built .js bundle (UMD) (S5, tfjs#7554)', () => {
    const bad = [...sources('src'), ...sources('workers')].filter((f) => /['"]@tensorflow\/[^'"?]*\.js['"?]/.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
    expect(/['"]@tensorflow\/[^'"?]*\.js['"?]/.test(`import '@tensorflow/tfjs/dist/tf.min.js';`)).toBe(true); // the check can fail
  });
});
