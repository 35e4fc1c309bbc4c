/**
 * The arbitrageur's gas cost per trade, constant or drawn afresh each step. A log-normal
 * distribution draws `median · exp(sigma · Z)` with Z standard normal from the gas stream's own
 * generator, `createRng(seed, 'gas', 0)`, read through the noise traders' buffers (same order of
 * draws), so other streams are untouched and a constant gas draws nothing.
 */
import { createNoiseDraws, nextStandardNormal, type NoiseDraws } from './noise.js'
import { createRng, type Rng } from '../random.js'
import type { GasDistribution, GasSeries } from '../engine/types.js'

/** A log-normal or time-series gas source: plain data, read by {@link nextGas}. */
export interface GasSource {
  /** Median gas cost per trade, numeraire units (log-normal). */
  readonly median: number
  /** Standard deviation of log gas (log-normal). */
  readonly sigma: number
  /** The log-normal's draws; undefined for a time series. */
  readonly draws: NoiseDraws | undefined
  /** A time series' row times, seconds from the path start, increasing (empty for a log-normal). */
  readonly times: Float64Array
  /** A time series' gas by row, numeraire units. */
  readonly values: Float64Array
  /** The row in force at the last call. */
  row: number
}

/**
 * A log-normal gas source on its stream.
 * @param rng - the gas stream, `createRng(seed, 'gas', 0)`
 * @param median - median gas per trade, numeraire units, >= 0
 * @param sigma - standard deviation of log gas, >= 0
 * @returns the source
 * @example const gas = createGasSource(createRng(1, 'gas', 0), 5, 0.5)
 */
export function createGasSource(rng: Rng, median: number, sigma: number): GasSource {
  const empty = new Float64Array(0)
  return { median, sigma, draws: createNoiseDraws(rng), times: empty, values: empty, row: 0 }
}

/**
 * A time-series gas source.
 * @param times - row times, seconds from the path start, increasing (at least one row)
 * @param gas - gas per trade by row, numeraire units, >= 0
 * @returns the source, at its first row
 * @example const gas = createGasSeriesSource([0, 3600], [5, 8])
 */
export function createGasSeriesSource(times: readonly number[], gas: readonly number[]): GasSource {
  return {
    median: 0,
    sigma: 0,
    draws: undefined,
    times: Float64Array.from(times),
    values: Float64Array.from(gas),
    row: 0,
  }
}

/**
 * This step's gas cost: one draw from a log-normal, or a time series' value in force at `time`.
 * @param source - advanced in place
 * @param time - the step's time, seconds from the path start, non-decreasing from call to call
 * @returns numeraire units per trade, >= 0 (exactly `median` when sigma is 0)
 */
export function nextGas(source: GasSource, time: number): number {
  if (source.draws !== undefined)
    return source.median * Math.exp(source.sigma * nextStandardNormal(source.draws))
  const times = source.times
  let row = source.row
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the length bound only guards the read past the end, and `undefined <= time` is false, so the walk stops at the last row without it
  while (row + 1 < times.length && times[row + 1]! <= time) row++
  source.row = row
  return source.values[row]!
}

/**
 * The gas source of an arbitrageur's `gasCost`: undefined for a constant (nothing to draw).
 * @param spec - a number, a log-normal distribution or a time series
 * @param seed - the run's seed (the log-normal's stream is `createRng(seed, 'gas', arbitrageur)`)
 * @param arbitrageur - which arbitrageur of the run, 0 for the first (default): competing
 *   arbitrageurs each draw from their own stream
 * @returns the source, or undefined
 */
export function gasSourceOf(
  spec: number | GasDistribution | GasSeries | undefined,
  seed: number,
  arbitrageur = 0,
): GasSource | undefined {
  if (spec === undefined || typeof spec === 'number') return undefined
  if ('times' in spec) return createGasSeriesSource(spec.times, spec.gas)
  return createGasSource(createRng(seed, 'gas', arbitrageur), spec.median, spec.sigma)
}
