/**
 * Balancer V3 `WeightedMath` (pkg/solidity-utils/contracts/math/WeightedMath.sol at the launch
 * deployment, commit 25d73b3d), step for step on 18-decimal `bigint`s. Every rounding direction
 * favours the pool, as in the contract. These are kernels over scaled18 amounts: no scaling, no
 * fees, no input validation; arithmetic reverts surface as version-neutral `ARITHMETIC` errors that
 * the public entries map with `toV3Error`.
 */
import { PoolError, fmt } from '../../../errors.js'
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
import type { Rounding } from './types.js'

/** The V3 weighted pool's limits, 18-decimal fixed point (WeightedMath / WeightedPool constants). */
export const V3_WEIGHTED_LIMITS = {
  /** An exact-in swap may add at most 30 % of the balance in (`MaxInRatio`). */
  MAX_IN_RATIO: 30n * 10n ** 16n,
  /** An exact-out swap may take at most 30 % of the balance out (`MaxOutRatio`). */
  MAX_OUT_RATIO: 30n * 10n ** 16n,
  /** An add may raise the invariant at most 3x (`InvariantRatioAboveMax`). */
  MAX_INVARIANT_RATIO: 300n * 10n ** 16n,
  /** A remove may lower the invariant to no less than 0.7x (`InvariantRatioBelowMin`). */
  MIN_INVARIANT_RATIO: 70n * 10n ** 16n,
  /** Smallest normalized weight, 1 %. */
  MIN_WEIGHT: 10n ** 16n,
  /** Smallest static swap fee, 0.001 %. */
  MIN_SWAP_FEE: 10n ** 13n,
  /** Largest static swap fee, 10 %. */
  MAX_SWAP_FEE: 10n ** 17n,
} as const

function zeroInvariant(): PoolError {
  return new PoolError(
    'ZERO_INVARIANT',
    'the invariant is zero (a balance is too small)',
    {},
    'ZeroInvariant',
  )
}

/**
 * Invariant prod(b_i ^ w_i), rounding down: `mulDown` of `powDown` terms (`computeInvariantDown`).
 * @param weights - normalized weights, 18-decimal
 * @param balances - live balances, scaled18
 * @returns the invariant, 18-decimal
 * @throws {PoolError} `ZERO_INVARIANT` (`ZeroInvariant`); `ARITHMETIC` on overflow
 * @example computeInvariantDown([5n * 10n ** 17n, 5n * 10n ** 17n], [4n * ONE, ONE]) // ~2e18
 */
export function computeInvariantDown(
  weights: readonly bigint[],
  balances: readonly bigint[],
): bigint {
  let invariant = ONE
  for (let i = 0; i < weights.length; i++)
    invariant = mulDown(invariant, powDown(balances[i]!, weights[i]!))
  if (invariant === 0n) throw zeroInvariant()
  return invariant
}

/**
 * Invariant prod(b_i ^ w_i), rounding up: `mulUp` of `powUp` terms (`computeInvariantUp`).
 * @param weights - normalized weights, 18-decimal
 * @param balances - live balances, scaled18
 * @returns the invariant, 18-decimal
 * @throws {PoolError} `ZERO_INVARIANT` (`ZeroInvariant`); `ARITHMETIC` on overflow
 * @example computeInvariantUp([5n * 10n ** 17n, 5n * 10n ** 17n], [4n * ONE, ONE]) // ~2e18
 */
export function computeInvariantUp(
  weights: readonly bigint[],
  balances: readonly bigint[],
): bigint {
  let invariant = ONE
  for (let i = 0; i < weights.length; i++)
    invariant = mulUp(invariant, powUp(balances[i]!, weights[i]!))
  if (invariant === 0n) throw zeroInvariant()
  return invariant
}

/**
 * The weighted pool's `computeInvariant(balancesLiveScaled18, rounding)`.
 * @param weights - normalized weights, 18-decimal
 * @param balances - live balances, scaled18
 * @param rounding - `ROUND_DOWN` or `ROUND_UP`
 * @returns the invariant, 18-decimal
 * @throws {PoolError} `ZERO_INVARIANT`; `ARITHMETIC` on overflow
 * @example computeInvariant(weights, balances, 'ROUND_DOWN')
 */
export function computeInvariant(
  weights: readonly bigint[],
  balances: readonly bigint[],
  rounding: Rounding,
): bigint {
  return rounding === 'ROUND_UP'
    ? computeInvariantUp(weights, balances)
    : computeInvariantDown(weights, balances)
}

