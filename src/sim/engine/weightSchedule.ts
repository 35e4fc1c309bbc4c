/**
 * Weight schedules as pool behaviour, compiled before the step loop into plain arrays: a
 * piecewise-linear table of (time, weights) knots for `linear` and `piecewise`, and the
 * parameters of the `momentum` rule. Times are seconds from the path's first point.
 */
import { InputError } from '../../errors.js'
import { computeWeightsAt, type LinearWeightSchedule } from '../../pool/float/weights.js'
import type { WeightScheduleSpec } from './types.js'
import {
  WEIGHT_RULE_TYPES,
  compileWeightRule,
  type CompiledWeightRule,
  type WeightRuleSpec,
} from '../strategies/weights/weightRule.js'

/** Smallest and largest weight a schedule may produce (Balancer's 1 % minimum). */
export const MIN_SCHEDULED_WEIGHT = 0.01
/** Largest weight the momentum rule may produce before normalisation. */
export const MAX_SCHEDULED_WEIGHT = 0.99

/** Static weights. */
export const SCHEDULE_STATIC = 0
/** Piecewise-linear in time (linear, piecewise). */
export const SCHEDULE_KNOTS = 1
/** Momentum retargeting every n steps. */
export const SCHEDULE_MOMENTUM = 2
/** A dynamic-weight rule (src/sim/strategies/weights/) updating every updateInterval seconds. */
export const SCHEDULE_RULE = 3

/** A schedule as the step loop reads it. */
export interface CompiledSchedule {
  /** {@link SCHEDULE_STATIC}, {@link SCHEDULE_KNOTS} or {@link SCHEDULE_MOMENTUM}. */
  kind: number
  /** Knot times in seconds from the path start, increasing. */
  knotTimes: Float64Array
  /** Knot weights, row-major knot by token. */
  knotWeights: Float64Array
  /**
   * The knots as linear segments of the float pool's schedule (segment s runs from knot s to
   * s + 1), interpolated by its `computeWeightsAt`. Empty for static and momentum schedules.
   */
  segments: readonly LinearWeightSchedule[]
  everySteps: number
  lookbackSteps: number
  strength: number
  /** The compiled rule of {@link SCHEDULE_RULE}; undefined otherwise. */
  rule: CompiledWeightRule | undefined
}

/** Checks one weight vector: n entries, each >= 1 %, summing to 1 within 1e-9. */
function checkWeights(weights: readonly number[], n: number, path: string): void {
  if (weights.length !== n)
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      `expected ${n} weights, found ${weights.length}`,
    )
  let sum = 0
  for (let k = 0; k < n; k++) {
    const w = weights[k]!
    if (!(w >= MIN_SCHEDULED_WEIGHT && w <= 1))
      throw new InputError('BAD_PARAMETER', { path: `${path}[${k}]` }, `${w} is outside [0.01, 1]`)
    sum += w
  }
  if (Math.abs(sum - 1) > 1e-9)
    throw new InputError('BAD_PARAMETER', { path }, `weights sum to ${sum}, expected 1`)
}

/**
 * Validates a schedule and compiles it to knots or momentum parameters.
 * `linear`: initial weights until `startTime`, linear to `endWeights` at `endTime`, then held.
 * `piecewise`: linear between points, starting from the initial weights at time 0 unless a point
 * sits at 0; the last point's weights are held.
 * @param spec - the schedule (undefined = static)
 * @param initialWeights - the pool's weights at time 0, validated
 * @returns the compiled schedule
 * @throws {InputError} `BAD_PARAMETER` for weights of the wrong length, below 1 % or not summing to 1,
 *   times out of order, or non-positive momentum periods
 * @example compileSchedule({ type: 'linear', startTime: 0, endTime: 86400, endWeights: [0.5, 0.5] }, [0.9, 0.1])
 */
export function compileSchedule(
  spec: WeightScheduleSpec | undefined,
  initialWeights: readonly number[],
): CompiledSchedule {
  const n = initialWeights.length
  const empty = new Float64Array(0)
  const base = {
    knotTimes: empty,
    knotWeights: empty,
    segments: [],
    everySteps: 0,
    lookbackSteps: 0,
    strength: 0,
    rule: undefined,
  }
  if (spec === undefined || spec.type === 'static') return { kind: SCHEDULE_STATIC, ...base }
  if (isWeightRuleSpec(spec))
    return { ...base, kind: SCHEDULE_RULE, rule: compileWeightRule(spec, initialWeights) }
  if (spec.type === 'momentum') {
    if (!(Number.isInteger(spec.everySteps) && spec.everySteps >= 1))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'pool.schedule.everySteps' },
        `expected an integer >= 1, found ${spec.everySteps}`,
      )
    if (!(Number.isInteger(spec.lookbackSteps) && spec.lookbackSteps >= 1))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'pool.schedule.lookbackSteps' },
        `expected an integer >= 1, found ${spec.lookbackSteps}`,
      )
    if (!(spec.strength >= 0 && Number.isFinite(spec.strength)))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'pool.schedule.strength' },
        `expected a finite number >= 0, found ${spec.strength}`,
      )
    return {
      ...base,
      kind: SCHEDULE_MOMENTUM,
      everySteps: spec.everySteps,
      lookbackSteps: spec.lookbackSteps,
      strength: spec.strength,
    }
  }
  const times: number[] = []
  const rows: (readonly number[])[] = []
  if (spec.type === 'linear') {
    checkWeights(spec.endWeights, n, 'pool.schedule.endWeights')
    if (!(spec.startTime >= 0 && spec.endTime > spec.startTime))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'pool.schedule.endTime' },
        `expected 0 <= startTime < endTime, found ${spec.startTime} and ${spec.endTime}`,
      )
    times.push(spec.startTime, spec.endTime)
    rows.push(initialWeights, spec.endWeights)
  } else {
    if (spec.points.length === 0 || spec.points[0]!.time > 0) {
      times.push(0)
      rows.push(initialWeights)
    }
    spec.points.forEach((point, index) => {
      const path = `pool.schedule.points[${index}]`
      checkWeights(point.weights, n, `${path}.weights`)
      // the first knot may sit at 0 (else 0 was pushed above); each later one after the previous
      const last = times.at(-1)
      if (!(last === undefined ? point.time >= 0 : point.time > last))
        throw new InputError(
          'BAD_PARAMETER',
          { path: `${path}.time` },
          last === undefined
            ? `expected times increasing from 0, found ${point.time}`
            : `expected times increasing from 0, found ${point.time} after ${last}`,
        )
      times.push(point.time)
      rows.push(point.weights)
    })
  }
  const knotWeights = new Float64Array(rows.length * n)
  rows.forEach((row, r) => {
    knotWeights.set(row, r * n)
  })
  // Times here are seconds from the path start, not Unix seconds: computeWeightsAt only compares
  // and subtracts them, so any common origin works.
  const segments: LinearWeightSchedule[] = []
  for (let s = 0; s + 1 < rows.length; s++)
    segments.push({
      startTime: times[s]!,
      endTime: times[s + 1]!,
      startWeights: rows[s]!.slice(),
      endWeights: rows[s + 1]!.slice(),
    })
  return {
    ...base,
    kind: SCHEDULE_KNOTS,
    knotTimes: Float64Array.from(times),
    knotWeights,
    segments,
  }
}

