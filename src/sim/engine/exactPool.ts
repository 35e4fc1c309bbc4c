/**
 * The engine's adapter over the three exact generations (`exact-v2-2021`, `exact-v2`,
 * `exact-v3`): one plain pool record in raw integer units, built from a float scenario by stated
 * rounding rules, and one exact-in swap entry that dispatches on a small integer kind. The balances
 * array is the engine's mutable state; the version's own state object shares it, so a swap reads
 * the current balances without copying.
 */
import { Decimal } from 'decimal.js'
import { InputError, PoolError, fmt } from '../../errors.js'
import { exactV2, exactV2021, exactV3 } from '../../pool/exact/api.js'
import { MAX_TOKEN_DECIMALS, scalingFactorV2, toRaw } from '../../pool/exact/decimals.js'
import { ONE } from '../../pool/exact/fixedPoint.js'
import type { V2PoolState } from '../../pool/exact/v2/types.js'
import type { V3PoolState } from '../../pool/exact/v3/types.js'

/** Pool maths the engine runs on integers, as a scenario names them in `pool.math`. */
export const EXACT_MATHS = ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const
/** One of {@link EXACT_MATHS}. */
export type ExactMath = (typeof EXACT_MATHS)[number]

/** Swap-fee bounds (fractions) each generation's pools accept: V2 1e12..1e17, V3 1e13..1e17. */
export const EXACT_SWAP_FEE_BOUNDS: Readonly<Record<ExactMath, readonly [number, number]>> = {
  'exact-v2-2021': [0.000001, 0.1],
  'exact-v2': [0.000001, 0.1],
  'exact-v3': [0.00001, 0.1],
}

/** The V3 Vault stores swap fees in units of 1e11 (18-decimal), i.e. 1e-7 as a fraction. */
export const V3_SWAP_FEE_STEP = 1e-7

const KIND_V2021 = 0
const KIND_V2 = 1
const KIND_V3 = 2
// A private context: 100 digits hold any number's shortest decimal string exactly.
// Stryker disable next-line ObjectLiteral: construction from a string and toFixed() never round (decimal.js rounds operations only)
const D = Decimal.clone({ precision: 100 })

/** An exact pool as the engine holds it. Everything but `balancesRaw` is fixed for the run. */
export interface ExactPool {
  readonly math: ExactMath
  /** Token decimals by index (18 for WETH, 6 for USDC). */
  readonly decimals: readonly number[]
  /** Raw integer balances by index: the engine's state, updated in place after each swap. */
  readonly balancesRaw: bigint[]
  /** Normalized weights, 18-decimal, summing to exactly 1e18. */
  readonly weights: readonly bigint[]
  /** Swap fee, 18-decimal, as the pool stores it (V3: truncated to a multiple of 1e11). */
  readonly swapFee: bigint
  /** BPT supply after initialization, 18-decimal (V3: the invariant; V2: invariant x tokens). */
  readonly totalSupply: bigint
  /** 0 = V2-2021, 1 = V2, 2 = V3: the dispatch of {@link exactSwapExactIn}. */
  readonly kind: number
  /** The version's state object; shares `balancesRaw`. */
  readonly v2State: V2PoolState | undefined
  readonly v3State: V3PoolState | undefined
}

/** Inputs of {@link createExactPool}: the float scenario's pool and the first prices. */
export interface CreateExactPoolOptions {
  math: ExactMath
  /** Token decimals by index, integers 0..18. */
  decimals: readonly number[]
  /** Normalized weights as fractions (the scenario's), summing to 1 within 1e-9. */
  weights: readonly number[]
  /** Swap fee as a fraction. */
  swapFee: number
  /** Pool value at the first step, numeraire units. */
  initialValue: number
  /** Prices at the first step, numeraire units per token unit, by index. */
  prices: ArrayLike<number>
}

/** A number's shortest round-trip decimal string (what a JSON file wrote) as an exact fraction. */
function rational(value: number): { num: bigint; den: bigint } {
  const text = new D(String(value)).toFixed()
  const [whole, fraction = ''] = text.replace('-', '').split('.')
  const num = BigInt(`${whole!}${fraction}`)
  return { num: text.startsWith('-') ? -num : num, den: 10n ** BigInt(fraction.length) }
}

