import type { BackendInfo } from '../backend/BackendInfo';

/** `summary.json`: how a run ended and what it measured. */
export interface RunSummary {
  name: string;
  status: 'completed' | 'interrupted' | 'diverged' | 'failed';
  /** Generator updates completed, of `steps`. */
  step: number;
  steps: number;
  seed: number;
  backend: BackendInfo;
  versions: Record<string, string>;
  plugins: { name: string; use: string }[];
  finalMetrics: Record<string, number>;
  /** Mean wall time of a training step in this process, evaluation excluded. */
  msPerStep: number;
  /** Wall time spent in each plugin's hook taps. */
  pluginTime: Record<string, { ms: number; calls: number }>;
  wallTimeSec: number;
  /** The error that stopped a diverged or failed run. */
  error?: string;
}
