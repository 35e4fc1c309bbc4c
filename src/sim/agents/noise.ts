/**
 * Noise traders: uninformed flow that pays fees. Arrivals form a Poisson process in continuous
 * time at `tradesPerDay / 86400` per second, so the count in a step of `dt` seconds is
 * Poisson(`tradesPerDay * dt / 86400`) and irregular grids need no special case. Each arrival
 * draws a size `medianSize * exp(sizeSigma * Z)` in numeraire units and an ordered pair of distinct
 * tokens, uniformly, then swaps exact in. Random numbers come from the trader's own stream,
 * `createRng(seed, 'noise', index)` with `index` its position among the noise traders, through
 * buffers refilled a few thousand draws at a time (nothing per step).
 */
import type { Rng } from '../random.js'

/** Draws buffered per noise trader between refills. */
export const NOISE_BUFFER = 4_096

/** One noise trader's buffered random draws: three uniforms and one normal per arrival. */
export interface NoiseDraws {
  readonly rng: Rng
  readonly uniforms: Float64Array
  readonly normals: Float64Array
  /** Next unread uniform. */
  uniformAt: number
  /** Next unread normal. */
  normalAt: number
}

/**
 * Buffers for one noise trader, filled from its stream.
 * @param rng - the trader's own generator
 * @returns buffers positioned at their start
 * @example const draws = createNoiseDraws(createRng(1, 'noise', 0))
 */
export function createNoiseDraws(rng: Rng): NoiseDraws {
  const draws: NoiseDraws = {
    rng,
    uniforms: new Float64Array(NOISE_BUFFER),
    normals: new Float64Array(NOISE_BUFFER),
    uniformAt: 0,
    normalAt: 0,
  }
  rng.fillFloat(draws.uniforms)
  rng.fillNormal(draws.normals)
  return draws
}

/**
 * The next uniform in [0, 1) of a trader's buffer, refilling it when exhausted (once per
 * {@link NOISE_BUFFER} draws).
 * @returns a uniform double in [0, 1)
 */
export function nextUniform(draws: NoiseDraws): number {
  if (draws.uniformAt === NOISE_BUFFER) {
    draws.rng.fillFloat(draws.uniforms)
    draws.uniformAt = 0
  }
  return draws.uniforms[draws.uniformAt++]!
}

/**
 * The next standard normal of a trader's buffer, refilling it when exhausted.
 * @returns a draw from N(0, 1)
 */
export function nextStandardNormal(draws: NoiseDraws): number {
  if (draws.normalAt === NOISE_BUFFER) {
    draws.rng.fillNormal(draws.normals)
    draws.normalAt = 0
  }
  return draws.normals[draws.normalAt++]!
}

/**
 * Seconds to the next arrival of a Poisson process, by inversion: `-ln(1 - U) / rate`.
 * @param rate - arrivals per second, > 0
 * @returns seconds, > 0 (finite since U < 1)
 */
export function nextArrivalGap(draws: NoiseDraws, rate: number): number {
  return -Math.log1p(-nextUniform(draws)) / rate
}

/**
 * Fee-elastic routing of one noise trade between the pool and an outside venue: the constant
 * elasticity of substitution (CES) split of demand between two substitutes (Dixit & Stiglitz
 * 1977), `share_pool / share_outside = (cost / outsideCost)^(-elasticity)`, so the pool's share is
 * `1 / (1 + (cost / outsideCost)^elasticity)`. A cost at or below 0 (the pool pays better than the
 * market) takes the whole trade. Kernel: no checks; `outsideCost > 0`, `elasticity > 0`.
 * @param cost - the trade's all-in cost on the pool as a fraction of its notional (fee, price
 *   impact and the pool's distance from the market): `1 - value out / value in` at market prices
 * @param outsideCost - the outside venue's all-in cost, same unit
 * @param elasticity - ε, dimensionless
 * @returns the probability, in [0, 1], that the trade goes to the pool
 * @example poolShare(0.003, 0.003, 2) // 0.5
 */
export function poolShare(cost: number, outsideCost: number, elasticity: number): number {
  if (cost <= 0) return 1
  return 1 / (1 + Math.pow(cost / outsideCost, elasticity))
}

/**
 * Arrivals per day of potential trades (to either venue) that make `tradesPerDay` trades a day
 * on the pool when a small trade costs `referenceSwapFee` there:
 * `tradesPerDay / poolShare(referenceSwapFee, outsideCost, elasticity)`. The calibration ignores
 * price impact, so trades large against the pool arrive less than `tradesPerDay` times a day.
 * @param tradesPerDay - pool trades per day at the reference fee
 * @param referenceSwapFee - fraction, >= 0
 * @param outsideCost - fraction, > 0
 * @param elasticity - > 0
 * @returns potential trades per day, >= tradesPerDay
 * @example potentialTradesPerDay(100, 0.003, 0.003, 2) // 200
 */
export function potentialTradesPerDay(
  tradesPerDay: number,
  referenceSwapFee: number,
  outsideCost: number,
  elasticity: number,
): number {
  return tradesPerDay / poolShare(referenceSwapFee, outsideCost, elasticity)
}
