/**
 * What a real pool's LPs earned and lost, from a replayed history ({@link ReplayTrace}) and an
 * external price feed: LP value per share against HODL, swap fees, the LVR of the recorded
 * trades, the share of volume that was arbitrage, in total and over time. Definitions and units
 * in docs/replay-economics.md; they follow docs/metrics.md so a replay and a simulation compare.
 */
import { InputError } from '../../errors.js'
import { isoTime } from '../prices/csv/timestamp.js'
import type { ReplayTrace } from './trace.js'

/** One token's external prices: numeraire units per token unit at Unix-second times. */
export interface ReplayFeedSeries {
  /** Unix seconds, strictly increasing. */
  readonly times: ArrayLike<number>
  /** Numeraire units per token unit, finite and > 0. */
  readonly prices: ArrayLike<number>
}

/** External prices for every pool token, in one numeraire. */
export interface ReplayFeed {
  /** Symbol every price is quoted in (`USD`). */
  readonly numeraire: string
  /** By pool token index; `null` for a token that is the numeraire itself (price 1 throughout). */
  readonly series: readonly (ReplayFeedSeries | null)[]
}

/** Options of {@link analyseReplay}. */
export interface ReplayEconomicsOptions {
  /**
   * Seconds: an event priced from a feed point older than this is counted as stale (it is
   * still priced, from that point, and the report says how many were). Default 3,600.
   */
  maxAge?: number
  /** Seconds between points of the time series (the state after the last event of each interval); 0 keeps every event. Default 3,600. */
  interval?: number
}

/** How LP value is measured per share: BPT supply from the trace, or units issued at value. */
export type ReplayBasis = 'share' | 'unit'

/** Down-sampled series, column-major, `time` first (as the engine's `TimeSeries`). */
export interface ReplaySeries {
  columns: string[]
  data: Float64Array[]
}

/** What {@link analyseReplay} returns: plain data, values in numeraire units. */
export interface ReplayEconomics {
  pool: { name: string; tokens: string[]; weights: number[]; swapFee: number }
  numeraire: string
  /** `share`: per BPT (supply known at every event); `unit`: per unit issued at value on joins. */
  basis: ReplayBasis
  /** Unix seconds of the start state's prices and of the last analysed event. */
  startTime: number
  endTime: number
  events: {
    /** Events in the trace. */
    total: number
    /** Events whose figures count (after the start state). */
    analysed: number
    /** Before the feed covered every token (not analysed: no price). */
    beforeFeed: number
    /** The pool-funding event taken as the start state (1 when the pool started empty). */
    startEvent: number
    /** Analysed events priced from a feed point older than `maxAge`. */
    stale: number
    swaps: number
    joins: number
    exits: number
  }
  /** Seconds: the stale limit used, and the oldest feed point any analysed event was priced from. */
  maxAge: number
  oldestPriceAge: number
  /** Token units per share (or per unit) at the start: the HODL basket. */
  startBasket: number[]
  totals: ReplayTotals
  series: ReplaySeries
}

/** The whole-period figures of {@link ReplayEconomics}; numeraire units unless said. */
export interface ReplayTotals {
  /** Pool value `Σ B_i p_i` at the start state and after the last event. */
  poolValueStart: number
  poolValueEnd: number
  /** LP value per share (or unit) at the start and at the end. */
  lpValuePerShareStart: number
  lpValuePerShare: number
  /** The start basket per share at end prices. */
  hodlValuePerShare: number
  /** `lpValuePerShare / hodlValuePerShare − 1`, fraction. */
  returnVsHodl: number
  /** `Σ_swaps feeAmount · p_in`. */
  feeIncome: number
  /** `Σ_swaps (amountOut · p_out − (amountIn − feeAmount) · p_in)`: the pool's loss on its trades before fees. */
  lvr: number
  /** `Σ_swaps feeAmount · p_in / V_before` and `Σ_swaps lvr_k / V_before`: fractions of the pool's value at each trade. */
  feeYield: number
  lvrYield: number
  /** `Σ_swaps amountIn · p_in`, and the part of it classed as arbitrage. */
  volume: number
  arbVolume: number
  /** `arbVolume / volume` (0 without volume), fraction. */
  arbShare: number
  trades: number
  arbTrades: number
  /** `Σ_events B(before) · (p(event) − p(previous))`: what the holdings earned from price moves. */
  marketPnl: number
  /** `Σ_joins,exits Σ_i delta_i · p_i`: value LPs put in (positive) or took out (negative). */
  netFlows: number
  /** Protocol fees taken (V2), valued at the event. */
  protocolFees: number
  /** `poolValueEnd − poolValueStart − (marketPnl + feeIncome − lvr + netFlows)`: rounding only. */
  identityResidual: number
}

