/**
 * The counterfactual of a replay: the same price feed through the synthetic engine, a pool with
 * the real pool's weights and fee and its value at the start, traded only by a perfect
 * every-step arbitrageur; side by side with what really happened. The real pool changes size
 * with joins and exits and the synthetic one does not, so fees and LVR are compared per unit of
 * value: each trade's figure over the pool's value just before it, summed (`feeYield`,
 * `lvrYield`); LP against HODL is a ratio on both sides (per share for the real pool).
 */
import { InputError } from '../../errors.js'
import { runSimulation } from '../engine/runSimulation.js'
import { sourceFromPath } from '../prices/path.js'
import type { PricePath } from '../prices/types.js'
import type { ReplayEconomics, ReplayFeed } from './economics.js'

/** Options of {@link runCounterfactual}. */
export interface CounterfactualOptions {
  /**
   * Seconds between the synthetic path's points (the arbitrageur acts at each). Default the
   * feed's spacing: the smallest over tokens of the median gap between feed points (3,600 when
   * every token is the numeraire).
   */
  step?: number
  /** Swap fees (fractions) to run besides the pool's own; default none. */
  swapFees?: readonly number[]
}

/** The synthetic pool's figures at one fee; numeraire units unless said. */
export interface CounterfactualRun {
  /** Fraction. */
  swapFee: number
  lpValue: number
  hodlValue: number
  /** Fraction: `lpValue / hodlValue − 1`. */
  returnVsHodl: number
  feeIncome: number
  lvr: number
  /** Fractions: `Σ_trades fee / V_before`, `Σ_trades lvr / V_before` (V_before: pool value at the step's prices before the trade). */
  feeYield: number
  lvrYield: number
  volume: number
  trades: number
}

/** What {@link runCounterfactual} returns. */
export interface Counterfactual {
  /** Seconds between path points; the path's first and last Unix times; its points. */
  step: number
  startTime: number
  endTime: number
  steps: number
  /** Numeraire value the synthetic pool starts with: the real pool's at the start state. */
  initialValue: number
  /** What really happened (from the replay economics), in the same figures. */
  real: Omit<CounterfactualRun, 'lpValue' | 'hodlValue'>
  /** The synthetic pool at the real pool's fee. */
  engine: CounterfactualRun
  /**
   * `engine.lvrYield / real.lvrYield`: how much of the real pool's LVR (per unit of value) a
   * perfect every-step arbitrageur would have taken; null when the real LVR is not positive.
   */
  lvrRatio: number | null
  /** The synthetic pool at each fee of `swapFees`, in the order given. */
  fees: CounterfactualRun[]
}

/**
 * The feed on a regular grid from `startTime` to `endTime`: per point and token, the last feed
 * price at or before it (the replay's pricing rule), the last point at `endTime`.
 * @param feed - prices per pool token (`null` = the numeraire, price 1)
 * @param tokens - pool token symbols, in order
 * @param startTime - Unix seconds; every token must have a feed point at or before it
 * @param endTime - Unix seconds, >= startTime
 * @param step - seconds > 0
 * @returns a {@link PricePath} for the engine
 * @throws {InputError} `BAD_PARAMETER` when the step is not positive or a token has no price at the start
 * @example feedPath(feed, ['DAI', 'WETH'], t0, t1, 3_600).times.length
 */
export function feedPath(
  feed: ReplayFeed,
  tokens: readonly string[],
  startTime: number,
  endTime: number,
  step: number,
): PricePath {
  if (!(step > 0))
    throw new InputError('BAD_PARAMETER', { path: 'step' }, `expected seconds > 0, found ${step}`)
  const grid: number[] = []
  for (let t = startTime; t < endTime; t += step) grid.push(t)
  grid.push(endTime)
  const n = tokens.length
  const prices = new Float64Array(grid.length * n)
  feed.series.forEach((s, k) => {
    let i = -1
    grid.forEach((time, g) => {
      if (s === null) {
        prices[g * n + k] = 1
        return
      }
      while (i + 1 < s.times.length && s.times[i + 1]! <= time) i++
      if (i < 0)
        throw new InputError(
          'BAD_PARAMETER',
          { path: `feed.series[${k}] (${tokens[k]})` },
          `no price at or before the start time ${time}`,
        )
      prices[g * n + k] = s.prices[i]!
    })
  })
  return { tokens: [...tokens], numeraire: feed.numeraire, times: Float64Array.from(grid), prices }
}

