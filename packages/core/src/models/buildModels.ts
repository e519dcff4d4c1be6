import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelConfig } from '../config/schema';
import { UserError } from '../errors/UserError';
import { importModule, resolveModule } from '../io/loadModule';
import type { RandomStream } from '../random/RandomStreams';
import { buildDcganCifar } from './dcganCifar';
import { buildDcganMnist } from './dcganMnist';
import type { ModelBuildContext, ModelPair } from './ModelPair';

/**
 * Builds the generator and discriminator the config names, for images of `imageShape`,
 * and checks their input and output shapes fit each other and the data.
 * Custom builders: `model.architecture: module` and `model.module: ./my-models.js`, a module
 * exporting `buildModels(context: ModelBuildContext): ModelPair`.
 */
export async function buildModels(
  config: ModelConfig,
  imageShape: [number, number, number],
  initStream: RandomStream,
  baseDir: string,
): Promise<ModelPair> {
  const context: ModelBuildContext = {
    latentDim: config.latentDim,
    imageShape,
    width: config.width,
    nextSeed: () => initStream.seed32(),
    tf,
    tfl,
  };
  const architecture = config.architecture === 'auto' ? defaultArchitecture(imageShape) : config.architecture;
  let models: ModelPair;
  if (architecture === 'dcgan-mnist') {
    requireShape(imageShape, [28, 28], 'dcgan-mnist');
    models = buildDcganMnist(context);
  } else if (architecture === 'dcgan-cifar') {
    requireShape(imageShape, [32, 32], 'dcgan-cifar');
    models = buildDcganCifar(context);
  } else {
    if (!config.module) throw new UserError('model.module: required when model.architecture is "module"');
    const file = resolveModule(config.module, baseDir, 'model.module');
    const exports = await importModule(file, 'model.module');
    if (typeof exports.buildModels !== 'function') {
      throw new UserError(`model.module: ${file} does not export a function buildModels(context)`);
    }
    models = (await exports.buildModels(context)) as ModelPair;
  }
  checkModels(models, config.latentDim, imageShape);
  return models;
}

function defaultArchitecture(shape: [number, number, number]): 'dcgan-mnist' | 'dcgan-cifar' {
  if (shape[0] === 28 && shape[1] === 28) return 'dcgan-mnist';
  if (shape[0] === 32 && shape[1] === 32) return 'dcgan-cifar';
  throw new UserError(`model.architecture: no built-in model for ${shape.join('x')} images; name a model.module`);
}

function requireShape(shape: number[], hw: [number, number], architecture: string): void {
  if (shape[0] !== hw[0] || shape[1] !== hw[1]) {
    throw new UserError(`model.architecture: "${architecture}" makes ${hw.join('x')} images, but the data is ${shape.join('x')}`);
  }
}

const shapeText = (shape: readonly (number | null)[]) => JSON.stringify(shape);

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Shape checks with explicit shapes in the message, so a wrong custom model fails at once. */
export function checkModels(models: ModelPair, latentDim: number, imageShape: [number, number, number]): void {
  const { generator, discriminator } = models ?? {};
  if (!generator?.inputs || !discriminator?.inputs) {
    throw new UserError('model: the model builder must return { generator, discriminator } tfjs LayersModels');
  }
  const gIn = generator.inputs[0].shape;
  const gOut = generator.outputs[0].shape;
  const dIn = discriminator.inputs[0].shape;
  const dOut = discriminator.outputs[0].shape;
  if (!sameShape(gIn, [null, latentDim])) {
    throw new UserError(`model: generator input is ${shapeText(gIn)}, expected [null,${latentDim}] (model.latentDim)`);
  }
  if (!sameShape(gOut, [null, ...imageShape])) {
    throw new UserError(`model: generator output is ${shapeText(gOut)}, expected [null,${imageShape}] (the data's shape)`);
  }
  if (!sameShape(dIn, [null, ...imageShape])) {
    throw new UserError(`model: discriminator input is ${shapeText(dIn)}, expected [null,${imageShape}]`);
  }
  if (!sameShape(dOut, [null, 1])) {
    throw new UserError(`model: discriminator output is ${shapeText(dOut)}, expected [null,1] (one logit per image)`);
  }
}
