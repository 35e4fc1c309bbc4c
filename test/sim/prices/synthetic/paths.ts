/** Shared by the synthetic models' tests: step sizes, a collected model path, log returns. */
import { createModelSource, type ModelSpec } from '../../../../src/sim/prices/model.js'
import { collectPath } from '../../../../src/sim/prices/path.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'

/** Seconds per 365-day year, day and hour. */
export const YEAR = 31_536_000
export const DAY = 86_400
export const HOUR = 3_600
/** The step sizes people use: 12 s blocks, hourly and daily data. */
export const STEP_SIZES = [12, HOUR, DAY]

/** The whole path of a model spec on the stream `purpose` of `seed`. */
export function modelPath(spec: ModelSpec, seed: number, purpose: string): PricePath {
  return collectPath(createModelSource(spec, seed, purpose))
}

/** Log returns of one token's column, step by step. */
export function logReturns(p: PricePath, token: string): Float64Array {
  const n = p.tokens.length
  const k = p.tokens.indexOf(token)
  const out = new Float64Array(p.times.length - 1)
  for (let s = 1; s < p.times.length; s++)
    out[s - 1] = Math.log(p.prices[s * n + k]! / p.prices[(s - 1) * n + k]!)
  return out
}
