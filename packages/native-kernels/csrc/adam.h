// One Adam update of a parameter tensor, as tfjs' AdamOptimizer computes it, in one pass.
#pragma once

namespace gancond {

struct AdamSettings {
  float learningRate, beta1, beta2, epsilon;
  // 1 - beta1 and 1 - beta2 rounded from double, as tfjs computes them in JavaScript (from
  // the float32 beta2, 1 - 0.999f is 1.3e-5 off 0.001 relative).
  float oneMinusBeta1, oneMinusBeta2;
  // 1 - beta1^t and 1 - beta2^t for this step t (the bias corrections).
  float oneMinusAccBeta1, oneMinusAccBeta2;
};

// m' = beta1 m + (1 - beta1) g, v' = beta2 v + (1 - beta2) g^2,
// value' = value - learningRate (m' / (1 - beta1^t)) / (sqrt(v' / (1 - beta2^t)) + epsilon),
// over n elements.
void adamUpdate(long n, const AdamSettings& s, const float* value, const float* m, const float* v, const float* g,
                float* newValue, float* newM, float* newV, int threads);

}  // namespace gancond
