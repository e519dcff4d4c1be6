import {
  addExtractorFlags,
  extractorOptionsFromFlags,
  integerFlag,
  positiveIntegerFlag,
  selectBackend,
  type BackendRequest,
  type Command,
  type ExtractorFlags,
} from '@gancond/core';
import { inceptionScore } from './inceptionScore';
import { loadProbabilitySource } from './scoreSource';

interface IsCommandFlags extends ExtractorFlags {
  splits: string;
  json?: boolean;
  samples?: string;
  batchSize: string;
  seed: string;
  dataPath?: string;
  backend: string;
}

/** Computes the score the `gancond is` command prints; `write` receives its output. */
export async function runIsCommand(target: string, flags: IsCommandFlags, write: (text: string) => void): Promise<void> {
  const splits = positiveIntegerFlag('--splits', flags.splits);
  const samples = flags.samples === undefined ? undefined : positiveIntegerFlag('--samples', flags.samples);
  const batchSize = positiveIntegerFlag('--batch-size', flags.batchSize);
  const seed = integerFlag('--seed', flags.seed);
  // A probability matrix needs no network, hence no tensor backend.
  if (!target.endsWith('.npy')) await selectBackend(flags.backend as BackendRequest);
  const source = await loadProbabilitySource(target, {
    extractor: flags.extractor,
    extractorOptions: extractorOptionsFromFlags(flags),
    samples,
    batchSize,
    seed,
    dataPath: flags.dataPath,
  });
  const score = inceptionScore(source.probabilities, source.numClasses, splits, target);
  if (flags.json) {
    write(`${JSON.stringify({ source: source.description, samples: score.samples, splits, mean: score.mean, std: score.std, splitScores: score.splitScores })}\n`);
  } else {
    write(`Inception Score of ${source.description}, ${score.samples} samples in ${splits} splits:\n`);
    write(`  mean ${score.mean.toFixed(4)}  std ${score.std.toFixed(4)}\n`);
  }
}

/** `gancond is <A>`: the Inception Score of a run's generator, of a dataset or of a probability matrix. */
export function registerIsCommand(program: Command): void {
  const command = program
    .command('is')
    .description('Inception Score of a run directory (its generator), a dataset (mnist:test, ...) or a .npy matrix of class probabilities (N, classes)')
    .argument('<source>', 'run directory or checkpoint, dataset name[:train|test], or .npy probability matrix (scored as it is)')
    .option('--splits <S>', 'number of splits', '10')
    .option('--json', 'print one JSON line');
  addExtractorFlags(command)
    .option('--samples <N>', 'images: generated from a run (default 10000) or the first of a dataset (default all)')
    .option('--batch-size <B>', 'images per classifier batch', '250')
    .option('--seed <n>', "seed of the latent draws from a run's generator", '0')
    .option('--data-path <dir>', "directory with the dataset's files (not needed for mnist)")
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', 'auto')
    .action(async (target: string, flags: IsCommandFlags) => {
      await runIsCommand(target, flags, (text) => process.stdout.write(text));
    });
}
