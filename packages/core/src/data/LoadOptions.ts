import { UserError } from '../errors/UserError';

export interface LoadOptions {
  /** Keep only the first `limit` examples (all of them if there are fewer), for quick runs. */
  limit?: number;
}

/** How many of `available` examples to keep under `options.limit`. */
export function limitedCount(available: number, options: LoadOptions): number {
  const { limit } = options;
  if (limit === undefined) return available;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UserError(`data.limit: ${limit} is not allowed; expected a positive integer`);
  }
  return Math.min(limit, available);
}
