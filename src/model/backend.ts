/**
 * Picks the tfjs backend by a short probe, not by name: WebGL inside a worker
 * may be software GL (13x slower than WASM here), so "WebGL available" does not
 * mean "WebGL fast". Order of preference on a tie: wasm, webgl, cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend } from '../types.ts';

/** Milliseconds for a few 256×256 matmuls after a warm-up; Infinity if the backend fails. */
async function probe(name: Backend): Promise<number> {
  try {
    if (!(await tf.setBackend(name))) return Infinity;
    await tf.ready();
    const a = tf.randomUniform([256, 256], 0, 1, 'float32', 1);
    const run = async () => {
      const c = tf.matMul(a, a);
      await c.data();
      c.dispose();
    };
    await run(); // warm-up: shader compile / wasm init
    const t0 = performance.now();
    for (let i = 0; i < 4; i++) await run();
    const ms = performance.now() - t0;
    a.dispose();
    return ms;
  } catch {
    return Infinity;
  }
}

export interface BackendChoice {
  backend: Backend;
  probes: Partial<Record<Backend, number>>;
}

/** Tries the candidates, keeps the fastest that works, and leaves it active. */
export async function chooseBackend(candidates: Backend[] = ['wasm', 'webgl']): Promise<BackendChoice> {
  const probes: Partial<Record<Backend, number>> = {};
  for (const c of candidates) probes[c] = await probe(c);
  let best: Backend = 'cpu';
  let bestMs = Infinity;
  for (const c of candidates) {
    const ms = probes[c] ?? Infinity;
    if (ms < bestMs) {
      best = c;
      bestMs = ms;
    }
  }
  // None of the wanted backends works (e.g. WebGL forced but unavailable): fall back to WASM, then CPU.
  if (bestMs === Infinity) {
    for (const fallback of ['wasm', 'cpu'] as Backend[]) {
      if (candidates.includes(fallback)) continue;
      probes[fallback] = await probe(fallback);
      if (probes[fallback]! < Infinity) {
        best = fallback;
        break;
      }
    }
  }
  if (!(await tf.setBackend(best))) {
    best = 'cpu';
    await tf.setBackend('cpu');
  }
  await tf.ready();
  // Probe-time tensors of the other backends are freed with them.
  for (const c of candidates) if (c !== best && tf.findBackend(c)) tf.removeBackend(c);
  return { backend: best, probes };
}
