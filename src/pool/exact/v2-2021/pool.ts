/**
 * Balancer V2 first-generation weighted pools (2021), exact to the wei: raw amounts in and out,
 * the pool glue of that time (`BaseMinimalSwapInfoPool.onSwap`, `BasePool.onJoinPool/onExitPool`,
 * `WeightedPool._onJoinPool/_onExitPool` at balancer-v2-monorepo 70843e6a6) around the 2021
 * `./weightedMath.ts`. Pure functions over a {@link V2PoolState}; reverts are `PoolError`s with
 * our code and the contract's `BAL#` code as `protocolError`.
 *
 * Joins and exits also evaluate what the pool computes around the math: the invariant before
 * (for protocol fees) and `_invariantAfterJoin`/`_invariantAfterExit` (balances plus/minus the
 * amounts with checked arithmetic), so they revert where the contract would. Protocol swap fees of
 * that era (paid in the max-weight token on joins/exits) are not modelled, nor caller limits.
 * First-generation pools have no ALL_TOKENS_IN_FOR_EXACT_BPT_OUT join.
 */
import { add, sub } from '../fixedPoint.js'
import { checkAmount, checkAmounts, checkIndex, checkPair } from '../v2/checks.js'
import { asV2Error } from '../v2/errors.js'
import { computeProportionalAmountsOut } from '../v2/weightedMath.js'
import {
  addSwapFee,
  downscaleDown,
  downscaleUp,
  subtractSwapFee,
  upscale,
  upscaleArray,
} from '../v2/scaling.js'
import type { V2PoolState } from '../v2/types.js'
import {
  calcBptInGivenExactTokensOut,
  calcBptOutGivenExactTokensIn,
  calcInGivenOut,
  calcInvariant,
  calcOutGivenIn,
  calcTokenInGivenExactBptOut,
  calcTokenOutGivenExactBptIn,
} from './weightedMath.js'

/**
 * The pool's invariant (`getInvariant()`): prod(upscaled balance ^ weight), rounded down.
 * @param pool - a V2 pool state
 * @returns invariant, 18 decimals
 * @throws {PoolError} `ZERO_INVARIANT` (BAL#311); `ARITHMETIC` with its BAL code
 * @example computeInvariant(pool) // 14522954112745817663n
 */
