/**
 * Balancer V3 `BasePoolMath` (pkg/vault/contracts/BasePoolMath.sol at the launch deployment),
 * specialised to the weighted pool: `computeInvariant` and `computeBalance` are the weighted
 * pool's. Liquidity is priced by invariant ratios, and only the non-proportional ("taxable") part
 * of an add or remove pays the swap fee. All amounts are live scaled18; plain Solidity `+ - * /`
 * is checked (`add`, `sub`, `mul`, `div`). Kernels: callers validate and map errors (`toV3Error`).
 */
import { PoolError, fmt } from '../../../errors.js'
import {
  complement,
  div,
  divDown,
  divUp,
  mul,
  mulDivUp,
  mulDown,
  mulUp,
  sub,
  add,
} from '../fixedPoint.js'
import {
  V3_WEIGHTED_LIMITS,
  computeBalanceOutGivenInvariant,
  computeInvariantDown,
  computeInvariantUp,
} from './weightedMath.js'

/** BPT out of an unbalanced add and the swap fee charged per token (scaled18). */
export interface AddLiquidityUnbalancedResult {
  readonly bptAmountOut: bigint
  readonly swapFeeAmounts: bigint[]
}

/** Token in (fee included) of a single-token exact-out add and the swap fee per token. */
export interface AddLiquiditySingleTokenExactOutResult {
  readonly amountInWithFee: bigint
  readonly swapFeeAmounts: bigint[]
}

/** BPT in of a single-token exact-out remove and the swap fee per token. */
export interface RemoveLiquiditySingleTokenExactOutResult {
  readonly bptAmountIn: bigint
  readonly swapFeeAmounts: bigint[]
}

/** Token out (fee deducted) of a single-token exact-in remove and the swap fee per token. */
export interface RemoveLiquiditySingleTokenExactInResult {
  readonly amountOutWithFee: bigint
  readonly swapFeeAmounts: bigint[]
}

/**
 * Reverts `InvariantRatioAboveMax` when an add would raise the invariant above 3x.
 * @param invariantRatio - new / old invariant, 18-decimal
 * @throws {PoolError} `MAX_INVARIANT_RATIO` (`InvariantRatioAboveMax`)
 * @example ensureInvariantRatioBelowMaximumBound(2n * 10n ** 18n) // passes
 */
export function ensureInvariantRatioBelowMaximumBound(invariantRatio: bigint): void {
  const max = V3_WEIGHTED_LIMITS.MAX_INVARIANT_RATIO
  if (invariantRatio > max)
    throw new PoolError(
      'MAX_INVARIANT_RATIO',
      `invariant ratio ${fmt(invariantRatio)} is above the maximum ${fmt(max)}`,
      { invariantRatio, maxInvariantRatio: max },
      'InvariantRatioAboveMax',
    )
}

/**
 * Reverts `InvariantRatioBelowMin` when a remove would lower the invariant below 0.7x.
 * @param invariantRatio - new / old invariant, 18-decimal
 * @throws {PoolError} `MIN_INVARIANT_RATIO` (`InvariantRatioBelowMin`)
 * @example ensureInvariantRatioAboveMinimumBound(9n * 10n ** 17n) // passes
 */
export function ensureInvariantRatioAboveMinimumBound(invariantRatio: bigint): void {
  const min = V3_WEIGHTED_LIMITS.MIN_INVARIANT_RATIO
  if (invariantRatio < min)
    throw new PoolError(
      'MIN_INVARIANT_RATIO',
      `invariant ratio ${fmt(invariantRatio)} is below the minimum ${fmt(min)}`,
      { invariantRatio, minInvariantRatio: min },
      'InvariantRatioBelowMin',
    )
}

/**
 * Proportional amounts out for burning `bptAmountIn`: floor(b_i * bptIn / totalSupply)
 * (`computeProportionalAmountsOut`).
 * @param balances - live balances, scaled18
 * @param totalSupply - BPT supply, 18-decimal
 * @param bptAmountIn - BPT burned, 18-decimal
 * @returns amounts out, scaled18
 * @throws {PoolError} `ARITHMETIC` on overflow or a zero supply
 * @example computeProportionalAmountsOut([10n, 20n], 10n, 5n) // [5n, 10n]
 */
export function computeProportionalAmountsOut(
  balances: readonly bigint[],
  totalSupply: bigint,
  bptAmountIn: bigint,
): bigint[] {
  return balances.map((balance) => div(mul(balance, bptAmountIn), totalSupply))
}

/**
 * Proportional amounts in for minting `bptAmountOut`: ceil(b_i * bptOut / totalSupply)
 * (`computeProportionalAmountsIn`).
 * @param balances - live balances, scaled18
 * @param totalSupply - BPT supply, 18-decimal
 * @param bptAmountOut - BPT minted, 18-decimal
 * @returns amounts in, scaled18
 * @throws {PoolError} `ARITHMETIC` on overflow or a zero supply (`ZeroDivision`)
 * @example computeProportionalAmountsIn([10n, 20n], 10n, 5n) // [5n, 10n]
 */
