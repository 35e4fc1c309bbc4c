/**
 * A small stateful pool object over the free functions, for the simulation's convenience: it is
 * validated once at creation, names tokens by symbol or index, and replaces its plain state after
 * every operation. All the math lives in the free functions; `pool.state` is a plain copy.
 */
import { PoolError } from '../../errors.js'
import { checkPoolWithSupply, checkWeights, type PoolCheckOptions } from './checks.js'
import { computeInvariant } from './invariant.js'
import {
  addLiquidityProportional,
  addLiquiditySingleTokenExactOut,
  addLiquidityUnbalanced,
  removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut,
} from './liquidity.js'
import { spotPrice, spotPriceWithFee } from './spotPrice.js'
import { inGivenOut, outGivenIn, swapBalances } from './swap.js'
import type { AddLiquidityResult, RemoveLiquidityResult, WeightedPoolWithSupply } from './types.js'

/** A token named by its symbol (`'ETH'`) or its index in the pool (`0`). */
export type TokenRef = string | number

/** Options of {@link createPool}. */
export interface CreatePoolOptions extends PoolCheckOptions {
  /** Token symbols, one per balance, unique. */
  readonly tokens: readonly string[]
  /** Token units per token, each > 0. */
  readonly balances: readonly number[]
  /** Normalized weights, each >= 0.01, summing to 1. */
  readonly weights: readonly number[]
  /** Fraction of the amount in kept by the pool, in [1e-6, 0.1] (or 0 with `allowZeroFee`). */
  readonly swapFee: number
  /**
   * Initial BPT supply. Default: the invariant times the number of tokens, as Balancer V3's
   * `WeightedPool.onInitialize` mints (V2 mints the same less a 1e-12 minimum kept locked).
   */
  readonly totalSupply?: number
}

/** The pool object returned by {@link createPool}. Methods update the pool's state. */
export interface WeightedPool {
  /** Token symbols by index. */
  readonly tokens: readonly string[]
  /** A plain copy of the current state: balances, weights, swapFee, totalSupply. */
  readonly state: WeightedPoolWithSupply
  /** The index of a token given by symbol or index. @throws {PoolError} `TOKEN_INDEX` */
  tokenIndex(token: TokenRef): number
  /** The invariant prod B_i^w_i, token units. */
  invariant(): number
  /** tokenIn units per tokenOut unit, fee excluded (see `spotPrice`). */
  spotPrice(tokenIn: TokenRef, tokenOut: TokenRef): number
  /** tokenIn units per tokenOut unit, fee included (see `spotPriceWithFee`). */
  spotPriceWithFee(tokenIn: TokenRef, tokenOut: TokenRef): number
  /** Pays `amountIn` (fee included), returns the units of tokenOut received (see `outGivenIn`). */
  swapExactIn(tokenIn: TokenRef, tokenOut: TokenRef, amountIn: number): number
  /** Receives `amountOut`, returns the units of tokenIn paid, fee included (see `inGivenOut`). */
  swapExactOut(tokenIn: TokenRef, tokenOut: TokenRef, amountOut: number): number
  /** See `addLiquidityProportional`. */
  addLiquidityProportional(bptOut: number): AddLiquidityResult
  /** See `addLiquidityUnbalanced`; amounts by token index. */
  addLiquidityUnbalanced(amountsIn: readonly number[]): AddLiquidityResult
  /** See `addLiquiditySingleTokenExactOut`. */
  addLiquiditySingleTokenExactOut(tokenIn: TokenRef, bptOut: number): AddLiquidityResult
  /** See `removeLiquidityProportional`. */
  removeLiquidityProportional(bptIn: number): RemoveLiquidityResult
  /** See `removeLiquiditySingleTokenExactIn`. */
  removeLiquiditySingleTokenExactIn(tokenOut: TokenRef, bptIn: number): RemoveLiquidityResult
  /** See `removeLiquiditySingleTokenExactOut`. */
  removeLiquiditySingleTokenExactOut(tokenOut: TokenRef, amountOut: number): RemoveLiquidityResult
  /** Replaces the weights (e.g. from `weightsAt` for an LBP), validated by `checkWeights`. */
  setWeights(weights: readonly number[]): void
}

/**
 * Creates a weighted pool object, validated once here; its state is then changed only by its
 * own operations, each a line over the free function of the same concept.
 * @param options - tokens, balances (token units), weights and swapFee (fractions), optional
 * totalSupply (BPT) and `allowZeroFee`
 * @returns the pool object
 * @throws {PoolError} `TOKEN_COUNT` when tokens and balances differ in length; `TOKEN_INDEX` for
 * a repeated symbol; every code of `checkPoolWithSupply`
 * @example
 * const pool = createPool({ tokens: ['ETH', 'USDC'], balances: [500, 1e6],
 *   weights: [0.5, 0.5], swapFee: 0.003 })
 * const usdcOut = pool.swapExactIn('ETH', 'USDC', 1) // 1990.03… (x y = k, fee off the input)
 */
