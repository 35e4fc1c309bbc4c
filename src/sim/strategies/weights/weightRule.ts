/**
 * Dynamic-weight rules (QuantAMM's "temporal-function market making" family and two classic
 * index rules), compiled before the step loop into numbers and typed arrays, and run inside it by
 * {@link weightRuleStep}: every `updateInterval` seconds the rule computes a raw target from its
 * estimators, the guardrails project it (bounds, per-update cap), and the pool's weights then
 * move linearly in time (per block) from the previous target to the new one over the interval.
 * Formulas and sources: docs/strategies.md.
 */
import { InputError, fmt } from '../../../errors.js'
import { lambdaFromMemory, updateGradient, updateVariance } from './estimators.js'
import { projectWeights } from './guardrails.js'

/** The rule types a `pool.schedule` may name besides static, linear, piecewise and momentum. */
export const WEIGHT_RULE_TYPES = [
  'ew-momentum',
  'anti-momentum',
  'power-channel',
  'mean-reversion-channel',
  'min-variance',
  'market-cap',
] as const
/** A dynamic-weight rule's type. */
export type WeightRuleType = (typeof WEIGHT_RULE_TYPES)[number]

/** Balancer's 1 % minimum weight: the default and the floor of `minWeight`. */
export const RULE_MIN_WEIGHT = 0.01
/** Default `maxWeight`. */
export const RULE_MAX_WEIGHT = 0.99

/** A dynamic-weight rule as the engine takes it (times in seconds from the path start). */
export interface WeightRuleSpec {
  type: WeightRuleType
  /** Seconds between updates (> 0). */
  updateInterval: number
  /** Estimator memory in days (> 0; every rule but market-cap). */
  memoryDays?: number
  /** k: weight per unit of signal (momentum family; >= 0). */
  aggressiveness?: number
  /** q of the power channel and of the mean-reversion channel's trend part (> 0). Default 2. */
  exponent?: number
  /** Mean-reversion channel: half-width of the reverting band, in gradient units (> 0). */
  width?: number
  /** Mean-reversion channel: strength of the reversion inside the band (>= 0). Default 1. */
  amplitude?: number
  /** Largest change of a weight per update, fraction (> 0). Default: no cap. */
  maxWeightChange?: number
  /** Per-token bounds, fractions. Defaults 0.01 and 0.99. */
  minWeight?: number
  maxWeight?: number
  /** Move the weights linearly (per step) to the target over the interval (default) or jump. */
  interpolate?: boolean
  /** Market-cap: caps by token at times (seconds from the path start), times increasing. */
  caps?: { time: number; caps: number[] }[]
}

/** Integer kinds of the rules, in {@link WEIGHT_RULE_TYPES} order. */
export const RULE_EW_MOMENTUM = 0
export const RULE_ANTI_MOMENTUM = 1
export const RULE_POWER_CHANNEL = 2
export const RULE_MEAN_REVERSION_CHANNEL = 3
export const RULE_MIN_VARIANCE = 4
export const RULE_MARKET_CAP = 5

/** A rule as the step loop reads it: numbers and typed arrays only. */
export interface CompiledWeightRule {
  readonly kind: number
  readonly updateInterval: number
  readonly lambda: number
  readonly aggressiveness: number
  readonly exponent: number
  readonly width: number
  readonly amplitude: number
  readonly maxWeightChange: number
  readonly minWeight: number
  readonly maxWeight: number
  readonly isInterpolated: boolean
  /** Market-cap knots: times (seconds from the start) and caps row-major time by token. */
  readonly capTimes: Float64Array
  readonly capValues: Float64Array
}

// Layout of the rule's state array: blocks of n per token, then scalars.
const EWMA = 0
const RUNNING = 1
const SIGNAL = 2
const VARIANCE = 3
const LAST_PRICE = 4
const START = 5
const TARGET = 6
const SCRATCH = 7 // two blocks: lo, hi
const BLOCKS = 9
/** Scalars after the blocks: next update time, time of the last update, updates so far, cap cursor. */
const NEXT_UPDATE = 0
const LAST_UPDATE = 1
const UPDATES = 2
const CAP_CURSOR = 3
const SCALARS = 4

