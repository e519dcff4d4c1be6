import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendInfo } from '../backend/BackendInfo';
import { silentLogger } from '../io/Logger';
import { startRun } from '../run/runExperiment';
import type { Trainer } from '../trainer/Trainer';
import { benchExperiment } from './benchExperiment';
import { type BenchSettings, benchSettings } from './BenchSettings';
import { KernelProfiler, type KernelProfile } from './KernelProfiler';
import { median } from './median';
import { MemoryProbe, type MemoryTrend } from './MemoryProbe';
import { StepTimer } from './StepTimer';

/** What a benchmark measured. */
export interface BenchResult {
  settings: BenchSettings;
  backend: BackendInfo;
  /** The training data, in words (real MNIST, or synthetic images of CIFAR-10's shape). */
  data: string;
  /** Median wall time of the timed steps. */
  msPerStep: number;
  /** Every timed step's wall time, in step order. */
  stepMs: number[];
  /** Live tensors and wasm heap over the timed steps. */
  memory: MemoryTrend;
  /** Per-kernel time of one extra profiled step (null with `profile: false`). */
  profile: KernelProfile | null;
}

/**
 * Times real training steps: the benchmark experiment is started exactly as `gancond run`
 * starts a run (backend selection, data, models, plugins, trainer) in a throwaway run
 * directory, with hook taps that time each step, sample memory after each step and profile
 * one extra step at the end. Warm-up steps are dropped and the median of the rest reported.
 */
export async function runBenchmark(options: Partial<BenchSettings> = {}): Promise<BenchResult> {
  const settings = benchSettings(options);
  const workDir = mkdtempSync(join(tmpdir(), 'gancond-bench-'));
  try {
    const experiment = benchExperiment(settings, join(workDir, 'data'));
    const firstTimed = settings.warmup + 1;
    const lastTimed = settings.warmup + settings.steps;
    let timer: StepTimer | undefined;
    let memory: MemoryProbe | undefined;
    let profiler: KernelProfiler | undefined;
    const onTrainer = (trainer: Trainer) => {
      timer = new StepTimer(trainer);
      memory = new MemoryProbe(trainer);
      if (settings.profile) profiler = new KernelProfiler(trainer, lastTimed + 1);
    };
    const summary = await startRun(experiment.config, { outDir: join(workDir, 'run'), logger: silentLogger, onTrainer });
    const stepMs = timer!.range(firstTimed, lastTimed);
    return {
      settings,
      backend: summary.backend,
      data: experiment.data,
      msPerStep: median(stepMs),
      stepMs,
      memory: memory!.trend(firstTimed, lastTimed),
      profile: profiler?.profile ?? null,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
