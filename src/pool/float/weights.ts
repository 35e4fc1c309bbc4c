/**
 * Weights that move with time, as a liquidity-bootstrapping pool's do: linear interpolation from
 * start to end weights between two timestamps, clamped outside them (Balancer's
 * `GradualValueChange.calculateValueChangeProgress`), normalized at every instant.
 */
import { PoolError, fmt } from '../../errors.js'
import { checkWeights } from './checks.js'

/** A validated linear weight schedule. Times in Unix seconds; weights as fractions. */
export interface LinearWeightSchedule {
  /** When the weights start moving, Unix seconds. Before it, the start weights hold. */
  readonly startTime: number
  /** When they stop, Unix seconds, >= startTime. From it on, the end weights hold. */
  readonly endTime: number
  /** Normalized weights at and before `startTime`. */
  readonly startWeights: readonly number[]
  /** Normalized weights at and after `endTime`. */
  readonly endWeights: readonly number[]
}

/**
 * Validates and copies a linear weight schedule. Both ends must be valid weight vectors of the
 * same length (2 to 8 entries, each >= 1 %, summing to 1); every weight in between is then valid
 * too, being a convex combination of the two. `endTime === startTime` switches at once.
 * @param options - startTime and endTime in Unix seconds; startWeights and endWeights as fractions
 * @returns the schedule, with its own copies of the weight arrays
 * @throws {PoolError} `WEIGHT_SCHEDULE` for non-finite or reversed times or lengths that differ;
 * `TOKEN_COUNT`, `WEIGHT_MIN`, `WEIGHT_SUM` for a bad end vector (the message names it)
 * @example createLinearWeightSchedule({ startTime: 0, endTime: 86_400,
 *   startWeights: [0.9, 0.1], endWeights: [0.5, 0.5] })
 */
export function createLinearWeightSchedule(options: LinearWeightSchedule): LinearWeightSchedule {
  const { startTime, endTime, startWeights, endWeights } = options
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime))
    throw new PoolError(
      'WEIGHT_SCHEDULE',
      `startTime ${fmt(startTime)} and endTime ${fmt(endTime)} must be finite`,
      { startTime, endTime },
    )
  if (endTime < startTime)
    throw new PoolError(
      'WEIGHT_SCHEDULE',
      `endTime ${fmt(endTime)} is before startTime ${fmt(startTime)}`,
      { startTime, endTime },
    )
  if (startWeights.length !== endWeights.length)
    throw new PoolError(
      'WEIGHT_SCHEDULE',
      `startWeights has ${startWeights.length} entries, endWeights ${endWeights.length}`,
      { startWeights: startWeights.length, endWeights: endWeights.length },
    )
  checkWeights(startWeights, 'startWeights')
  checkWeights(endWeights, 'endWeights')
  return { startTime, endTime, startWeights: startWeights.slice(), endWeights: endWeights.slice() }
}

/**
 * The schedule's weights at `time`: w = start + (end - start) * p with
 * p = clamp((time - startTime) / (endTime - startTime), 0, 1), then divided by their sum so they
 * add up to 1 to the last bits whatever the rounding of the interpolation.
 * @param schedule - a schedule from {@link createLinearWeightSchedule}
 * @param time - Unix seconds
 * @returns a new array of normalized weights
 * @throws {PoolError} `WEIGHT_SCHEDULE` for a NaN time (infinite times clamp to an end)
 * @example weightsAt(schedule, 43_200) // [0.7, 0.3] half way from [0.9, 0.1] to [0.5, 0.5]
 */
export function weightsAt(schedule: LinearWeightSchedule, time: number): number[] {
  if (Number.isNaN(time))
    throw new PoolError('WEIGHT_SCHEDULE', `time ${fmt(time)} is not a number`, { time })
  const out = new Float64Array(schedule.startWeights.length)
  computeWeightsAt(schedule, time, out)
  return Array.from(out)
}

/**
 * Kernel of {@link weightsAt} for the engine: writes the weights into `out` (length = token
 * count) without allocating. The schedule must come from {@link createLinearWeightSchedule}.
 * @param schedule - a validated schedule
 * @param time - Unix seconds
 * @param out - receives the normalized weights
 */
export function computeWeightsAt(
  schedule: LinearWeightSchedule,
  time: number,
  out: Float64Array,
): void {
  const { startTime, endTime, startWeights, endWeights } = schedule
  // Clamped progress, as GradualValueChange: 0 before the start, 1 from the end on; the
  // `>=` test first also covers endTime === startTime without dividing by zero.
  const progress =
    time >= endTime ? 1 : time <= startTime ? 0 : (time - startTime) / (endTime - startTime)
  let sum = 0
  for (let i = 0; i < startWeights.length; i++) {
    const start = startWeights[i]!
    const weight = start + (endWeights[i]! - start) * progress
    out[i] = weight
    sum += weight
  }
  for (let i = 0; i < startWeights.length; i++) out[i] = out[i]! / sum
}
