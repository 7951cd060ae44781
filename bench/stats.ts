/** Percentiles and the result table. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarize(latenciesMs: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

export interface Row {
  metric: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: 'PASS' | 'MISS' | 'info';
}

export function table(rows: readonly Row[]): string {
  const header: Row = { metric: 'metric', measured: 'measured', baseline: 'baseline', ratio: 'ratio', target: 'target', verdict: 'info' };
  const cells = [header, ...rows].map((r) => [r.metric, r.measured, r.baseline, r.ratio, r.target, r === header ? 'result' : r.verdict]);
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;
