import * as tf from '@tensorflow/tfjs-core';
import { atomicWriteFileSync, type LatentSampler, type Logger, type RandomStream } from '@gancond/core';
import type { GeneratorModel } from '../jacobian/generatorModel';
import { probeSpectra } from '../probeSpectra';
import { latentsJson } from '../cli/latentsFile';
import type { SpectrumOptions } from './options';
import { fixedProbeLatents } from './probeLatents';
import { SpectraLog } from './SpectraLog';
import { summaryMetrics } from './summaryMetrics';

/** The file holding the `fixed` policy's latent points, in the format `gancond spectrum --z` reads. */
export const PROBE_LATENTS_FILE = 'spectrum-z.json';

export interface RunProberServices {
  generator: GeneratorModel;
  latentDim: number;
  latent: LatentSampler;
  runSeed: number;
  /** The plugin's checkpointed stream, for the `fresh` policy. */
  freshStream: RandomStream;
  /** Resolves a file name inside the run directory. */
  file(name: string): string;
  logger: Logger;
}

/** Probes one run's generator on the plugin's schedule and writes what it finds. */
export class RunProber {
  readonly log: SpectraLog;
  private readonly fixedZ: Float32Array | undefined;

  constructor(
    private readonly s: RunProberServices,
    private readonly options: SpectrumOptions,
    private readonly metricPrefix: string,
  ) {
    this.log = new SpectraLog(s.file('spectra.jsonl'));
    if (options.seed === 'fixed') {
      this.fixedZ = fixedProbeLatents(s.runSeed, options.samples, s.latentDim, s.latent.prior);
      atomicWriteFileSync(s.file(PROBE_LATENTS_FILE), latentsJson(this.fixedZ, s.latentDim));
    }
  }

  async probe(step: number, reason: string, record: (name: string, value: number) => void): Promise<void> {
    const { samples, mode, rowsPerPass, keepSpectra } = this.options;
    const values = this.fixedZ ?? this.s.latent.sampleValues(samples, this.s.freshStream);
    const z = tf.tensor2d(values, [samples, this.s.latentDim]);
    try {
      const probe = await probeSpectra(this.s.generator, z, { mode, rowsPerPass });
      for (const [name, value] of Object.entries(summaryMetrics(probe.summary))) record(`${this.metricPrefix}/${name}`, value);
      this.log.append(step, reason, probe, keepSpectra);
      if (probe.summary.rankDeficient > 0) {
        this.s.logger.warn(
          `${this.metricPrefix}: at step ${step}, ${probe.summary.rankDeficient} of ${samples} metric tensors are rank deficient ` +
            '(excluded from the log-condition statistics)',
        );
      }
    } finally {
      z.dispose();
    }
  }
}
