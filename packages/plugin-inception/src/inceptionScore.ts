import { UserError } from '@gancond/core';

/** The Inception Score of a set of class-probability vectors: its mean and spread over splits. */
export interface InceptionScore {
  mean: number;
  /** Population standard deviation over the splits (numpy's `np.std`, as in the original code). */
  std: number;
  /** exp(mean KL(p(y|x) ‖ p(y))) of each split, in order. */
  splitScores: number[];
  samples: number;
}

/** How far a row may sum from 1 (float32 softmax outputs are within ~1e-6). */
const SUM_TOLERANCE = 1e-3;

/**
 * Checks that `probabilities` holds N rows of `numClasses` class probabilities
 * (finite, non-negative, each row summing to 1); `source` names the data in errors.
 */
export function checkProbabilities(probabilities: ArrayLike<number>, numClasses: number, source: string): number {
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new UserError(`${source}: ${numClasses} classes; expected class probabilities over at least 2 classes`);
  }
  if (probabilities.length % numClasses !== 0) {
    throw new UserError(`${source}: ${probabilities.length} values do not make rows of ${numClasses} class probabilities`);
  }
  const n = probabilities.length / numClasses;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < numClasses; k++) {
      const p = probabilities[i * numClasses + k];
      if (!(p >= 0)) throw new UserError(`${source}: row ${i}, class ${k} is ${p}; expected a probability (finite, ≥ 0)`);
      sum += p;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new UserError(`${source}: row ${i} sums to ${sum}; expected class probabilities summing to 1 (apply a softmax to logits)`);
    }
  }
  return n;
}

/**
 * The Inception Score (Salimans et al. 2016) of N class-probability rows, row-major
 * [N, numClasses]: the rows are cut into `splits` contiguous parts (boundaries ⌊iN/S⌋, as
 * in the original OpenAI code, so no row is dropped); per part, IS = exp(mean over x of
 * KL(p(y|x) ‖ p(y))) with p(y) the part's mean row; reported as mean and std over parts.
 * Computed in float64; 0·log 0 counts as 0.
 */
export function inceptionScore(
  probabilities: ArrayLike<number>,
  numClasses: number,
  splits = 10,
  source = 'class probabilities',
): InceptionScore {
  const n = checkProbabilities(probabilities, numClasses, source);
  if (!Number.isInteger(splits) || splits < 1) throw new UserError(`splits: ${splits}; expected a positive integer`);
  if (n < splits) throw new UserError(`${source}: ${n} samples for ${splits} splits; expected at least one sample per split`);
  const splitScores: number[] = [];
  for (let s = 0; s < splits; s++) {
    const start = Math.floor((s * n) / splits);
    const end = Math.floor(((s + 1) * n) / splits);
    splitScores.push(Math.exp(meanKlToMarginal(probabilities, numClasses, start, end)));
  }
  const mean = splitScores.reduce((a, b) => a + b, 0) / splits;
  const variance = splitScores.reduce((a, b) => a + (b - mean) ** 2, 0) / splits;
  return { mean, std: Math.sqrt(variance), splitScores, samples: n };
}

/** mean over rows [start, end) of KL(p(y|x) ‖ p(y)), p(y) being those rows' mean. */
function meanKlToMarginal(probabilities: ArrayLike<number>, numClasses: number, start: number, end: number): number {
  const count = end - start;
  const marginal = new Float64Array(numClasses);
  for (let i = start; i < end; i++) {
    for (let k = 0; k < numClasses; k++) marginal[k] += probabilities[i * numClasses + k];
  }
  for (let k = 0; k < numClasses; k++) marginal[k] /= count;
  let klSum = 0;
  for (let i = start; i < end; i++) {
    for (let k = 0; k < numClasses; k++) {
      const p = probabilities[i * numClasses + k];
      if (p > 0) klSum += p * (Math.log(p) - Math.log(marginal[k]));
    }
  }
  return klSum / count;
}
