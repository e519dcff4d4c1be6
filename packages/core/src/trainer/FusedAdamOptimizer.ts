import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernel name of one Adam step of a parameter tensor: inputs value, m, v, gradient; attrs
 * learningRate, beta1, beta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2; outputs the new
 * value, m and v. A backend may register it (the wasm backend with @gancond/native-kernels).
 */
export const ADAM_UPDATE = 'GancondAdamUpdate';

interface MomentSlot {
  originalName: string;
  variable: tf.Variable;
}

/** tf.AdamOptimizer's state; TypeScript marks it protected or private, the fields are plain. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: MomentSlot[];
  accumulatedSecondMoment: MomentSlot[];
}

/**
 * tfjs' Adam, whose update of each parameter tensor is one GancondAdamUpdate kernel where
 * the backend has it: tfjs runs ~10 element-wise ops per tensor (3.7 ms per update of the
 * reference DCGAN's generator or discriminator on wasm, ~14% of a step). Same state, same
 * slot names, same getWeights/setWeights (checkpoints do not tell them apart); without the
 * kernel it is tfjs' Adam.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) == null) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    // 1 - beta^t as tfjs takes it: sub(1, accBeta) in float32, exact here in float64 then rounded.
    const [accBeta1, accBeta2] = [state.accBeta1.dataSync()[0], state.accBeta2.dataSync()[0]];
    const attrs = {
      learningRate: state.learningRate,
      beta1: state.beta1,
      beta2: state.beta2,
      epsilon: state.epsilon,
      oneMinusAccBeta1: 1 - accBeta1,
      oneMinusAccBeta2: 1 - accBeta2,
    };
    tf.tidy(() => {
      list.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        // The moment slots exactly as tfjs creates them (names, order, non-trainable).
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const [m, v] = [state.accumulatedFirstMoment[i].variable, state.accumulatedSecondMoment[i].variable];
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_UPDATE, { value, m, v, gradient }, attrs) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }
}
