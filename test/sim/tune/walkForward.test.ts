import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { walkForwardFolds } from '../../../src/sim/tune/walkForward.js'

const DAY = 86_400
const T0 = 1_704_067_200 // 2024-01-01
/** Daily times: day 0 … day `days`. */
const daily = (days: number) => Array.from({ length: days + 1 }, (_, i) => T0 + i * DAY)

describe('walkForwardFolds', () => {
  it('cuts 30 days into train 10 / test 5 folds by hand', () => {
    // fold k trains on days [5k, 5k + 10) and tests on [5k + 10, 5k + 15) while 5k + 15 <= 30
    const folds = walkForwardFolds(daily(30), 10 * DAY, 5 * DAY)
    expect(
      folds.map((f) =>
        [f.train.start, f.train.end, f.test.start, f.test.end].map((t) => (t - T0) / DAY),
      ),
    ).toEqual([
      [0, 9, 10, 14],
      [5, 14, 15, 19],
      [10, 19, 20, 24],
      [15, 24, 25, 29],
    ])
    expect(folds.map((f) => [f.train.points, f.test.points])).toEqual([
      [10, 5],
      [10, 5],
      [10, 5],
      [10, 5],
    ])
  })

  it('never lets a test window overlap its training window, and tiles the test windows', () => {
    const folds = walkForwardFolds(daily(365), 90 * DAY, 30 * DAY)
    expect(folds.length).toBe(9) // 90 + 30 (k + 1) <= 365 for k = 0 … 8
    for (const f of folds) expect(f.train.end).toBeLessThan(f.test.start)
    for (let k = 1; k < folds.length; k++)
      expect(folds[k]!.test.start).toBe(folds[k - 1]!.test.end + DAY)
  })

  it('refuses a history shorter than one fold, naming the lengths', () => {
    const cut = () => walkForwardFolds(daily(20), 15 * DAY, 10 * DAY)
    expect(cut).toThrow(InputError)
    expect(cut).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }))
    expect(cut).toThrow(
      '--train: the history spans 20 days, less than one training window (15 days) and one test window (10 days) with 2 points each: shorten --train or --test',
    )
  })
})
