/**
 * Array helpers that take any length. Spreading an array into a call (`push(...x)`,
 * `Math.max(...x)`, `String.fromCharCode(...x)`) passes one argument per item and throws
 * "Maximum call stack size exceeded" past ~100k items (issue 16: 100,000 duplicate rows lost
 * every paper). tests/lint.test.ts bans the pattern; these loops replace it.
 */

/** Appends every item of `items` to `target` without spreading them into one call (no argument-count limit). */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Largest value, or `empty` for none; a loop, so any length works (Math.max(...x) overflows the stack past ~100k). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v > m) m = v;
    any = true;
  }
  return any ? m : empty;
}

/** Smallest value, or `empty` for none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v < m) m = v;
    any = true;
  }
  return any ? m : empty;
}
