import { definePlugin, generatedImages, tapEvaluation, loadFeatureExtractor, TOKENS, type FeatureExtractor } from '@gancond/core';
import { collectFeatures, type CollectedFeatures } from './collectFeatures';
import { frechetDistance, tooFewSamplesWarning } from './frechetDistance';
import { kernelInceptionDistance } from './kernelInceptionDistance';
import { fidOptionsSchema } from './options';
import { defaultCacheDir, referenceStatistics } from './referenceStatistics';
import { registerFidCommands } from './commands';

const NAME = 'fid';

/**
 * Records the FID of the generator at the trainer's evaluations (`fid/fid`): `samples`
 * images G(z), z from the plugin's own seeded, checkpointed stream, against statistics of
 * the run's dataset (split `referenceSplit`) computed once in `setup` and cached on disk.
 * With `kid`, also `fid/kidMean` and `fid/kidStd`.
 */
export const fidPlugin = definePlugin({
  name: NAME,
  description: 'Frechet distance (FID) and optionally KID of generated images, with a pluggable feature extractor (MNIST classifier built in)',
  options: fidOptionsSchema,
  apply(trainer, options) {
    let extractor: FeatureExtractor | undefined;
    let evaluate: ((step: number) => { fid: number; kid?: { mean: number; std: number } }) | undefined;

    trainer.hooks.setup.tapPromise(NAME, async ({ container }) => {
      extractor?.dispose();
      const config = container.resolve(TOKENS.Config);
      const logger = container.resolve(TOKENS.Logger);
      const loaded = await loadFeatureExtractor(options.extractor, options.extractorOptions);
      extractor = loaded;
      const reference = referenceStatistics({
        dataset: config.data.dataset,
        split: options.referenceSplit,
        dataPath: config.data.path,
        extractor: loaded,
        samples: options.samples,
        batchSize: options.batchSize,
        cacheDir: options.cacheDir ?? defaultCacheDir(),
        keepFeatures: options.kid,
        logger,
      });
      const referenceName = `${config.data.dataset}:${options.referenceSplit} reference`;
      if (reference.stats.count !== undefined && reference.stats.count <= loaded.featureDim) {
        logger.warn(`fid: ${tooFewSamplesWarning(referenceName, reference.stats.count, loaded.featureDim)}`);
      }
      if (options.samples <= loaded.featureDim) logger.warn(`fid: ${tooFewSamplesWarning('generated samples', options.samples, loaded.featureDim)}`);

      const generator = container.resolve(TOKENS.Generator);
      const sampler = container.resolve(TOKENS.LatentSampler);
      const stream = container.resolve(TOKENS.Random).get(`plugin:${NAME}`);
      const warned = new Set<string>();
      evaluate = (step) => {
        const generated: CollectedFeatures = collectFeatures(loaded, generatedImages(generator, sampler, stream, options.samples), options.batchSize, {
          keepFeatures: options.kid,
          source: `fid: generated features at step ${step}`,
        });
        const distance = frechetDistance(reference.stats, generated.stats, [referenceName, `generated images at step ${step}`]);
        for (const warning of distance.warnings.filter((w) => !/N = \d+ feature vectors/.test(w))) {
          if (!warned.has(warning)) logger.warn(`fid: ${warning}`);
          warned.add(warning);
        }
        if (!options.kid || !reference.features || !generated.features) return { fid: distance.fid };
        const kid = kernelInceptionDistance(reference.features, generated.features, loaded.featureDim, stream, {
          subsets: options.kidSubsets,
          subsetSize: options.kidSubsetSize,
        });
        return { fid: distance.fid, kid };
      };
    });

    tapEvaluation(trainer, NAME, options.every, async (context) => {
      if (!evaluate) return;
      const { fid, kid } = evaluate(context.step);
      context.record(`${NAME}/fid`, fid);
      if (kid) {
        context.record(`${NAME}/kidMean`, kid.mean);
        context.record(`${NAME}/kidStd`, kid.std);
      }
    });

    const release = async () => {
      extractor?.dispose();
      extractor = undefined;
      evaluate = undefined;
    };
    trainer.hooks.done.tapPromise(NAME, release);
    trainer.hooks.failure.tapPromise(NAME, release);
  },
  commands(program) {
    registerFidCommands(program);
  },
});
