/**
 * Balancer V2 `WeightedMath` as first deployed (2021: WeightedPool of the first factory,
 * WeightedPool2Tokens / oracle pools, the first LBP and InvestmentPool), on upscaled 18-decimal
 * `bigint`s, step for step with balancer-v2-monorepo `pkg/pool-weighted/contracts/WeightedMath.sol`
 * at commit 70843e6a6 (May 2021). `FixedPoint.powDown`/`powUp` of that time had no shortcuts for
 * exponents 1, 2 and 4: every power goes through LogExpMath (`powDownNoShortcuts`/`powUpNoShortcuts`).
 *
 * Kernels: no input validation; arithmetic errors come out version-neutral and the pool layer in
 * `./pool.ts` attaches the `BAL#` code. What changed later is listed in `../v2/weightedMath.ts`.
 */
import {
  ONE,
  add,
  complement,
  divDown,
  divUp,
  mulDown,
  mulUp,
  powDownNoShortcuts as powDown,
  powUpNoShortcuts as powUp,
  sub,
} from '../fixedPoint.js'
import {
  maxInRatioError,
  maxInvariantRatioError,
  maxOutRatioError,
  minInvariantRatioError,
  zeroInvariantError,
} from '../v2/errors.js'
import {
  MAX_IN_RATIO,
  MAX_INVARIANT_RATIO,
  MAX_OUT_RATIO,
  MIN_INVARIANT_RATIO,
} from '../v2/weightedMath.js'

