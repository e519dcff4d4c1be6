import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from '../trainer/Trainer';

/** tfjs-core does not export its ProfileInfo type by name. */
type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;

/** Time spent in one kernel (by tfjs kernel name) during the profiled step. */
export interface KernelShare {
  name: string;
  ms: number;
  calls: number;
  /** ms / the total kernel time of the step. */
  share: number;
}

export interface KernelProfile {
  step: number;
  /** Wall time of the profiled step (slower than an unprofiled one: profiling adds bookkeeping). */
  stepMs: number;
  /** Sum of all kernel times; the rest of the step is JavaScript outside kernels. */
  kernelMs: number;
  /** Every kernel, largest share first. */
  kernels: KernelShare[];
}

/**
 * Profiles one whole training step with `tf.profile`: profiling is switched on in the
 * step's beforeStep tap (tf.profile runs until the promise it was given resolves) and off
 * in its afterStep tap, so every kernel of the D and G updates, their gradients, the
 * optimizers and the plugins' terms is timed by the backend and grouped by kernel name.
 */
export class KernelProfiler {
  private result: KernelProfile | undefined;

  constructor(trainer: Trainer, readonly step: number, name = 'bench:profiler') {
    let endStep: (() => void) | undefined;
    let profiling: Promise<ProfileInfo> | undefined;
    let started = 0;
    trainer.hooks.beforeStep.tap(name, (c) => {
      if (c.step !== step) return;
      const stepDone = new Promise<void>((resolve) => (endStep = resolve));
      started = performance.now();
      profiling = tf.profile(() => stepDone);
    });
    trainer.hooks.afterStep.tapPromise(name, async (c) => {
      if (c.step !== step || !endStep || !profiling) return;
      const stepMs = performance.now() - started;
      endStep();
      this.result = summarize(step, stepMs, await profiling);
    });
  }

  /** The profile, once the step has run. */
  get profile(): KernelProfile {
    if (!this.result) throw new Error(`step ${this.step} was not profiled (did the run reach it?)`);
    return this.result;
  }
}

function summarize(step: number, stepMs: number, info: ProfileInfo): KernelProfile {
  const backend = tf.getBackend();
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const kernel of info.kernels) {
    // tf.profile also lists custom-gradient wrappers under their op's scope name (e.g.
    // fusedConv2d__op); their time includes the kernels they ran, which are listed too.
    if (tf.getKernel(kernel.name, backend) == null) continue;
    const entry = byName.get(kernel.name) ?? { ms: 0, calls: 0 };
    // tf.profile has awaited every kernel's time; a backend without a timer gives { error }.
    entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    entry.calls += 1;
    byName.set(kernel.name, entry);
  }
  const kernelMs = [...byName.values()].reduce((sum, k) => sum + k.ms, 0);
  const kernels = [...byName.entries()]
    .map(([name, k]) => ({ name, ms: k.ms, calls: k.calls, share: kernelMs > 0 ? k.ms / kernelMs : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { step, stepMs, kernelMs, kernels };
}
