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
  /** Historical data behind the source: how files became prices (see {@link PricePathNotes}). */
  readonly notes?: PricePathNotes
}

/** A path held in memory: the materialised form of a {@link PriceSource}. */
export interface PricePath {
  readonly tokens: readonly string[]
  readonly numeraire: string
  /** Unix seconds per step, strictly increasing. */
  readonly times: Float64Array
  /** Numeraire units per token unit, row-major step by token (`times.length * tokens.length`). */
  readonly prices: Float64Array
  /** Historical paths: how files became this path (see {@link PricePathNotes}). */
  readonly notes?: PricePathNotes
}

/**
 * One series behind a token's price: where it came from, what its quote was as read, and what
 * was done to its times. Times in seconds.
 */
export interface SeriesProvenance {
  /** The series' symbol as read (`ETH/USDT`, or a bare `ETH` from a `files` key or a wide column). */
  readonly symbol: string
  /** The file, as the spec named it. */
  readonly file: string
  /** The file's format (`binance`, `coingecko`, …). */
  readonly format: string
  /** The quote the data name: the symbol's, else the file name's (`ETHUSDT.csv`); null if none. */
  readonly quote: string | null
  /** The unit the path took the prices in; null for a wide file's unnamed common unit. */
  readonly usedAs: string | null
  /** True when `quote` and `usedAs` differ and were taken as equal (USD ≈ USDT/USDC/…). */
  readonly isTreatedEqual: boolean
  /** True when the path uses 1 / price (a `NUMERAIRE/TOKEN` series). */
  readonly isInverted: boolean
  /** Seconds added to every time read (−86,400 for a daily CoinGecko file); 0 if not re-timed. */
  readonly retimedBy: number
}

/** A run of grid points that took a price carried forward from an earlier observation. */
export interface FilledGap {
  /** Symbol of the series whose price was carried. */
  readonly series: string
  /** Unix seconds of the observation carried forward. */
  readonly from: number
  /** Unix seconds of the next observation (the one that ends the gap). */
  readonly to: number
  /** `to - from`, seconds. */
  readonly seconds: number
  /** Index of the first grid point filled. */
  readonly firstStep: number
  /** Grid points filled. */
  readonly steps: number
}

/** The forward-filled gaps of a token's series on the grid. */
export interface GapSummary {
  /** Gaps (runs of filled grid points). */
  readonly count: number
  /** Grid points filled, over all gaps. */
  readonly steps: number
  /** Sum of the gaps' `seconds`. */
  readonly seconds: number
  readonly longest: FilledGap | null
  /** The first gaps in time order, at most `MAX_LISTED`. */
  readonly list: readonly FilledGap[]
  /** Gaps counted but not listed. */
  readonly unlisted: number
}

/** A step whose move is far above the token's typical move. */
export interface PriceJump {
  readonly token: string
  /** Grid index of the step that ends the move (from step − 1 to step). */
  readonly step: number
  /** Unix seconds of that grid point. */
  readonly time: number
  /** Prices before and after, numeraire units. */
  readonly from: number
  readonly to: number
  /** ln(to / from). */
  readonly logReturn: number
  /** |logReturn| over the token's typical move. */
  readonly multiple: number
  /** Grid points filled just before the move (0 when the move is not after a gap). */
  readonly afterGapSteps: number
}

/** The jump check of one token. */
export interface JumpSummary {
  /** Median |log return| over the steps where the price moved; 0 for a constant price. */
  readonly typicalMove: number
  /** |log return| above which a move is a jump: max(K x typicalMove, floor). */
  readonly threshold: number
  readonly count: number
  /**
   * At most `MAX_LISTED` jumps, in time order: those right after a forward-filled gap
   * first, then the largest |log return|.
   */
  readonly list: readonly PriceJump[]
  readonly unlisted: number
}

/** Where one token's numeraire price came from and what was done to it. */
export interface TokenProvenance {
  readonly token: string
  /**
   * `numeraire` (the constant 1), `direct` (a TOKEN/NUMERAIRE series), `inverted` (1 over a
   * NUMERAIRE/TOKEN series) or `crossed` (TOKEN/Q divided by NUMERAIRE/Q through a quote Q).
   */
  readonly route: 'numeraire' | 'direct' | 'inverted' | 'crossed'
  /** The quote crossed through (`crossed` only), else null. */
  readonly crossedThrough: string | null
  /** The series used: the token's own, then (crossed) the numeraire's. */
  readonly series: readonly SeriesProvenance[]
  readonly gaps: GapSummary
  readonly jumps: JumpSummary
}

/**
 * What was done to files to make a path: the grid, and per token the series, re-timing, quotes
 * taken as equal, forward-filled gaps and jumps. Reports print it (summary.json's `data`).
 */
export interface PricePathNotes {
  /** `path`: the run's own prices; `history`: data a model (bootstrap) resampled. */
  readonly role: 'path' | 'history'
  /** `start`: grid anchored at the first common time; `epoch`: at multiples of the step. */
  readonly gridOrigin: 'start' | 'epoch'
  /** Grid step and forward-fill limit, seconds. */
  readonly step: number
  readonly maxGap: number
  /** Jump threshold: K in K x typical move, and the floor in log-return units. */
  readonly jumpMultiple: number
  readonly jumpFloor: number
  readonly tokens: readonly TokenProvenance[]
}

/** Most gaps and jumps listed per token; the rest are counted. */
export const MAX_LISTED = 20
