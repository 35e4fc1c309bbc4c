/**
 * Balancer V3 add and remove liquidity through the Vault, in raw units, as deployed at launch
 * (Vault.sol `_addLiquidity` / `_removeLiquidity` around BasePoolMath): live balances scaled18
 * rounding up for adds and down for removes, given amounts scaled in the pool's favour, the 1e6
 * minimum on the BPT amount and on every non-zero token amount, results scaled back to raw, the
 * pool balances and BPT supply checked as the Vault updates them.
 */
import { PoolError, fmt } from '../../../errors.js'
import {
  computeAddLiquiditySingleTokenExactOut,
  computeAddLiquidityUnbalanced,
  computeProportionalAmountsIn,
  computeProportionalAmountsOut,
  computeRemoveLiquiditySingleTokenExactIn,
  computeRemoveLiquiditySingleTokenExactOut,
} from './basePoolMath.js'
import { toV3Error } from './protocolError.js'
import {
  POOL_MINIMUM_TOTAL_SUPPLY,
  ensureValidTradeAmount,
  toRawUndoRateRoundDown,
  toRawUndoRateRoundUp,
  toScaled18ApplyRateRoundDown,
  toScaled18ApplyRateRoundUp,
} from './scaling.js'
import { arithmeticError } from '../fixedPoint.js'
import type { V3PoolState } from './types.js'

/** Result of an unbalanced add: BPT minted, raw 18-decimal. */
export interface AddLiquidityUnbalancedOutput {
  readonly bptOutRaw: bigint
}

/** Result of a proportional add: raw units of every token paid in. */
export interface AddLiquidityProportionalOutput {
  readonly amountsInRaw: bigint[]
}

/** Result of a single-token exact-out add: raw units of the token paid in, fee included. */
export interface AddLiquiditySingleTokenExactOutOutput {
  readonly amountInRaw: bigint
}

/** Result of a proportional remove: raw units of every token paid out. */
export interface RemoveLiquidityProportionalOutput {
  readonly amountsOutRaw: bigint[]
}

/** Result of a single-token exact-in remove: raw units of the token paid out. */
export interface RemoveLiquiditySingleTokenExactInOutput {
  readonly amountOutRaw: bigint
}

/** Result of a single-token exact-out remove: BPT burned, raw 18-decimal. */
export interface RemoveLiquiditySingleTokenExactOutOutput {
  readonly bptInRaw: bigint
}

function liveBalances(pool: V3PoolState, roundUp: boolean): bigint[] {
  const { balancesRaw, scalingFactors, tokenRates } = pool
  const scale = roundUp ? toScaled18ApplyRateRoundUp : toScaled18ApplyRateRoundDown
  return balancesRaw.map((balance, i) => scale(balance, scalingFactors[i]!, tokenRates[i]!))
}

function checkTokenIndex(pool: V3PoolState, tokenIndex: number): void {
  const count = pool.weights.length
  if (!Number.isInteger(tokenIndex) || tokenIndex < 0 || tokenIndex >= count)
    throw new PoolError(
      'TOKEN_INDEX',
      `token index ${String(tokenIndex)} is not below ${String(count)}`,
      {
        tokenIndex,
        count,
      },
    )
}

function checkAmount(name: string, amount: bigint): void {
  if (amount < 0n)
    throw new PoolError('AMOUNT_INVALID', `${name} ${fmt(amount)} is negative`, { [name]: amount })
}

// The Vault's `_mint`/`_burn` keep at least 1e6 BPT in existence (PoolTotalSupplyTooLow).
function ensurePoolMinimumTotalSupply(newTotalSupply: bigint): void {
  if (newTotalSupply < POOL_MINIMUM_TOTAL_SUPPLY)
    throw new PoolError(
      'BPT_OUT_MIN',
      `the BPT supply would fall to ${fmt(newTotalSupply)}, below the minimum ${fmt(POOL_MINIMUM_TOTAL_SUPPLY)}`,
      { newTotalSupply },
      'PoolTotalSupplyTooLow',
    )
}

