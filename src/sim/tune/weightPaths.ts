/**
 * The weights the walk-forward's choices held out of sample, beside what HODL, constant-mix and a
 * threshold-rebalanced vault would have held over the same days: the value share of the pool's
 * first token at each point of the test windows, one after another.
 */
import { isOutsideBand, rebalanceHoldings } from '../benchmarks/benchmarks.js'
import type { TimeSeries } from '../engine/types.js'

/** The first token's weight over the test windows, by strategy (fractions; null: no point). */
export interface TuneWeightPaths {
  /** The token whose weight is shown (the pool's first). */
  token: string
  /** Unix seconds of each point. */
  times: number[]
  /** The pool's weight (its `weight.<token>` series) under each fold's choice. */
  pool: number[]
  /** Holding the starting amounts from the first test point on. */
  hodl: number[]
  /** Rebalanced to the target weights at every point. */
  constantMix: number[]
  /** Rebalanced to the target when a weight leaves the band (null without a threshold benchmark). */
  threshold: number[] | null
}

/**
 * Builds the weight paths from the test windows' runs.
 * @param tokens - the pool's tokens
 * @param runs - each test window's series, in time order (columns `time`, `weight.<token>`,
 *   `price.<token>`)
 * @param targets - target weights of constant-mix and the threshold vault (the pool's)
 * @param threshold - the scenario's threshold benchmark (band as a fraction, cost as a fraction
 *   of the notional traded), if any
 * @returns the paths over every point of the runs
 */
export function tuneWeightPaths(
  tokens: readonly string[],
  runs: readonly TimeSeries[],
  targets: readonly number[],
  threshold?: { band: number; cost: number },
): TuneWeightPaths {
  const n = tokens.length
  const times: number[] = []
  const pool: number[] = []
  const prices: number[][] = []
  for (const series of runs) {
    const column = (name: string) => series.data[series.columns.indexOf(name)]!
    const time = column('time')
    const weight = column(`weight.${tokens[0]!}`)
    const price = tokens.map((t) => column(`price.${t}`))
    for (let i = 0; i < time.length; i++) {
      times.push(time[i]!)
      pool.push(weight[i]!)
      prices.push(price.map((p) => p[i]!))
    }
  }
  const weights = Float64Array.from(targets)
  const share = (h: Float64Array, p: readonly number[]): number => {
    let value = 0
    for (let k = 0; k < n; k++) value += h[k]! * p[k]!
    return (h[0]! * p[0]!) / value
  }
  // one unit of value at the first point, split by the target weights
  const start = prices[0] ?? []
  const held = Float64Array.from(targets, (w, k) => w / start[k]!)
  const vault = Float64Array.from(held)
  const hodl: number[] = []
  const band: number[] = []
  for (const p of prices) {
    hodl.push(share(held, p))
    if (threshold) {
      const price = Float64Array.from(p)
      let value = 0
      for (let k = 0; k < n; k++) value += vault[k]! * p[k]!
      if (isOutsideBand(n, vault, 0, price, 0, weights, value, threshold.band))
        rebalanceHoldings(n, vault, 0, price, 0, weights, value, threshold.cost)
      band.push(share(vault, p))
    }
  }
  return {
    token: tokens[0]!,
    times,
    pool,
    hodl,
    constantMix: times.map(() => targets[0]!),
    threshold: threshold ? band : null,
  }
}