/**
 * A fraction to 18-decimal fixed point: the number's shortest round-trip decimal string times
 * 1e18, rounded half to even (exact for any fraction written with at most 18 decimals).
 * @param value - a finite fraction, e.g. 0.003
 * @returns 18-decimal integer, e.g. 3000000000000000n
 * @example toFixed18(0.003) // 3000000000000000n
 */
export function toFixed18(value: number): bigint {
  // Stryker disable next-line StringLiteral: toRaw rounds any mode other than 'down', 'up' and 'exact' half to even
  return toRaw(String(value), 18, 'nearest')
}

/**
 * Weights as 18-decimal integers summing to exactly 1e18: each by {@link toFixed18}, then the
 * residual (|residual| <= ~1e9 for weights summing to 1 within 1e-9) added to the largest weight
 * (the first of equal largest), where it changes the weight least in relative terms.
 * @param weights - fractions summing to 1 within 1e-9
 * @returns 18-decimal weights summing to 1e18
 * @example normalizedWeights18([0.2, 0.3, 0.5]) // [2e17, 3e17, 5e17] as bigints
 */
export function normalizedWeights18(weights: readonly number[]): bigint[] {
  const out = weights.map(toFixed18)
  let largest = 0
  // Stryker disable next-line EqualityOperator: k = length reads undefined, and undefined > a bigint is false
  for (let k = 1; k < out.length; k++) if (out[k]! > out[largest]!) largest = k
  const residual = ONE - out.reduce((a, b) => a + b, 0n)
  out[largest] = out[largest]! + residual
  return out
}

/**
 * Initial raw balance of a token: floor(w * V0 / p * 10^decimals), computed exactly in integers
 * from the 18-decimal weight and the shortest decimal strings of V0 and p. Rounded down, so the
 * pool never starts with more value than V0.
 * @param weight18 - normalized weight, 18-decimal
 * @param initialValue - numeraire units
 * @param price - numeraire units per token unit
 * @param decimals - token decimals
 * @returns raw units
 * @example initialBalanceRaw(5n * 10n ** 17n, 1e6, 2000, 18) // 250000000000000000000n (250 ETH)
 */
export function initialBalanceRaw(
  weight18: bigint,
  initialValue: number,
  price: number,
  decimals: number,
): bigint {
  const value = rational(initialValue)
  const p = rational(price)
  return (weight18 * value.num * 10n ** BigInt(decimals) * p.den) / (ONE * value.den * p.num)
}

function bad(path: string, detail: string, values: Record<string, unknown> = {}): InputError {
  return new InputError('BAD_PARAMETER', { path }, detail, values)
}

/**
 * Builds the exact pool of a run: weights by {@link normalizedWeights18}, swap fee by
 * {@link toFixed18} (V3 then truncates it to a multiple of 1e11 as its `createPool` does), raw
 * balances by {@link initialBalanceRaw}; V3 initializes (supply = invariant), V2 mints invariant x
 * tokens, as the generations' first joins do. Validated once here.
 * @param options - math, decimals, weights, swapFee, initialValue, first prices
 * @returns the pool, balances in raw units
 * @throws {InputError} `BAD_PARAMETER` naming `pool.decimals[k]`, `pool.swapFee` (outside the
 *   generation's bounds) or `pool.initialValue` (a balance rounding to 0 raw units, or a pool the
 *   exact model rejects)
 * @example createExactPool({ math: 'exact-v3', decimals: [18, 6], weights: [0.5, 0.5],
 *   swapFee: 0.003, initialValue: 1e6, prices: [2000, 1] }).balancesRaw // [250e18, 500000e6]
 */
