import * as path from 'node:path';

/**
 * NHWC convolution geometry: x [N, H, W, Ci], filter [KH, KW, Ci, Co], y [N, Ho, Wo, Co],
 * strides (sh, sw), dilation 1, zero padding of pt rows on top and pl columns on the left.
 */
export interface ConvShape {
  N: number;
  H: number;
  W: number;
  Ci: number;
  KH: number;
  KW: number;
  Co: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
  Ho: number;
  Wo: number;
}

/** What the compiled addon exports (see csrc/addon.cc). */
interface Binding {
  conv2d(shape: Int32Array, x: Float32Array, filter: Float32Array, y: Float32Array, threads: number): void;
  conv2dBackpropInput(shape: Int32Array, dy: Float32Array, filter: Float32Array, dx: Float32Array, threads: number): void;
  conv2dBackpropFilter(shape: Int32Array, x: Float32Array, dy: Float32Array, dfilter: Float32Array, threads: number): void;
  batchMatMul(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    batchStrideA: number,
    batchStrideB: number,
    threads: number,
  ): void;
  batchNormForward(
    rows: number,
    C: number,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    epsilon: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    threads: number,
  ): void;
  batchNormBackward(
    rows: number,
    C: number,
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    dmean: Float32Array,
    dvariance: Float32Array,
    epsilon: number,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    threads: number,
  ): void;
  leakyRelu(x: Float32Array, alpha: number, y: Float32Array, threads: number): void;
  leakyReluGrad(dy: Float32Array, x: Float32Array, alpha: number, dx: Float32Array, threads: number): void;
  tanh(x: Float32Array, y: Float32Array, threads: number): void;
  adamUpdate(
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    newValue: Float32Array,
    newM: Float32Array,
    newV: Float32Array,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
    threads: number,
  ): void;
  isa: string;
  hardwareThreads: number;
}

/** One matrix product of a batch: op(a) is m x k, op(b) is k x n, c is m x n. */
export interface MatMulShape {
  batch: number;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  /** Elements between consecutive matrices of a (0: one matrix broadcast over the batch). */
  batchStrideA: number;
  batchStrideB: number;
}

/**
 * Batch normalization in training mode of a [rows, C] matrix (every axis but the channel
 * axis flattened into rows): statistics per column c, variance biased (divided by rows).
 */
export interface BatchNormShape {
  rows: number;
  C: number;
  epsilon: number;
}

/** x [rows, C]; gamma and beta [C]. */
export interface BatchNormInputs {
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
}

/** y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, [rows, C]; mean and variance [C]. */
export interface BatchNormOutputs {
  y: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
}

/** The forward pass's x, gamma, mean and variance, and the gradients dy, dmean, dvariance of its outputs. */
export interface BatchNormGradientInputs {
  dy: Float32Array;
  x: Float32Array;
  gamma: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  dmean: Float32Array;
  dvariance: Float32Array;
}

/** Gradients with respect to x [rows, C], gamma and beta [C]. */
export interface BatchNormGradients {
  dx: Float32Array;
  dgamma: Float32Array;
  dbeta: Float32Array;
}

