/**
 * Validation of a float64 weighted pool: the rules Balancer enforces at pool creation (token
 * count, minimum weight, normalized weights, swap-fee bounds) and at every operation (token
 * indices, amounts). Each check throws a `PoolError` naming the rule and the offending values.
 */
import { PoolError, fmt } from '../../errors.js'
import type { WeightedPoolState, WeightedPoolWithSupply } from './types.js'

/** Fewest tokens a weighted pool holds. */
export const MIN_TOKENS = 2
/** Most tokens a weighted pool holds (Balancer V3's weighted pool limit). */
export const MAX_TOKENS = 8
/** Smallest normalized weight: 1 % (`_MIN_WEIGHT = 0.01e18` in Balancer's WeightedMath). */
export const MIN_WEIGHT = 0.01
/** How far the weights may sum from 1, absolute (float64 sums of 8 terms err by ~1e-16). */
export const WEIGHT_SUM_TOLERANCE = 1e-12
/** Smallest swap fee, as a fraction: 0.0001 % (Balancer V2's `_MIN_SWAP_FEE_PERCENTAGE`). */
export const MIN_SWAP_FEE = 1e-6
/** Largest swap fee, as a fraction: 10 % (Balancer V2's `_MAX_SWAP_FEE_PERCENTAGE`). */
export const MAX_SWAP_FEE = 0.1

/** Options of {@link checkPoolState}. */
export interface PoolCheckOptions {
  /**
   * Accept a swap fee of exactly 0 (a theoretical idealisation for closed-form tests); any other
   * fee still has to lie in [MIN_SWAP_FEE, MAX_SWAP_FEE]. Default false.
   */
  readonly allowZeroFee?: boolean
}

/**
 * Checks a vector of normalized weights: 2 to 8 entries, each >= 1 %, summing to 1 within
 * 1e-12 (`WEIGHT_SUM_TOLERANCE`).
 * @param weights - normalized weights as fractions
 * @param name - how the message names the vector (`'weights'`, `'endWeights'`)
 * @throws {PoolError} `TOKEN_COUNT`, `WEIGHT_MIN`, `WEIGHT_SUM`
 * @example checkWeights([0.8, 0.2]) // passes; checkWeights([0.995, 0.005]) throws WEIGHT_MIN
 */
export function checkWeights(weights: readonly number[], name = 'weights'): void {
  checkTokenCount(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!
    // `!(x >= min)` also catches NaN, which every comparison fails.
    if (!(weight >= MIN_WEIGHT) || !Number.isFinite(weight))
      throw new PoolError('WEIGHT_MIN', `${name}[${i}] ${fmt(weight)} is below the 1% minimum`, {
        index: i,
        weight,
      })
    sum += weight
  }
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE))
    throw new PoolError(
      'WEIGHT_SUM',
      `${name} sum to ${fmt(sum)} (off by ${fmt(sum - 1)}), not 1 within 1e-12`,
      { sum },
    )
}

/**
 * Checks a whole pool state: token count, matching lengths, weights, balances and swap fee.
 * Run once where a pool enters (pool creation, scenario loading); the public operations then
 * check only their own arguments.
 * @param pool - balances in token units, weights as fractions, swapFee as a fraction
 * @param options - `allowZeroFee` to accept a fee of exactly 0
 * @throws {PoolError} `TOKEN_COUNT`, `WEIGHT_MIN`, `WEIGHT_SUM`, `BALANCE_NON_POSITIVE`,
 * `SWAP_FEE_RANGE`
 * @example checkPoolState({ balances: [500, 1e6], weights: [0.5, 0.5], swapFee: 0.003 })
 */
export function checkPoolState(pool: WeightedPoolState, options: PoolCheckOptions = {}): void {
  const { balances, weights, swapFee } = pool
  checkTokenCount(balances.length)
  if (weights.length !== balances.length)
    throw new PoolError(
      'TOKEN_COUNT',
      `weights has ${weights.length} entries, balances ${balances.length}`,
      { weights: weights.length, balances: balances.length },
    )
  checkWeights(weights)
  for (let i = 0; i < balances.length; i++) checkBalance(balances[i]!, i)
  checkSwapFee(swapFee, options.allowZeroFee ?? false)
}

