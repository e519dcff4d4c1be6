import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveLayersModel } from '../../src/io/layersModelFiles';
import { RandomStream } from '../../src/random/RandomStreams';

/** Dense weights of a two-layer classifier head, row-major [inputs][outputs]. */
export interface TwoLayerWeights {
  inputs: number;
  hidden: number;
  classes: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export function randomTwoLayerWeights(inputs: number, hidden: number, classes: number, stream: RandomStream): TwoLayerWeights {
  const scaled = (n: number, s: number) => stream.fillNormal(n).map((v) => v * s);
  return {
    inputs,
    hidden,
    classes,
    w1: scaled(inputs * hidden, 1 / Math.sqrt(inputs)),
    b1: scaled(hidden, 0.1),
    w2: scaled(hidden * classes, 1 / Math.sqrt(hidden)),
    b2: scaled(classes, 0.1),
  };
}

/** The same network evaluated in float64 plain JS: features = relu(x W1 + b1), logits = f W2 + b2. */
export function referenceTwoLayer(weights: TwoLayerWeights, x: ArrayLike<number>, n: number) {
  const { inputs, hidden, classes, w1, b1, w2, b2 } = weights;
  const features: number[][] = [];
  const logits: number[][] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: hidden }, (_, j) => {
      let s = b1[j];
      for (let k = 0; k < inputs; k++) s += x[i * inputs + k] * w1[k * hidden + j];
      return Math.max(0, s);
    });
    features.push(f);
    logits.push(Array.from({ length: classes }, (_, j) => f.reduce((s, v, k) => s + v * w2[k * classes + j], b2[j])));
  }
  return { features, logits };
}

export function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** Saves flatten -> dense relu ("feat") -> dense softmax ("probs") as a tfjs LayersModel in `dir`. */
export async function saveUserLayersModel(dir: string, inputShape: [number, number, number], weights: TwoLayerWeights) {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape }),
      tfl.layers.dense({ units: weights.hidden, activation: 'relu', name: 'feat' }),
      tfl.layers.dense({ units: weights.classes, activation: 'softmax', name: 'probs' }),
    ],
  });
  model.setWeights([
    tf.tensor2d(weights.w1, [weights.inputs, weights.hidden]),
    tf.tensor1d(weights.b1),
    tf.tensor2d(weights.w2, [weights.hidden, weights.classes]),
    tf.tensor1d(weights.b2),
  ]);
  await saveLayersModel(model, dir);
  model.dispose();
  return path.join(dir, 'model.json');
}

const float = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });
const constNode = (name: string, shape: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: dims(shape) } } },
});
const op = (name: string, type: string, input: string[], attr: object = {}) => ({ name, op: type, input, attr: { T: float, ...attr } });

/**
 * Writes the same two-layer network as a tfjs GraphModel (a hand-written GraphDef, the
 * format `tensorflowjs_converter` emits): images [-1, h, w, c] -> reshape -> MatMul ->
 * BiasAdd -> Relu ("features") -> MatMul -> BiasAdd ("logits") -> Softmax ("probabilities").
 */
export function saveUserGraphModel(dir: string, inputShape: [number, number, number], weights: TwoLayerWeights): string {
  fs.mkdirSync(dir, { recursive: true });
  const { inputs, hidden, classes } = weights;
  const node = [
    { name: 'images', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims([-1, ...inputShape]) } } },
    constNode('flat_shape', [2], 'DT_INT32'),
    constNode('w1', [inputs, hidden]),
    constNode('b1', [hidden]),
    constNode('w2', [hidden, classes]),
    constNode('b2', [classes]),
    op('flat', 'Reshape', ['images', 'flat_shape'], { Tshape: { type: 'DT_INT32' } }),
    op('matmul1', 'MatMul', ['flat', 'w1'], { transpose_a: { b: false }, transpose_b: { b: false } }),
    op('bias1', 'BiasAdd', ['matmul1', 'b1'], { data_format: { s: Buffer.from('NHWC').toString('base64') } }),
    op('features', 'Relu', ['bias1']),
    op('matmul2', 'MatMul', ['features', 'w2'], { transpose_a: { b: false }, transpose_b: { b: false } }),
    op('logits', 'BiasAdd', ['matmul2', 'b2'], { data_format: { s: Buffer.from('NHWC').toString('base64') } }),
    op('probabilities', 'Softmax', ['logits']),
  ];
  const specs = [
    { name: 'flat_shape', shape: [2], dtype: 'int32' },
    { name: 'w1', shape: [inputs, hidden], dtype: 'float32' },
    { name: 'b1', shape: [hidden], dtype: 'float32' },
    { name: 'w2', shape: [hidden, classes], dtype: 'float32' },
    { name: 'b2', shape: [classes], dtype: 'float32' },
  ];
  const parts = [new Int32Array([-1, inputs]), weights.w1, weights.b1, weights.w2, weights.b2];
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const modelJson = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { node, library: {}, versions: { producer: 1482 } },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify(modelJson));
  return file;
}
