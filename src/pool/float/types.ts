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