export function computeProportionalAmountsIn(
  balances: readonly bigint[],
  totalSupply: bigint,
  bptAmountOut: bigint,
): bigint[] {
  return balances.map((balance) => mulDivUp(balance, bptAmountOut, totalSupply))
}

/**
 * BPT out for adding exact amounts (`computeAddLiquidityUnbalanced`): the invariant ratio of the
 * new balances (each less 1 wei, undoing the Vault's round-up) prices the add; the part of each
 * amount above the proportional share pays the fee; BPT = supply * (I_fee - I) / I.
 * @param balances - live balances, scaled18 (loaded rounding up)
 * @param exactAmounts - amounts in, scaled18 (rounded down)
 * @param totalSupply - BPT supply, 18-decimal
 * @param swapFee - static swap fee, 18-decimal
 * @param weights - normalized weights, 18-decimal
 * @returns BPT out (18-decimal) and the fee per token (scaled18)
 * @throws {PoolError} `MAX_INVARIANT_RATIO`, `ZERO_INVARIANT`, `ARITHMETIC`
 * @example computeAddLiquidityUnbalanced(balances, amounts, supply, fee, weights).bptAmountOut
 */
export function computeAddLiquidityUnbalanced(
  balances: readonly bigint[],
  exactAmounts: readonly bigint[],
  totalSupply: bigint,
  swapFee: bigint,
  weights: readonly bigint[],
): AddLiquidityUnbalancedResult {
  const n = balances.length
  const newBalances = new Array<bigint>(n)
  const swapFeeAmounts = new Array<bigint>(n).fill(0n)
  for (let i = 0; i < n; i++) newBalances[i] = sub(add(balances[i]!, exactAmounts[i]!), 1n)
  const currentInvariant = computeInvariantUp(weights, balances)
  const invariantRatio = divDown(computeInvariantDown(weights, newBalances), currentInvariant)
  ensureInvariantRatioBelowMaximumBound(invariantRatio)
  for (let i = 0; i < n; i++) {
    const proportionalTokenBalance = mulDown(invariantRatio, balances[i]!)
    if (newBalances[i]! > proportionalTokenBalance) {
      const taxableAmount = newBalances[i]! - proportionalTokenBalance
      swapFeeAmounts[i] = mulUp(taxableAmount, swapFee)
      newBalances[i] = sub(newBalances[i]!, swapFeeAmounts[i]!)
    }
  }
  const invariantWithFeesApplied = computeInvariantDown(weights, newBalances)
  // A negative difference (fees eating the whole gain on a tiny add) reverts: Panic(0x11).
  const bptAmountOut = div(
    mul(totalSupply, sub(invariantWithFeesApplied, currentInvariant)),
    currentInvariant,
  )
  return { bptAmountOut, swapFeeAmounts }
}

/**
 * Token in (fee included) to mint exactly `exactBptAmountOut` with one token
 * (`computeAddLiquiditySingleTokenExactOut`): ratio = divUp(newSupply, supply), the balance that
 * reaches it, and the fee grossed up on the part above newSupply * b / supply.
 * @param balances - live balances, scaled18 (loaded rounding up)
 * @param tokenInIndex - index of the token paid in
 * @param exactBptAmountOut - BPT minted, 18-decimal
 * @param totalSupply - BPT supply, 18-decimal
 * @param swapFee - static swap fee, 18-decimal
 * @param weights - normalized weights, 18-decimal
 * @returns amount in with fee and the fee per token, scaled18
 * @throws {PoolError} `MAX_INVARIANT_RATIO`, `ARITHMETIC`
 * @example computeAddLiquiditySingleTokenExactOut(balances, 0, bpt, supply, fee, weights)
 */
export function computeAddLiquiditySingleTokenExactOut(
  balances: readonly bigint[],
  tokenInIndex: number,
  exactBptAmountOut: bigint,
  totalSupply: bigint,
  swapFee: bigint,
  weights: readonly bigint[],
): AddLiquiditySingleTokenExactOutResult {
  const newSupply = add(exactBptAmountOut, totalSupply)
  const invariantRatio = divUp(newSupply, totalSupply)
  ensureInvariantRatioBelowMaximumBound(invariantRatio)
  const balance = balances[tokenInIndex]!
  const newBalance = computeBalanceOutGivenInvariant(
    balance,
    weights[tokenInIndex]!,
    invariantRatio,
  )
  const amountIn = sub(newBalance, balance)
  // Plain integer product and division, as deployed (balancer-maths 0.0.41 uses mulDown/divDown
  // here and can be 1 wei high: conformance README, oracle deviation 3).
  const nonTaxableBalance = div(mul(newSupply, balance), totalSupply)
  const taxableAmount = sub(newBalance, nonTaxableBalance)
  const fee = sub(divUp(taxableAmount, complement(swapFee)), taxableAmount)
  const swapFeeAmounts = new Array<bigint>(balances.length).fill(0n)
  swapFeeAmounts[tokenInIndex] = fee
  return { amountInWithFee: add(amountIn, fee), swapFeeAmounts }
}