// Step 5 of the Vault's remove loop: the raw pool balance may not go negative (checked `-`).
function ensureBalanceCovers(pool: V3PoolState, i: number, amountOutRaw: bigint): void {
  const balance = pool.balancesRaw[i]!
  if (amountOutRaw > balance) throw arithmeticError('SUB_OVERFLOW', 'sub', balance, amountOutRaw)
}

function burn(pool: V3PoolState, bptInRaw: bigint): void {
  if (bptInRaw > pool.totalSupply)
    throw arithmeticError('SUB_OVERFLOW', 'sub', pool.totalSupply, bptInRaw)
  ensurePoolMinimumTotalSupply(pool.totalSupply - bptInRaw)
}

function mapped<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    throw toV3Error(error)
  }
}

/**
 * BPT minted for adding exact raw amounts of any tokens (V3 `AddLiquidityKind.UNBALANCED`): the
 * part of each amount above the proportional share pays the swap fee.
 * @param pool - a valid V3 pool state
 * @param amountsInRaw - raw units per token (0 for tokens not added), each >= 0
 * @returns `{ bptOutRaw }`, 18-decimal BPT
 * @throws {PoolError} `TOKEN_COUNT`, `AMOUNT_INVALID`, `MAX_INVARIANT_RATIO`
 *   (`InvariantRatioAboveMax`), `TRADE_AMOUNT_TOO_SMALL`, `ZERO_INVARIANT`, `ARITHMETIC`
 *   (`Panic(0x11)` when fees make the BPT amount negative, or on overflow)
 * @example addLiquidityUnbalanced(pool, [1_000_000n, 0n]).bptOutRaw
 */
export function addLiquidityUnbalanced(
  pool: V3PoolState,
  amountsInRaw: readonly bigint[],
): AddLiquidityUnbalancedOutput {
  const n = pool.weights.length
  if (amountsInRaw.length !== n)
    throw new PoolError(
      'TOKEN_COUNT',
      `${String(amountsInRaw.length)} amounts for ${String(n)} tokens`,
      {
        count: amountsInRaw.length,
      },
    )
  amountsInRaw.forEach((amount) => {
    checkAmount('amountInRaw', amount)
  })
  return mapped(() => {
    const { scalingFactors, tokenRates } = pool
    const balances = liveBalances(pool, true)
    const amountsScaled18 = amountsInRaw.map((amount, i) =>
      toScaled18ApplyRateRoundDown(amount, scalingFactors[i]!, tokenRates[i]!),
    )
    const { bptAmountOut } = computeAddLiquidityUnbalanced(
      balances,
      amountsScaled18,
      pool.totalSupply,
      pool.swapFee,
      pool.weights,
    )
    ensureValidTradeAmount(bptAmountOut)
    for (const amount of amountsScaled18) ensureValidTradeAmount(amount)
    ensurePoolMinimumTotalSupply(pool.totalSupply + bptAmountOut)
    return { bptOutRaw: bptAmountOut }
  })
}

/**
 * Raw units of every token to mint exactly `bptOutRaw` in proportion (V3
 * `AddLiquidityKind.PROPORTIONAL`, no fee): ceil(b_i * bptOut / supply) scaled18, rounded up to raw.
 * @param pool - a valid V3 pool state
 * @param bptOutRaw - BPT to mint, 18-decimal, >= 0
 * @returns `{ amountsInRaw }`, raw units per token
 * @throws {PoolError} `AMOUNT_INVALID`, `TRADE_AMOUNT_TOO_SMALL`, `ARITHMETIC`
 * @example addLiquidityProportional(pool, 10n ** 18n).amountsInRaw
 */