/**
 * Weights of a knot schedule at `time`: held before the first knot and after the last, linear
 * between, normalized to sum 1. Between knots the interpolation is the float pool's
 * `computeWeightsAt` on the segment in force (one piece of code for LBP weights in the pool and in
 * the engine); this finds the segment and copies held knot weights. Kernel: no allocation; `cursor` is the knot index to start searching from
 * (times are visited in increasing order, so the search is amortised O(1)).
 * @param schedule - compiled knots
 * @param n - number of tokens
 * @param time - seconds from the path start
 * @param cursor - index of the last knot at or before the previous time (0 at start)
 * @param weights - out: normalized weights
 * @returns the new cursor
 * @example knotWeightsAt(compileSchedule(spec, [0.9, 0.1]), 2, 43_200, 0, new Float64Array(2))
 */
export function knotWeightsAt(
  schedule: CompiledSchedule,
  n: number,
  time: number,
  cursor: number,
  weights: Float64Array,
): number {
  const knotTimes = schedule.knotTimes
  const last = knotTimes.length - 1
  while (cursor < last && knotTimes[cursor + 1]! <= time) cursor++
  if (time <= knotTimes[0]! || cursor === last) {
    // Held weights are the knot's own, copied: computeWeightsAt clamped to an end computes
    // start + (end - start) * 1, which can miss the end weights by an ulp (0.9 -> 0.2 gives
    // 0.20000000000000007), and a held LBP end state should be the stated weights exactly.
    const row = (time <= knotTimes[0]! ? 0 : last) * n
    const knotWeights = schedule.knotWeights
    for (let k = 0; k < n; k++) weights[k] = knotWeights[row + k]!
    return cursor
  }
  computeWeightsAt(schedule.segments[cursor]!, time, weights)
  return cursor
}

/**
 * Momentum retarget: `w_k <- clamp(w_k + strength * ln(p_k(t) / p_k(t - lookback)), 0.01, 0.99)`,
 * normalised to sum 1, then any weight below 1 % is fixed at 1 % and the rest rescaled (repeated
 * until none is below). Kernel: no allocation.
 * @param weights - current weights, replaced by the new ones
 * @param prices - numeraire prices now, token k at `prices[offset + k]`
 * @param past - numeraire prices `lookback` steps ago, token k at `past[pastOffset + k]`
 * @param strength - weight per unit of log return
 */
export function momentumWeights(
  n: number,
  weights: Float64Array,
  prices: Float64Array,
  offset: number,
  past: Float64Array,
  pastOffset: number,
  strength: number,
): void {
  let sum = 0
  for (let k = 0; k < n; k++) {
    const raw = weights[k]! + strength * Math.log(prices[offset + k]! / past[pastOffset + k]!)
    const w =
      raw < MIN_SCHEDULED_WEIGHT
        ? MIN_SCHEDULED_WEIGHT
        : raw > MAX_SCHEDULED_WEIGHT
          ? MAX_SCHEDULED_WEIGHT
          : raw
    weights[k] = w
    sum += w
  }
  for (let k = 0; k < n; k++) weights[k] = weights[k]! / sum
  for (let round = 0; round < n; round++) {
    let fixedCount = 0
    let freeSum = 0
    for (let k = 0; k < n; k++) {
      if (weights[k]! <= MIN_SCHEDULED_WEIGHT) fixedCount++
      else freeSum += weights[k]!
    }
    const target = 1 - fixedCount * MIN_SCHEDULED_WEIGHT
    if (fixedCount === 0 || Math.abs(freeSum - target) <= 1e-15) return
    const scale = target / freeSum
    for (let k = 0; k < n; k++)
      weights[k] = weights[k]! <= MIN_SCHEDULED_WEIGHT ? MIN_SCHEDULED_WEIGHT : weights[k]! * scale
  }
}

/** Whether a schedule is one of the dynamic-weight rules (src/sim/strategies/weights/). */
export function isWeightRuleSpec(spec: WeightScheduleSpec): spec is WeightRuleSpec {
  return (WEIGHT_RULE_TYPES as readonly string[]).includes(spec.type)
}
