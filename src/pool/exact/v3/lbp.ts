/**
 * Balancer V3 liquidity-bootstrapping pool (LBPool, 2025): a 2-token weighted pool whose
 * project-token weight moves linearly from its start to its end weight between `startTime` and
 * `endTime` (GradualValueChange, rounding down), the reserve token taking the rest. Swaps are
 * open only inside [startTime, endTime] (`SwapsDisabled`) and, when configured, the project token
 * can only be bought (`SwapOfProjectTokenIn`). Swaps run the same Vault path as the weighted pool.
 */
import { PoolError, fmt } from '../../../errors.js'
import { ONE, divDown, mulDown } from '../fixedPoint.js'
import { checkV3SwapFee, checkV3Tokens, checkV3Weights } from './pool.js'
import { toV3Error } from './protocolError.js'
import { checkV3Swap, swapExactInRaw, swapExactOutRaw } from './swap.js'
import type { SwapResult, V3LbpState, V3SwapRequest } from './types.js'

/**
 * Sale progress at `currentTime`, 18-decimal in [0, 1e18], rounded down
 * (`GradualValueChange.calculateValueChangeProgress`).
 * @param currentTime - Unix seconds
 * @param startTime - Unix seconds
 * @param endTime - Unix seconds
 * @returns 0 before the start, 1e18 from the end on, divDown(elapsed, total) between
 * @example calculateValueChangeProgress(150n, 100n, 200n) // 5e17
 */
export function calculateValueChangeProgress(
  currentTime: bigint,
  startTime: bigint,
  endTime: bigint,
): bigint {
  if (currentTime >= endTime) return ONE
  if (currentTime <= startTime) return 0n
  return divDown(currentTime - startTime, endTime - startTime)
}

/**
 * Linear interpolation between two 18-decimal values by an 18-decimal progress, the step rounded
 * down toward the start value (`GradualValueChange.interpolateValue`).
 * @param startValue - value at progress 0
 * @param endValue - value at progress 1e18
 * @param progress - 18-decimal in [0, 1e18]
 * @returns the interpolated value
 * @example interpolateValue(5n * 10n ** 17n, 9n * 10n ** 17n, 5n * 10n ** 17n) // 7e17
 */
export function interpolateValue(startValue: bigint, endValue: bigint, progress: bigint): bigint {
  if (progress >= ONE || startValue === endValue) return endValue
  if (progress === 0n) return startValue
  return startValue > endValue
    ? startValue - mulDown(progress, startValue - endValue)
    : startValue + mulDown(progress, endValue - startValue)
}

/**
 * Normalized weights of an LBP at its `currentTimestamp`: the project token's interpolated, the
 * reserve token's 1e18 minus it (LBPool `_getNormalizedWeights`).
 * @param lbp - the LBP state
 * @returns [weight of token 0, weight of token 1], 18-decimal, summing to 1e18
 * @example lbpWeights(lbp) // [815620551440614652n, 184379448559385348n]
 */
export function lbpWeights(lbp: V3LbpState): [bigint, bigint] {
  const project = lbp.projectTokenIndex
  const progress = calculateValueChangeProgress(lbp.currentTimestamp, lbp.startTime, lbp.endTime)
  const projectWeight = interpolateValue(
    lbp.startWeights[project]!,
    lbp.endWeights[project]!,
    progress,
  )
  return project === 0 ? [projectWeight, ONE - projectWeight] : [ONE - projectWeight, projectWeight]
}

/**
 * Whether the LBP's swaps are open: `startTime <= currentTimestamp <= endTime`.
 * @param lbp - the LBP state
 * @returns true inside the sale window
 * @example isLbpSwapEnabled(lbp) // true
 */
export function isLbpSwapEnabled(lbp: V3LbpState): boolean {
  return lbp.currentTimestamp >= lbp.startTime && lbp.currentTimestamp <= lbp.endTime
}

/**
 * Checks an LBP state: 2 tokens, project index 0 or 1, start and end weights valid, end after
 * start, swap fee in range.
 * @param lbp - the LBP state
 * @throws {PoolError} `TOKEN_COUNT`, `TOKEN_INDEX`, `WEIGHT_MIN`, `WEIGHT_SUM`, `WEIGHT_SCHEDULE`,
 *   `SWAP_FEE_RANGE`, `BALANCE_NON_POSITIVE`, `TOKEN_DECIMALS`, `AMOUNT_INVALID`
 * @example validateV3Lbp(lbp)
 */
export function validateV3Lbp(lbp: V3LbpState): void {
  if (lbp.startWeights.length !== 2 || lbp.endWeights.length !== 2)
    throw new PoolError(
      'TOKEN_COUNT',
      'an LBP has exactly 2 tokens (2 start and 2 end weights)',
      {},
    )
  checkV3Tokens(lbp, 2)
  if (lbp.projectTokenIndex !== 0 && lbp.projectTokenIndex !== 1)
    throw new PoolError(
      'TOKEN_INDEX',
      `projectTokenIndex ${String(lbp.projectTokenIndex)} is not 0 or 1`,
      {
        projectTokenIndex: lbp.projectTokenIndex,
      },
    )
  checkV3Weights(lbp.startWeights, 'startWeights')
  checkV3Weights(lbp.endWeights, 'endWeights')
  if (lbp.startTime > lbp.endTime)
    throw new PoolError(
      'WEIGHT_SCHEDULE',
      `startTime ${fmt(lbp.startTime)} is after endTime ${fmt(lbp.endTime)}`,
      { startTime: lbp.startTime, endTime: lbp.endTime },
      'InvalidStartTime',
    )
  checkV3SwapFee(lbp.swapFee)
}

