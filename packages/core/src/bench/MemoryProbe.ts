import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Trainer } from '../trainer/Trainer';

/** Live tensors and the wasm heap after one step. */
export interface MemorySample {
  tensors: number;
  /** Size of the wasm module's linear memory; null on other backends. */
  wasmHeapBytes: number | null;
}

/** How one quantity moved over a span of steps. */
export interface MemorySeries {
  first: number;
  last: number;
  /** Steps after which the value differed from the step before (within the span). */
  changedAt: number[];
  flat: boolean;
}

/** How memory moved over a span of steps. */
export interface MemoryTrend {
  steps: number;
  tensors: MemorySeries;
  wasmHeapBytes: MemorySeries | null;
}

/** The wasm heap size; it only grows, so a leak in wasm memory shows as growth here. */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  // HEAPU8 is the Emscripten module's view of all its memory (its type lives in @types/emscripten).
  return ((tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
}

/**
 * Samples tf.memory().numTensors and the wasm heap after every step (an afterStep tap),
 * so a leak of even one tensor per step, or heap growth, shows over a run.
 */
export class MemoryProbe {
  readonly samples = new Map<number, MemorySample>();

  constructor(trainer: Trainer, name = 'bench:memory') {
    trainer.hooks.afterStep.tapPromise(name, async ({ step }) => {
      this.samples.set(step, { tensors: tf.memory().numTensors, wasmHeapBytes: wasmHeapBytes() });
    });
  }

  /** The trend over steps `from`..`to` (inclusive). */
  trend(from: number, to: number): MemoryTrend {
    const span: MemorySample[] = [];
    for (let step = from; step <= to; step++) {
      const sample = this.samples.get(step);
      if (!sample) throw new Error(`no memory sample for step ${step}`);
      span.push(sample);
    }
    const series = (values: number[]): MemorySeries => {
      const changedAt = values.flatMap((v, i) => (i > 0 && v !== values[i - 1] ? [from + i] : []));
      return { first: values[0], last: values[values.length - 1], changedAt, flat: changedAt.length === 0 };
    };
    const heap = span.map((s) => s.wasmHeapBytes);
    return {
      steps: span.length,
      tensors: series(span.map((s) => s.tensors)),
      wasmHeapBytes: heap.every((h): h is number => h !== null) ? series(heap) : null,
    };
  }
}
