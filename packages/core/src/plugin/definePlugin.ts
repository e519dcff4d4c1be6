import type { Command } from 'commander';
import type { z } from 'zod';
import type { Trainer } from '../trainer/Trainer';

/**
 * A gancond plugin: a name, a schema for its options (zod; defaults applied before
 * `apply` sees them) and `apply`, which taps the trainer's hooks and may resolve or
 * override services in `trainer.container`. A plugin package exports one as its default
 * export (or as `plugin`).
 */
export interface GancondPlugin<Schema extends z.ZodType = z.ZodType> {
  /** Used as the tap name of every hook it taps, as its metrics' prefix and its checkpoint key. */
  name: string;
  description?: string;
  options: Schema;
  apply(trainer: Trainer, options: z.output<Schema>): void | Promise<void>;
  /**
   * Optional `gancond` subcommands (e.g. `gancond spectrum`): when the plugin's package is
   * installed, the CLI calls this with its commander program before parsing arguments.
   * Throw `UserError` from actions for bad input (exit code 2, message only).
   */
  commands?(program: Command): void;
}

/** Identity helper that infers the options type from the schema. */
export function definePlugin<Schema extends z.ZodType>(plugin: GancondPlugin<Schema>): GancondPlugin<Schema> {
  return plugin;
}

export function isPlugin(value: unknown): value is GancondPlugin {
  const p = value as GancondPlugin | undefined;
  return (
    !!p &&
    typeof p.name === 'string' &&
    typeof p.apply === 'function' &&
    !!p.options &&
    typeof (p.options as { safeParse?: unknown }).safeParse === 'function'
  );
}
