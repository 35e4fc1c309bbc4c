/**
 * Swaps of a float64 weighted pool. This file starts with the kernels the engine calls; the
 * checked public functions (`outGivenIn`, `inGivenOut`) are built over them.
 */
import { PoolError, fmt } from '../../errors.js'
import { checkAmount, checkPair } from './checks.js'
import type { WeightedPoolState } from './types.js'

/** Balancer's per-swap limit: at most 30 % of the balance in may enter in one swap. */
export const MAX_IN_RATIO = 0.3
/** Balancer's per-swap limit: at most 30 % of the balance out may leave in one swap. */
export const MAX_OUT_RATIO = 0.3

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
  const net = amountIn * (1 - swapFee)
  // Equal weights (exponent 1, as in every equal-weight index pool): out = B_o a / (B_i + a),
  // exact in one division, no cancellation; Balancer's pow has the same shortcut.
  if (weightIn === weightOut) return (balanceOut * net) / (balanceIn + net)
  // 1 - (B/(B+a))^e cancels when a << B (relative error ~5e-6 on tiny trades);
  // -expm1(-e * log1p(a/B)) is the same quantity at full precision for every size.
  const exponent = weightIn / weightOut
  return -balanceOut * Math.expm1(-exponent * Math.log1p(net / balanceIn))
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
  // Equal weights (exponent 1): (B_o / (B_o - o)) - 1 = o / (B_o - o), one division.
  if (weightIn === weightOut)
    return (balanceIn * amountOut) / (balanceOut - amountOut) / (1 - swapFee)
  // (B/(B-o))^e - 1 = expm1(-e * log1p(-o/B)): no cancellation for small trades.
  const exponent = weightOut / weightIn
  return (balanceIn * Math.expm1(-exponent * Math.log1p(-amountOut / balanceOut))) / (1 - swapFee)
}

/**
 * Units of `tokenOut` a weighted pool pays for `amountIn` units of `tokenIn`. The fee comes off
 * the input; the rest moves the pool along V = prod B_k^w_k:
 * out = B_o * (1 - (B_i / (B_i + a * (1 - fee)))^(w_i / w_o)).
 * Mirrors Balancer's `WeightedMath.computeOutGivenExactIn` (V2: `_calcOutGivenIn`), fee on the input.
 * @param pool - balances in token units, weights as fractions, swapFee as a fraction
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountIn - units of `tokenIn`, fee included, >= 0
 * @returns units of `tokenOut`
 * @throws {PoolError} `TOKEN_INDEX` for a bad pair; `AMOUNT_INVALID` for a negative or
 * non-finite amount; `MAX_IN_RATIO` above 30 % of the balance in
 * @example outGivenIn({ balances: [100, 100], weights: [0.5, 0.5], swapFee: 0 }, 0, 1, 10) // 9.0909…
 */
export function outGivenIn(
  pool: WeightedPoolState,
  tokenIn: number,
  tokenOut: number,
  amountIn: number,
): number {
  checkPair(pool, tokenIn, tokenOut) // after this, the indexed reads below are safe
  checkAmount(amountIn, 'amount in')
  const balanceIn = pool.balances[tokenIn]!
  // Balancer V2 and V3 take the fee off first and compare what the pool's math sees,
  // a * (1 - fee), with 30 % of the balance (V2 `_calcOutGivenIn`, V3 `computeOutGivenExactIn`).
  const amountInLessFee = amountIn * (1 - pool.swapFee)
  if (amountInLessFee > balanceIn * MAX_IN_RATIO) {
    const net = pool.swapFee > 0 ? ` (${fmt(amountInLessFee)} after the swap fee)` : ''
    throw new PoolError(
      'MAX_IN_RATIO',
      `amount in ${fmt(amountIn)}${net} exceeds 30% of balance ${fmt(balanceIn)}`,
      { amountIn, amountInLessFee, balanceIn },
    )
  }
  return computeOutGivenIn(
    balanceIn,
    pool.weights[tokenIn]!,
    pool.balances[tokenOut]!,
    pool.weights[tokenOut]!,
    amountIn,
    pool.swapFee,
  )
}

/**
 * Units of `tokenIn` a weighted pool charges to pay out `amountOut` units of `tokenOut`, fee
 * included: in = B_i * ((B_o / (B_o - out))^(w_o / w_i) - 1) / (1 - fee).
 * Mirrors Balancer's `WeightedMath.computeInGivenExactOut` (V2: `_calcInGivenOut`), fee grossed up.
 * @param pool - balances in token units, weights as fractions, swapFee as a fraction
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountOut - units of `tokenOut`, >= 0
 * @returns units of `tokenIn`, fee included
 * @throws {PoolError} `TOKEN_INDEX` for a bad pair; `AMOUNT_INVALID` for a negative or
 * non-finite amount; `MAX_OUT_RATIO` above 30 % of the balance out
 * @example inGivenOut({ balances: [100, 100], weights: [0.5, 0.5], swapFee: 0 }, 0, 1, 10) // 11.111…
 */
export function inGivenOut(
  pool: WeightedPoolState,
  tokenIn: number,
  tokenOut: number,
  amountOut: number,
): number {
  checkPair(pool, tokenIn, tokenOut)
  checkAmount(amountOut, 'amount out')
  const balanceOut = pool.balances[tokenOut]!
  if (amountOut > balanceOut * MAX_OUT_RATIO)
    throw new PoolError(
      'MAX_OUT_RATIO',
      `amount out ${fmt(amountOut)} exceeds 30% of balance ${fmt(balanceOut)}`,
      { amountOut, balanceOut },
    )
  return computeInGivenOut(
    pool.balances[tokenIn]!,
    pool.weights[tokenIn]!,
    balanceOut,
    pool.weights[tokenOut]!,
    amountOut,
    pool.swapFee,
  )
}

/**
 * The balances after a swap: the whole `amountIn` (fee included) enters, so the fee stays with
 * the liquidity providers; `amountOut` leaves. No protocol fee share is modelled.
 * @param balances - token units per token index before the swap
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountIn - units of `tokenIn`, fee included
 * @param amountOut - units of `tokenOut`
 * @returns a new array of balances, in token units
 * @example swapBalances([100, 100], 0, 1, 10, 9) // [110, 91]
 */
export function swapBalances(
  balances: readonly number[],
  tokenIn: number,
  tokenOut: number,
  amountIn: number,
  amountOut: number,
): number[] {
  const next = balances.slice()
  next[tokenIn] = next[tokenIn]! + amountIn
  next[tokenOut] = next[tokenOut]! - amountOut
  return next
}
