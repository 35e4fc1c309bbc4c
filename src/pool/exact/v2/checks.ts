/**
 * Entry checks for the exact V2 pools of both generations: the pool's shape and limits once, at
 * creation ({@link validateV2Pool}); token indices and amounts on each public operation.
 */
import { checkBigintFields } from '../bigintFields.js'
import { PoolError, fmt } from '../../../errors.js'
import type { V2PoolState } from './types.js'

const ONE = 10n ** 18n
const UINT256_LIMIT = 1n << 256n
/** Smallest normalized weight, 1e16 (1 %). */
export const MIN_WEIGHT = 10n ** 16n
/** Smallest swap fee of a V2 weighted pool, 1e12 (0.0001 %). */
export const MIN_SWAP_FEE = 10n ** 12n
/** Largest swap fee of a V2 weighted pool, 1e17 (10 %). */
export const MAX_SWAP_FEE = 10n ** 17n
/** Fewest tokens of a weighted pool. */
export const MIN_TOKENS = 2
/** Most tokens of a weighted pool (the V2 factories of Jul 2021 - Aug 2022 allowed 20). */
export const MAX_TOKENS = 8

/**
 * Checks a V2 pool state against the contracts' creation rules: 2..8 tokens, equal array lengths,
 * weights >= 1 % summing to exactly 1e18, swap fee in [1e12, 1e17], balances > 0, scaling factors
 * of the form 1e18 * 10^(18 - d) with d <= 18, supply > 0.
 * @param pool - the state to check
 * @returns nothing; throws on the first violation
 * @throws {PoolError} `TOKEN_COUNT`, `WEIGHT_MIN`, `WEIGHT_SUM`, `SWAP_FEE_RANGE`,
 *   `BALANCE_NON_POSITIVE`, `AMOUNT_INVALID` (scaling factor or supply)
 * @throws {InputError} `BAD_PARAMETER` for a bigint field given as a number, naming the field
 * @example validateV2Pool({ balancesRaw: [1n, 1n], scalingFactors: [ONE, ONE], weights: [ONE / 2n, ONE / 2n], swapFee: 10n ** 15n, totalSupply: ONE })
 */
export function validateV2Pool(pool: V2PoolState): void {
  checkBigintFields(pool, ['balancesRaw', 'scalingFactors', 'weights', 'swapFee', 'totalSupply'])
  const n = pool.balancesRaw.length
  if (n < MIN_TOKENS || n > MAX_TOKENS)
    throw new PoolError('TOKEN_COUNT', `${n} tokens; a weighted pool has 2 to 8`, { count: n })
  if (pool.weights.length !== n || pool.scalingFactors.length !== n)
    throw new PoolError(
      'TOKEN_COUNT',
      `${n} balances, ${pool.weights.length} weights, ${pool.scalingFactors.length} scaling factors`,
      { count: n },
    )
  let sum = 0n
  for (let i = 0; i < n; i++) {
    const weight = pool.weights[i]!
    if (weight < MIN_WEIGHT)
      throw new PoolError('WEIGHT_MIN', `weight ${i} is ${fmt(weight)}, below 1e16 (1%)`, {
        index: i,
        weight,
      })
    sum += weight
    const balance = pool.balancesRaw[i]!
    if (balance <= 0n || balance >= UINT256_LIMIT)
      throw new PoolError('BALANCE_NON_POSITIVE', `balance ${i} is ${fmt(balance)}`, {
        index: i,
        balance,
      })
    const factor = pool.scalingFactors[i]!
    if (!isV2ScalingFactor(factor))
      throw new PoolError(
        'AMOUNT_INVALID',
        `scaling factor ${i} is ${fmt(factor)}, not 1e18 * 10^(18 - decimals)`,
        { index: i, scalingFactor: factor },
      )
  }
  if (sum !== ONE)
    throw new PoolError('WEIGHT_SUM', `weights sum to ${fmt(sum)}, not 1e18`, { sum })
  if (pool.swapFee < MIN_SWAP_FEE || pool.swapFee > MAX_SWAP_FEE)
    throw new PoolError('SWAP_FEE_RANGE', `swap fee ${fmt(pool.swapFee)} is outside [1e12, 1e17]`, {
      swapFee: pool.swapFee,
    })
  if (pool.totalSupply <= 0n || pool.totalSupply >= UINT256_LIMIT)
    throw new PoolError('AMOUNT_INVALID', `total supply ${fmt(pool.totalSupply)} is not positive`, {
      totalSupply: pool.totalSupply,
    })
}

function isV2ScalingFactor(factor: bigint): boolean {
  for (let d = 0n; d <= 18n; d++) if (factor === ONE * 10n ** d) return true
  return false
}

/**
 * Checks a token index.
 * @param pool - the pool
 * @param index - token index to check
 * @param name - the argument's name, for the message and `values`
 * @throws {PoolError} `TOKEN_INDEX` unless 0 <= index < token count
 * @example checkIndex(pool, 0, 'tokenIndex')
 */
export function checkIndex(pool: V2PoolState, index: number, name: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= pool.balancesRaw.length)
    throw new PoolError(
      'TOKEN_INDEX',
      `${name} ${index} is not a token index (0..${pool.balancesRaw.length - 1})`,
      { [name]: index },
    )
}

/**
 * Checks a swap's token pair.
 * @param pool - the pool
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @throws {PoolError} `TOKEN_INDEX` for an index out of range or tokenIn equal to tokenOut
 * @example checkPair(pool, 0, 1)
 */
export function checkPair(pool: V2PoolState, tokenIn: number, tokenOut: number): void {
  checkIndex(pool, tokenIn, 'tokenIn')
  checkIndex(pool, tokenOut, 'tokenOut')
  if (tokenIn === tokenOut)
    throw new PoolError('TOKEN_INDEX', `tokenIn and tokenOut are both ${tokenIn}`, {
      tokenIn,
      tokenOut,
    })
}

/**
 * Checks that an amount is a uint256.
 * @param amount - raw units or 18-decimal BPT
 * @param name - the argument's name, for the message and `values`
 * @throws {PoolError} `AMOUNT_INVALID` unless 0 <= amount < 2^256
 * @example checkAmount(10n ** 18n, 'bptInRaw')
 */
export function checkAmount(amount: bigint, name: string): void {
  if (amount < 0n || amount >= UINT256_LIMIT)
    throw new PoolError('AMOUNT_INVALID', `${name} ${fmt(amount)} is not a uint256`, {
      [name]: amount,
    })
}

/**
 * Checks a per-token amount array.
 * @param pool - the pool
 * @param amounts - raw units by token index
 * @param name - the argument's name, for the message and `values`
 * @throws {PoolError} `TOKEN_COUNT` unless there is one amount per token; `AMOUNT_INVALID`
 * @example checkAmounts(pool, [1n, 0n], 'amountsInRaw')
 */
export function checkAmounts(pool: V2PoolState, amounts: readonly bigint[], name: string): void {
  if (amounts.length !== pool.balancesRaw.length)
    throw new PoolError(
      'TOKEN_COUNT',
      `${name} has ${amounts.length} entries for ${pool.balancesRaw.length} tokens`,
      { count: amounts.length },
    )
  for (let i = 0; i < amounts.length; i++) checkAmount(amounts[i]!, `${name}[${i}]`)
}
