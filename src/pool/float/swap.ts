/**
 * Swaps of a float64 weighted pool. This file starts with the kernels the engine calls; the
 * checked public functions (`outGivenIn`, `inGivenOut`) are built over them.
 */

/**
 * Kernel of `outGivenIn` for the engine: no checks, no allocation. Inputs must be valid.
 * out = B_o * (1 - (B_i / (B_i + a * (1 - fee)))^(w_i / w_o)), fee taken off the input.
 * @param balanceIn - token units of the token paid in
 * @param weightIn - its normalized weight
 * @param balanceOut - token units of the token paid out
 * @param weightOut - its normalized weight
 * @param amountIn - units paid in, fee included
 * @param swapFee - fraction of the input kept as fee
 * @returns units of the token paid out
 */
export function computeOutGivenIn(
  balanceIn: number,
  weightIn: number,
  balanceOut: number,
  weightOut: number,
  amountIn: number,
  swapFee: number,
): number {
  // 1 - (B/(B+a))^e cancels when a << B (relative error ~5e-6 on tiny trades);
  // -expm1(-e * log1p(a/B)) is the same quantity at full precision for every size.
  const exponent = weightIn / weightOut
  return -balanceOut * Math.expm1(-exponent * Math.log1p((amountIn * (1 - swapFee)) / balanceIn))
}

/**
 * Kernel of `inGivenOut` for the engine: no checks, no allocation. Inputs must be valid and
 * `amountOut < balanceOut`.
 * in = B_i * ((B_o / (B_o - out))^(w_o / w_i) - 1) / (1 - fee), fee grossed up on the input.
 * @param amountOut - units of the token paid out
 * @returns units of the token paid in, fee included
 */
export function computeInGivenOut(
  balanceIn: number,
  weightIn: number,
  balanceOut: number,
  weightOut: number,
  amountOut: number,
  swapFee: number,
): number {
  // (B/(B-o))^e - 1 = expm1(-e * log1p(-o/B)): no cancellation for small trades.
  const exponent = weightOut / weightIn
  return (balanceIn * Math.expm1(-exponent * Math.log1p(-amountOut / balanceOut))) / (1 - swapFee)
}
