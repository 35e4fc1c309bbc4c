/**
 * The arbitrageur's gas cost per trade, constant or drawn afresh each step. A log-normal
 * distribution draws `median · exp(sigma · Z)` with Z standard normal from the gas stream's own
 * generator, `createRng(seed, 'gas', 0)`, read through the noise traders' buffers (same order of
 * draws), so other streams are untouched and a constant gas draws nothing.
 */
import { createNoiseDraws, nextStandardNormal, type NoiseDraws } from './noise.js'
import type { Rng } from '../random.js'

/** A log-normal gas source: plain data, read by {@link nextGas}. */
export interface GasSource {
  /** Median gas cost per trade, numeraire units. */
  readonly median: number
  /** Standard deviation of log gas. */
  readonly sigma: number
  readonly draws: NoiseDraws
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
  return { median, sigma, draws: createNoiseDraws(rng) }
}

/**
 * This step's gas cost: one draw from the source.
 * @param source - advanced in place
 * @returns numeraire units per trade, >= 0 (exactly `median` when sigma is 0)
 */
export function nextGas(source: GasSource): number {
  return source.median * Math.exp(source.sigma * nextStandardNormal(source.draws))
}
