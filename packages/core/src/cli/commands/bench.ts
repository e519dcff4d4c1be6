import { InvalidArgumentError, Option, type Command } from 'commander';
import { BENCH_MODELS, type BenchSettings, DEFAULT_BENCH_SETTINGS } from '../../bench/BenchSettings';
import { benchJsonLine, benchReport } from '../../bench/formatBenchReport';
import { runBenchmark } from '../../bench/runBenchmark';

const integerAtLeast = (min: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};

export function registerBenchCommand(program: Command): void {
  const d = DEFAULT_BENCH_SETTINGS;
  program
    .command('bench')
    .description('time full training steps of a reference model: ms/step (median), per-kernel shares, memory')
    .addOption(new Option('--backend <name>', 'tensor backend').choices(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).default(d.backend))
    .addOption(new Option('--model <name>', 'reference model').choices([...BENCH_MODELS]).default(d.model))
    .option('--batch <n>', 'batch size', integerAtLeast(1), d.batch)
    .option('--steps <n>', 'timed steps (median reported)', integerAtLeast(1), d.steps)
    .option('--warmup <n>', 'untimed steps first', integerAtLeast(0), d.warmup)
    .option('--jc', 'add Jacobian Clamping (@gancond/plugin-jacobian-clamp, default options)', false)
    .addOption(new Option('--native <mode>', 'wasm: convolutions and matmuls by @gancond/native-kernels when installed (auto), or XNNPACK only (off)').choices(['auto', 'off']).default(d.native))
    .option('--native-threads <n>', 'threads of the native kernels (default: every core)', integerAtLeast(1))
    .option('--no-profile', 'skip the extra profiled step (per-kernel shares)')
    .option('--json', 'print only the JSON line')
    .action(
      async (opts: Omit<BenchSettings, 'width' | 'latentDim'> & { json?: boolean }) => {
        const result = await runBenchmark({
          backend: opts.backend,
          model: opts.model,
          batch: opts.batch,
          steps: opts.steps,
          warmup: opts.warmup,
          jc: opts.jc,
          profile: opts.profile,
          native: opts.native,
          nativeThreads: opts.nativeThreads,
        });
        if (!opts.json) process.stdout.write(`${benchReport(result)}\n`);
        process.stdout.write(`${benchJsonLine(result)}\n`);
      },
    );
}
