import { validateConfig } from '../config/loadConfig';
import type { ResolvedConfig } from '../config/schema';
import { resolveModule } from '../io/loadModule';
import type { BenchSettings } from './BenchSettings';
import { writeSyntheticCifar10 } from './syntheticCifar10';

export const JACOBIAN_CLAMP_PACKAGE = '@gancond/plugin-jacobian-clamp';

/** Enough images for shuffled batches without decoding all 60 000 MNIST images each time. */
const MIN_IMAGES = 4096;

/** The experiment a benchmark runs, and what its data is, in words for the report. */
export interface BenchExperiment {
  config: ResolvedConfig;
  data: string;
}

/**
 * The run `gancond bench` times: the reference model on its data, every evaluation, sample
 * grid and checkpoint pushed to the end of the run (outside the timed steps), and Jacobian
 * Clamping with its default options when asked. `dataDir` receives the synthetic CIFAR-shaped
 * images when those are needed.
 */
export function benchExperiment(settings: BenchSettings, dataDir: string): BenchExperiment {
  const images = Math.max(MIN_IMAGES, settings.batch);
  let data: ResolvedConfig['data'];
  let description: string;
  if (settings.model === 'dcgan-mnist') {
    data = { dataset: 'mnist', split: 'train', limit: images };
    description = `real MNIST (first ${images} training images)`;
  } else {
    data = { dataset: 'cifar10', split: 'test', path: writeSyntheticCifar10(dataDir, images) };
    description = `synthetic random 32x32x3 images (${images}; CIFAR-10 itself is not available offline)`;
  }
  if (settings.jc) {
    // Fails with a UserError saying to install the package when it is missing.
    resolveModule(JACOBIAN_CLAMP_PACKAGE, process.cwd(), '--jc');
  }
  const config = validateConfig(
    {
      name: `bench-${settings.model}`,
      backend: settings.backend,
      nativeKernels: settings.native,
      ...(settings.nativeThreads !== undefined && { nativeThreads: settings.nativeThreads }),
      data,
      model: { architecture: settings.model, width: settings.width, latentDim: settings.latentDim },
      training: {
        steps: settings.warmup + settings.steps + (settings.profile ? 1 : 0),
        batchSize: settings.batch,
        evalEvery: 0,
        checkpointEvery: 0,
        sampleEvery: 0,
        sampleCount: 1,
      },
      plugins: settings.jc ? [{ use: JACOBIAN_CLAMP_PACKAGE }] : [],
    },
    'of the benchmark',
  );
  return { config, data: description };
}
