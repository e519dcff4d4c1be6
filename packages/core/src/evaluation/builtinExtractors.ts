import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors/UserError';

interface BuiltinExtractor {
  description: string;
  featureLayer: string;
  probabilityLayer: string;
  inputRange: [number, number];
}

/**
 * Classifiers shipped in this package's `models/` directory, trained by
 * `scripts/train-mnist-classifier.js` on the real training sets; they take 28x28x1
 * images in [-1, 1] as the generators produce them.
 */
export const BUILTIN_EXTRACTORS: Readonly<Record<string, BuiltinExtractor>> = {
  'mnist-classifier': {
    description: 'CNN trained on MNIST (99.1% test accuracy); features: its 128-d penultimate layer',
    featureLayer: 'features',
    probabilityLayer: 'probabilities',
    inputRange: [-1, 1],
  },
  'fashion-mnist-classifier': {
    description: 'the same CNN trained on Fashion-MNIST (90.4% test accuracy); features: its 128-d penultimate layer',
    featureLayer: 'features',
    probabilityLayer: 'probabilities',
    inputRange: [-1, 1],
  },
};

/** `<package>/models/<name>/model.json` (this file is compiled to `<package>/dist/src/evaluation`). */
export function builtinModelPath(name: string): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'models', name, 'model.json');
  if (!fs.existsSync(file)) {
    throw new UserError(`feature extractor "${name}": its model file ${file} is missing from the installed package`);
  }
  return file;
}
