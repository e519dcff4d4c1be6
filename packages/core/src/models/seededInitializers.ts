import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildContext } from './ModelPair';

/**
 * Layer arguments that make initialization reproducible: tfjs initializers draw from
 * Math.random unless given a seed, so every kernel gets a seed from the run's stream.
 */
export function seeded(context: Pick<ModelBuildContext, 'nextSeed'>) {
  return { kernelInitializer: tfl.initializers.glorotUniform({ seed: context.nextSeed() }) };
}
