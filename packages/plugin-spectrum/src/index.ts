import { spectrumPlugin } from './plugin/plugin';

export default spectrumPlugin;
/**
 * Also under core's alternative name `plugin`: core's loader, importing this CommonJS
 * build, sees `default` as the whole exports object, but finds `plugin`.
 */
export { spectrumPlugin as plugin };

export { probeSpectra, DEFAULT_ROWS_PER_PASS, type ProbeOptions, type SpectrumProbe } from './probeSpectra';
export { cheaperMode, jacobianColumns, type GeneratorFn, type JacobianMode } from './jacobian/generatorJacobians';
export { generatorShape, inferenceGenerator, type GeneratorModel, type GeneratorShape } from './jacobian/generatorModel';
export { metricTensor } from './spectrum/metricTensor';
export { pointSpectrum, rankTolerance, type PointSpectrum } from './spectrum/pointSpectrum';
export { summarizeSpectra, quantile, LOG_COND_QUANTILES, type SpectrumSummary, type LogCondStatistics } from './spectrum/summarizeSpectra';
export { summaryMetrics } from './plugin/summaryMetrics';
export { readSpectra, type SpectraRecord } from './plugin/SpectraLog';
export { PROBE_LATENTS_FILE } from './plugin/RunProber';
export { fixedProbeLatents } from './plugin/probeLatents';
export { readLatentsFile, latentsJson } from './cli/latentsFile';
export { spectrumOptionsSchema, type SpectrumOptions, type SpectrumOptionsInput } from './plugin/options';
