import * as fs from 'node:fs';
import { readJsonLines, truncateJsonLinesAfter } from '../io/jsonLines';

/** One line of `metrics.jsonl`. `time` is wall-clock seconds since the run started. */
export interface MetricRecord {
  step: number;
  name: string;
  value: number;
  time: number;
}

/**
 * Receives every metric of a run and appends it to `metrics.jsonl` (when given a file),
 * one JSON object per line, flushed at the end of each step so that partial results
 * survive a crash. Keeps the latest value of each metric for the summary.
 */
export class MetricsSink {
  private readonly latestValues = new Map<string, number>();
  private pending: string[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly file?: string) {}

  record(step: number, name: string, value: number): void {
    this.latestValues.set(name, value);
    const time = Math.round(performance.now() - this.startedAt) / 1000;
    this.pending.push(JSON.stringify({ step, name, value, time } satisfies MetricRecord));
  }

  /** Appends what was recorded since the last flush. */
  flush(): void {
    if (!this.file || this.pending.length === 0) return;
    fs.appendFileSync(this.file, this.pending.join('\n') + '\n');
    this.pending = [];
  }

  latest(): Record<string, number> {
    return Object.fromEntries(this.latestValues);
  }

  /**
   * On resume: drop the records after the checkpoint's step (they will be recorded
   * again) and reload the latest values. A torn last line from a crash is dropped too.
   */
  truncateAfter(step: number): void {
    if (!this.file) return;
    for (const r of truncateJsonLinesAfter<MetricRecord>(this.file, step)) this.latestValues.set(r.name, r.value);
  }
}

/** Reads `metrics.jsonl`, skipping a torn (unparsable) line such as a crash may leave. */
export function readMetrics(file: string): MetricRecord[] {
  return readJsonLines<MetricRecord>(file);
}
