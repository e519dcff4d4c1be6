// Node binding: every function takes Float32Arrays (views of the caller's memory, e.g. the
// tfjs wasm heap, used in place without copies) and integer shapes, and runs synchronously.
#include <napi.h>

#include <thread>

#include "adam.h"
#include "batchnorm.h"
#include "conv.h"
#include "elementwise.h"
#include "gemm.h"
#include "matmul.h"

namespace {

float* data(const Napi::Value& v, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(v.Env(), std::string(name) + " must be a Float32Array");
  }
  return v.As<Napi::Float32Array>().Data();
}

int integer(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string(name) + " must be a number");
  return v.As<Napi::Number>().Int32Value();
}

// shape: Int32Array [N, H, W, Ci, KH, KW, Co, sh, sw, pt, pl, Ho, Wo].
gancond::ConvShape convShape(const Napi::Value& v) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      v.As<Napi::Int32Array>().ElementLength() != 13) {
    throw Napi::TypeError::New(v.Env(), "shape must be an Int32Array of 13 values");
  }
  const int32_t* d = v.As<Napi::Int32Array>().Data();
  return {d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12]};
}

// conv2d(shape, x, filter, y, threads)
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  gancond::conv2d(convShape(info[0]), data(info[1], "x"), data(info[2], "filter"), data(info[3], "y"), integer(info[4], "threads"));
  return info.Env().Undefined();
}

// conv2dBackpropInput(shape, dy, filter, dx, threads)
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  gancond::conv2dBackpropInput(convShape(info[0]), data(info[1], "dy"), data(info[2], "filter"), data(info[3], "dx"),
                               integer(info[4], "threads"));
  return info.Env().Undefined();
}

// conv2dBackpropFilter(shape, x, dy, dfilter, threads)
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  gancond::conv2dBackpropFilter(convShape(info[0]), data(info[1], "x"), data(info[2], "dy"), data(info[3], "dfilter"),
                                integer(info[4], "threads"));
  return info.Env().Undefined();
}

// batchMatMul(a, b, c, batch, m, n, k, transposeA, transposeB, batchStrideA, batchStrideB, threads):
// c[i] = op(a[i]) * op(b[i]) for i < batch, with op = transpose when asked; a batch stride of 0
// broadcasts that operand.
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  const gancond::MatMulShape shape{integer(info[3], "batch"),     integer(info[4], "m"),
                                   integer(info[5], "n"),         integer(info[6], "k"),
                                   info[7].ToBoolean(),           info[8].ToBoolean(),
                                   integer(info[9], "batchStrideA"), integer(info[10], "batchStrideB")};
  gancond::batchMatMul(shape, data(info[0], "a"), data(info[1], "b"), data(info[2], "c"), integer(info[11], "threads"));
  return info.Env().Undefined();
}

double number(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string(name) + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

// batchNormForward(rows, C, x, gamma, beta, epsilon, y, mean, variance, threads)
Napi::Value BatchNormForward(const Napi::CallbackInfo& info) {
  gancond::batchNormForward(integer(info[0], "rows"), integer(info[1], "C"), data(info[2], "x"), data(info[3], "gamma"),
                            data(info[4], "beta"), number(info[5], "epsilon"), data(info[6], "y"), data(info[7], "mean"),
                            data(info[8], "variance"), integer(info[9], "threads"));
  return info.Env().Undefined();
}

// batchNormBackward(rows, C, dy, x, gamma, mean, variance, dmean, dvariance, epsilon, dx, dgamma, dbeta, threads)
Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
  gancond::batchNormBackward(integer(info[0], "rows"), integer(info[1], "C"), data(info[2], "dy"), data(info[3], "x"),
                             data(info[4], "gamma"), data(info[5], "mean"), data(info[6], "variance"),
                             data(info[7], "dmean"), data(info[8], "dvariance"), number(info[9], "epsilon"),
                             data(info[10], "dx"), data(info[11], "dgamma"), data(info[12], "dbeta"),
                             integer(info[13], "threads"));
  return info.Env().Undefined();
}

// The length of a Float32Array argument.
long length(const Napi::Value& v, const char* name) {
  data(v, name);
  return static_cast<long>(v.As<Napi::Float32Array>().ElementLength());
}

// leakyRelu(x, alpha, y, threads) over min(x.length, y.length) elements (the caller checks lengths).
Napi::Value LeakyRelu(const Napi::CallbackInfo& info) {
  const long n = std::min(length(info[0], "x"), length(info[2], "y"));
  gancond::leakyRelu(n, data(info[0], "x"), number(info[1], "alpha"), data(info[2], "y"), integer(info[3], "threads"));
  return info.Env().Undefined();
}

// leakyReluGrad(dy, x, alpha, dx, threads)
Napi::Value LeakyReluGrad(const Napi::CallbackInfo& info) {
  const long n = std::min({length(info[0], "dy"), length(info[1], "x"), length(info[3], "dx")});
  gancond::leakyReluGrad(n, data(info[0], "dy"), data(info[1], "x"), number(info[2], "alpha"), data(info[3], "dx"),
                         integer(info[4], "threads"));
  return info.Env().Undefined();
}

// tanh(x, y, threads)
Napi::Value Tanh(const Napi::CallbackInfo& info) {
  const long n = std::min(length(info[0], "x"), length(info[1], "y"));
  gancond::tanh(n, data(info[0], "x"), data(info[1], "y"), integer(info[2], "threads"));
  return info.Env().Undefined();
}

// adamUpdate(value, m, v, g, newValue, newM, newV, learningRate, beta1, beta2, epsilon,
//            oneMinusAccBeta1, oneMinusAccBeta2, threads), over the shortest array's length
// (the caller checks lengths).
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  const char* names[] = {"value", "m", "v", "g", "newValue", "newM", "newV"};
  float* arrays[7];
  long n = -1;
  for (int i = 0; i < 7; i++) {
    const long len = length(info[i], names[i]);
    n = n < 0 ? len : std::min(n, len);
    arrays[i] = data(info[i], names[i]);
  }
  const double beta1 = number(info[8], "beta1"), beta2 = number(info[9], "beta2");
  const gancond::AdamSettings settings{static_cast<float>(number(info[7], "learningRate")),
                                       static_cast<float>(beta1),
                                       static_cast<float>(beta2),
                                       static_cast<float>(number(info[10], "epsilon")),
                                       static_cast<float>(1 - beta1),
                                       static_cast<float>(1 - beta2),
                                       static_cast<float>(number(info[11], "oneMinusAccBeta1")),
                                       static_cast<float>(number(info[12], "oneMinusAccBeta2"))};
  gancond::adamUpdate(n, settings, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5], arrays[6],
                      integer(info[13], "threads"));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2d));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("batchNormForward", Napi::Function::New(env, BatchNormForward));
  exports.Set("batchNormBackward", Napi::Function::New(env, BatchNormBackward));
  exports.Set("leakyRelu", Napi::Function::New(env, LeakyRelu));
  exports.Set("leakyReluGrad", Napi::Function::New(env, LeakyReluGrad));
  exports.Set("tanh", Napi::Function::New(env, Tanh));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("isa", Napi::String::New(env, gancond::gemmIsa()));
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
  return exports;
}

}  // namespace

NODE_API_MODULE(gancond_native_kernels, Init)
