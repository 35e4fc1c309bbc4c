/**
 * The online estimators the weight rules read, updated once per rule update (not per step), with
 * their state in typed arrays: the exponentially weighted price gradient of the QuantAMM / TFMM
 * papers, and EWMA variances of log returns. Kernels: no allocation, inputs assumed valid.
 */

/**
 * The EWMA memory parameter λ for a memory length, as quantammsim's `memory_days_to_lamb`
 * defines it: λ solves λ / (1 − λ)³ = (N / 2)³ / 6, N = memory / update interval (updates per
 * memory). Solved by bisection (the left side increases on (0, 1)) to float precision.
 * @param memoryDays - the estimator's memory, days (> 0)
 * @param updateInterval - seconds between rule updates (> 0)
 * @returns λ in (0, 1)
 * @example lambdaFromMemory(2, 86_400) // N = 2: λ / (1 − λ)³ = 1/6, λ ≈ 0.11538
 */
export function lambdaFromMemory(memoryDays: number, updateInterval: number): number {
  const updates = (memoryDays * 86_400) / updateInterval
  const c = (updates / 2) ** 3 / 6
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi)
    if (mid === lo || mid === hi) break
    const oneMinus = 1 - mid
    // λ − c (1 − λ)³ rises from −c at 0 to 1 at 1: one root.
    if (mid - c * oneMinus * oneMinus * oneMinus < 0) lo = mid
    else hi = mid
  }
  return 0.5 * (lo + hi)
}

/**
 * One update of the exponentially weighted price gradient (QuantAMM, "Temporal-function market
 * making", and quantammsim's `_jax_gradient_scan_function`), token by token:
 * p̄ ← p̄ + (1 − λ)(p − p̄); a ← λ a + (p − p̄) / (1 − λ); g = a (1 − λ)³ / (λ p̄).
 * g is the price's EW trend relative to its EW level: a fraction of price per update interval.
 * @param n - tokens
 * @param prices - numeraire prices now, token k at `prices[offset + k]`
 * @param state - p̄ at `ewmaAt + k`, a at `runningAt + k` (updated), g written at `gradientAt + k`
 * @param lambda - the memory parameter λ in (0, 1)
 */
export function updateGradient(
  n: number,
  prices: Float64Array,
  offset: number,
  state: Float64Array,
  ewmaAt: number,
  runningAt: number,
  gradientAt: number,
  lambda: number,
): void {
  const oneMinus = 1 - lambda
  const scale = (oneMinus * oneMinus * oneMinus) / lambda
  for (let k = 0; k < n; k++) {
    const price = prices[offset + k]!
    const ewma = state[ewmaAt + k]! + oneMinus * (price - state[ewmaAt + k]!)
    const running = lambda * state[runningAt + k]! + (price - ewma) / oneMinus
    state[ewmaAt + k] = ewma
    state[runningAt + k] = running
    state[gradientAt + k] = (running * scale) / ewma
  }
}

/**
 * One update of the EWMA variance of log returns between rule updates, token by token:
 * r = ln(p / p_last); v ← λ v + (1 − λ) r² (mean taken as 0, RiskMetrics' convention), then
 * p_last ← p. The first update seeds v with r² (no zero variance from the start value).
 * @param isFirst - whether this is the first update (v = r²)
 */
export function updateVariance(
  n: number,
  prices: Float64Array,
  offset: number,
  state: Float64Array,
  lastAt: number,
  varianceAt: number,
  lambda: number,
  isFirst: boolean,
): void {
  for (let k = 0; k < n; k++) {
    const price = prices[offset + k]!
    const r = Math.log(price / state[lastAt + k]!)
    state[varianceAt + k] = isFirst ? r * r : lambda * state[varianceAt + k]! + (1 - lambda) * r * r
    state[lastAt + k] = price
  }
}