/** Length of the state array of a rule over n tokens. */
export function weightRuleStateSize(n: number): number {
  return BLOCKS * n + SCALARS
}

function bad(path: string, message: string): InputError {
  return new InputError('BAD_PARAMETER', { path: `pool.schedule.${path}` }, message)
}

function positiveOr(value: number | undefined, fallback: number | undefined, path: string): number {
  const v = value ?? fallback
  if (v === undefined) throw bad(path, `expected a number > 0, found none`)
  if (!(v > 0 && Number.isFinite(v))) throw bad(path, `expected a finite number > 0, found ${v}`)
  return v
}

/**
 * Validates a rule against the pool and compiles it.
 * @param spec - the rule; times in seconds
 * @param initialWeights - the pool's weights at time 0 (validated: sum 1, each >= 1 %)
 * @returns the compiled rule
 * @throws {InputError} `BAD_PARAMETER` naming `pool.schedule.<field>`: a missing or non-positive
 *   parameter, bounds below 1 % or above 1, infeasible bounds (n · minWeight > 1,
 *   n · maxWeight < 1, minWeight > maxWeight), initial weights outside the bounds, caps of the
 *   wrong length or not positive, cap times not increasing
 * @example compileWeightRule({ type: 'ew-momentum', updateInterval: 86_400, memoryDays: 10, aggressiveness: 1 }, [0.5, 0.5])
 */
export function compileWeightRule(
  spec: WeightRuleSpec,
  initialWeights: readonly number[],
): CompiledWeightRule {
  const n = initialWeights.length
  const kind = WEIGHT_RULE_TYPES.indexOf(spec.type)
  if (kind < 0) throw bad('type', `unknown rule ${JSON.stringify(spec.type)}`)
  const updateInterval = positiveOr(spec.updateInterval, undefined, 'updateInterval')
  const isMomentumFamily = kind <= RULE_MEAN_REVERSION_CHANNEL
  const memoryDays =
    kind === RULE_MARKET_CAP ? 1 : positiveOr(spec.memoryDays, undefined, 'memoryDays')
  let aggressiveness = 0
  if (isMomentumFamily) {
    aggressiveness = spec.aggressiveness ?? NaN
    if (!(aggressiveness >= 0 && Number.isFinite(aggressiveness)))
      throw bad('aggressiveness', `expected a finite number >= 0, found ${spec.aggressiveness}`)
  }
  const exponent = positiveOr(spec.exponent, 2, 'exponent')
  const width =
    kind === RULE_MEAN_REVERSION_CHANNEL ? positiveOr(spec.width, undefined, 'width') : 1
  const amplitude = spec.amplitude ?? 1
  if (!(amplitude >= 0 && Number.isFinite(amplitude)))
    throw bad('amplitude', `expected a finite number >= 0, found ${amplitude}`)
  const maxWeightChange =
    spec.maxWeightChange === undefined
      ? Infinity
      : positiveOr(spec.maxWeightChange, undefined, 'maxWeightChange')
  const minWeight = spec.minWeight ?? RULE_MIN_WEIGHT
  const maxWeight = spec.maxWeight ?? RULE_MAX_WEIGHT
  if (!(minWeight >= RULE_MIN_WEIGHT && minWeight <= 1))
    throw bad(
      'minWeight',
      `expected a fraction from 0.01 (Balancer's minimum) to 1, found ${minWeight}`,
    )
  if (!(maxWeight >= minWeight && maxWeight <= 1))
    throw bad(
      'maxWeight',
      `expected a fraction from minWeight (${fmt(minWeight)}) to 1, found ${maxWeight}`,
    )
  // 1e-12: bounds written in decimal (3 x 0.3333333333333) should not fail on rounding.
  if (n * minWeight > 1 + 1e-12)
    throw bad(
      'minWeight',
      `infeasible bounds: ${n} tokens x minWeight ${fmt(minWeight)} = ${fmt(n * minWeight)} > 1; lower minWeight to at most ${fmt(1 / n)}`,
    )
  if (n * maxWeight < 1 - 1e-12)
    throw bad(
      'maxWeight',
      `infeasible bounds: ${n} tokens x maxWeight ${fmt(maxWeight)} = ${fmt(n * maxWeight)} < 1; raise maxWeight to at least ${fmt(1 / n)}`,
    )
  initialWeights.forEach((w, k) => {
    if (w < minWeight || w > maxWeight)
      throw new InputError(
        'BAD_PARAMETER',
        { path: `pool.weights[${k}]` },
        `${w} is outside the schedule's bounds [${fmt(minWeight)}, ${fmt(maxWeight)}]; change pool.weights or pool.schedule.minWeight/maxWeight`,
      )
  })
  const capPoints = spec.caps ?? []
  if (kind === RULE_MARKET_CAP && capPoints.length === 0)
    throw bad('caps', 'expected at least one point { time, caps }, found none')
  const capTimes = new Float64Array(capPoints.length)
  const capValues = new Float64Array(capPoints.length * n)
  capPoints.forEach((point, i) => {
    if (point.caps.length !== n)
      throw bad(`caps[${i}].caps`, `expected ${n} caps (one per token), found ${point.caps.length}`)
    point.caps.forEach((cap, k) => {
      if (!(cap > 0 && Number.isFinite(cap)))
        throw bad(`caps[${i}].caps[${k}]`, `expected a finite number > 0, found ${cap}`)
      capValues[i * n + k] = cap
    })
    if (i > 0 && !(point.time > capPoints[i - 1]!.time))
      throw bad(
        `caps[${i}].time`,
        `expected times in increasing order, found ${fmt(point.time)} s after ${fmt(capPoints[i - 1]!.time)} s`,
      )
    capTimes[i] = point.time
  })
  return {
    kind,
    updateInterval,
    lambda: lambdaFromMemory(memoryDays, updateInterval),
    aggressiveness,
    exponent,
    width,
    amplitude,
    maxWeightChange,
    minWeight,
    maxWeight,
    isInterpolated: spec.interpolate ?? true,
    capTimes,
    capValues,
  }
}

