/**
 * Joins and exits of a float64 weighted pool, by Balancer V3's names and formulas
 * (`BasePoolMath` in the V3 Vault, with the weighted pool's `computeInvariant` and
 * `computeBalance`). Every function returns an {@link AddLiquidityResult} or
 * {@link RemoveLiquidityResult}: the amounts, the BPT, the swap fees and the new state.
 *
 * Fees: a join or exit that is not proportional equals a proportional one plus swaps, so the part
 * of each amount beyond the proportional share pays the swap fee, and the fee stays in the pool.
 * Limits, as Balancer enforces them: the invariant may rise at most 3x in an unbalanced or
 * single-token join and fall at most to 0.7x in a single-token exit (`MAX_INVARIANT_RATIO`,
 * `MIN_INVARIANT_RATIO`). Proportional joins and exits have no ratio limit, as in the V3 Vault.
 * The 30 % per-token ratios are swap limits only: neither V2's `WeightedMath` nor V3's Vault
 * applies them to joins or exits.
 *
 * Float notes: ratios near 1 are formed with `log1p`/`expm1`, so a join of 1e-12 of the pool
 * keeps full relative precision in its BPT and fee.
 */
import { PoolError, fmt } from '../../errors.js'
import { checkAmount, checkTokenIndex, checkTotalSupply } from './checks.js'
import type { AddLiquidityResult, RemoveLiquidityResult, WeightedPoolWithSupply } from './types.js'

/** Largest factor by which a non-proportional join may raise the invariant (`_MAX_INVARIANT_RATIO`). */
export const MAX_INVARIANT_RATIO = 3
/** Smallest factor to which a non-proportional exit may lower the invariant (`_MIN_INVARIANT_RATIO`). */
export const MIN_INVARIANT_RATIO = 0.7

/**
 * Proportional join: the caller asks for `bptOut` BPT and pays the same fraction
 * bptOut / totalSupply of every balance. No fee, no invariant limit; prices are unchanged.
 * Mirrors V3 `BasePoolMath.computeProportionalAmountsIn`: a_i = B_i * bptOut / S.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param bptOut - BPT to mint, >= 0
 * @returns amounts paid in per token (token units), bptOut, zero fees, and the new state
 * @throws {PoolError} `AMOUNT_INVALID` for a bad `bptOut`; `BPT_OUT_MIN` for a bad supply
 * @example addLiquidityProportional({ balances: [10, 20], weights: [0.5, 0.5], swapFee: 0.01,
 *   totalSupply: 100 }, 10).amountsIn // [1, 2]
 */
export function addLiquidityProportional(
  pool: WeightedPoolWithSupply,
  bptOut: number,
): AddLiquidityResult {
  checkTotalSupply(pool.totalSupply)
  checkAmount(bptOut, 'bptOut')
  const share = bptOut / pool.totalSupply
  const amountsIn = pool.balances.map((balance) => balance * share)
  return {
    amountsIn,
    bptOut,
    swapFeeAmounts: zeros(amountsIn.length),
    balances: pool.balances.map((balance, i) => balance + amountsIn[i]!),
    totalSupply: pool.totalSupply + bptOut,
  }
}

/**
 * Unbalanced join: exact amounts of any tokens in, BPT out. With r = V(B + a) / V(B), the share
 * r * B_i - B_i of each token is proportional; the rest of a_i, the taxable part, pays the swap
 * fee: fee_i = max(0, a_i - (r - 1) B_i) * swapFee. BPT out = S * (V(B + a - fee) / V(B) - 1).
 * Mirrors V3 `BasePoolMath.computeAddLiquidityUnbalanced`.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param amountsIn - token units per token index, each >= 0
 * @returns amountsIn, BPT minted, the fee per token, and the new state (fees stay in the pool)
 * @throws {PoolError} `TOKEN_COUNT` when lengths differ; `AMOUNT_INVALID`; `BPT_OUT_MIN` for a
 * bad supply; `MAX_INVARIANT_RATIO` when r > 3
 * @example addLiquidityUnbalanced({ balances: [10, 20], weights: [0.5, 0.5], swapFee: 0,
 *   totalSupply: 100 }, [1, 2]).bptOut // 10
 */
