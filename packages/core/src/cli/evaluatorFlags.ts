import type { Command } from 'commander';
import { UserError } from '../errors/UserError';
import type { FeatureExtractorOptions } from '../evaluation/FeatureExtractor';

/** The flags of a scoring command (`gancond fid`, `stats`, `is`) that choose and read its network. */
export interface ExtractorFlags {
  extractor: string;
  featureLayer?: string;
  probabilityLayer?: string;
  logits?: boolean;
}

/** Adds `--extractor`, `--feature-layer`, `--probability-layer` and `--logits` (see {@link ExtractorFlags}). */
export function addExtractorFlags(command: Command): Command {
  return command
    .option('--extractor <spec>', 'network: a built-in (mnist-classifier, fashion-mnist-classifier) or the path of a tfjs model.json', 'mnist-classifier')
    .option('--feature-layer <name>', "user model: layer or node with the features (a GraphModel's is required)")
    .option('--probability-layer <name>', 'user model: layer or node with the class probabilities (default: the output)')
    .option('--logits', 'user model: the probability layer outputs logits (apply a softmax)');
}

/** What `loadFeatureExtractor` needs besides the spec, from {@link addExtractorFlags}' flags. */
export function extractorOptionsFromFlags(flags: ExtractorFlags): FeatureExtractorOptions {
  return { featureLayer: flags.featureLayer, probabilityLayer: flags.probabilityLayer, logits: flags.logits };
}

/** A flag's value that must be a positive integer written in digits; else a UserError naming the flag. */
export function positiveIntegerFlag(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UserError(`${flag}: "${value}"; expected a positive integer`);
  return n;
}

/** A flag's value that must be an integer (e.g. a seed); else a UserError naming the flag. */
export function integerFlag(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UserError(`${flag}: "${value}"; expected an integer`);
  return n;
}
