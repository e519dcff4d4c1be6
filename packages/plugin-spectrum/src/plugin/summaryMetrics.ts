import type { SpectrumSummary } from '../spectrum/summarizeSpectra';

/**
 * The scalar metrics of one probe, by name (without the plugin prefix): the log condition
 * number's distribution over full-rank points (absent when no point is full rank), the
 * mean log determinant, the mean largest and smallest eigenvalues and the number of
 * rank-deficient points.
 */
export function summaryMetrics(summary: SpectrumSummary): Record<string, number> {
  const spectrum = summary.meanSpectrum;
  const metrics: Record<string, number> = {
    lambdaMaxMean: spectrum[0],
    lambdaMinMean: spectrum[spectrum.length - 1],
    rankDeficient: summary.rankDeficient,
  };
  const c = summary.logCond;
  if (c) {
    Object.assign(metrics, { logCondMean: c.mean, logCondStd: c.std, logCondMedian: c.median, logCondMin: c.min, logCondMax: c.max });
    for (const [p, value] of Object.entries(c.quantiles)) metrics[`logCondQ${String(Math.round(Number(p) * 100)).padStart(2, '0')}`] = value;
  }
  if (summary.logDetMean != null) metrics.logDetMean = summary.logDetMean;
  return metrics;
}
