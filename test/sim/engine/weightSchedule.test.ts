import { describe, expect, it } from 'vitest'
import {
  compileSchedule,
  knotWeightsAt,
  momentumWeights,
} from '../../../src/sim/engine/weightSchedule.js'

describe('compileSchedule and knotWeightsAt', () => {
  it('linear: initial weights before startTime, linear between, endWeights after', () => {
    const schedule = compileSchedule(
      { type: 'linear', startTime: 100, endTime: 300, endWeights: [0.2, 0.8] },
      [0.9, 0.1],
    )
    const w = new Float64Array(2)
    let cursor = 0
    const at = (time: number) => {
      cursor = knotWeightsAt(schedule, 2, time, cursor, w)
      return Array.from(w)
    }
    expect(at(0)).toEqual([0.9, 0.1])
    expect(at(100)).toEqual([0.9, 0.1])
    const mid = at(150) // a quarter of the way: 0.9 - 0.25 * 0.7 = 0.725
    expect(mid[0]).toBeCloseTo(0.725, 15)
    expect(mid[1]).toBeCloseTo(0.275, 15)
    expect(at(300)).toEqual([0.2, 0.8])
    expect(at(1e9)).toEqual([0.2, 0.8])
  })

  it('piecewise: starts from the initial weights unless a point sits at 0', () => {
    const schedule = compileSchedule(
      {
        type: 'piecewise',
        points: [
          { time: 10, weights: [0.5, 0.5] },
          { time: 20, weights: [0.7, 0.3] },
        ],
      },
      [0.3, 0.7],
    )
    expect(Array.from(schedule.knotTimes)).toEqual([0, 10, 20])
    const w = new Float64Array(2)
    knotWeightsAt(schedule, 2, 5, 0, w)
    expect(w[0]).toBeCloseTo(0.4, 15)
    knotWeightsAt(schedule, 2, 15, 0, w)
    expect(w[0]).toBeCloseTo(0.6, 15)
  })

  it('rejects bad schedules naming the field', () => {
    expect(() =>
      compileSchedule(
        { type: 'linear', startTime: 0, endTime: 10, endWeights: [0.5, 0.6] },
        [0.5, 0.5],
      ),
    ).toThrow('pool.schedule.endWeights: weights sum to 1.1, expected 1')
    expect(() =>
      compileSchedule(
        { type: 'momentum', everySteps: 0, lookbackSteps: 1, strength: 1 },
        [0.5, 0.5],
      ),
    ).toThrow('pool.schedule.everySteps: expected an integer >= 1, found 0')
    expect(() =>
      compileSchedule(
        {
          type: 'piecewise',
          points: [
            { time: 10, weights: [0.5, 0.5] },
            { time: 5, weights: [0.5, 0.5] },
          ],
        },
        [0.5, 0.5],
      ),
    ).toThrow('pool.schedule.points[1].time: expected times increasing from 0, found 5 after 10')
  })
})

describe('momentumWeights', () => {
  it('tilts by strength * log return, clamps to [1 %, 99 %] and normalises', () => {
    const w = new Float64Array([0.5, 0.5])
    // Token 0 rose 10x: raw 0.5 + ln 10 > 0.99 -> clamped to 0.99; token 1 flat: 0.5.
    momentumWeights(2, w, new Float64Array([10, 1]), 0, new Float64Array([1, 1]), 0, 1)
    expect(w[0]).toBeCloseTo(0.99 / 1.49, 15)
    expect(w[1]).toBeCloseTo(0.5 / 1.49, 15)
  })

  it('keeps every weight at or above 1 % after normalising', () => {
    const w = new Float64Array([0.34, 0.33, 0.33])
    // Two tokens crash: both clamp to 1 %, the winner to 99 %; normalised the losers fall below 1 %
    // and are fixed at 1 % with the winner taking the rest.
    momentumWeights(3, w, new Float64Array([100, 0.01, 0.01]), 0, new Float64Array([1, 1, 1]), 0, 1)
    expect(w[1]).toBe(0.01)
    expect(w[2]).toBe(0.01)
    expect(w[0]).toBeCloseTo(0.98, 15)
  })
})
