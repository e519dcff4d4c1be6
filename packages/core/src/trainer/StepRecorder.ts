import * as tf from '@tensorflow/tfjs-core';

/**
 * Collects the metrics recorded during one step. Scalars recorded inside a gradient tape
 * are kept alive past the tape's scope and read once at the end of the step (one sync per
 * metric, not per record); a metric recorded several times in a step (once per
 * discriminator update, say) reports its mean.
 */
export class StepRecorder {
  private readonly values = new Map<string, (number | tf.Scalar)[]>();

  record = (name: string, value: number | tf.Scalar): void => {
    const list = this.values.get(name) ?? [];
    list.push(typeof value === 'number' ? value : tf.keep(value));
    this.values.set(name, list);
  };

  /** Reads and frees every recorded tensor; returns the mean per metric name. */
  collect(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, list] of this.values) {
      let sum = 0;
      for (const v of list) {
        if (typeof v === 'number') sum += v;
        else {
          sum += v.dataSync()[0];
          v.dispose();
        }
      }
      out[name] = sum / list.length;
    }
    this.values.clear();
    return out;
  }
}
