{
  "targets": [
    {
      "target_name": "gancond_native_kernels",
      "sources": ["csrc/addon.cc", "csrc/gemm.cc", "csrc/conv.cc", "csrc/batchnorm.cc", "csrc/elementwise.cc", "csrc/adam.cc", "csrc/matmul.cc", "csrc/parallel.cc"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fexceptions"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3", "-march=native"]
      }
    }
  ]
}
