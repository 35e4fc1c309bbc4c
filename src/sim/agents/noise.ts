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
