/**
 * Plain data of the exact Balancer V3 model. Every number is a `bigint`: raw token units for
 * balances and amounts (`balancesRaw`), 18-decimal fixed point for weights, fees, rates and BPT.
 * The names mirror the float model (`WeightedPoolState`) and the V3 Vault's `PoolData`.
 */

/** A V3 weighted pool as the Vault sees it for a swap or a liquidity operation. */
export interface V3PoolState {
  /** Token balances in raw units (1e6 per USDC), by token index, each > 0. */
  readonly balancesRaw: readonly bigint[]
  /** Vault decimal scaling factors, 10^(18 - decimals) per token (not multiplied by 1e18). */
  readonly scalingFactors: readonly bigint[]
  /** Token rates, 18-decimal (1e18 for a token without a rate provider). */
  readonly tokenRates: readonly bigint[]
  /** Normalized weights, 18-decimal, each >= 1e16, summing to exactly 1e18. */
  readonly weights: readonly bigint[]
  /** Static swap fee, 18-decimal (1e15 = 0.1 %), as stored by the Vault (1e11 granularity). */
  readonly swapFee: bigint
  /** BPT total supply, 18-decimal. */
  readonly totalSupply: bigint
}

/** A V3 liquidity-bootstrapping pool (2 tokens, project-token weight moving linearly in time). */
export interface V3LbpState {
  /** Token balances in raw units, [token 0, token 1], each > 0. */
  readonly balancesRaw: readonly bigint[]
  /** Vault decimal scaling factors, 10^(18 - decimals) per token. */
  readonly scalingFactors: readonly bigint[]
  /** Token rates, 18-decimal. */
  readonly tokenRates: readonly bigint[]
  /** Static swap fee, 18-decimal. */
  readonly swapFee: bigint
  /** Index (0 or 1) of the token being sold by the LBP. */
  readonly projectTokenIndex: number
  /** When true, swaps paying the project token into the pool revert `SwapOfProjectTokenIn`. */
  readonly isProjectTokenSwapInBlocked: boolean
  /** Normalized weights at `startTime`, 18-decimal, summing to 1e18. */
  readonly startWeights: readonly bigint[]
  /** Normalized weights at `endTime`, 18-decimal, summing to 1e18. */
  readonly endWeights: readonly bigint[]
  /** Sale start, Unix seconds. */
  readonly startTime: bigint
  /** Sale end, Unix seconds. */
  readonly endTime: bigint
  /** The block timestamp the math runs at, Unix seconds. */
  readonly currentTimestamp: bigint
}

/** Which amount of a swap is given: the amount in (`EXACT_IN`) or the amount out (`EXACT_OUT`). */
export type SwapKind = 'EXACT_IN' | 'EXACT_OUT'

/** A swap request in raw units, as the Vault's `swap` takes it (limits excluded). */
export interface V3SwapRequest {
  readonly kind: SwapKind
  /** Index of the token paid in. */
  readonly tokenIn: number
  /** Index of the token paid out. */
  readonly tokenOut: number
  /** The given amount, raw units of `tokenIn` (EXACT_IN) or `tokenOut` (EXACT_OUT), > 0. */
  readonly amountRaw: bigint
}

/** Result of an EXACT_IN swap: what the user receives, raw units of `tokenOut`. */
export interface ExactInResult {
  readonly amountOutRaw: bigint
}

/** Result of an EXACT_OUT swap: what the user pays, fee included, raw units of `tokenIn`. */
export interface ExactOutResult {
  readonly amountInRaw: bigint
}

/** Result of a swap, shaped by its kind. */
export type SwapResult = ExactInResult | ExactOutResult

/** Rounding direction of the Vault's `computeInvariant(balances, rounding)`. */
export type Rounding = 'ROUND_DOWN' | 'ROUND_UP'
