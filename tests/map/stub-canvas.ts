/**
 * A stand-in 2-D canvas context for jsdom, which has none: every drawing call does nothing and
 * text is measured as a fixed width per character (`perChar`, default 7 px) or, with `byFont`,
 * as 0.55 × the current font's pixel size per character. `onMeasure` is told of each measurement, `onFont` of each font set.
 * Installed on the given HTMLCanvasElement prototype (the test's jsdom, or a bench's own).
 */
export function stubCanvas(proto: { getContext: unknown }, opts: { byFont?: boolean; perChar?: number; onMeasure?: () => void; onFont?: (font: string) => void } = {}): void {
  let font = '12px sans-serif';
  const px = () => Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  const width = (s: string) => (opts.byFont ? 0.55 * px() : (opts.perChar ?? 7)) * [...s].length;
  const ctx = new Proxy(
    {},
    {
      get(_t, k) {
        if (k === 'measureText')
          return (s: string) => {
            opts.onMeasure?.();
            return { width: width(s) };
          };
        if (k === 'font') return font;
        if (k === 'canvas') return { width: 0, height: 0 };
        return () => undefined;
      },
      set(_t, k, v) {
        if (k === 'font') {
          font = String(v);
          opts.onFont?.(font);
        }
        return true;
      },
    },
  );
  proto.getContext = () => ctx;
}