export function createPool(options: CreatePoolOptions): WeightedPool {
  const tokens = options.tokens.slice()
  if (tokens.length !== options.balances.length)
    throw new PoolError(
      'TOKEN_COUNT',
      `tokens has ${tokens.length} entries, balances ${options.balances.length}`,
      { tokens: tokens.length, balances: options.balances.length },
    )
  tokens.forEach((symbol, i) => {
    if (tokens.indexOf(symbol) !== i)
      throw new PoolError('TOKEN_INDEX', `token '${symbol}' appears twice`, { token: symbol })
  })
  const balances = options.balances.slice()
  const weights = options.weights.slice()
  // The supply check below rejects a bad explicit supply; the default needs valid balances,
  // so it is computed only after the state checks pass (an invalid one gives NaN here).
  let state: WeightedPoolWithSupply = {
    balances,
    weights,
    swapFee: options.swapFee,
    totalSupply: options.totalSupply ?? 1,
  }
  checkPoolWithSupply(state, options)
  if (options.totalSupply === undefined)
    state = { ...state, totalSupply: computeInvariant(balances, weights) * balances.length }

  const index = (token: TokenRef): number => tokenIndexOf(tokens, token)
  const afterJoin = (r: AddLiquidityResult): AddLiquidityResult => {
    state = { ...state, balances: r.balances, totalSupply: r.totalSupply }
    return r
  }
  const afterExit = (r: RemoveLiquidityResult): RemoveLiquidityResult => {
    state = { ...state, balances: r.balances, totalSupply: r.totalSupply }
    return r
  }
  const swapped = (i: number, o: number, amountIn: number, amountOut: number): void => {
    state = { ...state, balances: swapBalances(state.balances, i, o, amountIn, amountOut) }
  }

  return {
    tokens,
    get state(): WeightedPoolWithSupply {
      return { ...state, balances: state.balances.slice(), weights: state.weights.slice() }
    },
    tokenIndex: index,
    invariant: () => computeInvariant(state.balances, state.weights),
    spotPrice: (tokenIn, tokenOut) => spotPrice(state, index(tokenIn), index(tokenOut)),
    spotPriceWithFee: (tokenIn, tokenOut) =>
      spotPriceWithFee(state, index(tokenIn), index(tokenOut)),
    swapExactIn(tokenIn, tokenOut, amountIn) {
      const [i, o] = [index(tokenIn), index(tokenOut)]
      const amountOut = outGivenIn(state, i, o, amountIn)
      swapped(i, o, amountIn, amountOut)
      return amountOut
    },
    swapExactOut(tokenIn, tokenOut, amountOut) {
      const [i, o] = [index(tokenIn), index(tokenOut)]
      const amountIn = inGivenOut(state, i, o, amountOut)
      swapped(i, o, amountIn, amountOut)
      return amountIn
    },
    addLiquidityProportional: (bptOut) => afterJoin(addLiquidityProportional(state, bptOut)),
    addLiquidityUnbalanced: (amountsIn) => afterJoin(addLiquidityUnbalanced(state, amountsIn)),
    addLiquiditySingleTokenExactOut: (tokenIn, bptOut) =>
      afterJoin(addLiquiditySingleTokenExactOut(state, index(tokenIn), bptOut)),
    removeLiquidityProportional: (bptIn) => afterExit(removeLiquidityProportional(state, bptIn)),
    removeLiquiditySingleTokenExactIn: (tokenOut, bptIn) =>
      afterExit(removeLiquiditySingleTokenExactIn(state, index(tokenOut), bptIn)),
    removeLiquiditySingleTokenExactOut: (tokenOut, amountOut) =>
      afterExit(removeLiquiditySingleTokenExactOut(state, index(tokenOut), amountOut)),
    setWeights(next) {
      if (next.length !== state.balances.length)
        throw new PoolError(
          'TOKEN_COUNT',
          `weights has ${next.length} entries, balances ${state.balances.length}`,
          { weights: next.length, balances: state.balances.length },
        )
      checkWeights(next)
      state = { ...state, weights: next.slice() }
    },
  }
}

/**
 * The index of a token named by symbol or index.
 * @param tokens - the pool's symbols by index
 * @param token - a symbol, or an index that is then range-checked
 * @returns the token index
 * @throws {PoolError} `TOKEN_INDEX` for an unknown symbol or an index out of range
 * @example tokenIndexOf(['ETH', 'USDC'], 'USDC') // 1
 */
export function tokenIndexOf(tokens: readonly string[], token: TokenRef): number {
  if (typeof token === 'number') {
    if (!Number.isInteger(token) || token < 0 || token >= tokens.length)
      throw new PoolError(
        'TOKEN_INDEX',
        `token index ${token} is out of range for ${tokens.length} tokens`,
        { index: token, count: tokens.length },
      )
    return token
  }
  const found = tokens.indexOf(token)
  if (found < 0)
    throw new PoolError(
      'TOKEN_INDEX',
      `unknown token '${token}'; the pool holds ${tokens.join(', ')}`,
      { token, tokens: tokens.slice() },
    )
  return found
}