/**
 * New balance of a token for a given invariant ratio: b * ratio^(1/w), rounded up
 * (`computeBalanceOutGivenInvariant`, the weighted pool's `computeBalance`).
 * @param currentBalance - live balance, scaled18
 * @param weight - normalized weight, 18-decimal
 * @param invariantRatio - new / old invariant, 18-decimal
 * @returns the new balance, scaled18
 * @throws {PoolError} `ARITHMETIC` on overflow (e.g. a 1 % token near ratio 3: b * 3^100)
 * @example computeBalanceOutGivenInvariant(ONE, 5n * 10n ** 17n, 2n * ONE) // 4e18
 */
export function computeBalanceOutGivenInvariant(
  currentBalance: bigint,
  weight: bigint,
  invariantRatio: bigint,
): bigint {
  // The contract compares with the integer 1, not FixedPoint.ONE, so divUp is used for every
  // ratio above 1 wei; mirrored as written.
  const exponent = invariantRatio > 1n ? divUp(ONE, weight) : divDown(ONE, weight)
  const balanceRatio = powUp(invariantRatio, exponent)
  return mulUp(currentBalance, balanceRatio)
}

/**
 * Amount out of an exact-in swap: bO * (1 - (bI / (bI + aI))^(wI / wO)), base rounded up,
 * exponent down, power up, result down (`computeOutGivenExactIn`).
 * @param balanceIn - live balance of the token in, scaled18
 * @param weightIn - its normalized weight, 18-decimal
 * @param balanceOut - live balance of the token out, scaled18
 * @param weightOut - its normalized weight, 18-decimal
 * @param amountIn - amount in after the swap fee, scaled18
 * @returns amount out, scaled18
 * @throws {PoolError} `MAX_IN_RATIO` (`MaxInRatio`) above 30 % of `balanceIn`; `ARITHMETIC`
 * @example computeOutGivenExactIn(100n * ONE, 5n * 10n ** 17n, 100n * ONE, 5n * 10n ** 17n, 10n * ONE)
 */
export function computeOutGivenExactIn(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountIn: bigint,
): bigint {
  if (amountIn > mulDown(balanceIn, V3_WEIGHTED_LIMITS.MAX_IN_RATIO))
    throw new PoolError(
      'MAX_IN_RATIO',
      `amount in ${fmt(amountIn)} exceeds 30% of balance ${fmt(balanceIn)} (scaled18)`,
      { amountIn, balanceIn },
      'MaxInRatio',
    )
  const denominator = add(balanceIn, amountIn)
  const base = divUp(balanceIn, denominator)
  const exponent = divDown(weightIn, weightOut)
  const power = powUp(base, exponent)
  return mulDown(balanceOut, complement(power))
}

/**
 * Amount in of an exact-out swap: bI * ((bO / (bO - aO))^(wO / wI) - 1), base, exponent, power
 * and result all rounded up (`computeInGivenExactOut`).
 * @param balanceIn - live balance of the token in, scaled18
 * @param weightIn - its normalized weight, 18-decimal
 * @param balanceOut - live balance of the token out, scaled18
 * @param weightOut - its normalized weight, 18-decimal
 * @param amountOut - amount out, scaled18
 * @returns amount in before the swap fee, scaled18
 * @throws {PoolError} `MAX_OUT_RATIO` (`MaxOutRatio`) above 30 % of `balanceOut`; `ARITHMETIC`
 * @example computeInGivenExactOut(100n * ONE, 5n * 10n ** 17n, 100n * ONE, 5n * 10n ** 17n, 10n * ONE)
 */
export function computeInGivenExactOut(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountOut: bigint,
): bigint {
  if (amountOut > mulDown(balanceOut, V3_WEIGHTED_LIMITS.MAX_OUT_RATIO))
    throw new PoolError(
      'MAX_OUT_RATIO',
      `amount out ${fmt(amountOut)} exceeds 30% of balance ${fmt(balanceOut)} (scaled18)`,
      { amountOut, balanceOut },
      'MaxOutRatio',
    )
  const base = divUp(balanceOut, sub(balanceOut, amountOut))
  const exponent = divUp(weightOut, weightIn)
  const power = powUp(base, exponent)
  const ratio = sub(power, ONE)
  return mulUp(balanceIn, ratio)
}