/**
 * Checks a pool with shares: the state as {@link checkPoolState} does, and a positive, finite
 * BPT supply.
 * @param pool - the state plus `totalSupply` in BPT units
 * @throws {PoolError} the codes of {@link checkPoolState}; `BPT_OUT_MIN` for a bad supply
 * @example checkPoolWithSupply({ balances: [1, 1], weights: [0.5, 0.5], swapFee: 0.01, totalSupply: 2 })
 */
export function checkPoolWithSupply(
  pool: WeightedPoolWithSupply,
  options: PoolCheckOptions = {},
): void {
  checkPoolState(pool, options)
  checkTotalSupply(pool.totalSupply)
}

/**
 * Checks that a swap fee lies in [1e-6, 0.1], or is exactly 0 when `allowZeroFee` is set.
 * @param swapFee - fraction of the amount in kept by the pool
 * @param allowZeroFee - accept exactly 0
 * @throws {PoolError} `SWAP_FEE_RANGE`
 * @example checkSwapFee(0.003, false) // passes
 */
export function checkSwapFee(swapFee: number, allowZeroFee: boolean): void {
  if (swapFee === 0 && allowZeroFee) return
  if (!(swapFee >= MIN_SWAP_FEE && swapFee <= MAX_SWAP_FEE))
    throw new PoolError(
      'SWAP_FEE_RANGE',
      `swap fee ${fmt(swapFee)} is outside [${fmt(MIN_SWAP_FEE)}, ${fmt(MAX_SWAP_FEE)}]` +
        (allowZeroFee ? ' and is not 0' : ''),
      { swapFee, minSwapFee: MIN_SWAP_FEE, maxSwapFee: MAX_SWAP_FEE },
    )
}

/**
 * Checks that a token index is an integer in [0, n).
 * @param pool - any pool state; only the number of balances is read
 * @param index - the token index
 * @throws {PoolError} `TOKEN_INDEX`
 * @example checkTokenIndex({ balances: [1, 2], weights: [0.5, 0.5], swapFee: 0.01 }, 1)
 */
export function checkTokenIndex(pool: WeightedPoolState, index: number): void {
  const count = pool.balances.length
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new PoolError(
      'TOKEN_INDEX',
      `token index ${fmt(index)} is out of range for ${count} tokens`,
      { index, count },
    )
}

/**
 * Checks a swap's pair: both indices in range and different.
 * @param pool - any pool state
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @throws {PoolError} `TOKEN_INDEX`
 * @example checkPair(pool, 0, 1)
 */
export function checkPair(pool: WeightedPoolState, tokenIn: number, tokenOut: number): void {
  checkTokenIndex(pool, tokenIn)
  checkTokenIndex(pool, tokenOut)
  if (tokenIn === tokenOut)
    throw new PoolError('TOKEN_INDEX', `tokenIn and tokenOut are both ${tokenIn}`, {
      tokenIn,
      tokenOut,
    })
}

/**
 * Checks that an amount is finite and not negative (zero is a valid no-op).
 * @param amount - the amount, in its unit (token units or BPT)
 * @param name - how the message names it (`'amount in'`, `'bptOut'`)
 * @throws {PoolError} `AMOUNT_INVALID`
 * @example checkAmount(1.5, 'amount in')
 */
export function checkAmount(amount: number, name: string): void {
  if (!(amount >= 0) || !Number.isFinite(amount))
    throw new PoolError('AMOUNT_INVALID', `${name} ${fmt(amount)} is not a finite number >= 0`, {
      amount,
    })
}

/**
 * Checks that a BPT supply is positive and finite.
 * @param totalSupply - BPT outstanding
 * @throws {PoolError} `BPT_OUT_MIN`
 * @example checkTotalSupply(100)
 */
export function checkTotalSupply(totalSupply: number): void {
  if (!(totalSupply > 0) || !Number.isFinite(totalSupply))
    throw new PoolError(
      'BPT_OUT_MIN',
      `total supply ${fmt(totalSupply)} is not a positive finite number`,
      { totalSupply },
    )
}

function checkTokenCount(count: number): void {
  if (count < MIN_TOKENS || count > MAX_TOKENS)
    throw new PoolError(
      'TOKEN_COUNT',
      `${count} tokens; a weighted pool holds ${MIN_TOKENS} to ${MAX_TOKENS}`,
      { count },
    )
}

function checkBalance(balance: number, index: number): void {
  if (!(balance > 0) || !Number.isFinite(balance))
    throw new PoolError(
      'BALANCE_NON_POSITIVE',
      `balances[${index}] ${fmt(balance)} is not a positive finite number`,
      { index, balance },
    )
}