export function computeInvariant(pool: V2PoolState): bigint {
  try {
    return calcInvariant(pool.weights, upscaleArray(pool.balancesRaw, pool.scalingFactors))
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * Raw units of `tokenOut` paid for `amountInRaw` of `tokenIn` (GIVEN_IN swap): fee off the raw
 * amount (`a - mulUp(a, fee)`), upscale, `calcOutGivenIn`, downscale rounding down.
 * @param pool - a V2 pool state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountInRaw - raw units of tokenIn, fee included
 * @returns raw units of tokenOut
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`; `MAX_IN_RATIO` (BAL#304); `ARITHMETIC`
 * @example outGivenIn(pool, 0, 1, 5732072618570n)
 */
export function outGivenIn(
  pool: V2PoolState,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
): bigint {
  checkPair(pool, tokenIn, tokenOut)
  checkAmount(amountInRaw, 'amountInRaw')
  try {
    const scalingIn = pool.scalingFactors[tokenIn]!
    const scalingOut = pool.scalingFactors[tokenOut]!
    // onSwap (2021): the fee comes off the raw amount before anything is upscaled.
    const amountInWithoutFee = subtractSwapFee(amountInRaw, pool.swapFee)
    const balanceIn = upscale(pool.balancesRaw[tokenIn]!, scalingIn)
    const balanceOut = upscale(pool.balancesRaw[tokenOut]!, scalingOut)
    const amountIn = upscale(amountInWithoutFee, scalingIn)
    const amountOut = calcOutGivenIn(
      balanceIn,
      pool.weights[tokenIn]!,
      balanceOut,
      pool.weights[tokenOut]!,
      amountIn,
    )
    return downscaleDown(amountOut, scalingOut)
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * Raw units of `tokenIn` to pay, fee included, for `amountOutRaw` of `tokenOut` (GIVEN_OUT swap):
 * upscale, `calcInGivenOut`, downscale rounding up, then add the fee (`divUp(a, 1 - fee)`).
 * @param pool - a V2 pool state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountOutRaw - raw units of tokenOut
 * @returns raw units of tokenIn, fee included
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`; `MAX_OUT_RATIO` (BAL#305); `ARITHMETIC`
 * @example inGivenOut(pool, 1, 0, 2685779399657n)
 */
export function inGivenOut(
  pool: V2PoolState,
  tokenIn: number,
  tokenOut: number,
  amountOutRaw: bigint,
): bigint {
  checkPair(pool, tokenIn, tokenOut)
  checkAmount(amountOutRaw, 'amountOutRaw')
  try {
    const scalingIn = pool.scalingFactors[tokenIn]!
    const scalingOut = pool.scalingFactors[tokenOut]!
    const balanceIn = upscale(pool.balancesRaw[tokenIn]!, scalingIn)
    const balanceOut = upscale(pool.balancesRaw[tokenOut]!, scalingOut)
    const amountIn = calcInGivenOut(
      balanceIn,
      pool.weights[tokenIn]!,
      balanceOut,
      pool.weights[tokenOut]!,
      upscale(amountOutRaw, scalingOut),
    )
    // Downscale (round up) first, then add the fee on the raw amount, as onSwap does.
    return addSwapFee(downscaleUp(amountIn, scalingIn), pool.swapFee)
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * BPT minted for exact raw amounts in (EXACT_TOKENS_IN_FOR_BPT_OUT); the fee applies to the
 * non-proportional part of each amount.
 * @param pool - a V2 pool state
 * @param amountsInRaw - raw units per token (0 allowed)
 * @returns BPT out, 18 decimals, rounded down
 * @throws {PoolError} `TOKEN_COUNT`, `AMOUNT_INVALID`; `ZERO_INVARIANT`; `ARITHMETIC`
 * @example joinExactTokensInForBptOut(pool, [10n ** 18n, 0n])
 */
export function joinExactTokensInForBptOut(
  pool: V2PoolState,
  amountsInRaw: readonly bigint[],
): bigint {
  checkAmounts(pool, amountsInRaw, 'amountsInRaw')
  try {
    const balances = beforeJoinExit(pool)
    const amountsIn = upscaleArray(amountsInRaw, pool.scalingFactors)
    const bptOut = calcBptOutGivenExactTokensIn(
      balances,
      pool.weights,
      amountsIn,
      pool.totalSupply,
      pool.swapFee,
    )
    afterJoin(balances, amountsIn, pool.weights)
    return bptOut
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * Raw units of one token to pay for an exact BPT out (TOKEN_IN_FOR_EXACT_BPT_OUT).
 * @param pool - a V2 pool state
 * @param tokenIndex - the token paid in
 * @param bptOutRaw - BPT to mint, 18 decimals
 * @returns raw units of the token, rounded up
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`; `MAX_INVARIANT_RATIO` (BAL#307
 *   MAX_OUT_BPT_FOR_TOKEN_IN) above 3x supply; `ARITHMETIC` (MUL_OVERFLOW near the limit)
 * @example joinTokenInForExactBptOut(pool, 0, 10n ** 18n)
 */
export function joinTokenInForExactBptOut(
  pool: V2PoolState,
  tokenIndex: number,
  bptOutRaw: bigint,
): bigint {
  checkIndex(pool, tokenIndex, 'tokenIndex')
  checkAmount(bptOutRaw, 'bptOutRaw')
  try {
    const balances = beforeJoinExit(pool)
    const amountIn = calcTokenInGivenExactBptOut(
      balances[tokenIndex]!,
      pool.weights[tokenIndex]!,
      bptOutRaw,
      pool.totalSupply,
      pool.swapFee,
    )
    afterJoin(balances, oneHot(balances.length, tokenIndex, amountIn), pool.weights)
    return downscaleUp(amountIn, pool.scalingFactors[tokenIndex]!)
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * Raw units of every token paid out for an exact BPT in, in proportion
 * (EXACT_BPT_IN_FOR_TOKENS_OUT, no fee).
 * @param pool - a V2 pool state
 * @param bptInRaw - BPT to burn, 18 decimals
 * @returns raw units per token, rounded down
 * @throws {PoolError} `AMOUNT_INVALID`; `ARITHMETIC` (SUB_OVERFLOW, BAL#001, when bptIn > supply:
 *   the amounts exceed the balances in `_invariantAfterExit`)
 * @example exitExactBptInForTokensOut(pool, 10n ** 18n)
 */
export function exitExactBptInForTokensOut(pool: V2PoolState, bptInRaw: bigint): bigint[] {
  checkAmount(bptInRaw, 'bptInRaw')
  try {
    const balances = beforeJoinExit(pool)
    // _calcTokensOutGivenExactBptIn: the same divDown/mulDown as the later BasePoolMath.
    const amountsOut = computeProportionalAmountsOut(balances, pool.totalSupply, bptInRaw)
    afterExit(balances, amountsOut, pool.weights)
    return amountsOut.map((amount, i) => downscaleDown(amount, pool.scalingFactors[i]!))
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * Raw units of one token paid out for an exact BPT in (EXACT_BPT_IN_FOR_ONE_TOKEN_OUT); the fee
 * applies to the (1 - weight) taxable share, what remains of it rounded down (2021).
 * @param pool - a V2 pool state
 * @param tokenIndex - the token paid out
 * @param bptInRaw - BPT to burn, 18 decimals
 * @returns raw units of the token, rounded down
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`; `MIN_INVARIANT_RATIO` (BAL#306
 *   MIN_BPT_IN_FOR_TOKEN_OUT) below 0.7x supply; `ARITHMETIC`
 * @example exitExactBptInForOneTokenOut(pool, 1, 10n ** 18n)
 */
export function exitExactBptInForOneTokenOut(
  pool: V2PoolState,
  tokenIndex: number,
  bptInRaw: bigint,
): bigint {
  checkIndex(pool, tokenIndex, 'tokenIndex')
  checkAmount(bptInRaw, 'bptInRaw')
  try {
    const balances = beforeJoinExit(pool)
    const amountOut = calcTokenOutGivenExactBptIn(
      balances[tokenIndex]!,
      pool.weights[tokenIndex]!,
      bptInRaw,
      pool.totalSupply,
      pool.swapFee,
    )
    afterExit(balances, oneHot(balances.length, tokenIndex, amountOut), pool.weights)
    return downscaleDown(amountOut, pool.scalingFactors[tokenIndex]!)
  } catch (error) {
    throw asV2Error(error)
  }
}

/**
 * BPT burnt for exact raw amounts out (BPT_IN_FOR_EXACT_TOKENS_OUT); the fee applies to the
 * non-proportional part of each amount.
 * @param pool - a V2 pool state
 * @param amountsOutRaw - raw units per token (0 allowed)
 * @returns BPT in, 18 decimals, rounded up
 * @throws {PoolError} `TOKEN_COUNT`, `AMOUNT_INVALID`; `ZERO_INVARIANT` when a balance is emptied;
 *   `ARITHMETIC` (SUB_OVERFLOW when an amount exceeds its balance or the BPT the supply)
 * @example exitBptInForExactTokensOut(pool, [10n ** 18n, 0n])
 */
export function exitBptInForExactTokensOut(
  pool: V2PoolState,
  amountsOutRaw: readonly bigint[],
): bigint {
  checkAmounts(pool, amountsOutRaw, 'amountsOutRaw')
  try {
    const balances = beforeJoinExit(pool)
    const amountsOut = upscaleArray(amountsOutRaw, pool.scalingFactors)
    const bptIn = calcBptInGivenExactTokensOut(
      balances,
      pool.weights,
      amountsOut,
      pool.totalSupply,
      pool.swapFee,
    )
    afterExit(balances, amountsOut, pool.weights)
    return bptIn
  } catch (error) {
    throw asV2Error(error)
  }
}

/** Upscaled balances, after the pre-join/exit invariant the 2021 pool computes for protocol fees. */
function beforeJoinExit(pool: V2PoolState): bigint[] {
  const balances = upscaleArray(pool.balancesRaw, pool.scalingFactors)
  calcInvariant(pool.weights, balances)
  return balances
}

/** `_invariantAfterJoin`: balances + amounts in (`FixedPoint.add`), invariant of the result. */
function afterJoin(
  balances: readonly bigint[],
  amountsIn: readonly bigint[],
  weights: readonly bigint[],
): void {
  calcInvariant(
    weights,
    balances.map((balance, i) => add(balance, amountsIn[i]!)),
  )
}

/** `_invariantAfterExit`: balances - amounts out (`FixedPoint.sub`), invariant of the result. */
function afterExit(
  balances: readonly bigint[],
  amountsOut: readonly bigint[],
  weights: readonly bigint[],
): void {
  calcInvariant(
    weights,
    balances.map((balance, i) => sub(balance, amountsOut[i]!)),
  )
}

function oneHot(n: number, index: number, amount: bigint): bigint[] {
  const amounts = new Array<bigint>(n).fill(0n)
  amounts[index] = amount
  return amounts
}
