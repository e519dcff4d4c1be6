import { before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels';
import { backpropInputStrategy } from '../../src/backend/wasm/kernels/conv2DBackpropInput';
import { chooseNativeKernels } from '../../src/backend/wasm/chooseNativeKernels';
import type { NativeKernelChoice } from '../../src/backend/wasm/NativeKernelChoice';
import { assertWasmMatchesCpu, randomInput } from './compareBackends';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

const PADS: Pad[] = [
  'same',
  'valid',
  1,
  [
    [0, 0],
    [2, 0],
    [1, 3],
    [0, 0],
  ],
];
const STRIDES: (number | [number, number])[] = [1, 2, 3, [2, 3]];
const KERNELS: [number, number][] = [
  [3, 3],
  [5, 5],
  [2, 4],
];
const LAYOUTS = [
  { n: 1, h: 7, w: 7, ci: 1, co: 4 },
  { n: 3, h: 8, w: 6, ci: 3, co: 1 },
  { n: 2, h: 9, w: 5, ci: 8, co: 6 },
];

interface Case {
  label: string;
  xShape: [number, number, number, number];
  fShape: [number, number, number, number];
  dyShape: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const s of STRIDES)
    for (const pad of PADS)
      for (const [kh, kw] of KERNELS)
        for (const { n, h, w, ci, co } of LAYOUTS) {
          const xShape: [number, number, number, number] = [n, h, w, ci];
          const fShape: [number, number, number, number] = [kh, kw, ci, co];
          let info: tf.backend_util.Conv2DInfo;
          try {
            info = tf.backend_util.computeConv2DInfo(xShape, fShape, s, 1, pad);
          } catch {
            continue;
          }
          if (info.outHeight <= 0 || info.outWidth <= 0) continue;
          out.push({
            label: `x${xShape} f${fShape} s${s} pad ${JSON.stringify(pad)}`,
            xShape,
            fShape,
            dyShape: info.outShape as [number, number, number, number],
            strides: s,
            pad,
          });
        }
  return out;
}

/** Shapes of the reference DCGANs' layers (batch reduced), to exercise realistic sizes. */
const DCGAN_CASES: Case[] = [
  { label: 'G 7→14, 64→32, k5 s2', xShape: [4, 14, 14, 32], fShape: [5, 5, 32, 64], dyShape: [4, 7, 7, 64], strides: 2, pad: 'same' },
  { label: 'G 14→28, 32→1, k5 s2', xShape: [4, 28, 28, 1], fShape: [5, 5, 1, 32], dyShape: [4, 14, 14, 32], strides: 2, pad: 'same' },
  { label: 'G 16→32, 64→3, k4 s2', xShape: [2, 32, 32, 3], fShape: [4, 4, 3, 64], dyShape: [2, 16, 16, 64], strides: 2, pad: 'same' },
];

