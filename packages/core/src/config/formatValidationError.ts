import type { z } from 'zod';

/** `a.b[2].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * One line per problem: the field, the value found, and what was expected, e.g.
 * `training.batchSize: got "big", expected number`.
 */
export function formatValidationError(error: z.ZodError, input: unknown, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const field = [prefix, formatPath(issue.path)].filter(Boolean).join('.').replace('.[', '[');
      const found = valueAt(input, issue.path);
      const got = found === undefined ? 'missing' : `got ${JSON.stringify(found)}`;
      const keys = 'keys' in issue ? ` ${(issue.keys as string[]).map((k) => JSON.stringify(k)).join(', ')}` : '';
      return `${field || '(config)'}: ${issue.code === 'unrecognized_keys' ? `unknown field${keys}` : `${got}; ${issue.message}`}`;
    })
    .join('\n');
}
