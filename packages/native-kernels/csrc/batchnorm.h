// Batch normalization in training mode over the rows of a [rows, C] matrix (every axis but
// the channel axis flattened into rows), forward and backward, each a few fused passes.
#pragma once

namespace gancond {

// mean[c], variance[c]: the batch statistics of column c (variance biased: divided by rows,
// as tf.moments); y = (x - mean) / sqrt(variance + epsilon) * gamma + beta.
void batchNormForward(int rows, int C, const float* x, const float* gamma, const float* beta, float epsilon, float* y,
                      float* mean, float* variance, int threads);

// The gradients of sum(dy * y) + sum(dmean * mean) + sum(dvariance * variance) (the three
// outputs of batchNormForward) with respect to x, gamma and beta.
void batchNormBackward(int rows, int C, const float* dy, const float* x, const float* gamma, const float* mean,
                       const float* variance, const float* dmean, const float* dvariance, float epsilon, float* dx,
                       float* dgamma, float* dbeta, int threads);

}  // namespace gancond
