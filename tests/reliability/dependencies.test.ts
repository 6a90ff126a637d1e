/**
 * Library guards from RELIABILITY's "known failure modes": the installed papaparse carries the
 * __proto__ header fix we rely on (>= 5.5.3, #1095); the app never calls umap-js's `transform`
 * or `fit` (the paths of its known loops, #30/#33: it steps the optimiser itself from a
 * precomputed kNN, and Add-to-map places papers by neighbours), so no umap-js version is
 * pinned, and calling them again must bring a pin back; and the app imports tfjs as ESM
 * packages, never the UMD bundle that needs eval under our CSP (tfjs#7554).
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
  it('papaparse >= 5.5.3 (P11, #1095)', () => {
    expect(atLeast(version('papaparse'), '5.5.3')).toBe(true);
    expect(atLeast('5.5.2', '5.5.3')).toBe(false); // the comparison can fail
  });

  it('umap-js is used only through the calls no known bug affects: never transform or fit', () => {
    const calls = /\.(transform|fit|fitAsync)\s*\(/;
    const users = [...sources('src'), ...sources('workers')].filter((f) => /from ['"]umap-js['"]/.test(readFileSync(f, 'utf8')));
    expect(users.length).toBeGreaterThanOrEqual(1);
    for (const f of users) expect(readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, ''), f).not.toMatch(calls);
    expect(calls.test('umap.transform(rows)')).toBe(true); // the check can fail
  });

  it('src and workers import tfjs packages, never a built .js bundle (UMD) (S5, tfjs#7554)', () => {
    const bad = [...sources('src'), ...sources('workers')].filter((f) => /['"]@tensorflow\/[^'"?]*\.js['"?]/.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
    expect(/['"]@tensorflow\/[^'"?]*\.js['"?]/.test(`import '@tensorflow/tfjs/dist/tf.min.js';`)).toBe(true); // the check can fail
  });
});
