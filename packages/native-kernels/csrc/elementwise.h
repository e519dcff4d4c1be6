// Element-wise activations of a training step and LeakyReLU's gradient, over n floats.
#pragma once

namespace gancond {

// y = x for x > 0, alpha * x otherwise.
void leakyRelu(long n, const float* x, float alpha, float* y, int threads);
// dx = dy for x > 0, alpha * dy otherwise.
void leakyReluGrad(long n, const float* dy, const float* x, float alpha, float* dx, int threads);
// y = tanh(x).
void tanh(long n, const float* x, float* y, int threads);

}  // namespace gancond