export function addLiquidityUnbalanced(
  pool: WeightedPoolWithSupply,
  amountsIn: readonly number[],
): AddLiquidityResult {
  const { balances, weights, swapFee, totalSupply } = pool
  checkTotalSupply(totalSupply)
  if (amountsIn.length !== balances.length)
    throw new PoolError(
      'TOKEN_COUNT',
      `amountsIn has ${amountsIn.length} entries, balances ${balances.length}`,
      { amountsIn: amountsIn.length, balances: balances.length },
    )
  let logRatio = 0
  for (let i = 0; i < balances.length; i++) {
    checkAmount(amountsIn[i]!, `amountsIn[${i}]`)
    logRatio += weights[i]! * Math.log1p(amountsIn[i]! / balances[i]!)
  }
  const invariantRatio = Math.exp(logRatio)
  if (invariantRatio > MAX_INVARIANT_RATIO) throw joinRatioError(invariantRatio)
  // r - 1 from expm1: exact for tiny joins, where r itself would round to 1.
  const growth = Math.expm1(logRatio)
  const swapFeeAmounts = zeros(balances.length)
  let logRatioAfterFees = 0
  for (let i = 0; i < balances.length; i++) {
    const taxable = amountsIn[i]! - growth * balances[i]!
    if (taxable > 0) swapFeeAmounts[i] = taxable * swapFee
    logRatioAfterFees +=
      weights[i]! * Math.log1p((amountsIn[i]! - swapFeeAmounts[i]!) / balances[i]!)
  }
  const bptOut = totalSupply * Math.expm1(logRatioAfterFees)
  return {
    amountsIn: amountsIn.slice(),
    bptOut,
    swapFeeAmounts,
    balances: balances.map((balance, i) => balance + amountsIn[i]!),
    totalSupply: totalSupply + bptOut,
  }
}

/**
 * Single-token join, exact BPT out: r = (S + bptOut) / S, the token's balance must grow to
 * B * r^(1/w); of that growth, B * (r - 1) is proportional and the rest pays the fee grossed up:
 * amountIn = B (r^(1/w) - 1) + taxable * swapFee / (1 - swapFee), taxable = B (r^(1/w) - r).
 * Mirrors V3 `BasePoolMath.computeAddLiquiditySingleTokenExactOut` with
 * `WeightedMath.computeBalanceOutGivenInvariant`.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param tokenIndex - index of the token paid in
 * @param bptOut - BPT to mint, >= 0
 * @returns amountsIn (only `tokenIndex` non-zero), bptOut, the fee, and the new state
 * @throws {PoolError} `TOKEN_INDEX`; `AMOUNT_INVALID`; `BPT_OUT_MIN` for a bad supply;
 * `MAX_INVARIANT_RATIO` when (S + bptOut) / S > 3
 * @example addLiquiditySingleTokenExactOut({ balances: [10, 20], weights: [0.5, 0.5], swapFee: 0,
 *   totalSupply: 100 }, 0, 10).amountsIn // [2.1, 0] (10 * (1.1^2 - 1))
 */
export function addLiquiditySingleTokenExactOut(
  pool: WeightedPoolWithSupply,
  tokenIndex: number,
  bptOut: number,
): AddLiquidityResult {
  checkTokenIndex(pool, tokenIndex)
  checkTotalSupply(pool.totalSupply)
  checkAmount(bptOut, 'bptOut')
  const { totalSupply, swapFee } = pool
  const balance = pool.balances[tokenIndex]!
  const weight = pool.weights[tokenIndex]!
  const invariantRatio = (totalSupply + bptOut) / totalSupply
  if (invariantRatio > MAX_INVARIANT_RATIO) throw joinRatioError(invariantRatio)
  const supplyGrowth = bptOut / totalSupply
  // B * (r^(1/w) - 1) as expm1(log1p(.)/w): no cancellation when bptOut << S.
  const amountWithoutFee = balance * Math.expm1(Math.log1p(supplyGrowth) / weight)
  const taxable = amountWithoutFee - balance * supplyGrowth
  const fee = (taxable * swapFee) / (1 - swapFee)
  const amountIn = amountWithoutFee + fee
  return {
    amountsIn: single(pool.balances.length, tokenIndex, amountIn),
    bptOut,
    swapFeeAmounts: single(pool.balances.length, tokenIndex, fee),
    balances: pool.balances.map((b, i) => (i === tokenIndex ? b + amountIn : b)),
    totalSupply: totalSupply + bptOut,
  }
}

