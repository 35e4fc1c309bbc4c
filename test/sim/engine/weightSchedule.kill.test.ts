/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/weightSchedule.ts
 * (docs/mutation.md) by weightSchedule.test.ts: every refusal of `compileSchedule` (its JSON path
 * and message, as docs/scenarios.md states the rules) and the edge values each rule accepts.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  SCHEDULE_KNOTS,
  SCHEDULE_MOMENTUM,
  SCHEDULE_RULE,
  SCHEDULE_STATIC,
  compileSchedule,
  momentumWeights,
} from '../../../src/sim/engine/weightSchedule.js'
import type { WeightScheduleSpec } from '../../../src/sim/engine/types.js'
import {
  compileWeightRule,
  type WeightRuleSpec,
} from '../../../src/sim/strategies/weights/weightRule.js'

const initial = [0.9, 0.1]

/** The message compileSchedule throws for `spec` (it must be an InputError BAD_PARAMETER). */
function refusal(spec: unknown): string {
  try {
    compileSchedule(spec as WeightScheduleSpec, initial)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).code).toBe('BAD_PARAMETER')
    return (error as InputError).message
  }
  throw new Error(`accepted ${JSON.stringify(spec)}`)
}

const momentum = { type: 'momentum', everySteps: 1, lookbackSteps: 1, strength: 0 }
const linear = { type: 'linear', startTime: 0, endTime: 10, endWeights: [0.5, 0.5] }

describe('compileSchedule refusals', () => {
  it.each([
    [{ ...momentum, everySteps: 0 }, 'pool.schedule.everySteps: expected an integer >= 1, found 0'],
    [
      { ...momentum, everySteps: 1.5 },
      'pool.schedule.everySteps: expected an integer >= 1, found 1.5',
    ],
    [
      { ...momentum, lookbackSteps: 0 },
      'pool.schedule.lookbackSteps: expected an integer >= 1, found 0',
    ],
    [
      { ...momentum, lookbackSteps: 2.5 },
      'pool.schedule.lookbackSteps: expected an integer >= 1, found 2.5',
    ],
    [
      { ...momentum, strength: -0.1 },
      'pool.schedule.strength: expected a finite number >= 0, found -0.1',
    ],
    [
      { ...momentum, strength: Infinity },
      'pool.schedule.strength: expected a finite number >= 0, found Infinity',
    ],
    [
      { ...momentum, strength: Number.NaN },
      'pool.schedule.strength: expected a finite number >= 0, found NaN',
    ],
    [
      { ...linear, startTime: -1 },
      'pool.schedule.endTime: expected 0 <= startTime < endTime, found -1 and 10',
    ],
    [
      { ...linear, startTime: 10 },
      'pool.schedule.endTime: expected 0 <= startTime < endTime, found 10 and 10',
    ],
    [{ ...linear, endWeights: [1] }, 'pool.schedule.endWeights: expected 2 weights, found 1'],
    [
      { ...linear, endWeights: [0.995, 0.005] },
      'pool.schedule.endWeights[1]: 0.005 is outside [0.01, 1]',
    ],
    [
      { ...linear, endWeights: [1.5, 0.02] },
      'pool.schedule.endWeights[0]: 1.5 is outside [0.01, 1]',
    ],
    [
      { ...linear, endWeights: [1, 0.01] },
      'pool.schedule.endWeights: weights sum to 1.01, expected 1',
    ],
    [
      { ...linear, endWeights: [0.5, 0.6] },
      'pool.schedule.endWeights: weights sum to 1.1, expected 1',
    ],
    [
      { ...linear, endWeights: [0.5, 0.49] },
      'pool.schedule.endWeights: weights sum to 0.99, expected 1',
    ],
    [
      {
        type: 'piecewise',
        points: [
          { time: 5, weights: [0.5, 0.5] },
          { time: 5, weights: [0.4, 0.6] },
        ],
      },
      'pool.schedule.points[1].time: expected times increasing from 0, found 5 after 5',
    ],
    [
      { type: 'piecewise', points: [{ time: -1, weights: [0.5, 0.5] }] },
      'pool.schedule.points[0].time: expected times increasing from 0, found -1',
    ],
    // each time is checked against the last knot, not an earlier one
    [
      {
        type: 'piecewise',
        points: [0, 5, 9, 7].map((time) => ({ time, weights: [0.5, 0.5] })),
      },
      'pool.schedule.points[3].time: expected times increasing from 0, found 7 after 9',
    ],
    // a first time between -1 and 0 passed the old check (time > -1, the "no knot yet" stand-in)
    [
      { type: 'piecewise', points: [{ time: -0.5, weights: [0.5, 0.5] }] },
      'pool.schedule.points[0].time: expected times increasing from 0, found -0.5',
    ],
    [
      { type: 'piecewise', points: [{ time: 3, weights: [0.5, 0.4] }] },
      'pool.schedule.points[0].weights: weights sum to 0.9, expected 1',
    ],
  ])('refuses %j', (spec, message) => {
    expect(refusal(spec)).toBe(message)
  })
})