/**
 * Invariant prod(b_i ^ w_i) (`_calculateInvariant`), `powDown` without shortcuts, `mulDown`.
 * @param weights - normalized weights, 18 decimals
 * @param balances - upscaled balances, 18 decimals
 * @returns the invariant, 18 decimals, rounded down
 * @throws {PoolError} `ZERO_INVARIANT` (BAL#311); `ARITHMETIC`
 * @example calcInvariant([ONE / 2n, ONE / 2n], [4n * ONE, 9n * ONE]) // about 6e18
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
 * Amount out for an exact amount in, fee already off (`_calcOutGivenIn`):
 * out = bO * (1 - (bI / (bI + aI))^(wI / wO)); divUp base, divDown exponent, powUp, mulDown.
 * @param balanceIn - upscaled balance in, 18 decimals
 * @param weightIn - normalized weight in
 * @param balanceOut - upscaled balance out
 * @param weightOut - normalized weight out
 * @param amountIn - upscaled amount in after the fee
 * @returns upscaled amount out, rounded down
 * @throws {PoolError} `MAX_IN_RATIO` (BAL#304); `ARITHMETIC`
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
  const base = divUp(balanceIn, add(balanceIn, amountIn))
  const exponent = divDown(weightIn, weightOut)
  return mulDown(balanceOut, complement(powUp(base, exponent)))
}

/**
 * Amount in before the fee for an exact amount out (`_calcInGivenOut`):
 * in = bI * ((bO / (bO - aO))^(wO / wI) - 1); divUp base and exponent, powUp, mulUp.
 * @param balanceIn - upscaled balance in, 18 decimals
 * @param weightIn - normalized weight in
 * @param balanceOut - upscaled balance out
 * @param weightOut - normalized weight out
 * @param amountOut - upscaled amount out
 * @returns upscaled amount in without fee, rounded up
 * @throws {PoolError} `MAX_OUT_RATIO` (BAL#305); `ARITHMETIC`
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
  const ratio = sub(powUp(base, exponent), ONE)
  return mulUp(balanceIn, ratio)
}

/**
 * BPT out for exact amounts in (`_calcBptOutGivenExactTokensIn`, 2021): the non-proportional
 * part of each amount is taxed with `mulDown(taxable, 1 - fee)`; every token, zero amounts
 * included, multiplies in `powDown(balanceRatio, w)`.
 * @param balances - upscaled balances, 18 decimals
 * @param weights - normalized weights
 * @param amountsIn - upscaled amounts in
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns BPT out, rounded down (0 if the invariant ratio is below 1)
 * @throws {PoolError} `ARITHMETIC`
 * @example calcBptOutGivenExactTokensIn([ONE, ONE], [ONE / 2n, ONE / 2n], [ONE, ONE], ONE, 10n ** 15n)
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
    let amountInWithoutFee: bigint
    if (balanceRatiosWithFee[i]! > invariantRatioWithFees) {
      const nonTaxableAmount = mulDown(balance, sub(invariantRatioWithFees, ONE))
      const taxableAmount = sub(amountsIn[i]!, nonTaxableAmount)
      amountInWithoutFee = add(nonTaxableAmount, mulDown(taxableAmount, sub(ONE, swapFee)))
    } else {
      amountInWithoutFee = amountsIn[i]!
    }
    const balanceRatio = divDown(add(balance, amountInWithoutFee), balance)
    invariantRatio = mulDown(invariantRatio, powDown(balanceRatio, weights[i]!))
  }
  return invariantRatio >= ONE ? mulDown(totalSupply, sub(invariantRatio, ONE)) : 0n
}

/**
 * Token in for an exact BPT out (`_calcTokenInGivenExactBptOut`):
 * amount = b * ((1 + bptOut / supply)^(1 / w) - 1), fee on the (1 - w) taxable share.
 * @param balance - upscaled balance of the token in
 * @param weight - its normalized weight
 * @param bptOut - BPT out, 18 decimals
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns upscaled amount in, rounded up
 * @throws {PoolError} `MAX_INVARIANT_RATIO` (BAL#307 MAX_OUT_BPT_FOR_TOKEN_IN); `ARITHMETIC`
 * @example calcTokenInGivenExactBptOut(ONE, ONE / 2n, ONE, ONE, 10n ** 15n)
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
  return add(nonTaxableAmount, divUp(taxableAmount, complement(swapFee)))
}

/**
 * BPT in for exact amounts out (`_calcBptInGivenExactTokensOut`, 2021): every token, zero
 * amounts included, multiplies in `powDown(balanceRatio, w)`.
 * @param balances - upscaled balances, 18 decimals
 * @param weights - normalized weights
 * @param amountsOut - upscaled amounts out
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns BPT in, rounded up
 * @throws {PoolError} `ARITHMETIC` (SUB_OVERFLOW when an amount exceeds its balance)
 * @example calcBptInGivenExactTokensOut([ONE, ONE], [ONE / 2n, ONE / 2n], [ONE / 2n, 0n], ONE, 10n ** 15n)
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
    let amountOutWithFee: bigint
    if (invariantRatioWithoutFees > balanceRatiosWithoutFee[i]!) {
      const nonTaxableAmount = mulDown(balance, complement(invariantRatioWithoutFees))
      const taxableAmount = sub(amountsOut[i]!, nonTaxableAmount)
      amountOutWithFee = add(nonTaxableAmount, divUp(taxableAmount, complement(swapFee)))
    } else {
      amountOutWithFee = amountsOut[i]!
    }
    const balanceRatio = divDown(sub(balance, amountOutWithFee), balance)
    invariantRatio = mulDown(invariantRatio, powDown(balanceRatio, weights[i]!))
  }
  return mulUp(totalSupply, complement(invariantRatio))
}

/**
 * Token out for an exact BPT in (`_calcTokenOutGivenExactBptIn`, 2021):
 * amount = b * (1 - (1 - bptIn / supply)^(1 / w)), fee on the (1 - w) taxable share with what
 * remains rounded down (`mulDown(taxable, 1 - fee)`; 2022+ rounds it up).
 * @param balance - upscaled balance of the token out
 * @param weight - its normalized weight
 * @param bptIn - BPT in, 18 decimals
 * @param totalSupply - BPT supply
 * @param swapFee - 18 decimals
 * @returns upscaled amount out, rounded down
 * @throws {PoolError} `MIN_INVARIANT_RATIO` (BAL#306 MIN_BPT_IN_FOR_TOKEN_OUT); `ARITHMETIC`
 * @example calcTokenOutGivenExactBptIn(ONE, ONE / 2n, ONE / 10n, ONE, 10n ** 15n)
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
  return add(nonTaxableAmount, mulDown(taxableAmount, complement(swapFee)))
}
