import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { UserError } from '../errors/UserError';
import { readModelArtifacts } from './layersModelFiles';

/**
 * Loads a tfjs GraphModel (`tensorflowjs_converter --output_format=tfjs_graph_model`)
 * from `model.json` and its weight shards on the local file system; the file handler of
 * tfjs-node is not available here (see layersModelFiles.ts).
 */
export async function loadGraphModelFile(modelJsonPath: string): Promise<GraphModel> {
  const artifacts = await readModelArtifacts(modelJsonPath);
  try {
    return await loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new UserError(`${modelJsonPath}: not a loadable tfjs GraphModel: ${(error as Error).message}`);
  }
}