/**
 * Proportional exit: burn `bptIn` BPT for the same fraction bptIn / totalSupply of every balance.
 * No fee, no invariant limit; `bptIn` must stay below the supply so the pool keeps balances > 0.
 * Mirrors V3 `BasePoolMath.computeProportionalAmountsOut`: a_i = B_i * bptIn / S.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param bptIn - BPT to burn, 0 <= bptIn < totalSupply
 * @returns amounts paid out per token (token units), bptIn, zero fees, and the new state
 * @throws {PoolError} `AMOUNT_INVALID`; `BPT_OUT_MIN` when bptIn >= totalSupply or a bad supply
 * @example removeLiquidityProportional({ balances: [10, 20], weights: [0.5, 0.5], swapFee: 0.01,
 *   totalSupply: 100 }, 10).amountsOut // [1, 2]
 */
export function removeLiquidityProportional(
  pool: WeightedPoolWithSupply,
  bptIn: number,
): RemoveLiquidityResult {
  checkTotalSupply(pool.totalSupply)
  checkAmount(bptIn, 'bptIn')
  if (bptIn >= pool.totalSupply)
    throw new PoolError(
      'BPT_OUT_MIN',
      `bptIn ${fmt(bptIn)} is not below the total supply ${fmt(pool.totalSupply)}`,
      { bptIn, totalSupply: pool.totalSupply },
    )
  const share = bptIn / pool.totalSupply
  const amountsOut = pool.balances.map((balance) => balance * share)
  return {
    amountsOut,
    bptIn,
    swapFeeAmounts: zeros(amountsOut.length),
    balances: pool.balances.map((balance, i) => balance - amountsOut[i]!),
    totalSupply: pool.totalSupply - bptIn,
  }
}

/**
 * Single-token exit, exact BPT in: r = (S - bptIn) / S, the token's balance falls to B * r^(1/w);
 * of the drop, B * (1 - r) is proportional and the rest, taxable = B (r - r^(1/w)), pays the fee:
 * amountOut = B (1 - r^(1/w)) - taxable * swapFee.
 * Mirrors V3 `BasePoolMath.computeRemoveLiquiditySingleTokenExactIn`.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param tokenIndex - index of the token paid out
 * @param bptIn - BPT to burn, >= 0
 * @returns amountsOut (only `tokenIndex` non-zero), bptIn, the fee kept, and the new state
 * @throws {PoolError} `TOKEN_INDEX`; `AMOUNT_INVALID`; `BPT_OUT_MIN` for a bad supply;
 * `MIN_INVARIANT_RATIO` when (S - bptIn) / S < 0.7
 * @example removeLiquiditySingleTokenExactIn({ balances: [10, 20], weights: [0.5, 0.5],
 *   swapFee: 0, totalSupply: 100 }, 0, 10).amountsOut // [1.9, 0] (10 * (1 - 0.9^2))
 */
export function removeLiquiditySingleTokenExactIn(
  pool: WeightedPoolWithSupply,
  tokenIndex: number,
  bptIn: number,
): RemoveLiquidityResult {
  checkTokenIndex(pool, tokenIndex)
  checkTotalSupply(pool.totalSupply)
  checkAmount(bptIn, 'bptIn')
  const { totalSupply, swapFee } = pool
  const balance = pool.balances[tokenIndex]!
  const weight = pool.weights[tokenIndex]!
  const invariantRatio = (totalSupply - bptIn) / totalSupply
  if (invariantRatio < MIN_INVARIANT_RATIO) throw exitRatioError(invariantRatio)
  const supplyDrop = bptIn / totalSupply
  // B * (1 - r^(1/w)) as -expm1(log1p(-x)/w): no cancellation when bptIn << S.
  const amountWithoutFee = -balance * Math.expm1(Math.log1p(-supplyDrop) / weight)
  const taxable = amountWithoutFee - balance * supplyDrop
  const fee = taxable * swapFee
  const amountOut = amountWithoutFee - fee
  return {
    amountsOut: single(pool.balances.length, tokenIndex, amountOut),
    bptIn,
    swapFeeAmounts: single(pool.balances.length, tokenIndex, fee),
    balances: pool.balances.map((b, i) => (i === tokenIndex ? b - amountOut : b)),
    totalSupply: totalSupply - bptIn,
  }
}