/**
 * Starts a rule's state at the path's first point: p̄ = p(0), a = 0, last price p(0), the
 * previous target the pool's initial weights, first update one interval after the start.
 * @param state - {@link weightRuleStateSize} numbers
 * @param weights - the pool's initial weights
 * @param prices - the first prices, token k at `prices[k]`
 */
export function startWeightRule(
  rule: CompiledWeightRule,
  n: number,
  state: Float64Array,
  weights: Float64Array,
  prices: Float64Array,
): void {
  state.fill(0)
  for (let k = 0; k < n; k++) {
    state[EWMA * n + k] = prices[k]!
    state[LAST_PRICE * n + k] = prices[k]!
    state[START * n + k] = weights[k]!
    state[TARGET * n + k] = weights[k]!
  }
  const s = BLOCKS * n
  state[s + NEXT_UPDATE] = rule.updateInterval
  state[s + LAST_UPDATE] = 0
}

/**
 * One step of a rule, phase 2 of the step order: on an update (the first step at or after the
 * next update time) the estimators take this step's prices, the rule's raw target is projected
 * by the guardrails, and the weights start moving to it; between updates the weights follow
 * w = start + (target − start) · min(1, (t − t_update) / updateInterval), or jump at the update
 * when not interpolated. Kernel: no allocation.
 * @param elapsed - seconds from the path start
 * @param weights - the pool's weights, updated
 * @param prices - token k at `prices[offset + k]`
 */