/** Adam's settings, and this step's bias corrections 1 - beta1^t and 1 - beta2^t. */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/** A parameter tensor and its first and second moments (one length). */
export interface AdamState {
  value: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * The native kernels. All arrays are used in place (they may be views of the tfjs wasm
 * heap) and calls are synchronous; outputs are overwritten. `threads` splits the work.
 */
export interface NativeKernels {
  /** The vector instruction set the addon was compiled for at install ("avx512", "avx2", ...). */
  readonly isa: string;
  /** Logical cores seen by the addon. */
  readonly hardwareThreads: number;
  conv2d(shape: ConvShape, x: Float32Array, filter: Float32Array, y: Float32Array, threads?: number): void;
  conv2dBackpropInput(shape: ConvShape, dy: Float32Array, filter: Float32Array, dx: Float32Array, threads?: number): void;
  conv2dBackpropFilter(shape: ConvShape, x: Float32Array, dy: Float32Array, dfilter: Float32Array, threads?: number): void;
  batchMatMul(shape: MatMulShape, a: Float32Array, b: Float32Array, c: Float32Array, threads?: number): void;
  /** Statistics in float64, summed over fixed row groups: the same bits for any thread count. */
  batchNormForward(shape: BatchNormShape, inputs: BatchNormInputs, outputs: BatchNormOutputs, threads?: number): void;
  /** The gradients of sum(dy * y) + sum(dmean * mean) + sum(dvariance * variance). */
  batchNormBackward(shape: BatchNormShape, inputs: BatchNormGradientInputs, outputs: BatchNormGradients, threads?: number): void;
  /** y = x for x > 0, alpha * x otherwise; arrays of one length. */
  leakyRelu(x: Float32Array, alpha: number, y: Float32Array, threads?: number): void;
  /** dx = dy for x > 0, alpha * dy otherwise: LeakyReLU's gradient; arrays of one length. */
  leakyReluGrad(dy: Float32Array, x: Float32Array, alpha: number, dx: Float32Array, threads?: number): void;
  /** y = tanh(x); arrays of one length. */
  tanh(x: Float32Array, y: Float32Array, threads?: number): void;
  /**
   * One Adam step as tfjs' AdamOptimizer takes it: m' = beta1 m + (1 - beta1) g,
   * v' = beta2 v + (1 - beta2) g², value' = value - learningRate (m' / (1 - beta1^t)) /
   * (sqrt(v' / (1 - beta2^t)) + epsilon), into `updated`; arrays of one length.
   */
  adamUpdate(settings: AdamSettings, state: AdamState, gradient: Float32Array, updated: AdamState, threads?: number): void;
}

export type NativeKernelsLoad = { ok: true; kernels: NativeKernels } | { ok: false; reason: string };

const ADDON = path.join(__dirname, '..', '..', 'build', 'Release', 'gancond_native_kernels.node');

function packConvShape(s: ConvShape): Int32Array {
  return Int32Array.of(s.N, s.H, s.W, s.Ci, s.KH, s.KW, s.Co, s.sh, s.sw, s.pt, s.pl, s.Ho, s.Wo);
}

function checkLength(name: string, array: Float32Array, expected: number): void {
  if (array.length < expected) throw new RangeError(`${name}: ${array.length} values, expected at least ${expected}`);
}

type ConvBinding = Binding['conv2d'];

/** Sizes of a conv's arrays, for the length checks. */
const CONV_SIZES = {
  x: (s: ConvShape) => s.N * s.H * s.W * s.Ci,
  filter: (s: ConvShape) => s.KH * s.KW * s.Ci * s.Co,
  y: (s: ConvShape) => s.N * s.Ho * s.Wo * s.Co,
};

/** A conv kernel whose three arrays (named as in the API, sized like x, filter or y) are checked first. */
function checkedConv(run: ConvBinding, operands: [string, keyof typeof CONV_SIZES][]) {
  return (shape: ConvShape, a: Float32Array, b: Float32Array, c: Float32Array, threads = 1) => {
    [a, b, c].forEach((array, i) => checkLength(operands[i][0], array, CONV_SIZES[operands[i][1]](shape)));
    run(packConvShape(shape), a, b, c, threads);
  };
}

const BATCH_NORM_MATRICES = new Set(['x', 'y', 'dy', 'dx']);

/** Checks that every array is at least [rows, C] (names in BATCH_NORM_MATRICES) or [C] (the others). */
function checkBatchNormArrays(shape: BatchNormShape, arrays: Record<string, Float32Array>): void {
  if (!(shape.rows >= 1 && shape.C >= 1)) throw new RangeError(`batch norm of ${shape.rows} x ${shape.C}: expected at least one row and one column`);
  for (const [name, array] of Object.entries(arrays)) checkLength(name, array, BATCH_NORM_MATRICES.has(name) ? shape.rows * shape.C : shape.C);
}

/** Element-wise kernels take arrays of one length. */
function checkSameLength(arrays: Record<string, Float32Array>): void {
  const [[firstName, first], ...rest] = Object.entries(arrays);
  for (const [name, array] of rest) {
    if (array.length !== first.length) throw new RangeError(`${name}: ${array.length} values, expected ${first.length} (as ${firstName})`);
  }
}

function wrap(binding: Binding): NativeKernels {
  return {
    isa: binding.isa,
    hardwareThreads: binding.hardwareThreads,
    conv2d: checkedConv(binding.conv2d, [['x', 'x'], ['filter', 'filter'], ['y', 'y']]),
    conv2dBackpropInput: checkedConv(binding.conv2dBackpropInput, [['dy', 'y'], ['filter', 'filter'], ['dx', 'x']]),
    conv2dBackpropFilter: checkedConv(binding.conv2dBackpropFilter, [['x', 'x'], ['dy', 'y'], ['dfilter', 'filter']]),
    batchMatMul(s, a, b, c, threads = 1) {
      checkLength('a', a, (s.batchStrideA === 0 ? 1 : s.batch) * s.m * s.k);
      checkLength('b', b, (s.batchStrideB === 0 ? 1 : s.batch) * s.k * s.n);
      checkLength('c', c, s.batch * s.m * s.n);
      binding.batchMatMul(a, b, c, s.batch, s.m, s.n, s.k, s.transposeA, s.transposeB, s.batchStrideA, s.batchStrideB, threads);
    },
    batchNormForward({ rows, C, epsilon }, inputs, outputs, threads = 1) {
      checkBatchNormArrays({ rows, C, epsilon }, { ...inputs, ...outputs });
      const { x, gamma, beta } = inputs;
      const { y, mean, variance } = outputs;
      binding.batchNormForward(rows, C, x, gamma, beta, epsilon, y, mean, variance, threads);
    },
    batchNormBackward({ rows, C, epsilon }, inputs, outputs, threads = 1) {
      checkBatchNormArrays({ rows, C, epsilon }, { ...inputs, ...outputs });
      const { dy, x, gamma, mean, variance, dmean, dvariance } = inputs;
      const { dx, dgamma, dbeta } = outputs;
      binding.batchNormBackward(rows, C, dy, x, gamma, mean, variance, dmean, dvariance, epsilon, dx, dgamma, dbeta, threads);
    },
    leakyRelu(x, alpha, y, threads = 1) {
      checkSameLength({ x, y });
      binding.leakyRelu(x, alpha, y, threads);
    },
    leakyReluGrad(dy, x, alpha, dx, threads = 1) {
      checkSameLength({ dy, x, dx });
      binding.leakyReluGrad(dy, x, alpha, dx, threads);
    },
    tanh(x, y, threads = 1) {
      checkSameLength({ x, y });
      binding.tanh(x, y, threads);
    },
    adamUpdate(s, state, gradient, updated, threads = 1) {
      checkSameLength({ gradient, value: state.value, m: state.m, v: state.v, 'updated value': updated.value, 'updated m': updated.m, 'updated v': updated.v });
      binding.adamUpdate(state.value, state.m, state.v, gradient, updated.value, updated.m, updated.v, s.learningRate, s.beta1, s.beta2, s.epsilon, s.oneMinusAccBeta1, s.oneMinusAccBeta2, threads);
    },
  };
}

let loaded: NativeKernelsLoad | undefined;

/** Loads the compiled addon once; says why when it was not built (no C++ toolchain at install). */
export function loadNativeKernels(): NativeKernelsLoad {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = { ok: true, kernels: wrap(require(ADDON) as Binding) };
    } catch (err) {
      loaded = { ok: false, reason: `the addon was not built or does not load (${(err as Error).message.split('\n')[0]})` };
    }
  }
  return loaded;
}