// LBPool.onSwap's gates; the Vault reaches them after the fee and the first minimum-amount check,
// so they are handed to the swap kernel as a prepared revert rather than thrown here.
function lbpSwapRevert(lbp: V3LbpState, tokenOut: number): PoolError | undefined {
  if (!isLbpSwapEnabled(lbp))
    return new PoolError(
      'SWAPS_DISABLED',
      `swaps are open from ${fmt(lbp.startTime)} to ${fmt(lbp.endTime)}, not at ${fmt(lbp.currentTimestamp)}`,
      { currentTimestamp: lbp.currentTimestamp, startTime: lbp.startTime, endTime: lbp.endTime },
      'SwapsDisabled',
    )
  // "The project token must be the token out" (LBPool.onSwap).
  if (lbp.isProjectTokenSwapInBlocked && tokenOut !== lbp.projectTokenIndex)
    return new PoolError(
      'SWAPS_DISABLED',
      `this LBP only sells its project token (index ${String(lbp.projectTokenIndex)}); it cannot be swapped in`,
      { projectTokenIndex: lbp.projectTokenIndex },
      'SwapOfProjectTokenIn',
    )
  return undefined
}

function lbpSwapRaw(
  lbp: V3LbpState,
  isExactIn: boolean,
  tokenIn: number,
  tokenOut: number,
  amountRaw: bigint,
): bigint {
  checkV3Swap(2, tokenIn, tokenOut, amountRaw)
  try {
    const weights = lbpWeights(lbp)
    const { balancesRaw, scalingFactors, tokenRates } = lbp
    return (isExactIn ? swapExactInRaw : swapExactOutRaw)(
      amountRaw,
      balancesRaw[tokenIn]!,
      scalingFactors[tokenIn]!,
      tokenRates[tokenIn]!,
      weights[tokenIn]!,
      balancesRaw[tokenOut]!,
      scalingFactors[tokenOut]!,
      tokenRates[tokenOut]!,
      weights[tokenOut]!,
      lbp.swapFee,
      lbpSwapRevert(lbp, tokenOut),
    )
  } catch (error) {
    throw toV3Error(error)
  }
}

/**
 * Raw units of `tokenOut` an LBP pays for exactly `amountInRaw` of `tokenIn` at its
 * `currentTimestamp`.
 * @param lbp - a valid LBP state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountInRaw - raw units of `tokenIn`, > 0
 * @returns raw units of `tokenOut`
 * @throws {PoolError} `SWAPS_DISABLED` (`SwapsDisabled`, `SwapOfProjectTokenIn`), and as the
 *   weighted `outGivenIn`
 * @example lbpOutGivenIn(lbp, 0, 1, 10n ** 18n)
 */
export function lbpOutGivenIn(
  lbp: V3LbpState,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
): bigint {
  return lbpSwapRaw(lbp, true, tokenIn, tokenOut, amountInRaw)
}

/**
 * Raw units of `tokenIn` (fee included) an LBP takes to pay exactly `amountOutRaw` of `tokenOut`.
 * @param lbp - a valid LBP state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountOutRaw - raw units of `tokenOut`, > 0
 * @returns raw units of `tokenIn`
 * @throws {PoolError} `SWAPS_DISABLED`, and as the weighted `inGivenOut`
 * @example lbpInGivenOut(lbp, 0, 1, 10n ** 18n)
 */
export function lbpInGivenOut(
  lbp: V3LbpState,
  tokenIn: number,
  tokenOut: number,
  amountOutRaw: bigint,
): bigint {
  return lbpSwapRaw(lbp, false, tokenIn, tokenOut, amountOutRaw)
}

/**
 * An LBP swap of either kind, result shaped as the conformance vectors.
 * @param lbp - a valid LBP state
 * @param request - kind, tokenIn, tokenOut, amountRaw
 * @returns `{ amountOutRaw }` (EXACT_IN) or `{ amountInRaw }` (EXACT_OUT)
 * @throws {PoolError} as {@link lbpOutGivenIn} / {@link lbpInGivenOut}
 * @example lbpSwap(lbp, { kind: 'EXACT_IN', tokenIn: 0, tokenOut: 1, amountRaw: 10n ** 18n })
 */
export function lbpSwap(lbp: V3LbpState, request: V3SwapRequest): SwapResult {
  const { kind, tokenIn, tokenOut, amountRaw } = request
  return kind === 'EXACT_IN'
    ? { amountOutRaw: lbpOutGivenIn(lbp, tokenIn, tokenOut, amountRaw) }
    : { amountInRaw: lbpInGivenOut(lbp, tokenIn, tokenOut, amountRaw) }
}
