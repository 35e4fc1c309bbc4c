/**
 * Creation and validation of exact V3 pool states: the rules the V3 WeightedPool constructor and
 * the Vault's registration enforce (2..8 tokens, weights >= 1 % summing to exactly 1e18, swap fee
 * 0.001 %..10 % stored with 1e11 granularity), checked once at the entry.
 */
import { checkBigintFields } from '../bigintFields.js'
import { PoolError, fmt } from '../../../errors.js'
import { ONE } from '../fixedPoint.js'
import { scalingFactorV3 } from '../decimals.js'
import { toV3Error } from './protocolError.js'
import { POOL_MINIMUM_TOTAL_SUPPLY, toScaled18ApplyRateRoundDown } from './scaling.js'
import { V3_WEIGHTED_LIMITS, computeInvariantDown } from './weightedMath.js'
import type { V3PoolState } from './types.js'

/** Most tokens a V3 weighted pool may hold. */
export const V3_MAX_TOKENS = 8

/** The bigint fields of a {@link V3PoolState}, checked first by {@link validateV3Pool}. */
const V3_POOL_BIGINTS = [
  'balancesRaw',
  'scalingFactors',
  'tokenRates',
  'weights',
  'swapFee',
  'totalSupply',
] as const satisfies readonly (keyof V3PoolState)[]

/** The Vault stores swap fees in units of 1e11 (18-decimal): lower digits are truncated. */
export const SWAP_FEE_GRANULARITY = 10n ** 11n

/** Inputs of `exactV3.createPool` ({@link exactV3}): token decimals instead of scaling factors, optional rates. */
export interface CreateV3PoolOptions {
  /** Token decimals per token index, integers 0..18. */
  readonly decimals: readonly number[]
  /** Balances in raw units, each > 0. */
  readonly balancesRaw: readonly bigint[]
  /** Normalized weights, 18-decimal, each >= 1e16, summing to 1e18. */
  readonly weights: readonly bigint[]
  /** Swap fee, 18-decimal, 1e13..1e17; truncated to a multiple of 1e11 as the Vault stores it. */
  readonly swapFee: bigint
  /** BPT supply, 18-decimal, > 0. */
  readonly totalSupply: bigint
  /** Token rates, 18-decimal; default 1e18 each. */
  readonly tokenRates?: readonly bigint[]
}

/**
 * Checks weights as the weighted pool's constructor does.
 * @param weights - normalized weights, 18-decimal
 * @param path - where in the state they sit, for the message (`weights`, `startWeights`)
 * @throws {PoolError} `WEIGHT_MIN`, `WEIGHT_SUM`
 * @example checkV3Weights([5n * 10n ** 17n, 5n * 10n ** 17n], 'weights')
 */
export function checkV3Weights(weights: readonly bigint[], path: string): void {
  let sum = 0n
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!
    if (weight < V3_WEIGHTED_LIMITS.MIN_WEIGHT)
      throw new PoolError(
        'WEIGHT_MIN',
        `${path}[${String(i)}] = ${fmt(weight)} is below the 1% minimum (1e16)`,
        {
          index: i,
          weight,
        },
      )
    sum += weight
  }
  if (sum !== ONE)
    throw new PoolError('WEIGHT_SUM', `${path} sum to ${fmt(sum)}, not exactly 1e18`, { sum })
}

/**
 * Checks a swap fee against the V3 weighted pool's bounds.
 * @param swapFee - 18-decimal
 * @throws {PoolError} `SWAP_FEE_RANGE` outside 0.001 %..10 %
 * @example checkV3SwapFee(3n * 10n ** 15n)
 */
export function checkV3SwapFee(swapFee: bigint): void {
  if (swapFee < V3_WEIGHTED_LIMITS.MIN_SWAP_FEE || swapFee > V3_WEIGHTED_LIMITS.MAX_SWAP_FEE)
    throw new PoolError(
      'SWAP_FEE_RANGE',
      `swap fee ${fmt(swapFee)} is outside 1e13..1e17 (0.001%..10%)`,
      {
        swapFee,
      },
    )
}

/**
 * Checks the per-token arrays shared by weighted pools and LBPs: lengths, balances, scaling
 * factors (powers of ten up to 1e18) and rates.
 * @param state - balancesRaw, scalingFactors, tokenRates
 * @param count - expected number of tokens
 * @throws {PoolError} `TOKEN_COUNT`, `BALANCE_NON_POSITIVE`, `TOKEN_DECIMALS`, `AMOUNT_INVALID`
 * @example checkV3Tokens(pool, pool.weights.length)
 */
export function checkV3Tokens(
  state: Pick<V3PoolState, 'balancesRaw' | 'scalingFactors' | 'tokenRates'>,
  count: number,
): void {
  if (count < 2 || count > V3_MAX_TOKENS)
    throw new PoolError('TOKEN_COUNT', `${String(count)} tokens; a V3 weighted pool holds 2 to 8`, {
      count,
    })
  const { balancesRaw, scalingFactors, tokenRates } = state
  if (
    balancesRaw.length !== count ||
    scalingFactors.length !== count ||
    tokenRates.length !== count
  )
    throw new PoolError(
      'TOKEN_COUNT',
      `per-token arrays disagree: ${String(count)} weights, ${String(balancesRaw.length)} balances, ` +
        `${String(scalingFactors.length)} scaling factors, ${String(tokenRates.length)} rates`,
      { count },
    )
  for (let i = 0; i < count; i++) {
    const balance = balancesRaw[i]!
    if (balance <= 0n)
      throw new PoolError(
        'BALANCE_NON_POSITIVE',
        `balancesRaw[${String(i)}] = ${fmt(balance)} is not > 0`,
        {
          index: i,
          balance,
        },
      )
    const factor = scalingFactors[i]!
    let digits = 0
    for (let f = factor; f > 1n && f % 10n === 0n; f /= 10n) digits++
    if (10n ** BigInt(digits) !== factor || digits > 18)
      throw new PoolError(
        'TOKEN_DECIMALS',
        `scalingFactors[${String(i)}] = ${fmt(factor)} is not 10^(18 - decimals) for decimals 0..18`,
        { index: i, scalingFactor: factor },
      )
    if (tokenRates[i]! <= 0n)
      throw new PoolError(
        'AMOUNT_INVALID',
        `tokenRates[${String(i)}] = ${fmt(tokenRates[i]!)} is not > 0`,
        {
          index: i,
        },
      )
  }
}

