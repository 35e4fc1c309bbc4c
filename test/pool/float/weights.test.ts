import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import {
  computeWeightsAt,
  createLinearWeightSchedule,
  weightsAt,
} from '../../../src/pool/float/weights.js'
import { arbitraryWeights, fcParams } from '../../arbitraries.js'
import { D } from './oracle.js'

function expectPoolError(run: () => unknown, code: string, message: string): void {
  expect(run).toThrow(PoolError)
  expect(run).toThrow(expect.objectContaining({ code, message }))
}

const lbp = createLinearWeightSchedule({
  startTime: 1_000,
  endTime: 1_000 + 86_400,
  startWeights: [0.9, 0.1],
  endWeights: [0.5, 0.5],
})

describe('weightsAt', () => {
  it('interpolates linearly between the two timestamps', () => {
    const half = weightsAt(lbp, 1_000 + 43_200)
    expect(half[0]).toBeCloseTo(0.7, 15)
    expect(half[1]).toBeCloseTo(0.3, 15)
    const quarter = weightsAt(lbp, 1_000 + 21_600)
    expect(quarter[0]).toBeCloseTo(0.8, 15)
  })
  it('clamps to the start weights before the start and the end weights after the end', () => {
    expect(weightsAt(lbp, 0)).toEqual([0.9, 0.1])
    expect(weightsAt(lbp, -Infinity)).toEqual([0.9, 0.1])
    expect(weightsAt(lbp, 1e12)).toEqual([0.5, 0.5])
    expect(weightsAt(lbp, Infinity)).toEqual([0.5, 0.5])
  })
  it('switches at once when endTime equals startTime', () => {
    const step = createLinearWeightSchedule({ ...lbp, endTime: lbp.startTime })
    expect(weightsAt(step, lbp.startTime - 1)).toEqual([0.9, 0.1])
    expect(weightsAt(step, lbp.startTime)).toEqual([0.5, 0.5])
  })
  it('matches a 50-digit interpolation and sums to 1 within 4 ulp, for random schedules', () => {
    // Interpolation then normalization: three roundings of terms <= 1 in start + (end - start) p
    // and two in the normalization, so <= 1e-15 absolute (relative error would be unbounded
    // where the result is small after cancellation, e.g. 0.98 -> 0.01). The sum of up to 8
    // normalized terms stays within 4 ulp of 1 (<= 8.9e-16).
    const schedule = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.record({
        start: arbitraryWeights(n),
        end: arbitraryWeights(n),
        progress: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    )
    fc.assert(
      fc.property(schedule, ({ start, end, progress }) => {
        const s = createLinearWeightSchedule({
          startTime: 0,
          endTime: 3_600,
          startWeights: start,
          endWeights: end,
        })
        const time = progress * 3_600
        const got = weightsAt(s, time)
        const p = new D(time).div(3_600)
        got.forEach((w, i) => {
          const want = new D(start[i]!).plus(new D(end[i]!).minus(start[i]!).times(p))
          expect(want.minus(w).abs().toNumber()).toBeLessThan(1e-15)
          expect(w).toBeGreaterThanOrEqual(0.01 - 1e-17)
        })
        expect(Math.abs(got.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(8.9e-16)
      }),
      fcParams(500),
    )
  })
  it('re-normalizes: end vectors off by up to the 1e-12 tolerance still give a sum of 1', () => {
    // [0.5 + 9e-13, 0.5] passes validation; interpolated as is, the sum would stay 1 + 9e-13.
    const loose = createLinearWeightSchedule({
      startTime: 0,
      endTime: 10,
      startWeights: [0.5 + 9e-13, 0.5],
      endWeights: [0.2, 0.8 + 9e-13],
    })
    for (const time of [0, 3, 10]) {
      const [a, b] = weightsAt(loose, time)
      expect(Math.abs(a! + b! - 1)).toBeLessThanOrEqual(2.3e-16)
    }
  })
  it('writes the same weights into a Float64Array through the kernel', () => {
    const out = new Float64Array(2)
    computeWeightsAt(lbp, 1_000 + 43_200, out)
    expect(Array.from(out)).toEqual(weightsAt(lbp, 1_000 + 43_200))
    expect(out[0]).toBeCloseTo(0.7, 15)
  })
  it('rejects a NaN time', () => {
    expectPoolError(
      () => weightsAt(lbp, NaN),
      'WEIGHT_SCHEDULE',
      'WEIGHT_SCHEDULE: time NaN is not a number',
    )
  })
})

describe('createLinearWeightSchedule', () => {
  it('copies its inputs: later changes to the caller arrays do not move the schedule', () => {
    const startWeights = [0.6, 0.4]
    const s = createLinearWeightSchedule({
      startTime: 0,
      endTime: 1,
      startWeights,
      endWeights: [0.5, 0.5],
    })
    startWeights[0] = 0.99
    expect(weightsAt(s, 0)).toEqual([0.6, 0.4])
  })
  it('rejects reversed or non-finite times and vectors of different lengths', () => {
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, endTime: 999 }),
      'WEIGHT_SCHEDULE',
      'WEIGHT_SCHEDULE: endTime 999 is before startTime 1000',
    )
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, startTime: NaN }),
      'WEIGHT_SCHEDULE',
      'WEIGHT_SCHEDULE: startTime NaN and endTime 87400 must be finite',
    )
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, endWeights: [0.4, 0.3, 0.3] }),
      'WEIGHT_SCHEDULE',
      'WEIGHT_SCHEDULE: startWeights has 2 entries, endWeights 3',
    )
  })
  it('rejects an end state that is not a valid weight vector, naming it', () => {
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, endWeights: [0.995, 0.005] }),
      'WEIGHT_MIN',
      'WEIGHT_MIN: endWeights[1] 0.005 is below the 1% minimum',
    )
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, startWeights: [0.9, 0.2] }),
      'WEIGHT_SUM',
      'WEIGHT_SUM: startWeights sum to 1.1 (off by 0.1), not 1 within 1e-12',
    )
    expectPoolError(
      () => createLinearWeightSchedule({ ...lbp, startWeights: [1], endWeights: [1] }),
      'TOKEN_COUNT',
      'TOKEN_COUNT: 1 tokens; a weighted pool holds 2 to 8',
    )
  })
})
