/**
 * Balancer V2 `WeightedMath` as in balancer-v2-monorepo master (WeightedPool V2/V3/V4 of
 * 2022-2023, ManagedPool, 2022+ LBPs), on upscaled 18-decimal `bigint`s, step for step with the
 * Solidity: same rounding per step, same checked arithmetic, same reverts. Kernels: no input
 * validation (the pool layer in `./pool.ts` does it); arithmetic errors come out version-neutral
 * and the pool layer attaches the `BAL#` code.
 *
 * Against the 2021 math (`../v2-2021/weightedMath.ts`): `powDown`/`powUp` shortcut exponents 1, 2
 * and 4; zero amounts are skipped in the multi-token join/exit loops (2021 multiplied in
 * `powDown(1e18, w)`, slightly below 1); the join fee is `mulUp(taxable, fee)` subtracted (2021:
 * `mulDown(taxable, 1 - fee)`); the single-token exit keeps `mulUp(taxable, 1 - fee)` (2021:
 * `mulDown`); the non-taxable part is 0 instead of a revert when the weighted ratio is <= 1.
 */
import {
  ONE,
  add,
  complement,
  divDown,
  divUp,
  mulDown,
  mulUp,
  powDown,
  powUp,
  sub,
} from '../fixedPoint.js'
import {
  maxInRatioError,
  maxInvariantRatioError,
  maxOutRatioError,
  minInvariantRatioError,
  zeroInvariantError,
} from './errors.js'

/** Largest swap in (and out) as a fraction of the balance: 0.3e18. */
export const MAX_IN_RATIO = 300000000000000000n
/** Largest swap out as a fraction of the balance out: 0.3e18. */
export const MAX_OUT_RATIO = 300000000000000000n
/** Largest invariant growth of a single-token join with exact BPT out: 3e18. */
export const MAX_INVARIANT_RATIO = 3000000000000000000n
/** Smallest invariant ratio of a single-token exit with exact BPT in: 0.7e18. */
export const MIN_INVARIANT_RATIO = 700000000000000000n

/**
 * Invariant prod(b_i ^ w_i), each factor `powDown`, accumulated with `mulDown`.
 * @param weights - normalized weights, 18 decimals
 * @param balances - upscaled balances, 18 decimals
 * @returns the invariant, 18 decimals, rounded down
 * @throws {PoolError} `ZERO_INVARIANT` (BAL#311) when it rounds to 0; `ARITHMETIC` on overflow
 * @example calcInvariant([5n * 10n ** 17n, 5n * 10n ** 17n], [4n * 10n ** 18n, 9n * 10n ** 18n])
 */
export function calcInvariant(weights: readonly bigint[], balances: readonly bigint[]): bigint {
  let invariant = ONE
  for (let i = 0; i < weights.length; i++) {
    invariant = mulDown(invariant, powDown(balances[i]!, weights[i]!))
  }
  if (invariant === 0n) throw zeroInvariantError()
  return invariant
}

/**
 * Amount out for an exact amount in (fee already taken off):
 * out = bO * (1 - (bI / (bI + aI))^(wI / wO)), base `divUp`, exponent `divDown`, `powUp`.
 * @param balanceIn - upscaled balance of token in, 18 decimals
 * @param weightIn - normalized weight, 18 decimals
 * @param balanceOut - upscaled balance of token out
 * @param weightOut - normalized weight
 * @param amountIn - upscaled amount in after the fee
 * @returns upscaled amount out, rounded down
 * @throws {PoolError} `MAX_IN_RATIO` (BAL#304) above 30 % of balanceIn; `ARITHMETIC`
 * @example calcOutGivenIn(100n * ONE, ONE / 2n, 100n * ONE, ONE / 2n, 10n * ONE)
 */