const DEFAULT_MAX_AGE = 3_600
const DEFAULT_INTERVAL = 3_600

/** Series columns before the per-token prices. */
const COLUMNS = [
  'time',
  'poolValue',
  'lpValuePerShare',
  'hodlValuePerShare',
  'returnVsHodl',
  'feeIncome',
  'lvr',
  'volume',
  'arbVolume',
  'marketPnl',
  'netFlows',
] as const

/**
 * Index of the last feed point at or before `time` (binary search), or -1 when the feed starts
 * after it.
 */
function lastAtOrBefore(times: ArrayLike<number>, time: number): number {
  let lo = 0
  let hi = times.length - 1
  if (hi < 0 || times[0]! > time) return -1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (times[mid]! <= time) lo = mid
    else hi = mid - 1
  }
  return lo
}

function checkInputs(trace: ReplayTrace, feed: ReplayFeed, maxAge: number, interval: number): void {
  const n = trace.pool.tokens.length
  if (feed.series.length !== n)
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'feed.series' },
      `expected one price series per pool token (${n}: ${trace.pool.tokens.join(', ')}), found ${feed.series.length}`,
    )
  feed.series.forEach((s, k) => {
    if (s === null) return
    const path = `feed.series[${k}] (${trace.pool.tokens[k]})`
    if (s.times.length === 0 || s.times.length !== s.prices.length)
      throw new InputError(
        'BAD_PARAMETER',
        { path },
        `expected as many prices as times and at least one, found ${s.prices.length} prices and ${s.times.length} times`,
      )
    for (let i = 0; i < s.times.length; i++) {
      const price = s.prices[i]!
      if (!(Number.isFinite(price) && price > 0))
        throw new InputError(
          'BAD_PARAMETER',
          { path },
          `expected prices > 0, found ${price} at ${isoTime(s.times[i]!)}`,
        )
      if (i > 0 && !(s.times[i]! > s.times[i - 1]!))
        throw new InputError(
          'BAD_PARAMETER',
          { path },
          `expected strictly increasing times, found ${isoTime(s.times[i]!)} after ${isoTime(s.times[i - 1]!)}`,
        )
    }
  })
  if (!(maxAge >= 0))
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'maxAge' },
      `expected seconds >= 0, found ${maxAge}`,
    )
  if (!(interval >= 0))
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'interval' },
      `expected seconds >= 0, found ${interval}`,
    )
  trace.events.forEach((e, i) => {
    if (e.deltas.length !== n || e.balancesAfter.length !== n)
      throw new InputError(
        'BAD_PARAMETER',
        { path: `trace.events[${i}]` },
        `expected ${n} deltas and balances, found ${e.deltas.length} and ${e.balancesAfter.length}`,
      )
  })
}

/**
 * Values a replayed pool history at an external price feed: LP value per share against HODL of
 * the starting per-share basket, swap fees, the LVR of the recorded trades (the engine's `lvr`
 * definition, trade by trade), the share of volume that was arbitrage, marketPnl and LP flows,
 * in total and as a down-sampled series. An event takes, per token, the last feed point at or
 * before its timestamp; events before the feed covers every token are counted, not analysed;
 * events priced from a point older than `maxAge` are counted as stale. Per share when the trace
 * has the BPT supply at every event, else per unit issued at the pool's value on joins.
 * @param trace - the replayed history; amounts in token units
 * @param feed - prices per pool token in one numeraire (`null` for the numeraire token)
 * @param options - `maxAge` and `interval`, seconds
 * @returns figures in numeraire units, fractions for ratios, seconds for times
 * @throws {InputError} `BAD_PARAMETER` for a feed that does not fit the pool (count, order,
 *   prices), a bad option, or a feed that prices no event (naming both time ranges)
 * @example analyseReplay(trace, { numeraire: 'USD', series: [eth, null] }, { maxAge: 900 }).totals.lvr
 */
