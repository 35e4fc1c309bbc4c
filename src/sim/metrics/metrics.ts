/**
 * Closed forms and small helpers behind the engine's metrics. The per-step accumulation itself
 * (shifted sums, running peak) lives in the step loop; these turn its sums into reported numbers.
 */

/**
 * Impermanent loss of a fee-free pool with static weights kept at the market price:
 * `prod_i r_i^{w_i} / sum_i w_i r_i - 1` with `r_i = p_i(T) / p_i(0)` (Evans 2020).
 * @param startPrices - numeraire units per token unit at the start
 * @param endPrices - numeraire units per token unit at the end
 * @param weights - normalized weights
 * @returns a fraction <= 0
 * @example impermanentLossClosedForm([1, 1], [4, 1], [0.5, 0.5]) // 2 / 2.5 - 1 = -0.2
 */
export function impermanentLossClosedForm(
  startPrices: ArrayLike<number>,
  endPrices: ArrayLike<number>,
  weights: ArrayLike<number>,
): number {
  let logGeometric = 0
  let arithmetic = 0
  for (let k = 0; k < weights.length; k++) {
    const ratio = endPrices[k]! / startPrices[k]!
    logGeometric += weights[k]! * Math.log(ratio)
    arithmetic += weights[k]! * ratio
  }
  return Math.exp(logGeometric) / arithmetic - 1
}

/**
 * Sum of squared deviations from the mean, from shifted sums: `squares - sum^2 / count` where
 * `sum = sum (x - K)` and `squares = sum (x - K)^2` for any shift K (the engine uses the first
 * observation, so cancellation is limited to the spread around it).
 * @param sum - sum of shifted observations
 * @param squares - sum of squared shifted observations
 * @param count - number of observations
 * @returns M2 >= 0 (0 when count is 0)
 * @example squaredDeviations(3, 5, 3) // 2: observations K+0, K+1, K+2
 */
export function squaredDeviations(sum: number, squares: number, count: number): number {
  if (count === 0) return 0
  return Math.max(0, squares - (sum * sum) / count)
}

/**
 * Annualises a per-step standard deviation from the sum of squared deviations: `sqrt(m2 / (count - 1))` times
 * `sqrt(stepsPerYear)`.
 * @param m2 - sum of squared deviations from the mean (see {@link squaredDeviations})
 * @param count - number of observations
 * @param stepsPerYear - observations per 365-day year
 * @returns annualised standard deviation; 0 for fewer than two observations
 */
export function annualisedStdDev(m2: number, count: number, stepsPerYear: number): number {
  if (count < 2) return 0
  return Math.sqrt((Math.max(m2, 0) / (count - 1)) * stepsPerYear)
}

/** Below this |r - 1| the series in {@link logNear1} is used (2^-10). */
const LOG_SERIES_LIMIT = 0.0009765625

/**
 * `ln r` for per-step growth ratios, which sit close to 1: for `|r - 1| < 2^-10` the Taylor
 * series of `ln(1 + u)` to `u^6` (truncation below `u^7 / 7 < 1.3e-22`, i.e. under 1e-18 relative)
 * inline, about twice as fast as `Math.log`; `Math.log` otherwise. Deterministic: plain IEEE
 * arithmetic. `u = r - 1` is exact for r in [0.5, 2] (Sterbenz), so no precision is lost.
 * @param ratio - a positive ratio, typically a per-step growth factor
 * @returns its natural logarithm
 * @example logNear1(1.0005) // 4.99875041651e-4
 */
export function logNear1(ratio: number): number {
  const u = ratio - 1
  if (u > -LOG_SERIES_LIMIT && u < LOG_SERIES_LIMIT)
    return u * (1 + u * (-0.5 + u * (1 / 3 + u * (-0.25 + u * (0.2 + u * (-1 / 6))))))
  return Math.log(ratio)
}