export function calcOutGivenIn(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountIn: bigint,
): bigint {
  if (amountIn > mulDown(balanceIn, MAX_IN_RATIO)) throw maxInRatioError(amountIn, balanceIn)
  const denominator = add(balanceIn, amountIn)
  const base = divUp(balanceIn, denominator)
  const exponent = divDown(weightIn, weightOut)
  const power = powUp(base, exponent)
  return mulDown(balanceOut, complement(power))
}

/**
 * Amount in (before the fee) for an exact amount out:
 * in = bI * ((bO / (bO - aO))^(wO / wI) - 1), base and exponent `divUp`, `powUp`, `mulUp`.
 * @param balanceIn - upscaled balance of token in, 18 decimals
 * @param weightIn - normalized weight
 * @param balanceOut - upscaled balance of token out
 * @param weightOut - normalized weight
 * @param amountOut - upscaled amount out
 * @returns upscaled amount in without fee, rounded up
 * @throws {PoolError} `MAX_OUT_RATIO` (BAL#305) above 30 % of balanceOut; `ARITHMETIC`
 * @example calcInGivenOut(100n * ONE, ONE / 2n, 100n * ONE, ONE / 2n, 10n * ONE)
 */
export function calcInGivenOut(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountOut: bigint,
): bigint {
  if (amountOut > mulDown(balanceOut, MAX_OUT_RATIO)) throw maxOutRatioError(amountOut, balanceOut)
  const base = divUp(balanceOut, sub(balanceOut, amountOut))
  const exponent = divUp(weightOut, weightIn)
  const power = powUp(base, exponent)
  const ratio = sub(power, ONE)
  return mulUp(balanceIn, ratio)
}

/**
 * BPT out for exact amounts in (EXACT_TOKENS_IN_FOR_BPT_OUT). The swap fee is charged on the part
 * of each amount above the proportional share (the invariant ratio with fees); zero amounts are
 * skipped.
 * @param balances - upscaled balances, 18 decimals
 * @param weights - normalized weights
 * @param amountsIn - upscaled amounts in, one per token (0 allowed)
 * @param totalSupply - BPT supply, 18 decimals
 * @param swapFee - 18 decimals
 * @returns BPT out, rounded down (0 if the invariant ratio is not above 1)
 * @throws {PoolError} `ARITHMETIC`
 * @example calcBptOutGivenExactTokensIn([ONE, ONE], [ONE / 2n, ONE / 2n], [ONE, ONE], ONE, 0n)
 */
export function calcBptOutGivenExactTokensIn(
  balances: readonly bigint[],
  weights: readonly bigint[],
  amountsIn: readonly bigint[],
  totalSupply: bigint,
  swapFee: bigint,
): bigint {
  const n = balances.length
  const balanceRatiosWithFee = new Array<bigint>(n)
  let invariantRatioWithFees = 0n
  for (let i = 0; i < n; i++) {
    const ratio = divDown(add(balances[i]!, amountsIn[i]!), balances[i]!)
    balanceRatiosWithFee[i] = ratio
    invariantRatioWithFees = add(invariantRatioWithFees, mulDown(ratio, weights[i]!))
  }
  let invariantRatio = ONE
  for (let i = 0; i < n; i++) {
    const balance = balances[i]!
    const amountIn = amountsIn[i]!
    let amountInWithoutFee: bigint
    if (balanceRatiosWithFee[i]! > invariantRatioWithFees) {
      // Only the amount above the proportional share pays the fee (fee rounded up).
      const nonTaxableAmount =
        invariantRatioWithFees > ONE ? mulDown(balance, invariantRatioWithFees - ONE) : 0n
      const swapFeeAmount = mulUp(sub(amountIn, nonTaxableAmount), swapFee)
      amountInWithoutFee = sub(amountIn, swapFeeAmount)
    } else {
      amountInWithoutFee = amountIn
      if (amountInWithoutFee === 0n) continue // 2022+: zero amounts leave the ratio untouched
    }
    const balanceRatio = divDown(add(balance, amountInWithoutFee), balance)
    invariantRatio = mulDown(invariantRatio, powDown(balanceRatio, weights[i]!))
  }
  return invariantRatio > ONE ? mulDown(totalSupply, invariantRatio - ONE) : 0n
}

