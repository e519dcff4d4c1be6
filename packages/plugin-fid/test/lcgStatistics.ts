/** The fixtures' generator (make_fixtures.py, class Lcg): x ← (1664525 x + 1013904223) mod 2³², u = x / 2³². */
export class Lcg {
  constructor(private x: number) {}
  uniform(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.x = (Math.imul(1664525, this.x) + 1013904223) >>> 0;
      out[i] = this.x / 2 ** 32;
    }
    return out;
  }
}

/** make_fixtures.py's lcg_statistics: μ ∈ [−1, 1), Σ = H₃H₂H₁ diag(λ) H₁H₂H₃, λ ∈ [0.5, 2.5). */
export function lcgStatistics(d: number, rng: Lcg) {
  const mu = rng.uniform(d).map((u) => 2 * u - 1);
  const lambda = rng.uniform(d);
  const sigma = new Float64Array(d * d);
  for (let i = 0; i < d; i++) sigma[i * d + i] = 0.5 + 2 * lambda[i];
  const p = new Float64Array(d);
  for (let r = 0; r < 3; r++) {
    const u = rng.uniform(d).map((x) => x - 0.5);
    const uu = u.reduce((s, x) => s + x * x, 0);
    // H Σ H = Σ − v wᵀ − w vᵀ with v = u, β = 2/uᵀu, p = βΣu, w = p − (β pᵀu / 2) u.
    p.fill(0);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += sigma[i * d + j] * u[j];
      p[i] = (2 / uu) * s;
    }
    const k = (p.reduce((s, x, i) => s + x * u[i], 0) / uu);
    for (let i = 0; i < d; i++) {
      const wi = p[i] - k * u[i];
      for (let j = 0; j < d; j++) sigma[i * d + j] -= u[i] * (p[j] - k * u[j]) + wi * u[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) sigma[i * d + j] = sigma[j * d + i] = (sigma[i * d + j] + sigma[j * d + i]) / 2;
  return { dim: d, mu, sigma };
}
