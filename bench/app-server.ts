/**
 * The built app served by vite preview on a free port, and headless Chromium: what the browser
 * benchmarks start with. `outDir` keeps a bench's build apart from `dist` (which the e2e tests
 * build); `minify: false` keeps function names for profiles.
 */
import { build, preview } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';

export async function startApp(opts: { outDir?: string; minify?: boolean } = {}): Promise<{ base: string; browser: Browser; close: () => Promise<void> }> {
  const out = opts.outDir ? { outDir: opts.outDir, emptyOutDir: true } : {};
  await build({ logLevel: 'warn', build: { ...out, ...(opts.minify === false ? { minify: false } : {}) } });
  const server = await preview({ ...(opts.outDir ? { build: { outDir: opts.outDir } } : {}), preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const addr = server.httpServer.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 4173}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      server.httpServer.close();
    },
  };
}