/** The smallest over tokens of the median gap between feed points, seconds; 3,600 without any. */
function feedSpacing(feed: ReplayFeed): number {
  let spacing = Infinity
  for (const s of feed.series) {
    if (s === null || s.times.length < 2) continue
    const gaps = Array.from({ length: s.times.length - 1 }, (_, i) => s.times[i + 1]! - s.times[i]!)
    gaps.sort((a, b) => a - b)
    spacing = Math.min(spacing, gaps[Math.floor(gaps.length / 2)]!)
  }
  return Number.isFinite(spacing) ? spacing : 3_600
}

/** One engine run of the counterfactual pool at `swapFee`, with per-trade yields. */
function runAt(
  path: PricePath,
  weights: readonly number[],
  swapFee: number,
  initialValue: number,
): CounterfactualRun {
  const result = runSimulation({
    pool: { weights: [...weights], swapFee, initialValue },
    prices: sourceFromPath(path),
    agents: [{ type: 'arbitrageur' }],
    benchmarks: [{ type: 'hodl' }],
    seed: 1,
    seriesPoints: 'all',
    trades: true,
  })
  const n = path.tokens.length
  const column = (name: string) => result.series.data[result.series.columns.indexOf(name)]!
  const balances = path.tokens.map((t) => column(`balance.${t}`))
  const index = new Map(path.tokens.map((t, k) => [t, k]))
  let feeYield = 0
  let lvrYield = 0
  for (const trade of result.trades ?? []) {
    // value before the step's trades: balances after the previous step, at this step's prices
    let before = 0
    for (let k = 0; k < n; k++)
      before += balances[k]![trade.step - 1]! * path.prices[trade.step * n + k]!
    const pIn = path.prices[trade.step * n + index.get(trade.tokenIn)!]!
    const pOut = path.prices[trade.step * n + index.get(trade.tokenOut)!]!
    const lvr = trade.amountOut * pOut - (1 - swapFee) * trade.amountIn * pIn
    feeYield += trade.feePaid / before
    lvrYield += lvr / before
  }
  const m = result.metrics
  return {
    swapFee,
    lpValue: m.lpValue,
    hodlValue: m.hodlValue,
    returnVsHodl: m.returnVsHodl,
    feeIncome: m.feeIncome,
    lvr: m.lvr,
    feeYield,
    lvrYield,
    volume: m.volume,
    trades: m.trades,
  }
}

/**
 * Runs the replayed period's feed through the synthetic engine (float math, one every-step
 * arbitrageur, no other flow) with the real pool's weights, fee and start value, and sets it
 * beside the replay's figures; then once more per fee of `swapFees`.
 * @param economics - from `analyseReplay` on the same feed
 * @param feed - the feed `economics` was computed with
 * @param options - `step` seconds; `swapFees` fractions
 * @returns both sides, fees and LVR per unit of value, and the LVR ratio
 * @throws {InputError} `BAD_PARAMETER` for a step <= 0 or a fee outside [0, 1); the engine's errors
 * @example runCounterfactual(analyseReplay(trace, feed), feed, { swapFees: [0.001, 0.003] }).lvrRatio
 */
export function runCounterfactual(
  economics: ReplayEconomics,
  feed: ReplayFeed,
  options: CounterfactualOptions = {},
): Counterfactual {
  const step = options.step ?? feedSpacing(feed)
  const swapFees = options.swapFees ?? []
  swapFees.forEach((f, i) => {
    if (!(f >= 0 && f < 1))
      throw new InputError(
        'BAD_PARAMETER',
        { path: `swapFees[${i}]` },
        `expected a fraction in [0, 1), found ${f}`,
      )
  })
  const { pool, totals } = economics
  const path = feedPath(feed, pool.tokens, economics.startTime, economics.endTime, step)
  const initialValue = totals.poolValueStart
  const engine = runAt(path, pool.weights, pool.swapFee, initialValue)
  return {
    step,
    startTime: economics.startTime,
    endTime: economics.endTime,
    steps: path.times.length,
    initialValue,
    real: {
      swapFee: pool.swapFee,
      returnVsHodl: totals.returnVsHodl,
      feeIncome: totals.feeIncome,
      lvr: totals.lvr,
      feeYield: totals.feeYield,
      lvrYield: totals.lvrYield,
      volume: totals.volume,
      trades: totals.trades,
    },
    engine,
    lvrRatio: totals.lvrYield > 0 ? engine.lvrYield / totals.lvrYield : null,
    fees: swapFees.map((f) => runAt(path, pool.weights, f, initialValue)),
  }
}
