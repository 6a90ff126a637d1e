/**
 * Shared e2e harness: Debian's Chromium through playwright-core, a request log
 * that fails the test on anything but same-origin GETs, and console capture.
 */
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ARTIFACTS = resolve('test-results');
mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests that were not same-origin GETs. */
  offending: string[];
  /** CSP / Trusted Types violations, from the page's events and from any console (workers included). */
  cspViolations: () => Promise<string[]>;
  requests: string[];
  errors: string[];
}

export async function openApp(browser: Browser, baseUrl: string, path = ''): Promise<Session> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const offending: string[] = [];
  const requests: string[] = [];
  const errors: string[] = [];
  const check = (req: Request) => {
    const url = req.url();
    requests.push(`${req.method()} ${url}`);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin || req.method() !== 'GET') offending.push(`${req.method()} ${url}`);
  };
  context.on('request', check);
  const consoleViolations: string[] = [];
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const onConsole = (m: { type(): string; text(): string }) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) consoleViolations.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  };
  page.on('console', onConsole);
  page.on('worker', (w) => w.on('console', onConsole));
  await page.goto(baseUrl + path);
  const cspViolations = async () => [...consoleViolations, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []))];
  return { context, page, offending, requests, errors, cspViolations };
}

export function artifact(name: string): string {
  return join(ARTIFACTS, name);
}