export function weightRuleStep(
  rule: CompiledWeightRule,
  n: number,
  state: Float64Array,
  elapsed: number,
  weights: Float64Array,
  prices: Float64Array,
  offset: number,
): void {
  const s = BLOCKS * n
  const start = START * n
  const target = TARGET * n
  if (elapsed >= state[s + NEXT_UPDATE]!) {
    let next = state[s + NEXT_UPDATE]!
    while (next <= elapsed) next += rule.updateInterval
    state[s + NEXT_UPDATE] = next
    // The previous move ends here: its target becomes the start of the next.
    for (let k = 0; k < n; k++) state[start + k] = state[target + k]!
    const isFirst = state[s + UPDATES] === 0
    state[s + UPDATES] = state[s + UPDATES]! + 1
    state[s + LAST_UPDATE] = elapsed
    rawTarget(rule, n, state, prices, offset, elapsed, isFirst)
    projectWeights(
      n,
      state,
      start,
      target,
      SCRATCH * n,
      rule.minWeight,
      rule.maxWeight,
      rule.maxWeightChange,
    )
    if (!rule.isInterpolated) {
      for (let k = 0; k < n; k++) weights[k] = state[target + k]!
      return
    }
  }
  if (!rule.isInterpolated) return
  const fraction = (elapsed - state[s + LAST_UPDATE]!) / rule.updateInterval
  if (fraction >= 1) {
    for (let k = 0; k < n; k++) weights[k] = state[target + k]!
    return
  }
  for (let k = 0; k < n; k++) {
    const from = state[start + k]!
    weights[k] = from + (state[target + k]! - from) * fraction
  }
}

/** Writes the rule's raw target at TARGET from the previous target at START. */
function rawTarget(
  rule: CompiledWeightRule,
  n: number,
  state: Float64Array,
  prices: Float64Array,
  offset: number,
  elapsed: number,
  isFirst: boolean,
): void {
  const start = START * n
  const target = TARGET * n
  const signal = SIGNAL * n
  const kind = rule.kind
  if (kind === RULE_MIN_VARIANCE) {
    updateVariance(n, prices, offset, state, LAST_PRICE * n, VARIANCE * n, rule.lambda, isFirst)
    // w ∝ 1 / σ²; a zero variance (a constant price) is floored so the inverse stays finite.
    let sum = 0
    for (let k = 0; k < n; k++) {
      const inverse = 1 / Math.max(state[VARIANCE * n + k]!, MIN_VARIANCE)
      state[target + k] = inverse
      sum += inverse
    }
    for (let k = 0; k < n; k++) state[target + k] = state[target + k]! / sum
    return
  }
  if (kind === RULE_MARKET_CAP) {
    const times = rule.capTimes
    const s = BLOCKS * n
    let cursor = state[s + CAP_CURSOR]!
    while (cursor + 1 < times.length && times[cursor + 1]! <= elapsed) cursor++
    state[s + CAP_CURSOR] = cursor
    let sum = 0
    for (let k = 0; k < n; k++) sum += rule.capValues[cursor * n + k]!
    for (let k = 0; k < n; k++) state[target + k] = rule.capValues[cursor * n + k]! / sum
    return
  }
  updateGradient(n, prices, offset, state, EWMA * n, RUNNING * n, signal, rule.lambda)
  // Signal by rule, in place over the gradients g.
  if (kind === RULE_POWER_CHANNEL) {
    for (let k = 0; k < n; k++) {
      const g = state[signal + k]!
      state[signal + k] = Math.sign(g) * Math.abs(g) ** rule.exponent
    }
  } else if (kind === RULE_MEAN_REVERSION_CHANNEL) {
    const width = rule.width
    for (let k = 0; k < n; k++) {
      const g = state[signal + k]!
      const envelope = Math.exp(-(g * g) / (2 * width * width))
      state[signal + k] =
        -rule.amplitude * (g / width) * envelope +
        (1 - envelope) * Math.sign(g) * Math.abs(g) ** rule.exponent
    }
  }
  let mean = 0
  for (let k = 0; k < n; k++) mean += state[signal + k]!
  mean /= n
  const k0 = kind === RULE_ANTI_MOMENTUM ? -rule.aggressiveness : rule.aggressiveness
  for (let k = 0; k < n; k++)
    state[target + k] = state[start + k]! + k0 * (state[signal + k]! - mean)
}

/** Floor of an EWMA variance (per update, log-return units squared) before inverting it. */
export const MIN_VARIANCE = 1e-20