/**
 * Token in for an exact BPT out (TOKEN_IN_FOR_EXACT_BPT_OUT):
 * amount = b * ((1 + bptOut / supply)^(1 / w) - 1), fee on the (1 - w) taxable share.
 * @param balance - upscaled balance of the token in, 18 decimals
 * @param weight - its normalized weight
 * @param bptOut - BPT out, 18 decimals
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns upscaled amount in, rounded up
 * @throws {PoolError} `MAX_INVARIANT_RATIO` (BAL#307) when the supply would grow above 3x;
 *   `ARITHMETIC` (e.g. MUL_OVERFLOW for a 1 % weight near the limit)
 * @example calcTokenInGivenExactBptOut(ONE, ONE / 2n, ONE, ONE, 0n)
 */
export function calcTokenInGivenExactBptOut(
  balance: bigint,
  weight: bigint,
  bptOut: bigint,
  totalSupply: bigint,
  swapFee: bigint,
): bigint {
  const invariantRatio = divUp(add(totalSupply, bptOut), totalSupply)
  if (invariantRatio > MAX_INVARIANT_RATIO) throw maxInvariantRatioError(invariantRatio)
  const balanceRatio = powUp(invariantRatio, divUp(ONE, weight))
  const amountInWithoutFee = mulUp(balance, sub(balanceRatio, ONE))
  const taxableAmount = mulUp(amountInWithoutFee, complement(weight))
  const nonTaxableAmount = sub(amountInWithoutFee, taxableAmount)
  const taxableAmountPlusFees = divUp(taxableAmount, complement(swapFee))
  return add(nonTaxableAmount, taxableAmountPlusFees)
}

/**
 * BPT in for exact amounts out (BPT_IN_FOR_EXACT_TOKENS_OUT). The fee is charged on the part of
 * each amount above the proportional share; zero amounts are skipped.
 * @param balances - upscaled balances, 18 decimals
 * @param weights - normalized weights
 * @param amountsOut - upscaled amounts out (0 allowed)
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns BPT in, rounded up
 * @throws {PoolError} `ARITHMETIC` (SUB_OVERFLOW when an amount exceeds its balance)
 * @example calcBptInGivenExactTokensOut([ONE, ONE], [ONE / 2n, ONE / 2n], [ONE / 2n, ONE / 2n], ONE, 0n)
 */
export function calcBptInGivenExactTokensOut(
  balances: readonly bigint[],
  weights: readonly bigint[],
  amountsOut: readonly bigint[],
  totalSupply: bigint,
  swapFee: bigint,
): bigint {
  const n = balances.length
  const balanceRatiosWithoutFee = new Array<bigint>(n)
  let invariantRatioWithoutFees = 0n
  for (let i = 0; i < n; i++) {
    const ratio = divUp(sub(balances[i]!, amountsOut[i]!), balances[i]!)
    balanceRatiosWithoutFee[i] = ratio
    invariantRatioWithoutFees = add(invariantRatioWithoutFees, mulUp(ratio, weights[i]!))
  }
  let invariantRatio = ONE
  for (let i = 0; i < n; i++) {
    const balance = balances[i]!
    const amountOut = amountsOut[i]!
    let amountOutWithFee: bigint
    if (invariantRatioWithoutFees > balanceRatiosWithoutFee[i]!) {
      const nonTaxableAmount = mulDown(balance, complement(invariantRatioWithoutFees))
      const taxableAmount = sub(amountOut, nonTaxableAmount)
      const taxableAmountPlusFees = divUp(taxableAmount, complement(swapFee))
      amountOutWithFee = add(nonTaxableAmount, taxableAmountPlusFees)
    } else {
      amountOutWithFee = amountOut
      if (amountOutWithFee === 0n) continue // 2022+: zero amounts leave the ratio untouched
    }
    const balanceRatio = divDown(sub(balance, amountOutWithFee), balance)
    invariantRatio = mulDown(invariantRatio, powDown(balanceRatio, weights[i]!))
  }
  return mulUp(totalSupply, complement(invariantRatio))
}

