/**
 * Spot prices of a weighted pool: the marginal rate of an infinitesimal trade, with and without
 * the swap fee.
 */
import { checkPair } from './checks.js'
import type { WeightedPoolState } from './types.js'

/**
 * Units of `tokenIn` per unit of `tokenOut` at the margin, fee excluded:
 * (B_in / w_in) / (B_out / w_out). Equal to the limit of amountIn / amountOut as the trade
 * shrinks to zero in a fee-free pool.
 * @param pool - balances in token units, weights as fractions
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @returns tokenIn units per tokenOut unit
 * @throws {PoolError} `TOKEN_INDEX` for a bad pair
 * @example spotPrice({ balances: [1e6, 500], weights: [0.5, 0.5], swapFee: 0.003 }, 0, 1) // 2000
 */
export function spotPrice(pool: WeightedPoolState, tokenIn: number, tokenOut: number): number {
  checkPair(pool, tokenIn, tokenOut)
  return computeSpotPrice(
    pool.balances[tokenIn]!,
    pool.weights[tokenIn]!,
    pool.balances[tokenOut]!,
    pool.weights[tokenOut]!,
  )
}

/**
 * Units of `tokenIn` per unit of `tokenOut` at the margin, fee included: the fee-free spot price
 * divided by (1 - swapFee), since only (1 - swapFee) of the input moves the pool.
 * @param pool - balances in token units, weights and swapFee as fractions
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @returns tokenIn units per tokenOut unit, fee included
 * @throws {PoolError} `TOKEN_INDEX` for a bad pair
 * @example spotPriceWithFee({ balances: [1e6, 500], weights: [0.5, 0.5], swapFee: 0.1 }, 0, 1) // 2222.2…
 */
export function spotPriceWithFee(
  pool: WeightedPoolState,
  tokenIn: number,
  tokenOut: number,
): number {
  return spotPrice(pool, tokenIn, tokenOut) / (1 - pool.swapFee)
}

/**
 * Kernel of {@link spotPrice}: no checks, no allocation.
 * @param balanceIn - token units of the token paid in
 * @param weightIn - its normalized weight
 * @param balanceOut - token units of the token paid out
 * @param weightOut - its normalized weight
 * @returns tokenIn units per tokenOut unit, fee excluded
 */
export function computeSpotPrice(
  balanceIn: number,
  weightIn: number,
  balanceOut: number,
  weightOut: number,
): number {
  return (balanceIn * weightOut) / (balanceOut * weightIn)
}
