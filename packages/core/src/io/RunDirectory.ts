import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors/UserError';

/**
 * The files of one run:
 * `config.resolved.yaml`, `metrics.jsonl`, `summary.json`, `checkpoints/`, `samples/`.
 */
export class RunDirectory {
  readonly configFile: string;
  readonly metricsFile: string;
  readonly summaryFile: string;
  readonly checkpointsDir: string;
  readonly samplesDir: string;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.configFile = path.join(this.root, 'config.resolved.yaml');
    this.metricsFile = path.join(this.root, 'metrics.jsonl');
    this.summaryFile = path.join(this.root, 'summary.json');
    this.checkpointsDir = path.join(this.root, 'checkpoints');
    this.samplesDir = path.join(this.root, 'samples');
  }

  /** Creates the directories, or fails with a message naming the directory. */
  create(): this {
    for (const dir of [this.root, this.checkpointsDir, this.samplesDir]) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.accessSync(dir, fs.constants.W_OK);
      } catch (error) {
        throw new UserError(`output directory ${dir} is not writable: ${(error as Error).message}`);
      }
    }
    return this;
  }

  /** A path inside the run directory, for plugins' own files. */
  file(...parts: string[]): string {
    return path.join(this.root, ...parts);
  }
}
