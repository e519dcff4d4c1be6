// NHWC 2D convolution and its two gradients, lowered to SGEMM over blocks of im2col rows.
#pragma once

namespace gancond {

// x: [N, H, W, Ci], filter: [KH, KW, Ci, Co], y: [N, Ho, Wo, Co]; y = conv(x, filter) with
// strides (sh, sw), dilation 1 and zero padding of pt rows on top and pl columns on the left
// (Ho, Wo given: any bottom/right padding follows from them).
struct ConvShape {
  int N, H, W, Ci, KH, KW, Co, sh, sw, pt, pl, Ho, Wo;
};

// y = conv(x, filter).
void conv2d(const ConvShape& s, const float* x, const float* filter, float* y, int threads);
// dx = gradient of sum(dy * conv(x, filter)) with respect to x.
void conv2dBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx, int threads);
// dfilter = gradient of sum(dy * conv(x, filter)) with respect to filter.
void conv2dBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter, int threads);

}  // namespace gancond