describe('compileSchedule accepts the edges', () => {
  it('static and absent schedules compile to the static kind', () => {
    expect(compileSchedule(undefined, initial).kind).toBe(SCHEDULE_STATIC)
    expect(compileSchedule({ type: 'static' }, initial)).toEqual({
      kind: SCHEDULE_STATIC,
      knotTimes: new Float64Array(0),
      knotWeights: new Float64Array(0),
      segments: [],
      everySteps: 0,
      lookbackSteps: 0,
      strength: 0,
      rule: undefined,
    })
  })

  it('momentum at everySteps 1, lookbackSteps 1, strength 0 keeps its parameters', () => {
    const s = compileSchedule(momentum as WeightScheduleSpec, initial)
    expect(s.kind).toBe(SCHEDULE_MOMENTUM)
    expect([s.everySteps, s.lookbackSteps, s.strength]).toEqual([1, 1, 0])
    expect(s.segments).toEqual([])
    expect(s.knotTimes).toHaveLength(0)
  })

  it('takes a weight of exactly 1 %', () => {
    const s = compileSchedule(
      { ...linear, endWeights: [0.99, 0.01] } as WeightScheduleSpec,
      initial,
    )
    expect(Array.from(s.knotWeights)).toEqual([0.9, 0.1, 0.99, 0.01])
  })

  it('compiles a dynamic-weight rule by compileWeightRule', () => {
    const spec = { type: 'ew-momentum', memoryDays: 2, aggressiveness: 1, updateInterval: 3_600 }
    const s = compileSchedule(spec as WeightScheduleSpec, initial)
    expect(s.kind).toBe(SCHEDULE_RULE)
    expect(s.rule).toEqual(compileWeightRule(spec as WeightRuleSpec, initial))
    expect(s.knotTimes).toHaveLength(0)
  })

  it('keeps its own copy of the knot weights: the spec may change afterwards', () => {
    const endWeights = [0.4, 0.6]
    const points = [{ time: 5, weights: [0.3, 0.7] }]
    const start = [0.9, 0.1]
    const lin = compileSchedule({ ...linear, endWeights } as WeightScheduleSpec, start)
    const pw = compileSchedule({ type: 'piecewise', points }, start)
    endWeights[0] = 0.5
    points[0]!.weights[0] = 0.5
    start[0] = 0.5
    expect(lin.segments[0]!.startWeights).toEqual([0.9, 0.1])
    expect(lin.segments[0]!.endWeights).toEqual([0.4, 0.6])
    expect(pw.segments[0]!.endWeights).toEqual([0.3, 0.7])
    expect(pw.segments[0]!.startWeights).toEqual([0.9, 0.1])
  })

  it('linear from time 0, weights at exactly 1 % and summing to 1 within 1e-9', () => {
    const s = compileSchedule(
      { type: 'linear', startTime: 0, endTime: 1, endWeights: [0.99, 0.01 + 5e-10] },
      initial,
    )
    expect(s.kind).toBe(SCHEDULE_KNOTS)
    expect(Array.from(s.knotTimes)).toEqual([0, 1])
    expect(Array.from(s.knotWeights)).toEqual([0.9, 0.1, 0.99, 0.01 + 5e-10])
    expect(s.segments).toEqual([
      { startTime: 0, endTime: 1, startWeights: [0.9, 0.1], endWeights: [0.99, 0.01 + 5e-10] },
    ])
  })

  it('piecewise: a first point at 0 replaces the initial weights; a later one follows them', () => {
    const at0 = compileSchedule(
      {
        type: 'piecewise',
        points: [
          { time: 0, weights: [0.5, 0.5] },
          { time: 7, weights: [0.2, 0.8] },
        ],
      },
      initial,
    )
    expect(Array.from(at0.knotTimes)).toEqual([0, 7])
    expect(Array.from(at0.knotWeights)).toEqual([0.5, 0.5, 0.2, 0.8])
    expect(at0.segments).toHaveLength(1)
    const later = compileSchedule(
      { type: 'piecewise', points: [{ time: 4, weights: [0.3, 0.7] }] },
      initial,
    )
    expect(Array.from(later.knotTimes)).toEqual([0, 4])
    expect(Array.from(later.knotWeights)).toEqual([0.9, 0.1, 0.3, 0.7])
    const none = compileSchedule({ type: 'piecewise', points: [] }, initial)
    expect(Array.from(none.knotTimes)).toEqual([0])
    expect(none.segments).toEqual([])
  })
})

describe('momentumWeights by hand', () => {
  const E = Math.E
  it('moves each weight by strength times the log price ratio (now over lookback ago)', () => {
    const weights = Float64Array.from([0.5, 0.3, 0.2])
    // log ratios 1, 0, -1 at strength 0.1: [0.6, 0.3, 0.1], summing to 1, none below 1 %
    const past = Float64Array.from([9, 9, 2, 3, 4])
    momentumWeights(3, weights, Float64Array.from([2 * E, 3, 4 / E]), 0, past, 2, 0.1)
    expect(weights[0]).toBeCloseTo(0.6, 14)
    expect(weights[1]).toBeCloseTo(0.3, 14)
    expect(weights[2]).toBeCloseTo(0.1, 14)
  })

  it('clamps to [1 %, 99 %], normalises, then fixes any weight below 1 % and rescales the rest', () => {
    const weights = Float64Array.from([0.5, 0.3, 0.2])
    // raw 0.5 + 0.5, 0.3, 0.2 - 1 = [1, 0.3, -0.8] -> clamped [0.99, 0.3, 0.01], sum 1.3;
    // 0.01 / 1.3 < 1 % is fixed at 1 %, the others share 0.99 in proportion 0.99 : 0.3
    const prices = Float64Array.from([7, 7, Math.exp(0.5), 1, 1 / E])
    momentumWeights(3, weights, prices, 2, Float64Array.from([1, 1, 1]), 0, 1)
    expect(weights[0]).toBeCloseTo((0.99 * 0.99) / 1.29, 14)
    expect(weights[1]).toBeCloseTo((0.99 * 0.3) / 1.29, 14)
    expect(weights[2]).toBe(0.01)
  })
})
