import { UserError, selectBackend, type BackendRequest, type Command } from '@gancond/core';
import { inceptionScore } from './inceptionScore';
import { loadProbabilitySource } from './scoreSource';

interface IsCommandFlags {
  splits: string;
  json?: boolean;
  extractor: string;
  samples?: string;
  batchSize: string;
  seed: string;
  dataPath?: string;
  backend: string;
  featureLayer?: string;
  probabilityLayer?: string;
  logits?: boolean;
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UserError(`${flag}: "${value}"; expected a positive integer`);
  }
  return n;
}

/** Computes the score the `gancond is` command prints; `write` receives its output. */
export async function runIsCommand(target: string, flags: IsCommandFlags, write: (text: string) => void): Promise<void> {
  const splits = positiveInteger('--splits', flags.splits);
  const samples = flags.samples === undefined ? undefined : positiveInteger('--samples', flags.samples);
  const batchSize = positiveInteger('--batch-size', flags.batchSize);
  const seed = Number(flags.seed);
  if (!Number.isSafeInteger(seed)) throw new UserError(`--seed: "${flags.seed}"; expected an integer`);
  await selectBackend(flags.backend as BackendRequest);
  const source = await loadProbabilitySource(target, {
    extractor: flags.extractor,
    extractorOptions: { featureLayer: flags.featureLayer, probabilityLayer: flags.probabilityLayer, logits: flags.logits },
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

/** `gancond is <A>`: the Inception Score of a run's generator or of a dataset. */
export function registerIsCommand(program: Command): void {
  program
    .command('is')
    .description('Inception Score of a run directory (its generator) or a dataset (mnist:test, ...)')
    .argument('<source>', 'run directory or checkpoint, or dataset name[:train|test]')
    .option('--splits <S>', 'number of splits', '10')
    .option('--json', 'print one JSON line')
    .option('--extractor <spec>', 'classifier: mnist-classifier or the path of a tfjs model.json', 'mnist-classifier')
    .option('--feature-layer <name>', "user model: layer or node with the features (a GraphModel's is required)")
    .option('--probability-layer <name>', 'user model: layer or node with the class probabilities (default: the output)')
    .option('--logits', 'user model: the probability layer outputs logits (apply a softmax)')
    .option('--samples <N>', 'images: generated from a run (default 10000) or the first of a dataset (default all)')
    .option('--batch-size <B>', 'images per classifier batch', '250')
    .option('--seed <n>', "seed of the latent draws from a run's generator", '0')
    .option('--data-path <dir>', "directory with the dataset's files (not needed for mnist)")
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', 'auto')
    .action(async (target: string, flags: IsCommandFlags) => {
      await runIsCommand(target, flags, (text) => process.stdout.write(text));
    });
}