export function addLiquidityProportional(
  pool: V3PoolState,
  bptOutRaw: bigint,
): AddLiquidityProportionalOutput {
  checkAmount('bptOutRaw', bptOutRaw)
  return mapped(() => {
    const { scalingFactors, tokenRates } = pool
    const amountsInScaled18 = computeProportionalAmountsIn(
      liveBalances(pool, true),
      pool.totalSupply,
      bptOutRaw,
    )
    ensureValidTradeAmount(bptOutRaw)
    const amountsInRaw = amountsInScaled18.map((amount, i) => {
      ensureValidTradeAmount(amount)
      return toRawUndoRateRoundUp(amount, scalingFactors[i]!, tokenRates[i]!)
    })
    ensurePoolMinimumTotalSupply(pool.totalSupply + bptOutRaw)
    return { amountsInRaw }
  })
}

/**
 * Raw units of one token (fee included) to mint exactly `bptOutRaw` (V3
 * `AddLiquidityKind.SINGLE_TOKEN_EXACT_OUT`).
 * @param pool - a valid V3 pool state
 * @param tokenIndex - index of the token paid in
 * @param bptOutRaw - BPT to mint, 18-decimal, >= 0
 * @returns `{ amountInRaw }`, raw units of the token
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`, `MAX_INVARIANT_RATIO`,
 *   `TRADE_AMOUNT_TOO_SMALL`, `ARITHMETIC`
 * @example addLiquiditySingleTokenExactOut(pool, 0, 10n ** 18n).amountInRaw
 */
export function addLiquiditySingleTokenExactOut(
  pool: V3PoolState,
  tokenIndex: number,
  bptOutRaw: bigint,
): AddLiquiditySingleTokenExactOutOutput {
  checkTokenIndex(pool, tokenIndex)
  checkAmount('bptOutRaw', bptOutRaw)
  return mapped(() => {
    const balances = liveBalances(pool, true)
    const { amountInWithFee } = computeAddLiquiditySingleTokenExactOut(
      balances,
      tokenIndex,
      bptOutRaw,
      pool.totalSupply,
      pool.swapFee,
      pool.weights,
    )
    ensureValidTradeAmount(bptOutRaw)
    ensureValidTradeAmount(amountInWithFee)
    const amountInRaw = toRawUndoRateRoundUp(
      amountInWithFee,
      pool.scalingFactors[tokenIndex]!,
      pool.tokenRates[tokenIndex]!,
    )
    ensurePoolMinimumTotalSupply(pool.totalSupply + bptOutRaw)
    return { amountInRaw }
  })
}

/**
 * Raw units of every token paid for burning `bptInRaw` in proportion (V3
 * `RemoveLiquidityKind.PROPORTIONAL`, no fee; the same-transaction round-trip fee is not modelled).
 * @param pool - a valid V3 pool state
 * @param bptInRaw - BPT to burn, 18-decimal, >= 0
 * @returns `{ amountsOutRaw }`, raw units per token
 * @throws {PoolError} `AMOUNT_INVALID`, `TRADE_AMOUNT_TOO_SMALL`, `BPT_OUT_MIN`
 *   (`PoolTotalSupplyTooLow`), `ARITHMETIC`
 * @example removeLiquidityProportional(pool, 10n ** 18n).amountsOutRaw
 */
export function removeLiquidityProportional(
  pool: V3PoolState,
  bptInRaw: bigint,
): RemoveLiquidityProportionalOutput {
  checkAmount('bptInRaw', bptInRaw)
  return mapped(() => {
    const { scalingFactors, tokenRates } = pool
    const amountsOutScaled18 = computeProportionalAmountsOut(
      liveBalances(pool, false),
      pool.totalSupply,
      bptInRaw,
    )
    ensureValidTradeAmount(bptInRaw)
    const amountsOutRaw = amountsOutScaled18.map((amount, i) => {
      ensureValidTradeAmount(amount)
      const amountOutRaw = toRawUndoRateRoundDown(amount, scalingFactors[i]!, tokenRates[i]!)
      ensureBalanceCovers(pool, i, amountOutRaw)
      return amountOutRaw
    })
    burn(pool, bptInRaw)
    return { amountsOutRaw }
  })
}

