import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { UserError } from '../errors/UserError';
import { loadGraphModelFile } from '../io/graphModelFiles';
import { loadLayersModelFile } from '../io/layersModelFiles';
import type { FeatureExtractor, FeatureExtractorOptions } from './FeatureExtractor';
import { preprocessImages } from './preprocessImages';

type Outputs = { features: tf.Tensor; probabilities: tf.Tensor };

/** The parts common to both model kinds: input checks, preprocessing, flattening, softmax. */
function makeExtractor(
  name: string,
  inputShape: [number, number, number],
  featureShape: readonly (number | null)[],
  probabilityShape: readonly (number | null)[],
  options: FeatureExtractorOptions,
  run: (input: tf.Tensor4D) => Outputs,
  dispose: () => void,
): FeatureExtractor {
  // Outputs such as Inception's pool_3 [N, 1, 1, 2048] are flattened per example.
  const featureDim = sizePerExample(featureShape);
  const numClasses = sizePerExample(probabilityShape);
  if (!Number.isInteger(featureDim) || featureDim < 1) {
    throw new UserError(`${name}: feature output has shape [${featureShape.join(', ')}]; expected known sizes [batch, ...]`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new UserError(`${name}: probability output has shape [${probabilityShape.join(', ')}]; expected [batch, classes] with at least 2 classes`);
  }
  const inputRange = options.inputRange ?? [-1, 1];
  return {
    name,
    inputShape,
    featureDim,
    numClasses,
    extract(images) {
      return tf.tidy(() => {
        const { features, probabilities } = run(preprocessImages(images, inputShape, inputRange));
        const n = images.shape[0];
        const flat = tf.reshape(features, [n, featureDim]) as tf.Tensor2D;
        const p = tf.reshape(probabilities, [n, numClasses]) as tf.Tensor2D;
        return { features: flat, probabilities: options.logits ? tf.softmax(p) : p };
      });
    },
    dispose,
  };
}

function sizePerExample(shape: readonly (number | null)[]): number {
  return shape.slice(1).reduce<number>((a, b) => a * (b ?? NaN), 1);
}

function requireImageInput(name: string, shape: readonly (number | null)[] | undefined): [number, number, number] {
  const [, h, w, c] = shape ?? [];
  if (shape?.length !== 4 || ![h, w, c].every((d) => typeof d === 'number' && d > 0)) {
    throw new UserError(`${name}: input shape [${(shape ?? []).join(', ')}]; expected images [batch, h, w, c] with known h, w, c`);
  }
  return [h, w, c] as [number, number, number];
}

function findLayer(model: tfl.LayersModel, layerName: string, what: string, file: string): tfl.layers.Layer {
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer) {
    throw new UserError(`${file}: no layer "${layerName}" for the ${what}; layers: ${model.layers.map((l) => l.name).join(', ')}`);
  }
  return layer;
}

/** A LayersModel read from `modelJsonPath`, cut to output [feature layer, probability layer]. */
export async function layersModelExtractor(
  modelJsonPath: string,
  name: string,
  options: FeatureExtractorOptions,
): Promise<FeatureExtractor> {
  const model = await loadLayersModelFile(modelJsonPath);
  try {
    const inputShape = requireImageInput(name, model.inputs.length === 1 ? model.inputs[0].shape : undefined);
    const probabilityLayer = options.probabilityLayer
      ? findLayer(model, options.probabilityLayer, 'probabilities', modelJsonPath)
      : model.layers[model.layers.length - 1];
    const featureLayer = options.featureLayer
      ? findLayer(model, options.featureLayer, 'features', modelJsonPath)
      : probabilityLayer.inboundNodes[0]?.inboundLayers[0];
    if (!featureLayer) throw new UserError(`${modelJsonPath}: cannot tell which layer feeds "${probabilityLayer.name}"; pass featureLayer`);
    const featureOutput = featureLayer.output as tfl.SymbolicTensor;
    const probabilityOutput = probabilityLayer.output as tfl.SymbolicTensor;
    const twoHeaded = tfl.model({ inputs: model.inputs, outputs: [featureOutput, probabilityOutput] });
    return makeExtractor(
      name,
      inputShape,
      featureOutput.shape,
      probabilityOutput.shape,
      options,
      (input) => {
        const [features, probabilities] = twoHeaded.predict(input) as tf.Tensor[];
        return { features, probabilities };
      },
      // Disposing the two-headed model disposes the layers it shares with `model`.
      () => twoHeaded.dispose(),
    );
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** A GraphModel read from `modelJsonPath`; features come from the node `options.featureLayer`. */
export async function graphModelExtractor(modelJsonPath: string, options: FeatureExtractorOptions): Promise<FeatureExtractor> {
  const model: GraphModel = await loadGraphModelFile(modelJsonPath);
  try {
    if (!options.featureLayer) {
      throw new UserError(
        `${modelJsonPath}: a GraphModel needs featureLayer, the name of the node with the features ` +
          `(for Inception-v3 the 2048-d pool_3 output); outputs: ${model.outputNodes.join(', ')}`,
      );
    }
    if (model.inputs.length !== 1) {
      throw new UserError(`${modelJsonPath}: ${model.inputs.length} inputs; expected one image input`);
    }
    const inputShape = requireImageInput(modelJsonPath, model.inputs[0].shape?.map((d) => (d < 0 ? null : d)));
    const nodes = [options.featureLayer, options.probabilityLayer ?? model.outputNodes[0]];
    const run = (input: tf.Tensor4D): Outputs => {
      const [features, probabilities] = model.execute(input, nodes) as tf.Tensor[];
      return { features, probabilities };
    };
    // Node shapes are not reliably recorded in converted graphs: probe with one blank image.
    const probe = tf.zeros([1, ...inputShape]) as tf.Tensor4D;
    const shapes = tf.tidy(() => {
      try {
        const { features, probabilities } = run(probe);
        return { features: features.shape, probabilities: probabilities.shape };
      } catch (error) {
        throw new UserError(`${modelJsonPath}: cannot compute nodes ${nodes.join(', ')}: ${(error as Error).message}`);
      } finally {
        probe.dispose();
      }
    });
    return makeExtractor(modelJsonPath, inputShape, shapes.features, shapes.probabilities, options, run, () => model.dispose());
  } catch (error) {
    model.dispose();
    throw error;
  }
}
