import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 * - unit: Node tests (`tests/**` outside e2e and scale);
 * - e2e: real Chromium against a build served by vite preview;
 * - scale: the long runs (`*.scale.test.ts`: thousands of abstracts, minutes of
 *   embedding), kept out of `npm test` and run by `npm run test:scale` (and `.ci/run`).
 * No test asserts a wall-clock time: timings are printed by the benchmarks (`npm run bench*`).
 */
const SCALE = 'tests/**/*.scale.test.ts';

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, so the
    // unit files would wait for the (mostly browser-bound) e2e files. Two let them run beside
    // each other; e2e files still run one at a time (fileParallelism: false below).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', SCALE, 'node_modules/**'],
          // Generous: a guard against hangs, not a speed check (the machine may be busy).
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: [SCALE],
          globalSetup: ['tests/e2e/global-setup.ts'],
          // One Chromium at a time: the machine has two cores and the model is CPU-bound.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'scale',
          environment: 'node',
          include: [SCALE],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 30 * 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
