/**
 * Balancer V3 swaps through the Vault, in raw token units, as deployed at launch (Vault.sol
 * `swap`/`_swap`, WeightedPool `onSwap`): live balances scaled18 rounding down, the given amount
 * scaled (down for exact in, up with the rate rounded up for exact out), the swap fee taken on the
 * scaled18 amount, the 1e6 minimum trade amount on both sides, the result scaled back rounding in
 * the pool's favour.
 */
import { checkBigintFields } from '../bigintFields.js'
import { PoolError, fmt } from '../../../errors.js'
import { add, complement, mulDivUp, mulUp } from '../fixedPoint.js'
import { toV3Error } from './protocolError.js'
import {
  computeRateRoundUp,
  ensureValidSwapAmount,
  toRawUndoRateRoundDown,
  toRawUndoRateRoundUp,
  toScaled18ApplyRateRoundDown,
  toScaled18ApplyRateRoundUp,
} from './scaling.js'
import type { SwapResult, V3PoolState, V3SwapRequest } from './types.js'
import { computeInGivenExactOut, computeOutGivenExactIn } from './weightedMath.js'

/**
 * Checks a swap's token pair and given amount, as the Vault does before any math.
 * @param count - number of tokens in the pool
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountRaw - the given amount, raw units
 * @throws {PoolError} `TOKEN_INDEX`; `AMOUNT_INVALID` for a negative amount, or zero
 *   (`AmountGivenZero`)
 * @example checkV3Swap(2, 0, 1, 10n)
 */
export function checkV3Swap(
  count: number,
  tokenIn: number,
  tokenOut: number,
  amountRaw: bigint,
): void {
  // The Vault checks the amount first (AmountGivenZero), then the pair (CannotSwapSameToken).
  if (amountRaw <= 0n)
    throw new PoolError(
      'AMOUNT_INVALID',
      `given amount ${fmt(amountRaw)} is not > 0`,
      { amountRaw },
      amountRaw === 0n ? 'AmountGivenZero' : undefined,
    )
  if (
    !Number.isInteger(tokenIn) ||
    !Number.isInteger(tokenOut) ||
    tokenIn < 0 ||
    tokenOut < 0 ||
    tokenIn >= count ||
    tokenOut >= count ||
    tokenIn === tokenOut
  )
    throw new PoolError(
      'TOKEN_INDEX',
      `token pair ${String(tokenIn)} -> ${String(tokenOut)} is not two distinct indices below ${String(count)}`,
      { tokenIn, tokenOut, count },
      tokenIn === tokenOut ? 'CannotSwapSameToken' : 'TokenNotRegistered',
    )
}

/**
 * Kernel of an exact-in swap in raw units: the Vault path around `computeOutGivenExactIn`.
 * Positional, no allocation, no validation, version-neutral arithmetic errors.
 * @param amountInRaw - raw units of the token in, fee included, > 0
 * @param balanceInRaw - raw balance of the token in
 * @param scalingFactorIn - 10^(18 - decimals) of the token in
 * @param rateIn - 18-decimal rate of the token in
 * @param weightIn - normalized weight of the token in, 18-decimal
 * @param balanceOutRaw - raw balance of the token out
 * @param scalingFactorOut - 10^(18 - decimals) of the token out
 * @param rateOut - 18-decimal rate of the token out
 * @param weightOut - normalized weight of the token out, 18-decimal
 * @param swapFee - 18-decimal
 * @param poolRevert - a revert of the pool's own `onSwap` checks (LBP gates), thrown where
 *   `onSwap` runs: after the fee and the first minimum-amount check, before the math
 * @returns raw units of the token out the user receives
 * @throws {PoolError} `TRADE_AMOUNT_TOO_SMALL`, `MAX_IN_RATIO`, `ARITHMETIC` (unmapped)
 * @example swapExactInRaw(10n ** 18n, 10n ** 20n, 1n, ONE, W, 10n ** 20n, 1n, ONE, W, 10n ** 15n)
 */
