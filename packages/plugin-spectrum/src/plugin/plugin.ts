import { definePlugin, tapEvaluation, TOKENS } from '@gancond/core';
import { registerSpectrumCommand } from '../cli/spectrumCommand';
import { generatorShape } from '../jacobian/generatorModel';
import { spectrumOptionsSchema } from './options';
import { RunProber } from './RunProber';

const NAME = 'spectrum';

/**
 * Probes the spectrum of M_z = J_zᵀJ_z at `samples` latent points at step 0, every `every`
 * steps (default: at every evaluation) and at the end; records `spectrum/logCondMean` and
 * the rest of `summaryMetrics`, and appends each probe's summary (with the mean spectrum,
 * and every eigenvalue when `keepSpectra`) to `spectra.jsonl`.
 */
export const spectrumPlugin = definePlugin({
  name: NAME,
  description: 'exact spectra of the metric tensor JᵀJ of the generator (condition numbers) during training; adds "gancond spectrum"',
  options: spectrumOptionsSchema,
  apply(trainer, options) {
    let prober: RunProber | undefined;
    const ready = () => {
      if (!prober) throw new Error(`${NAME}: a hook fired before setup`);
      return prober;
    };

    trainer.hooks.setup.tapPromise(NAME, async ({ container, config }) => {
      const generator = container.resolve(TOKENS.Generator);
      const runDir = container.resolve(TOKENS.RunDirectory);
      const services = {
        generator,
        latentDim: generatorShape(generator, `${NAME}: the run's generator`).latentDim,
        latent: container.resolve(TOKENS.LatentSampler),
        runSeed: config.seed,
        freshStream: container.resolve(TOKENS.Random).get(`plugin:${NAME}`),
        file: (name: string) => runDir.file(name),
        logger: container.resolve(TOKENS.Logger),
      };
      prober = new RunProber(services, options, NAME);
    });

    tapEvaluation(trainer, NAME, options.every, async ({ step, reason, record }) => {
      await ready().probe(step, reason, record);
    });

    trainer.hooks.restoreCheckpoint.tapPromise(NAME, async ({ step }) => {
      ready().log.truncateAfter(step);
    });
  },
  commands: registerSpectrumCommand,
});
