import type { PointSpectrum } from './pointSpectrum';

/** Probabilities of the reported log-condition quantiles (besides the median). */
export const LOG_COND_QUANTILES = [0.05, 0.25, 0.75, 0.95] as const;

/** Distribution of ln(λ_max / λ_min) over the full-rank points of a probe. */
export interface LogCondStatistics {
  mean: number;
  /** Population standard deviation (ddof 0), as compare_gan's `np.std`. */
  std: number;
  median: number;
  min: number;
  max: number;
  /** Keyed by probability ('0.05', '0.25', '0.75', '0.95'); linear interpolation (numpy's default). */
  quantiles: Record<string, number>;
}

/** What a probe of many latent points says about the generator's conditioning. */
export interface SpectrumSummary {
  points: number;
  /** Points whose metric tensor is rank deficient: excluded from `logCond` and `logDetMean`. */
  rankDeficient: number;
  /** Over full-rank points; null when every point is rank deficient. */
  logCond: LogCondStatistics | null;
  logDetMean: number | null;
  /** Mean over all points of the i-th largest eigenvalue. */
  meanSpectrum: number[];
  /** Mean over full-rank points of ln λ_i (the geometric-mean spectrum); null when none is full rank. */
  meanLogSpectrum: number[] | null;
}

/** Quantile of ascending `sorted` at probability p, linear interpolation between order statistics. */
export function quantile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function logCondStatistics(values: number[]): LogCondStatistics {
  const sorted = [...values].sort((a, b) => a - b);
  const m = mean(values);
  return {
    mean: m,
    std: Math.sqrt(mean(values.map((v) => (v - m) ** 2))),
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    quantiles: Object.fromEntries(LOG_COND_QUANTILES.map((p) => [String(p), quantile(sorted, p)])),
  };
}

function meanColumns(rows: readonly number[][]): number[] {
  const out = new Array<number>(rows[0].length).fill(0);
  for (const row of rows) for (let i = 0; i < row.length; i++) out[i] += row[i] / rows.length;
  return out;
}

export function summarizeSpectra(points: readonly PointSpectrum[]): SpectrumSummary {
  if (points.length === 0) throw new Error('summarizeSpectra: no points');
  const fullRank = points.filter((p) => !p.rankDeficient);
  const none = fullRank.length === 0;
  return {
    points: points.length,
    rankDeficient: points.length - fullRank.length,
    logCond: none ? null : logCondStatistics(fullRank.map((p) => p.logCond as number)),
    logDetMean: none ? null : mean(fullRank.map((p) => p.logDet as number)),
    meanSpectrum: meanColumns(points.map((p) => p.eigenvalues)),
    meanLogSpectrum: none ? null : meanColumns(fullRank.map((p) => p.eigenvalues.map(Math.log))),
  };
}
