/**
 * The README's quick start runs `npm run dev`: the dev server must map the demo
 * too. It serves the model from node_modules and pre-bundles the workers'
 * dependencies; a dependency discovered mid-run would reload the page, and a
 * CommonJS one left unbundled would crash a worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launch, openApp } from '../e2e/browser.ts';

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn', optimizeDeps: { force: true } });
  await server.listen();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('npm run dev', () => {
  it('maps the demo listing on the dev server without a reload, from a cold dependency cache', async () => {
    const address = server.httpServer!.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 5173}/`;
    const s = await openApp(browser, base);
    let loads = 0;
    s.page.on('load', () => loads++);
    await s.page.getByTestId('preview-count').waitFor({ timeout: 60_000 });
    await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
    await s.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 240_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(68);
    expect(loads).toBe(0);
    expect(s.offending).toEqual([]);
    await s.context.close();
  });
});
