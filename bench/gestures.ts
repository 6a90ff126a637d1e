/** Mouse gestures the browser benchmarks share. */
import type { Page } from 'playwright-core';

/** Pans (drags) and zooms (wheel) around (cx, cy), back and forth, continuously for `duration` ms. */
export async function panAndZoom(page: Page, cx: number, cy: number, duration: number): Promise<void> {
  const end = Date.now() + duration;
  let dir = 1;
  while (Date.now() < end) {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -120 * dir);
    await page.mouse.down();
    await page.mouse.move(cx + 150 * dir, cy + 80 * dir, { steps: 12 });
    await page.mouse.up();
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 120 * dir);
    dir = -dir;
  }
}
