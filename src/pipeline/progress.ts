/** Progress and cancellation helpers shared by the run stages. */
import type { Progress, Stage } from '../types.ts';

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
}

export function report(opts: { onProgress?: (p: Progress) => void }, stage: Stage, fraction: number, message?: string): void {
  opts.onProgress?.({ stage, fraction: Math.min(1, Math.max(0, fraction)), message });
}