export function swapExactInRaw(
  amountInRaw: bigint,
  balanceInRaw: bigint,
  scalingFactorIn: bigint,
  rateIn: bigint,
  weightIn: bigint,
  balanceOutRaw: bigint,
  scalingFactorOut: bigint,
  rateOut: bigint,
  weightOut: bigint,
  swapFee: bigint,
  poolRevert?: PoolError,
): bigint {
  // Swaps load live balances rounding down (PoolDataLib.load with ROUND_DOWN).
  const balanceIn = toScaled18ApplyRateRoundDown(balanceInRaw, scalingFactorIn, rateIn)
  const balanceOut = toScaled18ApplyRateRoundDown(balanceOutRaw, scalingFactorOut, rateOut)
  const amountGiven = toScaled18ApplyRateRoundDown(amountInRaw, scalingFactorIn, rateIn)
  // Fee rounded up, on the scaled18 amount; fee < 100 % so the difference stays >= 0.
  const amountIn = amountGiven - mulUp(amountGiven, swapFee)
  ensureValidSwapAmount(amountIn)
  if (poolRevert) throw poolRevert
  const amountOut = computeOutGivenExactIn(balanceIn, weightIn, balanceOut, weightOut, amountIn)
  ensureValidSwapAmount(amountOut)
  // Leaving the Vault: round down, with the rate rounded up.
  return toRawUndoRateRoundDown(amountOut, scalingFactorOut, computeRateRoundUp(rateOut))
}

/**
 * Kernel of an exact-out swap in raw units: the Vault path around `computeInGivenExactOut`, with
 * the fee grossed up as mulDivUp(amountIn, fee, 1 - fee). Positional, no allocation.
 * @param amountOutRaw - raw units of the token out, > 0
 * @param balanceInRaw - raw balance of the token in
 * @param scalingFactorIn - 10^(18 - decimals) of the token in
 * @param rateIn - 18-decimal rate of the token in
 * @param weightIn - normalized weight of the token in, 18-decimal
 * @param balanceOutRaw - raw balance of the token out
 * @param scalingFactorOut - 10^(18 - decimals) of the token out
 * @param rateOut - 18-decimal rate of the token out
 * @param weightOut - normalized weight of the token out, 18-decimal
 * @param swapFee - 18-decimal
 * @param poolRevert - as in {@link swapExactInRaw}
 * @returns raw units of the token in the user pays, fee included
 * @throws {PoolError} `TRADE_AMOUNT_TOO_SMALL`, `MAX_OUT_RATIO`, `ARITHMETIC` (unmapped)
 * @example swapExactOutRaw(10n ** 18n, 10n ** 20n, 1n, ONE, W, 10n ** 20n, 1n, ONE, W, 10n ** 15n)
 */
export function swapExactOutRaw(
  amountOutRaw: bigint,
  balanceInRaw: bigint,
  scalingFactorIn: bigint,
  rateIn: bigint,
  weightIn: bigint,
  balanceOutRaw: bigint,
  scalingFactorOut: bigint,
  rateOut: bigint,
  weightOut: bigint,
  swapFee: bigint,
  poolRevert?: PoolError,
): bigint {
  const balanceIn = toScaled18ApplyRateRoundDown(balanceInRaw, scalingFactorIn, rateIn)
  const balanceOut = toScaled18ApplyRateRoundDown(balanceOutRaw, scalingFactorOut, rateOut)
  // The given amount out is scaled up, with the rate rounded up: the user pays for the rounding.
  const amountOut = toScaled18ApplyRateRoundUp(
    amountOutRaw,
    scalingFactorOut,
    computeRateRoundUp(rateOut),
  )
  ensureValidSwapAmount(amountOut)
  if (poolRevert) throw poolRevert
  const amountIn = computeInGivenExactOut(balanceIn, weightIn, balanceOut, weightOut, amountOut)
  ensureValidSwapAmount(amountIn)
  const amountInWithFee = add(amountIn, mulDivUp(amountIn, swapFee, complement(swapFee)))
  // Entering the Vault: round up.
  return toRawUndoRateRoundUp(amountInWithFee, scalingFactorIn, rateIn)
}

/**
 * Raw units of `tokenOut` a V3 weighted pool pays for exactly `amountInRaw` of `tokenIn`, as the
 * Vault's exact-in swap returns it (fee included in the amount in).
 * @param pool - a valid V3 pool state (see `createV3Pool`)
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountInRaw - raw units of `tokenIn`, > 0
 * @returns raw units of `tokenOut`
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID` (`AmountGivenZero`),
 *   `TRADE_AMOUNT_TOO_SMALL` (`TradeAmountTooSmall`), `MAX_IN_RATIO` (`MaxInRatio`),
 *   `ARITHMETIC` (`Panic(0x11)`, ...)
 * @example outGivenIn(pool, 0, 1, 1_000_000n) // raw units of token 1
 */
