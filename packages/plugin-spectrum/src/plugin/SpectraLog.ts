import * as fs from 'node:fs';
import { readJsonLines, truncateJsonLinesAfter } from '@gancond/core';
import type { SpectrumProbe } from '../probeSpectra';
import type { PointSpectrum } from '../spectrum/pointSpectrum';
import type { SpectrumSummary } from '../spectrum/summarizeSpectra';

/** One line of `spectra.jsonl`: a probe's summary (with the mean spectrum), and every point when kept. */
export interface SpectraRecord {
  step: number;
  reason: string;
  latentDim: number;
  outputSize: number;
  summary: SpectrumSummary;
  points?: PointSpectrum[];
}

/**
 * `spectra.jsonl` of a run, appended once per probe. On resume the lines after the
 * checkpoint's step are dropped (they will be probed again), as the metrics file does.
 */
export class SpectraLog {
  constructor(readonly file: string) {}

  append(step: number, reason: string, probe: SpectrumProbe, keepPoints: boolean): void {
    const record: SpectraRecord = {
      step,
      reason,
      latentDim: probe.latentDim,
      outputSize: probe.outputSize,
      summary: probe.summary,
      ...(keepPoints && { points: probe.points }),
    };
    fs.appendFileSync(this.file, JSON.stringify(record) + '\n');
  }

  truncateAfter(step: number): void {
    truncateJsonLinesAfter<SpectraRecord>(this.file, step);
  }
}

/** Reads `spectra.jsonl`, skipping a torn last line such as a crash may leave. */
export function readSpectra(file: string): SpectraRecord[] {
  return readJsonLines<SpectraRecord>(file);
}
