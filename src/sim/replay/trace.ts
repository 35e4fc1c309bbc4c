/**
 * The shared, plain-data shape of a replayed on-chain pool history.
 *
 * The replay (`replay.ts`) produces it; the price-feed economics consume it.
 */

/** One applied on-chain event, in replay order. Amounts in token units (decimals applied), float. */
export interface ReplayEvent {
  readonly kind: 'swap' | 'join' | 'exit'
  readonly block: number
  /** Log index in the block; null when the export had none (the order was resolved by the replay). */
  readonly logIndex: number | null
  /** Unix seconds. */
  readonly timestamp: number
  /** Recorded change of each pool balance, token units, positive into the pool (protocol fees removed). */
  readonly deltas: readonly number[]
  /** Pool balances after the event, token units. */
  readonly balancesAfter: readonly number[]
  /** BPT total supply after the event, or null when unknown. */
  readonly supplyAfter: number | null
  /** Swaps only. feeAmount: the swap fee charged, in tokenIn units (amountIn · fee for given-in). */
  readonly swap?: {
    readonly tokenIn: number
    readonly tokenOut: number
    readonly amountIn: number
    readonly amountOut: number
    readonly feeAmount: number
  }
  /** Protocol fees taken at this event (V2 PoolBalanceChanged), token units; absent when none. */
  readonly protocolFees?: readonly number[]
}
/** A replayed pool history, plain data. */
export interface ReplayTrace {
  readonly pool: {
    readonly name: string
    readonly protocol: 'v1' | 'v2'
    readonly tokens: readonly string[]
    readonly decimals: readonly number[]
    /** Normalised weights, summing to 1. */
    readonly weights: readonly number[]
    /** Swap fee, fraction. */
    readonly swapFee: number
  }
  /** Balances before the first event (zeros when the pool is funded by its first event). */
  readonly initialBalances: readonly number[]
  readonly initialSupply: number | null
  readonly events: readonly ReplayEvent[]
}