/**
 * Raw units of one token paid (fee deducted) for burning exactly `bptInRaw` (V3
 * `RemoveLiquidityKind.SINGLE_TOKEN_EXACT_IN`).
 * @param pool - a valid V3 pool state
 * @param tokenIndex - index of the token paid out
 * @param bptInRaw - BPT to burn, 18-decimal, >= 0
 * @returns `{ amountOutRaw }`, raw units of the token
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`, `MIN_INVARIANT_RATIO`
 *   (`InvariantRatioBelowMin`), `TRADE_AMOUNT_TOO_SMALL`, `BPT_OUT_MIN`, `ARITHMETIC`
 * @example removeLiquiditySingleTokenExactIn(pool, 1, 10n ** 18n).amountOutRaw
 */
export function removeLiquiditySingleTokenExactIn(
  pool: V3PoolState,
  tokenIndex: number,
  bptInRaw: bigint,
): RemoveLiquiditySingleTokenExactInOutput {
  checkTokenIndex(pool, tokenIndex)
  checkAmount('bptInRaw', bptInRaw)
  return mapped(() => {
    const { amountOutWithFee } = computeRemoveLiquiditySingleTokenExactIn(
      liveBalances(pool, false),
      tokenIndex,
      bptInRaw,
      pool.totalSupply,
      pool.swapFee,
      pool.weights,
    )
    ensureValidTradeAmount(bptInRaw)
    ensureValidTradeAmount(amountOutWithFee)
    const amountOutRaw = toRawUndoRateRoundDown(
      amountOutWithFee,
      pool.scalingFactors[tokenIndex]!,
      pool.tokenRates[tokenIndex]!,
    )
    ensureBalanceCovers(pool, tokenIndex, amountOutRaw)
    burn(pool, bptInRaw)
    return { amountOutRaw }
  })
}

/**
 * BPT burned to take exactly `amountOutRaw` of one token (V3
 * `RemoveLiquidityKind.SINGLE_TOKEN_EXACT_OUT`).
 * @param pool - a valid V3 pool state
 * @param tokenIndex - index of the token paid out
 * @param amountOutRaw - raw units of the token, >= 0
 * @returns `{ bptInRaw }`, 18-decimal BPT
 * @throws {PoolError} `TOKEN_INDEX`, `AMOUNT_INVALID`, `MIN_INVARIANT_RATIO`,
 *   `TRADE_AMOUNT_TOO_SMALL`, `ZERO_INVARIANT`, `BPT_OUT_MIN`, `ARITHMETIC`
 * @example removeLiquiditySingleTokenExactOut(pool, 1, 10n ** 18n).bptInRaw
 */
export function removeLiquiditySingleTokenExactOut(
  pool: V3PoolState,
  tokenIndex: number,
  amountOutRaw: bigint,
): RemoveLiquiditySingleTokenExactOutOutput {
  checkTokenIndex(pool, tokenIndex)
  checkAmount('amountOutRaw', amountOutRaw)
  return mapped(() => {
    const amountOutScaled18 = toScaled18ApplyRateRoundUp(
      amountOutRaw,
      pool.scalingFactors[tokenIndex]!,
      pool.tokenRates[tokenIndex]!,
    )
    const { bptAmountIn } = computeRemoveLiquiditySingleTokenExactOut(
      liveBalances(pool, false),
      tokenIndex,
      amountOutScaled18,
      pool.totalSupply,
      pool.swapFee,
      pool.weights,
    )
    ensureValidTradeAmount(bptAmountIn)
    ensureValidTradeAmount(amountOutScaled18)
    ensureBalanceCovers(pool, tokenIndex, amountOutRaw)
    burn(pool, bptAmountIn)
    return { bptInRaw: bptAmountIn }
  })
}
