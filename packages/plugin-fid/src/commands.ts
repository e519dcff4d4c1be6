import * as path from 'node:path';
import {
  RandomStream,
  UserError,
  addExtractorFlags,
  consoleLogger,
  extractorOptionsFromFlags,
  integerFlag,
  loadFeatureExtractor,
  positiveIntegerFlag,
  selectBackend,
  type BackendRequest,
  type Command,
  type ExtractorFlags,
  type FeatureExtractor,
  type Logger,
} from '@gancond/core';
import { frechetDistance } from './frechetDistance';
import { kernelInceptionDistance } from './kernelInceptionDistance';
import { defaultCacheDir } from './referenceStatistics';
import { loadStatisticsSource, SOURCES_HINT, type StatisticsSourceOptions } from './statisticsSource';
import { writeStatisticsFile } from './statisticsFiles';

export interface SourceFlags extends ExtractorFlags {
  samples: string;
  batchSize: string;
  seed: string;
  dataPath?: string;
  cacheDir?: string;
  backend: string;
}

export interface FidFlags extends SourceFlags {
  json?: boolean;
  kid?: boolean;
  kidSubsets: string;
  kidSubsetSize: string;
}

const needsModels = (target: string) => !target.endsWith('.npz') && !target.endsWith('.npy');

/** Parses the flags shared by `fid` and `stats`; the extractor is loaded once, on first use. */
async function sourceOptions(targets: string[], flags: SourceFlags, keepFeatures: boolean, logger: Logger) {
  const samples = positiveIntegerFlag('--samples', flags.samples);
  const batchSize = positiveIntegerFlag('--batch-size', flags.batchSize);
  const seed = integerFlag('--seed', flags.seed);
  if (targets.some(needsModels)) await selectBackend(flags.backend as BackendRequest);
  let extractor: Promise<FeatureExtractor> | undefined;
  const options: StatisticsSourceOptions = {
    extractor: () =>
      (extractor ??= loadFeatureExtractor(flags.extractor, extractorOptionsFromFlags(flags))),
    samples,
    batchSize,
    seed,
    dataPath: flags.dataPath,
    cacheDir: flags.cacheDir ?? defaultCacheDir(),
    keepFeatures,
    logger,
  };
  const dispose = async () => (await extractor)?.dispose();
  return { options, dispose, seed };
}

/** `gancond fid A B`: prints the FID (and KID with --kid); `write` receives stdout text. */
export async function runFidCommand(a: string, b: string, flags: FidFlags, write: (text: string) => void, logger: Logger = consoleLogger): Promise<void> {
  const kidOptions = flags.kid
    ? { subsets: positiveIntegerFlag('--kid-subsets', flags.kidSubsets), subsetSize: positiveIntegerFlag('--kid-subset-size', flags.kidSubsetSize) }
    : undefined;
  const { options, dispose, seed } = await sourceOptions([a, b], flags, !!kidOptions, logger);
  try {
    const first = await loadStatisticsSource(a, options);
    const second = await loadStatisticsSource(b, options);
    const distance = frechetDistance(first.stats, second.stats, [a, b]);
    for (const warning of distance.warnings) logger.warn(warning);
    const kid =
      kidOptions && first.features && second.features
        ? kernelInceptionDistance(first.features, second.features, distance.dim, new RandomStream(`gancond-kid:${seed}`), kidOptions)
        : undefined;
    if (flags.json) {
      const result = {
        fid: distance.fid,
        n: { a: first.stats.count ?? null, b: second.stats.count ?? null },
        dims: distance.dim,
        ...(kid ? { kid: { mean: kid.mean, std: kid.std, subsets: kid.subsets, subsetSize: kid.subsetSize } } : {}),
        sources: { a: first.description, b: second.description },
        warnings: distance.warnings,
      };
      write(`${JSON.stringify(result)}\n`);
    } else {
      write(`FID ${distance.fid.toFixed(4)}  (${distance.dim}-dimensional features)\n  A: ${first.description}\n  B: ${second.description}\n`);
      if (kid) write(`KID ${kid.mean.toExponential(4)} ± ${kid.std.toExponential(2)}  (${kid.subsets} subsets of ${kid.subsetSize})\n`);
    }
  } finally {
    await dispose();
  }
}

/** `gancond stats SOURCE --out file.npz`: writes pytorch-fid compatible statistics. */
export async function runStatsCommand(target: string, flags: SourceFlags & { out: string }, write: (text: string) => void, logger: Logger = consoleLogger): Promise<void> {
  if (!flags.out.endsWith('.npz')) throw new UserError(`--out: "${flags.out}"; expected a file name ending in .npz`);
  const { options, dispose } = await sourceOptions([target], flags, false, logger);
  try {
    const source = await loadStatisticsSource(target, options);
    writeStatisticsFile(path.resolve(flags.out), source.stats);
    write(`wrote ${flags.out}: mu (${source.stats.dim}), sigma (${source.stats.dim}x${source.stats.dim}) of ${source.description}\n`);
  } finally {
    await dispose();
  }
}

function addSourceOptions(command: Command): Command {
  return addExtractorFlags(command)
    .option('--samples <N>', "images generated from a run, or taken from the start of a dataset's split", '10000')
    .option('--batch-size <B>', 'images per extractor batch', '250')
    .option('--seed <n>', "seed of the latent draws from a run's generator", '0')
    .option('--data-path <dir>', "directory with the dataset's files (not needed for mnist)")
    .option('--cache-dir <dir>', 'cache of dataset statistics (default $GANCOND_CACHE/fid or ~/.cache/gancond/fid)')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', 'auto');
}

export function registerFidCommands(program: Command): void {
  addSourceOptions(
    program
      .command('fid')
      .description(`Frechet distance between two sources, each ${SOURCES_HINT}`)
      .argument('<A>', 'first source')
      .argument('<B>', 'second source'),
  )
    .option('--json', 'print one JSON line {"fid", "n", "dims", ...}')
    .option('--kid', 'also compute KID (needs features: not with .npz sources)')
    .option('--kid-subsets <S>', 'KID: number of subsets', '100')
    .option('--kid-subset-size <M>', 'KID: feature vectors per subset', '1000')
    .action(async (a: string, b: string, flags: FidFlags) => runFidCommand(a, b, flags, (text) => process.stdout.write(text)));

  addSourceOptions(
    program
      .command('stats')
      .description(`Write .npz statistics (mu, sigma; pytorch-fid layout) of ${SOURCES_HINT}`)
      .argument('<source>', 'what to summarize'),
  )
    .requiredOption('--out <file.npz>', 'where to write the statistics')
    .action(async (target: string, flags: SourceFlags & { out: string }) => runStatsCommand(target, flags, (text) => process.stdout.write(text)));
}
