import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors/UserError';
import { BUILTIN_EXTRACTORS, builtinModelPath } from './builtinExtractors';
import { graphModelExtractor, layersModelExtractor } from './modelExtractors';

/**
 * A classifier seen as a scorer's feature extractor: FID uses `features`, the Inception
 * Score uses `probabilities`. `extract` takes generator-style images (NHWC, values in
 * [-1, 1], any size, 1 or 3 channels) and does its own resizing (bilinear), channel
 * conversion (1 <-> 3) and input scaling; the caller owns and disposes the results.
 */
export interface FeatureExtractor {
  /** The built-in's name, or the model.json path. */
  name: string;
  /** [h, w, c] the underlying network takes. */
  inputShape: [number, number, number];
  /** Length of one feature vector. */
  featureDim: number;
  /** Length of one probability vector. */
  numClasses: number;
  extract(images: tf.Tensor4D): { features: tf.Tensor2D; probabilities: tf.Tensor2D };
  dispose(): void;
}

export interface FeatureExtractorOptions {
  /** Directory a relative model path is resolved against (default: the working directory). */
  baseDir?: string;
  /**
   * Where the features come from: a layer name (LayersModel) or a graph node name
   * (GraphModel, required there). Default for a LayersModel: the layer feeding the
   * probability layer (the penultimate layer, e.g. Inception-v3's 2048-d `avg_pool`).
   */
  featureLayer?: string;
  /** Layer or node with the class probabilities (default: the model's output). */
  probabilityLayer?: string;
  /** The probability layer outputs logits: apply a softmax (default false). */
  logits?: boolean;
  /** Value range the network expects; [-1, 1] is mapped linearly onto it (default [-1, 1], Inception's). */
  inputRange?: [number, number];
}

const GRAPH_MODEL_HINT = 'a tfjs GraphModel or LayersModel model.json';

/**
 * Loads a feature extractor: a built-in name (`mnist-classifier`, `fashion-mnist-classifier`)
 * or the path of a user-supplied tfjs `model.json` (or its directory), LayersModel or
 * GraphModel, e.g. an Inception-v3 converted with `tensorflowjs_converter` (see README).
 */
export async function loadFeatureExtractor(spec: string, options: FeatureExtractorOptions = {}): Promise<FeatureExtractor> {
  const builtin = BUILTIN_EXTRACTORS[spec];
  if (builtin) {
    const { featureLayer, probabilityLayer, inputRange } = builtin;
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    return layersModelExtractor(builtinModelPath(spec), spec, { featureLayer, probabilityLayer, inputRange, ...given });
  }
  const modelJsonPath = resolveModelPath(spec, options.baseDir);
  return readModelFormat(modelJsonPath) === 'graph-model'
    ? graphModelExtractor(modelJsonPath, options)
    : layersModelExtractor(modelJsonPath, modelJsonPath, options);
}

function resolveModelPath(spec: string, baseDir = process.cwd()): string {
  const resolved = path.resolve(baseDir, spec);
  if (!fs.existsSync(resolved)) {
    throw new UserError(
      `unknown feature extractor "${spec}": expected a built-in (${Object.keys(BUILTIN_EXTRACTORS).join(', ')}) ` +
        `or the path of ${GRAPH_MODEL_HINT} (${resolved} does not exist)`,
    );
  }
  return fs.statSync(resolved).isDirectory() ? path.join(resolved, 'model.json') : resolved;
}

/** Tells the two tfjs formats apart by their declared format, else by their topology's shape. */
function readModelFormat(modelJsonPath: string): 'graph-model' | 'layers-model' {
  let json: { format?: unknown; modelTopology?: { node?: unknown } } | null;
  try {
    json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`${modelJsonPath}: cannot read ${GRAPH_MODEL_HINT} (${why})`);
  }
  if (json?.format === 'graph-model' || Array.isArray(json?.modelTopology?.node)) return 'graph-model';
  return 'layers-model';
}
