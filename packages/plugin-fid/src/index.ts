import { fidPlugin } from './plugin';

export default fidPlugin;
export { fidPlugin };
export { fidOptionsSchema, type FidOptions, type FidOptionsInput } from './options';
export type { FeatureStatistics } from './statistics';
export { FeatureStatisticsAccumulator, statisticsOfFeatures } from './FeatureStatisticsAccumulator';
export { frechetDistance, type FrechetDistance } from './frechetDistance';
export { traceSqrtProduct, type TraceSqrtResult } from './traceSqrtProduct';
export { kernelInceptionDistance, type KernelInceptionDistance } from './kernelInceptionDistance';
export { readStatisticsFile, writeStatisticsFile, readFeatureFile, writeFeatureFile } from './statisticsFiles';
export { collectFeatures, type CollectedFeatures } from './collectFeatures';
export { referenceStatistics, defaultCacheDir, type ReferenceRequest, type ReferenceStatistics } from './referenceStatistics';
export { loadStatisticsSource, type StatisticsSource, type StatisticsSourceOptions } from './statisticsSource';
export { registerFidCommands, runFidCommand, runStatsCommand } from './commands';
