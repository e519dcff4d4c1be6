#include "batchnorm.h"

#include <cmath>
#include <vector>

#include "parallel.h"

namespace gancond {

namespace {

// Column sums are accumulated in float64 over fixed groups of rows, then the groups are
// added in order: the result is the same bits for any thread count.
constexpr int ROW_GROUPS = 8;

// The element-wise passes split the rows into this many chunks, shared out among the threads.
constexpr int ELEMENTWISE_CHUNKS = 64;

// K column sums at once: term(acc, row offset) adds one row's terms into its row group's
// accumulators acc[k * C + c]; sums[k][c] receives the totals.
template <int K, typename Term>
void columnSums(int rows, int C, int threads, double* const* sums, Term term) {
  const int groups = std::max(1, std::min(rows, ROW_GROUPS));
  std::vector<double> partials(static_cast<size_t>(groups) * K * C, 0.0);
  parallelFor(threads, groups, [&](int, int g0, int g1) {
    for (int g = g0; g < g1; g++) {
      double* acc = partials.data() + static_cast<size_t>(g) * K * C;
      const int r1 = static_cast<int>(static_cast<long>(rows) * (g + 1) / groups);
      for (int r = static_cast<int>(static_cast<long>(rows) * g / groups); r < r1; r++) term(acc, static_cast<long>(r) * C);
    }
  });
  for (int k = 0; k < K; k++) {
    for (int c = 0; c < C; c++) {
      double total = 0;
      for (int g = 0; g < groups; g++) total += partials[(static_cast<size_t>(g) * K + k) * C + c];
      sums[k][c] = total;
    }
  }
}

// Runs rowPass(row offset) over every row, in parallel chunks of rows.
template <typename RowPass>
void forEachRow(int rows, int C, int threads, RowPass rowPass) {
  parallelFor(threads, ELEMENTWISE_CHUNKS, [&](int, int k0, int k1) {
    const long r1 = static_cast<long>(rows) * k1 / ELEMENTWISE_CHUNKS;
    for (long r = static_cast<long>(rows) * k0 / ELEMENTWISE_CHUNKS; r < r1; r++) rowPass(r * C);
  });
}

}  // namespace

void batchNormForward(int rows, int C, const float* x, const float* gamma, const float* beta, float epsilon, float* y,
                      float* mean, float* variance, int threads) {
  threads = threadsForElements(static_cast<long>(rows) * C, threads);
  std::vector<double> sum(C), squares(C);
  double* sumOut[] = {sum.data()};
  columnSums<1>(rows, C, threads, sumOut, [&](double* acc, long row) {
    for (int c = 0; c < C; c++) acc[c] += x[row + c];
  });
  std::vector<float> mu(C);
  for (int c = 0; c < C; c++) mu[c] = mean[c] = static_cast<float>(sum[c] / rows);
  // Second pass on deviations from the mean (not E[x^2] - mean^2, which cancels badly).
  double* squaresOut[] = {squares.data()};
  columnSums<1>(rows, C, threads, squaresOut, [&](double* acc, long row) {
    for (int c = 0; c < C; c++) {
      const double d = x[row + c] - mu[c];
      acc[c] += d * d;
    }
  });
  // y = scale (x - mean) + beta, scale = gamma / sqrt(variance + epsilon).
  std::vector<float> scale(C);
  for (int c = 0; c < C; c++) {
    variance[c] = static_cast<float>(squares[c] / rows);
    scale[c] = static_cast<float>(gamma[c] / std::sqrt(static_cast<double>(variance[c]) + epsilon));
  }
  forEachRow(rows, C, threads, [&](long row) {
    for (int c = 0; c < C; c++) y[row + c] = scale[c] * (x[row + c] - mu[c]) + beta[c];
  });
}

void batchNormBackward(int rows, int C, const float* dy, const float* x, const float* gamma, const float* mean,
                       const float* variance, const float* dmean, const float* dvariance, float epsilon, float* dx,
                       float* dgamma, float* dbeta, int threads) {
  threads = threadsForElements(static_cast<long>(rows) * C, threads);
  std::vector<double> sumDy(C), sumDyCentered(C);
  double* out[] = {sumDy.data(), sumDyCentered.data()};
  columnSums<2>(rows, C, threads, out, [&](double* acc, long row) {
    double* accCentered = acc + C;
    for (int c = 0; c < C; c++) {
      acc[c] += dy[row + c];
      accCentered[c] += static_cast<double>(dy[row + c]) * (x[row + c] - mean[c]);
    }
  });
  // With r = 1 / sqrt(variance + epsilon), xhat = (x - mean) r, a = gamma r:
  //   dbeta = sum dy, dgamma = sum dy xhat,
  //   dx = a (dy - dbeta / N - xhat dgamma / N) + dmean / N + 2 dvariance (x - mean) / N
  //      = a dy + k (x - mean) + d,  k = 2 dvariance / N - a r dgamma / N,  d = (dmean - a dbeta) / N.
  std::vector<float> a(C), k(C), d(C);
  for (int c = 0; c < C; c++) {
    const double r = 1 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double ac = gamma[c] * r, g = sumDyCentered[c] * r, n = rows;
    const double kc = 2 * dvariance[c] / n - ac * r * g / n;
    dbeta[c] = static_cast<float>(sumDy[c]);
    dgamma[c] = static_cast<float>(g);
    a[c] = static_cast<float>(ac);
    k[c] = static_cast<float>(kc);
    d[c] = static_cast<float>((dmean[c] - ac * sumDy[c]) / n);
  }
  forEachRow(rows, C, threads, [&](long row) {
    for (int c = 0; c < C; c++) dx[row + c] = a[c] * dy[row + c] + k[c] * (x[row + c] - mean[c]) + d[c];
  });
}

}  // namespace gancond