export function analyseReplay(
  trace: ReplayTrace,
  feed: ReplayFeed,
  options: ReplayEconomicsOptions = {},
): ReplayEconomics {
  const maxAge = options.maxAge ?? DEFAULT_MAX_AGE
  const interval = options.interval ?? DEFAULT_INTERVAL
  checkInputs(trace, feed, maxAge, interval)
  const { tokens, weights } = trace.pool
  const n = tokens.length
  const events = trace.events

  // Prices at a time: the last feed point at or before it; null until every token has one.
  const prices = new Float64Array(n)
  const price = (time: number): number | null => {
    let oldest = 0
    for (let k = 0; k < n; k++) {
      const s = feed.series[k]
      if (s === null || s === undefined) {
        prices[k] = 1
        continue
      }
      const i = lastAtOrBefore(s.times, time)
      if (i < 0) return null
      prices[k] = s.prices[i]!
      oldest = Math.max(oldest, time - s.times[i]!)
    }
    return oldest
  }

  let first = 0
  while (first < events.length && price(events[first]!.timestamp) === null) first++
  if (first === events.length) {
    const starts = feed.series
      .map((s, k) => (s === null ? null : `${tokens[k]} from ${isoTime(s.times[0]!)}`))
      .filter((x) => x !== null)
      .join(', ')
    const range =
      events.length === 0
        ? 'the trace has no event'
        : `the events run ${isoTime(events[0]!.timestamp)} to ${isoTime(events[events.length - 1]!.timestamp)}`
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'feed' },
      `the feed prices no event: ${range}, the feed starts ${starts}; give a feed that covers the pool's history`,
    )
  }
  // The start state: the pool before the first priced event, unless it is empty then (the
  // event funds the pool), in which case the state after it.
  let balances = first === 0 ? [...trace.initialBalances] : [...events[first - 1]!.balancesAfter]
  let supply = first === 0 ? trace.initialSupply : events[first - 1]!.supplyAfter
  let startEvent = 0
  const hasValue = (b: readonly number[], s: number | null) =>
    b.some((x) => x > 0) && (s === null || s > 0)
  price(events[first]!.timestamp)
  let next = first
  if (!hasValue(balances, supply)) {
    balances = [...events[first]!.balancesAfter]
    supply = events[first]!.supplyAfter
    startEvent = 1
    next = first + 1
  }
  const basis: ReplayBasis =
    supply !== null && supply > 0 && events.slice(next).every((e) => e.supplyAfter !== null)
      ? 'share'
      : 'unit'
  const startPrices = Float64Array.from(prices)
  const value = (b: readonly number[]): number => {
    let v = 0
    for (let k = 0; k < n; k++) v += b[k]! * prices[k]!
    return v
  }
  const poolValueStart = value(balances)
  // unit basis: one unit is worth one numeraire unit at the start
  let units = basis === 'share' ? supply! : poolValueStart
  const startBasket = balances.map((b) => b / units)
  const startTime = events[first]!.timestamp

  const t = {
    feeIncome: 0,
    lvr: 0,
    feeYield: 0,
    lvrYield: 0,
    volume: 0,
    arbVolume: 0,
    trades: 0,
    arbTrades: 0,
    marketPnl: 0,
    netFlows: 0,
    protocolFees: 0,
  }
  const counts = { stale: 0, swaps: 0, joins: 0, exits: 0 }
  let oldestPriceAge = 0
  const previous = Float64Array.from(startPrices)
  const columns = [...COLUMNS, ...tokens.map((s) => `price.${s}`)]
  const rows: number[][] = []
  let poolValue = poolValueStart
  let perShare = poolValueStart / units
  let hodl = perShare
  const pushRow = (time: number) =>
    rows.push([
      time,
      poolValue,
      perShare,
      hodl,
      perShare / hodl - 1,
      t.feeIncome,
      t.lvr,
      t.volume,
      t.arbVolume,
      t.marketPnl,
      t.netFlows,
      ...prices,
    ])
  pushRow(startTime)

  for (let i = next; i < events.length; i++) {
    const e = events[i]!
    const age = price(e.timestamp)!
    oldestPriceAge = Math.max(oldestPriceAge, age)
    if (age > maxAge) counts.stale++
    let vBefore = 0
    for (let k = 0; k < n; k++) {
      t.marketPnl += balances[k]! * (prices[k]! - previous[k]!)
      vBefore += balances[k]! * prices[k]!
    }
    let flow = 0
    for (let k = 0; k < n; k++) flow += e.deltas[k]! * prices[k]!
    if (e.kind === 'swap' && e.swap !== undefined) {
      counts.swaps++
      const { tokenIn, tokenOut, amountIn, amountOut, feeAmount } = e.swap
      const pIn = prices[tokenIn]!
      const pOut = prices[tokenOut]!
      const fee = feeAmount * pIn
      // the engine's lvr per swap: value out minus value in net of the fee (docs/metrics.md)
      const lvr = amountOut * pOut - (amountIn - feeAmount) * pIn
      t.feeIncome += fee
      t.lvr += lvr
      if (vBefore > 0) {
        t.feeYield += fee / vBefore
        t.lvrYield += lvr / vBefore
      }
      const volume = amountIn * pIn
      t.volume += volume
      t.trades++
      // Arbitrage: the trader's markout at the feed is positive after the fee, and the swap
      // moved the pool's price of tokenOut (in tokenIn) closer to the feed's, in log distance.
      const wIn = weights[tokenIn]!
      const wOut = weights[tokenOut]!
      const gapBefore = Math.log(
        ((balances[tokenIn]! / wIn / (balances[tokenOut]! / wOut)) * pIn) / pOut,
      )
      const after = e.balancesAfter
      const gapAfter = Math.log(((after[tokenIn]! / wIn / (after[tokenOut]! / wOut)) * pIn) / pOut)
      if (amountOut * pOut - amountIn * pIn > 0 && Math.abs(gapAfter) < Math.abs(gapBefore)) {
        t.arbVolume += volume
        t.arbTrades++
      }
    } else {
      if (e.kind === 'join') counts.joins++
      else counts.exits++
      t.netFlows += flow
      if (basis === 'unit' && vBefore > 0) units += flow / (vBefore / units)
    }
    if (e.protocolFees !== undefined)
      for (let k = 0; k < n; k++) t.protocolFees += e.protocolFees[k]! * prices[k]!
    balances = [...e.balancesAfter]
    if (basis === 'share') units = e.supplyAfter!
    poolValue = value(balances)
    perShare = poolValue / units
    hodl = 0
    for (let k = 0; k < n; k++) hodl += startBasket[k]! * prices[k]!
    previous.set(prices)
    const last = i === events.length - 1
    if (
      last ||
      interval === 0 ||
      Math.floor(events[i + 1]!.timestamp / interval) !== Math.floor(e.timestamp / interval)
    )
      pushRow(e.timestamp)
  }

  const data = columns.map((_, c) => Float64Array.from(rows, (r) => r[c]!))
  const endTime = rows[rows.length - 1]![0]!
  const totals: ReplayTotals = {
    poolValueStart,
    poolValueEnd: poolValue,
    lpValuePerShareStart: poolValueStart / (basis === 'share' ? supply! : poolValueStart),
    lpValuePerShare: perShare,
    hodlValuePerShare: hodl,
    returnVsHodl: perShare / hodl - 1,
    feeIncome: t.feeIncome,
    lvr: t.lvr,
    feeYield: t.feeYield,
    lvrYield: t.lvrYield,
    volume: t.volume,
    arbVolume: t.arbVolume,
    arbShare: t.volume > 0 ? t.arbVolume / t.volume : 0,
    trades: t.trades,
    arbTrades: t.arbTrades,
    marketPnl: t.marketPnl,
    netFlows: t.netFlows,
    protocolFees: t.protocolFees,
    identityResidual: poolValue - poolValueStart - (t.marketPnl + t.feeIncome - t.lvr + t.netFlows),
  }
  return {
    pool: {
      name: trace.pool.name,
      tokens: [...tokens],
      weights: [...weights],
      swapFee: trace.pool.swapFee,
    },
    numeraire: feed.numeraire,
    basis,
    startTime,
    endTime,
    events: {
      total: events.length,
      analysed: events.length - next,
      beforeFeed: first,
      startEvent,
      stale: counts.stale,
      swaps: counts.swaps,
      joins: counts.joins,
      exits: counts.exits,
    },
    maxAge,
    oldestPriceAge,
    startBasket,
    totals,
    series: { columns, data },
  }
}