/**
 * BPT in to take exactly `exactAmountOut` of one token (`computeRemoveLiquiditySingleTokenExactOut`):
 * balances less 1 wei each, the round-up invariant ratio, the fee grossed up on the taxable part,
 * BPT = mulDivUp(supply, I - I_fee, I).
 * @param balances - live balances, scaled18 (loaded rounding down)
 * @param tokenOutIndex - index of the token paid out
 * @param exactAmountOut - amount out, scaled18 (rounded up)
 * @param totalSupply - BPT supply, 18-decimal
 * @param swapFee - static swap fee, 18-decimal
 * @param weights - normalized weights, 18-decimal
 * @returns BPT in (18-decimal) and the fee per token (scaled18)
 * @throws {PoolError} `MIN_INVARIANT_RATIO`, `ZERO_INVARIANT`, `ARITHMETIC`
 * @example computeRemoveLiquiditySingleTokenExactOut(balances, 1, amount, supply, fee, weights)
 */
export function computeRemoveLiquiditySingleTokenExactOut(
  balances: readonly bigint[],
  tokenOutIndex: number,
  exactAmountOut: bigint,
  totalSupply: bigint,
  swapFee: bigint,
  weights: readonly bigint[],
): RemoveLiquiditySingleTokenExactOutResult {
  const n = balances.length
  const newBalances = new Array<bigint>(n)
  for (let i = 0; i < n; i++) newBalances[i] = sub(balances[i]!, 1n)
  newBalances[tokenOutIndex] = sub(newBalances[tokenOutIndex]!, exactAmountOut)
  const currentInvariant = computeInvariantUp(weights, balances)
  const invariantRatio = divUp(computeInvariantUp(weights, newBalances), currentInvariant)
  ensureInvariantRatioAboveMinimumBound(invariantRatio)
  const taxableAmount = sub(
    mulUp(invariantRatio, balances[tokenOutIndex]!),
    newBalances[tokenOutIndex],
  )
  const fee = sub(divUp(taxableAmount, complement(swapFee)), taxableAmount)
  newBalances[tokenOutIndex] = sub(newBalances[tokenOutIndex], fee)
  const invariantWithFeesApplied = computeInvariantDown(weights, newBalances)
  const swapFeeAmounts = new Array<bigint>(n).fill(0n)
  swapFeeAmounts[tokenOutIndex] = fee
  const bptAmountIn = mulDivUp(
    totalSupply,
    sub(currentInvariant, invariantWithFeesApplied),
    currentInvariant,
  )
  return { bptAmountIn, swapFeeAmounts }
}

/**
 * Token out (fee deducted) for burning exactly `exactBptAmountIn` (`computeRemoveLiquiditySingleTokenExactIn`):
 * ratio = divUp(newSupply, supply), the balance that reaches it, the fee on the part beyond the
 * proportional balance mulDivUp(newSupply, b, supply).
 * @param balances - live balances, scaled18 (loaded rounding down)
 * @param tokenOutIndex - index of the token paid out
 * @param exactBptAmountIn - BPT burned, 18-decimal
 * @param totalSupply - BPT supply, 18-decimal
 * @param swapFee - static swap fee, 18-decimal
 * @param weights - normalized weights, 18-decimal
 * @returns amount out with fee deducted and the fee per token, scaled18
 * @throws {PoolError} `MIN_INVARIANT_RATIO`, `ARITHMETIC`
 * @example computeRemoveLiquiditySingleTokenExactIn(balances, 1, bpt, supply, fee, weights)
 */
export function computeRemoveLiquiditySingleTokenExactIn(
  balances: readonly bigint[],
  tokenOutIndex: number,
  exactBptAmountIn: bigint,
  totalSupply: bigint,
  swapFee: bigint,
  weights: readonly bigint[],
): RemoveLiquiditySingleTokenExactInResult {
  const newSupply = sub(totalSupply, exactBptAmountIn)
  const invariantRatio = divUp(newSupply, totalSupply)
  ensureInvariantRatioAboveMinimumBound(invariantRatio)
  const balance = balances[tokenOutIndex]!
  const newBalance = computeBalanceOutGivenInvariant(
    balance,
    weights[tokenOutIndex]!,
    invariantRatio,
  )
  const amountOut = sub(balance, newBalance)
  const newBalanceBeforeTax = mulDivUp(newSupply, balance, totalSupply)
  const taxableAmount = sub(newBalanceBeforeTax, newBalance)
  const fee = mulUp(taxableAmount, swapFee)
  const swapFeeAmounts = new Array<bigint>(balances.length).fill(0n)
  swapFeeAmounts[tokenOutIndex] = fee
  return { amountOutWithFee: sub(amountOut, fee), swapFeeAmounts }
}
