import type { SpectrumProbe } from '../probeSpectra';

interface ProbeHeader {
  target: string;
  step: number | null;
  latentDim: number;
  outputShape: number[];
  backend: string;
  mode: string;
  seconds: number;
}

const fixed = (v: number | null, digits = 3) => (v == null ? 'rank-deficient' : v.toFixed(digits));
const sci = (v: number) => v.toExponential(3);

/** The human-readable report of `gancond spectrum`: header, log-condition statistics, one line per point. */
export function formatProbe(h: ProbeHeader, probe: SpectrumProbe): string {
  const { summary, points } = probe;
  const lines = [
    `${h.target}${h.step == null ? '' : ` (step ${h.step})`}: ${points.length} latent points, d = ${h.latentDim}, ` +
      `n = ${probe.outputSize} [${h.outputShape.join('x')}], ${h.backend}, ${h.mode} mode, ` +
      `${h.seconds.toFixed(2)} s (${((1000 * h.seconds) / points.length).toFixed(1)} ms/point)`,
  ];
  const c = summary.logCond;
  if (c) {
    const q = Object.entries(c.quantiles).map(([p, v]) => `q${p} ${v.toFixed(3)}`).join('  ');
    lines.push(`log condition number ln(λmax/λmin): mean ${c.mean.toFixed(3)}  std ${c.std.toFixed(3)}  median ${c.median.toFixed(3)}  min ${c.min.toFixed(3)}  max ${c.max.toFixed(3)}`);
    lines.push(`  quantiles: ${q}`);
    lines.push(`mean log determinant: ${fixed(summary.logDetMean)}`);
  }
  lines.push(`rank-deficient points: ${summary.rankDeficient} of ${summary.points}`);
  lines.push(`mean spectrum: λmax ${sci(summary.meanSpectrum[0])} ... λmin ${sci(summary.meanSpectrum[summary.meanSpectrum.length - 1])}`);
  lines.push('', `${'point'.padStart(5)}  ${'logCond'.padStart(14)}  ${'logDet'.padStart(14)}  ${'λmax'.padStart(10)}  ${'λmin'.padStart(10)}  rank`);
  points.forEach((p, i) => {
    const e = p.eigenvalues;
    lines.push(`${String(i).padStart(5)}  ${fixed(p.logCond).padStart(14)}  ${fixed(p.logDet).padStart(14)}  ${sci(e[0]).padStart(10)}  ${sci(e[e.length - 1]).padStart(10)}  ${p.rank}`);
  });
  return lines.join('\n') + '\n';
}
