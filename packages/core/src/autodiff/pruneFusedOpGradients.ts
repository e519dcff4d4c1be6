import * as tf from '@tensorflow/tfjs-core';

type FusedOps = typeof tf.fused;
type FusedConvArgs = Parameters<FusedOps['conv2d']>[0];
type FusedDepthwiseArgs = Parameters<FusedOps['depthwiseConv2d']>[0];
type FusedMatMulArgs = Parameters<FusedOps['matMul']>[0];

const PRUNED = Symbol('gancond.prunedFusedOps');

/** Inside tf.grad / tf.variableGrads (what tfjs calls gradient mode). */
function recordingGradients(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

function linear(activation: string | undefined): boolean {
  return activation == null || activation === 'linear';
}

function withBias<T extends tf.Tensor>(y: T, bias: tf.Tensor | tf.TensorLike | undefined): T {
  return bias == null ? y : (tf.add(y, bias) as T);
}

/**
 * Makes `tf.fused.conv2d`, `tf.fused.depthwiseConv2d` and `tf.fused.matMul` compute only the
 * gradients a tape asks for. Under a tape with a linear activation (every conv and dense
 * layer of tfjs-layers with a bias), tfjs runs them through `customGrad`, whose gradient
 * computes the input, filter and bias gradients all at once, even those no one asked for:
 * the input gradient of a discriminator's first layer (the input is data), and every
 * discriminator weight gradient in the generator's update. Measured on the reference
 * DCGAN-MNIST, that is two Conv2DBackpropInput and two Conv2DBackpropFilter calls of
 * wasted work per step (~20 ms of ~255). Here, under a tape, these ops are composed from
 * the plain op and a bias add, as tfjs itself does for non-linear activations: each plain op
 * has a registered gradient per input, and the tape runs only those on a path from the
 * differentiated variables. Outside a tape (inference) and for other activations, tfjs'
 * own implementation runs unchanged. Idempotent; applies to every backend.
 */
export function pruneFusedOpGradients(): void {
  const fused = tf.fused as FusedOps & { [PRUNED]?: true };
  if (fused[PRUNED]) return;
  const { conv2d, depthwiseConv2d, matMul } = fused;
  const nhwc = (args: FusedConvArgs | FusedDepthwiseArgs) => (args.dataFormat ?? 'NHWC') === 'NHWC';
  const plainConv = (args: FusedConvArgs | FusedDepthwiseArgs) => recordingGradients() && linear(args.activation) && nhwc(args);
  Object.assign(fused, {
    conv2d: (args: FusedConvArgs) =>
      plainConv(args)
        ? withBias(tf.conv2d(args.x, args.filter, args.strides, args.pad, 'NHWC', args.dilations, args.dimRoundingMode), args.bias)
        : conv2d(args),
    depthwiseConv2d: (args: FusedDepthwiseArgs) =>
      plainConv(args)
        ? withBias(tf.depthwiseConv2d(args.x, args.filter, args.strides, args.pad, 'NHWC', args.dilations, args.dimRoundingMode), args.bias)
        : depthwiseConv2d(args),
    matMul: (args: FusedMatMulArgs) =>
      recordingGradients() && linear(args.activation)
        ? withBias(tf.matMul(args.a, args.b, args.transposeA, args.transposeB), args.bias)
        : matMul(args),
    [PRUNED]: true,
  });
}