/**
 * Single-token exit, exact tokens out: r = ((B - a) / B)^w is the invariant ratio before fees;
 * r * B - (B - a) of the amount is taxable, and the fee grossed up on it,
 * fee = taxable * swapFee / (1 - swapFee), is charged as extra balance removed when pricing the
 * BPT: bptIn = S * (1 - ((B - a - fee) / B)^w). The fee itself stays in the pool.
 * Mirrors V3 `BasePoolMath.computeRemoveLiquiditySingleTokenExactOut`.
 * @param pool - balances in token units, weights, swapFee, totalSupply in BPT
 * @param tokenIndex - index of the token paid out
 * @param amountOut - token units to receive, >= 0
 * @returns amountsOut (only `tokenIndex` non-zero), BPT burnt, the fee kept, and the new state
 * @throws {PoolError} `TOKEN_INDEX`; `AMOUNT_INVALID`; `BPT_OUT_MIN` for a bad supply;
 * `MIN_INVARIANT_RATIO` when r < 0.7; `BALANCE_NON_POSITIVE` when the amount plus its fee would
 * empty the balance (the contract's subtraction underflow; possible only for weights near 1 %)
 * @example removeLiquiditySingleTokenExactOut({ balances: [10, 20], weights: [0.5, 0.5],
 *   swapFee: 0, totalSupply: 100 }, 0, 1.9).bptIn // 10 (100 * (1 - 0.81^0.5))
 */
export function removeLiquiditySingleTokenExactOut(
  pool: WeightedPoolWithSupply,
  tokenIndex: number,
  amountOut: number,
): RemoveLiquidityResult {
  checkTokenIndex(pool, tokenIndex)
  checkTotalSupply(pool.totalSupply)
  checkAmount(amountOut, 'amount out')
  const { totalSupply, swapFee } = pool
  const balance = pool.balances[tokenIndex]!
  const weight = pool.weights[tokenIndex]!
  // amountOut >= balance leaves nothing: ratio 0 (log1p(-x) would give -Infinity or NaN).
  const logRatio = amountOut < balance ? weight * Math.log1p(-amountOut / balance) : -Infinity
  const invariantRatio = Math.exp(logRatio)
  if (invariantRatio < MIN_INVARIANT_RATIO) throw exitRatioError(invariantRatio)
  // r * B - (B - a) = a + B * (r - 1), with r - 1 from expm1 for small exits.
  const taxable = amountOut + balance * Math.expm1(logRatio)
  const fee = (taxable * swapFee) / (1 - swapFee)
  if (amountOut + fee >= balance)
    throw new PoolError(
      'BALANCE_NON_POSITIVE',
      `amount out ${fmt(amountOut)} plus swap fee ${fmt(fee)} would empty balances[${tokenIndex}] ${fmt(balance)}`,
      { amountOut, fee, balance, index: tokenIndex },
    )
  const bptIn = -totalSupply * Math.expm1(weight * Math.log1p(-(amountOut + fee) / balance))
  return {
    amountsOut: single(pool.balances.length, tokenIndex, amountOut),
    bptIn,
    swapFeeAmounts: single(pool.balances.length, tokenIndex, fee),
    balances: pool.balances.map((b, i) => (i === tokenIndex ? b - amountOut : b)),
    totalSupply: totalSupply - bptIn,
  }
}

function joinRatioError(invariantRatio: number): PoolError {
  return new PoolError(
    'MAX_INVARIANT_RATIO',
    `join would raise the invariant ${fmt(invariantRatio)}x, above the ${MAX_INVARIANT_RATIO}x maximum`,
    { invariantRatio, maxInvariantRatio: MAX_INVARIANT_RATIO },
  )
}

function exitRatioError(invariantRatio: number): PoolError {
  return new PoolError(
    'MIN_INVARIANT_RATIO',
    `exit would lower the invariant to ${fmt(invariantRatio)}x, below the ${MIN_INVARIANT_RATIO}x minimum`,
    { invariantRatio, minInvariantRatio: MIN_INVARIANT_RATIO },
  )
}

function zeros(count: number): number[] {
  return new Array<number>(count).fill(0)
}

function single(count: number, index: number, value: number): number[] {
  const values = zeros(count)
  values[index] = value
  return values
}