/**
 * Token out for an exact BPT in (EXACT_BPT_IN_FOR_ONE_TOKEN_OUT):
 * amount = b * (1 - (1 - bptIn / supply)^(1 / w)), fee on the (1 - w) taxable share; the share
 * kept after the fee is rounded up (`mulUp`, the 2022 change).
 * @param balance - upscaled balance of the token out, 18 decimals
 * @param weight - its normalized weight
 * @param bptIn - BPT in, 18 decimals
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns upscaled amount out
 * @throws {PoolError} `MIN_INVARIANT_RATIO` (BAL#306) below 0.7x; `ARITHMETIC` (SUB_OVERFLOW
 *   when bptIn > totalSupply)
 * @example calcTokenOutGivenExactBptIn(ONE, ONE / 2n, ONE / 10n, ONE, 0n)
 */
export function calcTokenOutGivenExactBptIn(
  balance: bigint,
  weight: bigint,
  bptIn: bigint,
  totalSupply: bigint,
  swapFee: bigint,
): bigint {
  const invariantRatio = divUp(sub(totalSupply, bptIn), totalSupply)
  if (invariantRatio < MIN_INVARIANT_RATIO) throw minInvariantRatioError(invariantRatio)
  const balanceRatio = powUp(invariantRatio, divDown(ONE, weight))
  const amountOutWithoutFee = mulDown(balance, complement(balanceRatio))
  const taxableAmount = mulUp(amountOutWithoutFee, complement(weight))
  const nonTaxableAmount = sub(amountOutWithoutFee, taxableAmount)
  const taxableAmountMinusFees = mulUp(taxableAmount, complement(swapFee))
  return add(nonTaxableAmount, taxableAmountMinusFees)
}

/**
 * Proportional amounts in for an exact BPT out (ALL_TOKENS_IN_FOR_EXACT_BPT_OUT,
 * `BasePoolMath.computeProportionalAmountsIn`): ratio `divUp`, amounts `mulUp`.
 * @param balances - upscaled balances, 18 decimals
 * @param totalSupply - BPT supply
 * @param bptOut - BPT out
 * @returns upscaled amounts in, rounded up
 * @throws {PoolError} `ARITHMETIC`
 * @example computeProportionalAmountsIn([ONE, 2n * ONE], ONE, ONE / 10n) // [ONE / 10n, ONE / 5n]
 */
export function computeProportionalAmountsIn(
  balances: readonly bigint[],
  totalSupply: bigint,
  bptOut: bigint,
): bigint[] {
  const bptRatio = divUp(bptOut, totalSupply)
  return balances.map((balance) => mulUp(balance, bptRatio))
}

/**
 * Proportional amounts out for an exact BPT in (EXACT_BPT_IN_FOR_TOKENS_OUT): ratio `divDown`,
 * amounts `mulDown`. The same in 2021 (`_calcTokensOutGivenExactBptIn`) and 2022+.
 * @param balances - upscaled balances, 18 decimals
 * @param totalSupply - BPT supply
 * @param bptIn - BPT in
 * @returns upscaled amounts out, rounded down
 * @throws {PoolError} `ARITHMETIC`
 * @example computeProportionalAmountsOut([ONE, 2n * ONE], ONE, ONE / 10n) // [ONE / 10n, ONE / 5n]
 */
export function computeProportionalAmountsOut(
  balances: readonly bigint[],
  totalSupply: bigint,
  bptIn: bigint,
): bigint[] {
  const bptRatio = divDown(bptIn, totalSupply)
  return balances.map((balance) => mulDown(balance, bptRatio))
}
