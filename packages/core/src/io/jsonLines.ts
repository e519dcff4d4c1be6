import * as fs from 'node:fs';
import { atomicWriteFileSync } from './atomicWrite';

/*
 * JSON Lines files of a run (`metrics.jsonl`, a plugin's own logs): one record per line,
 * appended as the run goes, so a crash can leave a torn last line, and cut back to a
 * checkpoint's step when the run resumes (the steps after it are recorded again).
 */

/** Every record of a JSON Lines file, skipping unparsable (torn) lines. */
export function readJsonLines<T>(file: string): T[] {
  const records: T[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      /* torn line */
    }
  }
  return records;
}

/** Rewrites the file (atomically) with only its records up to `step`; returns them. */
export function truncateJsonLinesAfter<T extends { step: number }>(file: string, step: number): T[] {
  if (!fs.existsSync(file)) return [];
  const kept = readJsonLines<T>(file).filter((r) => r.step <= step);
  atomicWriteFileSync(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
  return kept;
}
