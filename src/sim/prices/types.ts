/**
 * The one interface every price path satisfies, historical or synthetic: a time grid and one
 * price per token per step, in a numeraire. Long paths are read in chunks (memory flat in steps).
 */

/**
 * Reads a path front to back in chunks. Prices are row-major, step by token:
 * `prices[s * tokens.length + k]` is token k's price at step s of the chunk.
 */
export interface PriceReader {
  /**
   * Fills up to `times.length` steps (and `prices` must hold `times.length * tokens.length`);
   * returns how many steps were written, 0 once the path is exhausted. Never allocates per step.
   * @param prices - out: numeraire units per token unit, row-major step by token
   * @param times - out: Unix seconds of each step
   */
  next(prices: Float64Array, times: Float64Array): number
}

/** A price path that can be read any number of times, each read giving the same numbers. */
export interface PriceSource {
  /** Token symbols, in the order of the price columns. The numeraire, if listed, has price 1. */
  readonly tokens: readonly string[]
  /** Symbol of the unit all prices are quoted in (e.g. `USDC`). */
  readonly numeraire: string
  /** Number of price points, the starting point included. */
  readonly steps: number
  /** Unix seconds of the first point. */
  readonly startTime: number
  /** Nominal step in seconds (the grid's step for historical data). */
  readonly dt: number
  /** A fresh reader positioned at the first step. */
  open(): PriceReader
}

/** A path held in memory: the materialised form of a {@link PriceSource}. */
export interface PricePath {
  readonly tokens: readonly string[]
  readonly numeraire: string
  /** Unix seconds per step, strictly increasing. */
  readonly times: Float64Array
  /** Numeraire units per token unit, row-major step by token (`times.length * tokens.length`). */
  readonly prices: Float64Array
}
