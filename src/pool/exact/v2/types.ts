/**
 * Plain data of a Balancer V2 weighted pool for the exact (on-chain) math, shared by the 2021
 * (`../v2-2021/`) and 2022+ (`./`) generations.
 */

/**
 * A V2 weighted pool as the contracts see it: raw token balances, the V2 scaling factors, the
 * normalized weights, the swap fee and the BPT supply, all integers.
 */
export interface V2PoolState {
  /** Token balances in raw base units (1e6 per USDC), by token index, each > 0. */
  readonly balancesRaw: readonly bigint[]
  /**
   * V2 scaling factors, `1e18 * 10^(18 - decimals)` per token (applied with `mulDown` to upscale,
   * `divDown`/`divUp` to downscale): 1e30 for a 6-decimal token, 1e18 for an 18-decimal one.
   */
  readonly scalingFactors: readonly bigint[]
  /** Normalized weights, 18-decimal fixed point, each >= 1e16, summing to exactly 1e18. */
  readonly weights: readonly bigint[]
  /** Swap fee, 18-decimal fixed point (3e15 = 0.3 %), between 1e12 and 1e17. */
  readonly swapFee: bigint
  /**
   * BPT supply the math sees, 18 decimals, > 0. For 2022+ pools this is `getActualSupply()`
   * (the supply after minting the protocol-fee BPT that is due).
   */
  readonly totalSupply: bigint
}
