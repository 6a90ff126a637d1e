/** The trend table as CSV: one row per cluster and period (cluster, label, period, count). */
import { csvCell } from '../export/csv.ts';

export function trendCsv(rows: { id: number; label: string; counts: ArrayLike<number> }[], periods: readonly string[]): string {
  const lines = ['cluster,label,period,count'];
  for (const r of rows) for (let t = 0; t < periods.length; t++) lines.push([String(r.id), csvCell(r.label), periods[t], String(r.counts[t])].join(','));
  return lines.join('\r\n') + '\r\n';
}
