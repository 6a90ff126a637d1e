/** Placeholder until the coarse level is measured. */
import type { Knn } from './knn.ts';
export interface Coarse { assignment: Int32Array; count: number; parentOf: Int32Array }
export function coarseClusters(_knn: Knn, _fine: Int32Array, _nFine: number, _o: { k: number; resolution: number; seed: number }): Coarse | undefined {
  return undefined;
}
