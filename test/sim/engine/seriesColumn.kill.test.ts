/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/seriesColumn.ts
 * (docs/mutation.md): the stride of a series built by hand (no `sampleEvery`), which the engine's
 * own runs never reach, and the numbers the two refusals carry in `values` for programs.
 * Oracle: the documented stride, ceil((steps - 1) / (points - 1)) steps between kept points
 * when every k-th step and the last are kept, computed here by hand for each case.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { seriesColumn, seriesSampling, toRows } from '../../../src/sim/engine/seriesColumn.js'
import type { TimeSeries } from '../../../src/sim/engine/types.js'

/** A hand-built series of `points` rows (time 0, 1, ...), `steps` steps, no recorded stride. */
function handSeries(points: number, steps: number, sampleEvery?: number) {
  const series: TimeSeries = {
    columns: ['time', 'lpValue'],
    data: [
      Float64Array.from({ length: points }, (_, i) => i),
      Float64Array.from({ length: points }, (_, i) => 100 + i),
    ],
    ...(sampleEvery !== undefined ? { sampleEvery } : {}),
  }
  return { series, steps }
}

/** The error `read` throws (it must throw an InputError). */
function thrown(read: () => unknown): InputError {
  try {
    read()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

describe('seriesSampling of a series built by hand', () => {
  it('derives the stride from points and steps: ceil((steps - 1) / (points - 1))', () => {
    // 3 points over 5 steps: steps 0, 2, 4, stride (5 - 1) / (3 - 1) = 2
    expect(seriesSampling(handSeries(3, 5))).toEqual({ points: 3, steps: 5, every: 2 })
    // 4 points over 8 steps: 0, 3, 6, 7, stride ceil(7 / 3) = 3
    expect(seriesSampling(handSeries(4, 8))).toEqual({ points: 4, steps: 8, every: 3 })
    // 335 points over 1,001 steps, as the engine's default sampling: ceil(1000 / 334) = 3
    expect(seriesSampling(handSeries(335, 1_001)).every).toBe(3)
  })

  it('is 1 when every step is kept, down to a run of one step', () => {
    expect(seriesSampling(handSeries(6, 6))).toEqual({ points: 6, steps: 6, every: 1 })
    expect(seriesSampling(handSeries(1, 1))).toEqual({ points: 1, steps: 1, every: 1 })
  })

  it('keeps one point of a longer run as one stride over the whole run', () => {
    // points - 1 = 0 kept gaps: the divisor is held at 1, so the stride is steps - 1
    expect(seriesSampling(handSeries(1, 10))).toEqual({ points: 1, steps: 10, every: 9 })
  })

  it('counts no points for a series with no column', () => {
    // no points: the divisor is held at 1, so the stride is steps - 1
    const empty = { series: { columns: [], data: [] }, steps: 4 }
    expect(seriesSampling(empty)).toEqual({ points: 0, steps: 4, every: 3 })
  })

  it('takes the stride the engine recorded over the one the points imply', () => {
    expect(seriesSampling(handSeries(3, 5, 7)).every).toBe(7)
    expect(seriesSampling(handSeries(5, 5, 4)).every).toBe(4)
  })
})

describe('toRows and seriesColumn refusals carry their numbers', () => {
  it('toRows with everyStep names points, steps and stride in values', () => {
    const error = thrown(() => toRows(handSeries(3, 5), { everyStep: true }))
    expect(error.values).toEqual({ points: 3, steps: 5, every: 2 })
    expect(error.where).toEqual({ path: 'seriesPoints' })
    expect(error.message).toBe(
      "seriesPoints: the series keeps 3 of the run's 5 steps (one every 2 steps, and the last); run with seriesPoints: 'all' for one row per step",
    )
  })

  it('toRows of a series built by hand gives its rows', () => {
    expect(toRows(handSeries(2, 2), { everyStep: true })).toEqual([
      { time: 0, lpValue: 100 },
      { time: 1, lpValue: 101 },
    ])
  })

  it('seriesColumn names the asked column and the columns there are in values', () => {
    const error = thrown(() => seriesColumn(handSeries(2, 2), 'lp'))
    expect(error.code).toBe('BAD_PARAMETER')
    expect(error.values).toEqual({ column: 'lp', columns: ['time', 'lpValue'] })
    expect(error.where).toEqual({ path: 'column' })
  })
})