function backpropFilter(c: Case) {
  return (x: tf.Tensor, dy: tf.Tensor) =>
    tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      filterShape: c.fShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function backpropInput(c: Case) {
  return (dy: tf.Tensor, filter: tf.Tensor) =>
    tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      inputShape: c.xShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function conv2d(c: Case) {
  return (x: tf.Tensor, filter: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad as 'same');
}

/** @gancond/native-kernels is a workspace package: it is built by `npm ci` and must load here. */
function native(threads: number): NativeKernelChoice {
  const { choice, description } = chooseNativeKernels({ mode: 'auto', threads });
  assert.ok(choice, description);
  return choice;
}

/**
 * The stock wasm Conv2D (not ours) disagrees with the cpu reference on some non-square
 * geometries: with a numeric pad (tfjs sizes both output sides from the filter height and
 * stride alone; cpu fills the extra columns with zeros, XNNPACK lays the result out
 * differently) and with 'same' at stride 3 on non-square filters. The native Conv2D follows
 * cpu everywhere.
 */
const stockConvDisagrees = (c: Case) => c.fShape[0] !== c.fShape[1] || (typeof c.pad === 'number' && Array.isArray(c.strides));

const VARIANTS: { name: string; kernels: () => NativeKernelChoice | null; conv2dCases: (c: Case) => boolean }[] = [
  { name: 'XNNPACK-based', kernels: () => null, conv2dCases: (c) => !stockConvDisagrees(c) },
  { name: 'native (3 threads)', kernels: () => native(3), conv2dCases: () => true },
];

for (const variant of VARIANTS) describe(`wasm conv training kernels, ${variant.name}, match the cpu backend`, () => {
  before(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels(variant.kernels());
  });

  it('Conv2D over strides, paddings, kernel sizes, channels and batches', async () => {
    for (const c of [...cases(), ...DCGAN_CASES].filter(variant.conv2dCases)) {
      await assertWasmMatchesCpu(`Conv2D ${c.label}`, [randomInput(c.xShape), randomInput(c.fShape)], conv2d(c));
    }
  });

  it('Conv2DBackpropFilter over strides, paddings, kernel sizes, channels and batches', async () => {
    const all = [...cases(), ...DCGAN_CASES];
    assert.ok(all.length > 100);
    for (const c of all) {
      await assertWasmMatchesCpu(`BackpropFilter ${c.label}`, [randomInput(c.xShape), randomInput(c.dyShape)], backpropFilter(c));
    }
  });

  it('Conv2DBackpropInput over strides, paddings, kernel sizes, channels and batches (both strategies)', async () => {
    const all = [...cases(), ...DCGAN_CASES];
    const strategies = new Set(all.map((c) => backpropInputStrategy(c.xShape[3])));
    assert.deepEqual([...strategies].sort(), ['col2im', 'subPixel'], 'the XNNPACK-based kernel has two strategies');
    for (const c of all) {
      await assertWasmMatchesCpu(`BackpropInput ${c.label}`, [randomInput(c.dyShape), randomInput(c.fShape)], backpropInput(c));
    }
  });

  it('tf.grad of a conv2d loss on wasm equals cpu', async () => {
    for (const [s, pad] of [
      [1, 'same'],
      [2, 'same'],
      [2, 'valid'],
      [3, 'same'],
    ] as const) {
      const xShape = [2, 9, 9, 3];
      const fShape = [3, 3, 3, 5];
      const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], fShape as [number, number, number, number], s, 1, pad);
      await assertWasmMatchesCpu(
        `grad conv2d s${s} ${pad}`,
        [randomInput(xShape), randomInput(fShape), randomInput(info.outShape)],
        (x, f, r) => {
          const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, s, pad), r)),
          );
          return g([x, f]);
        },
      );
    }
  });

  it('tf.grad of a conv2dTranspose loss on wasm equals cpu', async () => {
    for (const [s, pad, ci] of [
      [2, 'same', 8],
      [2, 'same', 1],
      [1, 'valid', 6],
      [3, 'same', 2],
    ] as const) {
      const xShape = [2, 4, 4, 7]; // conv2dTranspose input
      const outShape: [number, number, number, number] = [
        2,
        pad === 'same' ? 4 * s : (4 - 1) * s + 3,
        pad === 'same' ? 4 * s : (4 - 1) * s + 3,
        ci,
      ];
      const fShape = [3, 3, ci, 7];
      await assertWasmMatchesCpu(
        `grad conv2dTranspose s${s} ${pad} ci${ci}`,
        [randomInput(xShape), randomInput(fShape), randomInput(outShape)],
        (x, f, r) => {
          const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2dTranspose(xx as tf.Tensor4D, ff as tf.Tensor4D, outShape, s, pad), r)),
          );
          return g([x, f]);
        },
      );
    }
  });
});

test('native kernels give the same bits for any thread count', async () => {
  await tf.setBackend('wasm');
  const c = DCGAN_CASES[0];
  const inputs = { x: randomInput([9, ...c.xShape.slice(1)]), f: randomInput(c.fShape), dy: randomInput([9, ...c.dyShape.slice(1)]) };
  const run = (threads: number) => {
    registerWasmTrainingKernels(native(threads));
    return tf.tidy(() => {
      const x = tf.tensor(inputs.x.values, inputs.x.shape);
      const f = tf.tensor(inputs.f.values, inputs.f.shape);
      const dy = tf.tensor(inputs.dy.values, inputs.dy.shape);
      const grads = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 2, 'same'), dy)));
      return grads([x, f]).map((g) => Array.from(g.dataSync()));
    });
  };
  const one = run(1);
  for (const threads of [2, 5]) assert.deepEqual(run(threads), one, `${threads} threads`);
});