export function outGivenIn(
  pool: V3PoolState,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
): bigint {
  const { balancesRaw, scalingFactors, tokenRates, weights } = pool
  checkV3Swap(weights.length, tokenIn, tokenOut, amountInRaw)
  try {
    return swapExactInRaw(
      amountInRaw,
      balancesRaw[tokenIn]!,
      scalingFactors[tokenIn]!,
      tokenRates[tokenIn]!,
      weights[tokenIn]!,
      balancesRaw[tokenOut]!,
      scalingFactors[tokenOut]!,
      tokenRates[tokenOut]!,
      weights[tokenOut]!,
      pool.swapFee,
    )
  } catch (error) {
    throw toV3Error(error)
  }
}

/**
 * Raw units of `tokenIn` (fee included) a V3 weighted pool takes to pay exactly `amountOutRaw` of
 * `tokenOut`, as the Vault's exact-out swap returns it.
 * @param pool - a valid V3 pool state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountOutRaw - raw units of `tokenOut`, > 0
 * @returns raw units of `tokenIn`
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`, `TRADE_AMOUNT_TOO_SMALL`,
 *   `MAX_OUT_RATIO` (`MaxOutRatio`), `ARITHMETIC`
 * @example inGivenOut(pool, 0, 1, 1_000_000n) // raw units of token 0
 */
export function inGivenOut(
  pool: V3PoolState,
  tokenIn: number,
  tokenOut: number,
  amountOutRaw: bigint,
): bigint {
  const { balancesRaw, scalingFactors, tokenRates, weights } = pool
  checkV3Swap(weights.length, tokenIn, tokenOut, amountOutRaw)
  try {
    return swapExactOutRaw(
      amountOutRaw,
      balancesRaw[tokenIn]!,
      scalingFactors[tokenIn]!,
      tokenRates[tokenIn]!,
      weights[tokenIn]!,
      balancesRaw[tokenOut]!,
      scalingFactors[tokenOut]!,
      tokenRates[tokenOut]!,
      weights[tokenOut]!,
      pool.swapFee,
    )
  } catch (error) {
    throw toV3Error(error)
  }
}

/**
 * A swap request of either kind, result shaped as the conformance vectors: `{ amountOutRaw }` for
 * `EXACT_IN`, `{ amountInRaw }` for `EXACT_OUT`.
 * @param pool - a valid V3 pool state
 * @param request - kind, tokenIn, tokenOut, amountRaw
 * @returns the calculated amount
 * @throws {PoolError} as {@link outGivenIn} / {@link inGivenOut}
 * @throws {InputError} `BAD_PARAMETER` when `amountRaw` is not a bigint
 * @example swap(pool, { kind: 'EXACT_IN', tokenIn: 0, tokenOut: 1, amountRaw: 10n ** 18n })
 */
export function swap(pool: V3PoolState, request: V3SwapRequest): SwapResult {
  checkBigintFields(request, ['amountRaw'])
  const { kind, tokenIn, tokenOut, amountRaw } = request
  return kind === 'EXACT_IN'
    ? { amountOutRaw: outGivenIn(pool, tokenIn, tokenOut, amountRaw) }
    : { amountInRaw: inGivenOut(pool, tokenIn, tokenOut, amountRaw) }
}

/**
 * The pool state after a swap settled in raw units: the amount in added to its balance, the amount
 * out taken from its balance (the Vault's bookkeeping with no protocol/creator fee share).
 * @param pool - the state before the swap
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountInRaw - raw units paid in, fee included
 * @param amountOutRaw - raw units paid out
 * @returns a new state; `pool` is not changed
 * @example applySwap(pool, 0, 1, amountIn, outGivenIn(pool, 0, 1, amountIn))
 */
export function applySwap(
  pool: V3PoolState,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
  amountOutRaw: bigint,
): V3PoolState {
  const balancesRaw = [...pool.balancesRaw]
  balancesRaw[tokenIn] = balancesRaw[tokenIn]! + amountInRaw
  balancesRaw[tokenOut] = balancesRaw[tokenOut]! - amountOutRaw
  return { ...pool, balancesRaw }
}
