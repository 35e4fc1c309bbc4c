/**
 * Price paths the engine tests build themselves: seeded GBM (exact log-normal steps, drift 0) and
 * hand-written paths. Not code under test: a plain loop over the project's seeded generator.
 */
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { createRng } from '../../../src/sim/random.js'

/** Seconds per 365-day year. */
export const YEAR = 31_536_000

/** Options of {@link gbmSource}. */
export interface GbmPathOptions {
  /** Number of tokens; the last is the numeraire `USD` (price 1) when `withNumeraire`. */
  tokens: number
  steps: number
  /** Seconds per step. */
  dt: number
  /** Annual volatility of every risky token. */
  sigma: number
  seed: number
  withNumeraire?: boolean
}

/**
 * A GBM path with zero drift in price (log drift -sigma^2/2), start prices 1, 2, 3, ...
 * @returns a source over the materialised path
 */
export function gbmSource(options: GbmPathOptions): PriceSource {
  const { tokens: n, steps, dt, sigma, seed } = options
  const rng = createRng(seed, 'engine-test-path')
  const prices = new Float64Array(steps * n)
  const times = new Float64Array(steps)
  const risky = options.withNumeraire === true ? n - 1 : n
  for (let k = 0; k < n; k++) prices[k] = k < risky ? k + 1 : 1
  const scale = sigma * Math.sqrt(dt / YEAR)
  for (let t = 1; t < steps; t++) {
    times[t] = t * dt
    for (let k = 0; k < n; k++)
      prices[t * n + k] =
        k < risky
          ? prices[(t - 1) * n + k]! * Math.exp(scale * rng.nextNormal() - (scale * scale) / 2)
          : 1
  }
  const symbols = Array.from({ length: n }, (_, k) => (k < risky ? `T${k}` : 'USD'))
  return sourceFromPath({ tokens: symbols, numeraire: 'USD', times, prices })
}

/**
 * A hand-written path: rows of prices, one step per `dt` seconds from time 0.
 * @param rows - numeraire prices per step, by token
 */
export function handSource(
  tokens: string[],
  rows: number[][],
  dt = 60,
  numeraire = 'USD',
): PriceSource {
  const times = Float64Array.from(rows, (_, t) => t * dt)
  return sourceFromPath({ tokens, numeraire, times, prices: Float64Array.from(rows.flat()) })
}
