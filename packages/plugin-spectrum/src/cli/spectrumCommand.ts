import * as tf from '@tensorflow/tfjs-core';
import { type BackendRequest, type Command, type LatentPrior, selectBackend, UserError } from '@gancond/core';
import { fixedProbeLatents } from '../plugin/probeLatents';
import { DEFAULT_ROWS_PER_PASS, probeSpectra, type SpectrumProbe } from '../probeSpectra';
import { formatProbe } from './formatProbe';
import { readLatentsFile } from './latentsFile';
import { loadGeneratorTarget } from './loadGeneratorTarget';

interface SpectrumCommandOptions {
  samples: string;
  seed?: string;
  z?: string;
  prior?: string;
  json?: boolean;
  mode: string;
  rowsPerPass: string;
  backend: string;
}

const MODES = ['auto', 'forward', 'reverse'] as const;
const PRIORS = ['normal', 'uniform'] as const;

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UserError(`${flag}: got "${text}", expected a positive integer`);
  return value;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UserError(`${flag}: got "${text}", expected one of ${allowed.join(', ')}`);
  return text as T;
}

/** `gancond spectrum`: probes a saved generator, as the plugin does during training. */
export function registerSpectrumCommand(program: Command): void {
  program
    .command('spectrum')
    .description('exact spectra of JᵀJ (condition numbers) of a saved generator at latent points z ~ p(z) or given by --z')
    .argument('<target>', 'run directory (newest checkpoint), checkpoint file, or generator model.json')
    .option('--samples <K>', 'latent points drawn from p(z)', '64')
    .option('--seed <S>', "seed of the draw (default: the run's seed, giving the training probes' fixed points; 0 for a model.json)")
    .option('--z <FILE>', 'evaluate exactly at these latent points: a JSON array of vectors of the latent dimension')
    .option('--prior <normal|uniform>', "latent prior p(z) (default: the run's; normal for a model.json)")
    .option('--json', 'print the result as JSON (points in the order of the latent vectors, and the summary)')
    .option('--mode <auto|forward|reverse>', 'Jacobian by d JVPs (forward) or n VJPs (reverse)', 'auto')
    .option('--rows-per-pass <N>', 'generator rows per batched pass (bounds memory)', String(DEFAULT_ROWS_PER_PASS))
    .option('--backend <name>', 'tensor backend: auto, tensorflow-gpu, tensorflow, wasm, cpu', 'auto')
    .action(async (target: string, opts: SpectrumCommandOptions) => {
      const samples = positiveInteger('--samples', opts.samples);
      const seed = opts.seed == null ? undefined : Number(opts.seed);
      if (seed != null && !Number.isInteger(seed)) throw new UserError(`--seed: got "${opts.seed}", expected an integer`);
      const mode = oneOf('--mode', opts.mode, MODES);
      const rowsPerPass = positiveInteger('--rows-per-pass', opts.rowsPerPass);
      const requestedPrior = opts.prior == null ? undefined : oneOf('--prior', opts.prior, PRIORS);

      const backend = await selectBackend(opts.backend as BackendRequest);
      const generator = await loadGeneratorTarget(target);
      try {
        const { latentDim } = generator;
        const prior: LatentPrior = requestedPrior ?? generator.prior ?? 'normal';
        const drawSeed = seed ?? generator.runSeed ?? 0;
        const values = opts.z != null ? readLatentsFile(opts.z, latentDim) : fixedProbeLatents(drawSeed, samples, latentDim, prior);
        const count = values.length / latentDim;
        const z = tf.tensor2d(values, [count, latentDim]);
        const started = performance.now();
        let probe: SpectrumProbe;
        try {
          probe = await probeSpectra(generator.model, z, { mode, rowsPerPass });
        } finally {
          z.dispose();
        }
        const seconds = (performance.now() - started) / 1000;
        const header = {
          target,
          step: generator.step ?? null,
          latentDim,
          outputShape: generator.outputShape,
          latents: opts.z != null ? { file: opts.z } : { prior, seed: drawSeed, samples },
          backend: backend.name,
          mode: probe.mode,
          seconds,
        };
        if (opts.json) {
          process.stdout.write(JSON.stringify({ ...header, points: probe.points, summary: probe.summary }) + '\n');
        } else {
          process.stdout.write(formatProbe(header, probe));
        }
      } finally {
        generator.model.dispose();
      }
    });
}