/**
 * Checks a whole V3 weighted pool state (the constructor's and registration's rules).
 * @param pool - the state
 * @throws {PoolError} `TOKEN_COUNT`, `WEIGHT_MIN`, `WEIGHT_SUM`, `SWAP_FEE_RANGE`,
 *   `BALANCE_NON_POSITIVE`, `TOKEN_DECIMALS`, `AMOUNT_INVALID`, `BPT_OUT_MIN` (supply <= 0)
 * @throws {InputError} `BAD_PARAMETER` for a bigint field given as a number, naming the field
 * @example validateV3Pool(pool)
 */
export function validateV3Pool(pool: V3PoolState): void {
  checkBigintFields(pool, V3_POOL_BIGINTS)
  checkV3Tokens(pool, pool.weights.length)
  checkV3Weights(pool.weights, 'weights')
  checkV3SwapFee(pool.swapFee)
  if (pool.totalSupply <= 0n)
    throw new PoolError('BPT_OUT_MIN', `totalSupply ${fmt(pool.totalSupply)} is not > 0`, {
      totalSupply: pool.totalSupply,
    })
}

/**
 * A validated V3 weighted pool state from token decimals; the swap fee is truncated to the
 * Vault's 1e11 granularity and rates default to 1e18.
 * @param options - decimals, balancesRaw, weights, swapFee, totalSupply, tokenRates?
 * @returns a plain {@link V3PoolState}
 * @throws {PoolError} as {@link validateV3Pool}, and `TOKEN_DECIMALS`
 * @throws {InputError} `BAD_PARAMETER` for a bigint option given as a number, naming the field
 * @example createV3Pool({ decimals: [6, 18], balancesRaw: [1_000_000_000n, 10n ** 21n],
 *   weights: [5n * 10n ** 17n, 5n * 10n ** 17n], swapFee: 3n * 10n ** 15n, totalSupply: 10n ** 20n })
 */
export function createV3Pool(options: CreateV3PoolOptions): V3PoolState {
  checkBigintFields(options, [
    'balancesRaw',
    'weights',
    'swapFee',
    'totalSupply',
    ...(options.tokenRates === undefined ? [] : ['tokenRates']),
  ])
  const pool: V3PoolState = {
    balancesRaw: [...options.balancesRaw],
    scalingFactors: options.decimals.map(scalingFactorV3),
    tokenRates: options.tokenRates ? [...options.tokenRates] : options.decimals.map(() => ONE),
    weights: [...options.weights],
    swapFee: (options.swapFee / SWAP_FEE_GRANULARITY) * SWAP_FEE_GRANULARITY,
    totalSupply: options.totalSupply,
  }
  validateV3Pool(pool)
  return pool
}

/** A freshly initialized V3 pool and the BPT its first depositor receives. */
export interface InitializedV3Pool {
  /** The pool after initialization; `totalSupply` is the invariant. */
  readonly pool: V3PoolState
  /** BPT minted to the depositor: the invariant less the 1e6 BPT reserve minted to address 0. */
  readonly bptOutRaw: bigint
}

/**
 * Initializes a V3 weighted pool as `VaultExtension._initialize` does: the deposited balances
 * (scaled18, rounded down) set the invariant, the initial BPT supply is that invariant (rounded
 * down), of which 1e6 BPT are locked at address 0.
 * @param options - as {@link createV3Pool} without `totalSupply`; `balancesRaw` are the deposits
 * @returns the pool state and the BPT the depositor receives
 * @throws {PoolError} as {@link validateV3Pool}; `ZERO_INVARIANT` (`ZeroInvariant`); `BPT_OUT_MIN`
 *   (`PoolTotalSupplyTooLow`) when the invariant is below 1e6
 * @example initializeV3Pool({ decimals: [18, 18], balancesRaw: [10n ** 21n, 4n * 10n ** 21n],
 *   weights: [5n * 10n ** 17n, 5n * 10n ** 17n], swapFee: 10n ** 15n }).pool.totalSupply // ~2e21
 */
export function initializeV3Pool(
  options: Omit<CreateV3PoolOptions, 'totalSupply'>,
): InitializedV3Pool {
  const draft = createV3Pool({ ...options, totalSupply: 1n })
  let invariant: bigint
  try {
    const live = draft.balancesRaw.map((b, i) =>
      toScaled18ApplyRateRoundDown(b, draft.scalingFactors[i]!, draft.tokenRates[i]!),
    )
    invariant = computeInvariantDown(draft.weights, live)
  } catch (error) {
    throw toV3Error(error)
  }
  if (invariant < POOL_MINIMUM_TOTAL_SUPPLY)
    throw new PoolError(
      'BPT_OUT_MIN',
      `the initial invariant ${fmt(invariant)} is below the minimum BPT supply ${fmt(POOL_MINIMUM_TOTAL_SUPPLY)}`,
      { invariant },
      'PoolTotalSupplyTooLow',
    )
  return {
    pool: { ...draft, totalSupply: invariant },
    bptOutRaw: invariant - POOL_MINIMUM_TOTAL_SUPPLY,
  }
}
