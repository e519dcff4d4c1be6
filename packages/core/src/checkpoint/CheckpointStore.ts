import * as fs from 'node:fs';
import * as path from 'node:path';
import { atomicWriteFileSync } from '../io/atomicWrite';
import type { Logger } from '../io/Logger';
import { type CheckpointData, decodeCheckpoint, encodeCheckpoint } from './checkpointFormat';

const FILE_PATTERN = /^step-(\d+)\.ckpt$/;

/**
 * The checkpoints of a run: `checkpoints/step-00000500.ckpt`, each written atomically,
 * the newest `keep` kept. Loading takes the newest one whose checksum verifies, so a
 * damaged newest file (a killed writer cannot leave one, but a disk can) costs only the
 * steps since the previous checkpoint.
 */
export class CheckpointStore {
  constructor(
    readonly dir: string,
    private readonly keep: number,
  ) {}

  save(data: CheckpointData): string {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `step-${String(data.step).padStart(8, '0')}.ckpt`);
    atomicWriteFileSync(file, encodeCheckpoint(data));
    for (const old of this.list().slice(this.keep)) fs.rmSync(old.file, { force: true });
    return file;
  }

  /** Checkpoint files, newest first. */
  list(): { step: number; file: string }[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .map((name) => ({ match: FILE_PATTERN.exec(name), name }))
      .filter((e) => e.match)
      .map((e) => ({ step: Number(e.match![1]), file: path.join(this.dir, e.name) }))
      .sort((a, b) => b.step - a.step);
  }

  /** The newest readable checkpoint, warning about damaged ones it skips; undefined if none. */
  loadLatest(logger?: Logger): (CheckpointData & { file: string }) | undefined {
    for (const { file } of this.list()) {
      try {
        return { ...decodeCheckpoint(fs.readFileSync(file), file), file };
      } catch (error) {
        logger?.warn(`${(error as Error).message}; trying an older checkpoint`);
      }
    }
    return undefined;
  }
}
