import { definePlugin, generatedImages, tapEvaluation, loadFeatureExtractor, TOKENS, type FeatureExtractor } from '@gancond/core';
import { collectProbabilities } from './classProbabilities';
import { inceptionScore } from './inceptionScore';
import { inceptionOptionsSchema } from './options';
import { registerIsCommand } from './isCommand';

/**
 * Scores the generator with the Inception Score at the trainer's evaluations: `samples`
 * images G(z) (z from the plugin's own seeded, checkpointed stream), classified by the
 * extractor, recorded as `inception/scoreMean` and `inception/scoreStd`.
 */
export const inceptionPlugin = definePlugin({
  name: 'inception',
  description: 'Inception Score of generated images with a pluggable classifier (MNIST classifier built in)',
  options: inceptionOptionsSchema,
  apply(trainer, options) {
    let extractor: FeatureExtractor | undefined;
    let score: ((step: number) => { mean: number; std: number }) | undefined;
    trainer.hooks.setup.tapPromise('inception', async ({ container }) => {
      extractor?.dispose();
      const loaded = await loadFeatureExtractor(options.extractor, options.extractorOptions);
      extractor = loaded;
      const generator = container.resolve(TOKENS.Generator);
      const sampler = container.resolve(TOKENS.LatentSampler);
      const stream = container.resolve(TOKENS.Random).get('plugin:inception');
      score = (step) => {
        const probabilities = collectProbabilities(loaded, generatedImages(generator, sampler, stream, options.samples), options.batchSize);
        return inceptionScore(probabilities, loaded.numClasses, options.splits, `inception: generated images at step ${step}`);
      };
    });
    tapEvaluation(trainer, 'inception', options.every, async (context) => {
      if (!score) return;
      const { mean, std } = score(context.step);
      context.record('inception/scoreMean', mean);
      context.record('inception/scoreStd', std);
    });
    const release = async () => {
      extractor?.dispose();
      extractor = undefined;
      score = undefined;
    };
    trainer.hooks.done.tapPromise('inception', release);
    trainer.hooks.failure.tapPromise('inception', release);
  },
  commands(program) {
    registerIsCommand(program);
  },
});