export function createExactPool(options: CreateExactPoolOptions): ExactPool {
  const { math, decimals, weights, swapFee, initialValue, prices } = options
  decimals.forEach((d, k) => {
    if (!(Number.isInteger(d) && d >= 0 && d <= MAX_TOKEN_DECIMALS))
      throw bad(`pool.decimals[${k}]`, `expected an integer from 0 to 18, found ${fmt(d)}`)
  })
  if (decimals.length !== weights.length)
    throw bad(
      'pool.decimals',
      `expected ${weights.length} decimals (one per token), found ${decimals.length}`,
    )
  const [minFee, maxFee] = EXACT_SWAP_FEE_BOUNDS[math]
  if (!(swapFee >= minFee && swapFee <= maxFee))
    throw bad(
      'pool.swapFee',
      `${math} pools accept a swap fee from ${fmt(minFee)} to ${fmt(maxFee)}, found ${fmt(swapFee)}`,
      { swapFee },
    )
  const weights18 = normalizedWeights18(weights)
  const balancesRaw = weights18.map((w, k) =>
    initialBalanceRaw(w, initialValue, prices[k]!, decimals[k]!),
  )
  balancesRaw.forEach((balance, k) => {
    if (balance <= 0n)
      throw bad(
        'pool.initialValue',
        `token ${k}'s initial balance rounds to 0 raw units (decimals ${decimals[k]!}): raise initialValue`,
      )
  })
  const fee18 = toFixed18(swapFee)
  try {
    if (math === 'exact-v3') {
      const { pool } = exactV3.initializePool({
        decimals,
        balancesRaw,
        weights: weights18,
        swapFee: fee18,
      })
      const v3State: V3PoolState = { ...pool, balancesRaw }
      return {
        math,
        decimals: [...decimals],
        balancesRaw,
        weights: pool.weights,
        swapFee: pool.swapFee,
        totalSupply: pool.totalSupply,
        kind: KIND_V3,
        v2State: undefined,
        v3State,
      }
    }
    const draft: V2PoolState = {
      balancesRaw,
      scalingFactors: decimals.map(scalingFactorV2),
      weights: weights18,
      swapFee: fee18,
      totalSupply: ONE,
    }
    exactV2.validatePool(draft)
    const invariant =
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: both generations' computeInvariant run the same calcInvariant with powDown of weights < 1e18, where no 1/2/4 shortcut applies
      math === 'exact-v2' ? exactV2.computeInvariant(draft) : exactV2021.computeInvariant(draft)
    // The first join mints invariant x number of tokens (WeightedPool._onInitializePool).
    const v2State: V2PoolState = { ...draft, totalSupply: invariant * BigInt(decimals.length) }
    return {
      math,
      decimals: [...decimals],
      balancesRaw,
      weights: weights18,
      swapFee: fee18,
      totalSupply: v2State.totalSupply,
      kind: math === 'exact-v2' ? KIND_V2 : KIND_V2021,
      v2State,
      v3State: undefined,
    }
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: inputs are checked above, so the models throw only PoolErrors here (forced false is killed by exactPool.kill.test.ts)
    if (error instanceof PoolError)
      throw bad('pool', `the ${math} model rejects the initial pool: ${error.message}`, {
        cause: error.code,
      })
    throw error
  }
}

/**
 * Raw units of `tokenOut` the exact pool pays for `amountInRaw` of `tokenIn` (exact in, fee
 * included), on the current balances, through the generation's public `outGivenIn`. Does not
 * change the balances (the engine applies the swap).
 * @param pool - from {@link createExactPool}
 * @param tokenIn - index of the token paid in
 * @param tokenOut - index of the token paid out
 * @param amountInRaw - raw units, > 0
 * @returns raw units of `tokenOut`
 * @throws {PoolError} the generation's reverts, with `protocolError` (`MaxInRatio`, `BAL#304`,
 *   `TradeAmountTooSmall`, …)
 * @example exactSwapExactIn(pool, 0, 1, 10n ** 18n)
 */
export function exactSwapExactIn(
  pool: ExactPool,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
): bigint {
  switch (pool.kind) {
    case KIND_V3:
      return exactV3.outGivenIn(pool.v3State!, tokenIn, tokenOut, amountInRaw)
    case KIND_V2:
      return exactV2.outGivenIn(pool.v2State!, tokenIn, tokenOut, amountInRaw)
    default:
      return exactV2021.outGivenIn(pool.v2State!, tokenIn, tokenOut, amountInRaw)
  }
}
