/**
 * Plain data of a float64 weighted pool. Token symbols live at the edges; math uses indices.
 * The exact model (`src/pool/exact/`) mirrors these names with 18-decimal `bigint`s.
 */

/** State the swap math needs: balances in token units, normalized weights, swap fee fraction. */
export interface WeightedPoolState {
  /** Token units per token index (1.5 = 1.5 ETH), each > 0. */
  readonly balances: readonly number[]
  /** Normalized weights per token index, each >= 0.01, summing to 1. */
  readonly weights: readonly number[]
  /** Fraction of the amount in kept by the pool (0.003 = 0.3 %). */
  readonly swapFee: number
}

/** A pool with shares: the state plus the BPT supply, for joins and exits. */
export interface WeightedPoolWithSupply extends WeightedPoolState {
  /** Pool shares (BPT) outstanding, > 0. */
  readonly totalSupply: number
}

/**
 * Result of every join (`addLiquidity*`), after Balancer V3's `BasePoolMath`: what the caller
 * pays and receives, the swap fees charged, and the pool's state afterwards. Swap fees stay in the
 * pool (no protocol share is modelled), so `balances = old balances + amountsIn`.
 */
export interface AddLiquidityResult {
  /** Token units paid in per token index, fees included (0 for tokens not added). */
  readonly amountsIn: number[]
  /** BPT minted to the caller. */
  readonly bptOut: number
  /** Token units of `amountsIn` charged as swap fee on the non-proportional part, per token. */
  readonly swapFeeAmounts: number[]
  /** The pool's balances after the join, in token units. */
  readonly balances: number[]
  /** The BPT supply after the join. */
  readonly totalSupply: number
}

/**
 * Result of every exit (`removeLiquidity*`), after Balancer V3's `BasePoolMath`: the BPT burnt,
 * the tokens paid out, the swap fees kept by the pool, and the state afterwards
 * (`balances = old balances - amountsOut`).
 */
export interface RemoveLiquidityResult {
  /** Token units paid out per token index, fees already deducted (0 for tokens not taken). */
  readonly amountsOut: number[]
  /** BPT burnt from the caller. */
  readonly bptIn: number
  /** Token units kept by the pool as swap fee on the non-proportional part, per token. */
  readonly swapFeeAmounts: number[]
  /** The pool's balances after the exit, in token units. */
  readonly balances: number[]
  /** The BPT supply after the exit. */
  readonly totalSupply: number
}
