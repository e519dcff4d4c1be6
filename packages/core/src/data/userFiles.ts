import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors/UserError';

/**
 * Reads a whole data file, turning the file-system errors a user can cause (wrong path,
 * a directory, no permission) into a UserError that names the file and what was expected.
 */
export function readDataFile(path: string, expected: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT' ? 'file not found'
      : code === 'EISDIR' ? 'is a directory'
      : code === 'EACCES' ? 'permission denied'
      : `cannot be read (${(err as Error).message})`;
    throw new UserError(`${path}: ${problem}; expected ${expected}`);
  }
}

/** Fails with a UserError unless `dir` is an existing directory. */
export function requireDirectory(dir: string, expected: string): void {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(`${dir}: directory not found; expected ${expected}`);
  }
}
