/**
 * Walk-forward windows over a history: fit on a training window, test on the window right after
 * it, then move both forward by the test length. Each window holds the points with time in
 * [start, start + length): a training window ends before its test window starts, so no point is
 * in both, and consecutive test windows tile the history without overlap.
 */
import { InputError, fmt } from '../../errors.js'

/** The first and last time (Unix seconds) of the points of a window, and their count. */
export interface TimeWindow {
  start: number
  end: number
  points: number
}

/** One fold of a walk-forward: where the search fits and where its choice is tested. */
export interface WalkForwardFold {
  /** From 0. */
  fold: number
  train: TimeWindow
  test: TimeWindow
}

/** The points of `times` in [from, to) as a window, or undefined with fewer than 2. */
function windowIn(times: ArrayLike<number>, from: number, to: number): TimeWindow | undefined {
  let first = -1
  let last = -1
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!
    if (t >= from && t < to) {
      if (first < 0) first = i
      last = i
    }
  }
  if (first < 0 || last - first + 1 < 2) return undefined
  return { start: times[first]!, end: times[last]!, points: last - first + 1 }
}

/**
 * The folds of a walk-forward over a path's times. Fold k trains on [t0 + k·test,
 * t0 + k·test + train) and tests on [t0 + k·test + train, t0 + (k+1)·test + train), t0 the first
 * time; folds continue while the test window ends on or before the last time.
 * @param times - the path's times in Unix seconds, ascending
 * @param train - training window length in seconds, > 0
 * @param test - test window length in seconds, > 0
 * @returns the folds in time order
 * @throws {InputError} `BAD_OPTION` when a length is not positive or the history holds no fold
 *   (naming the history's span and the lengths asked for)
 * @example walkForwardFolds(dailyTimes, 90 * 86400, 30 * 86400).length // 9 for a year
 */
export function walkForwardFolds(
  times: ArrayLike<number>,
  train: number,
  test: number,
): WalkForwardFold[] {
  if (!(train > 0))
    throw new InputError(
      'BAD_OPTION',
      { path: '--train' },
      `expected a positive duration, found ${fmt(train)} s`,
    )
  if (!(test > 0))
    throw new InputError(
      'BAD_OPTION',
      { path: '--test' },
      `expected a positive duration, found ${fmt(test)} s`,
    )
  const t0 = times[0]!
  const last = times[times.length - 1]!
  const folds: WalkForwardFold[] = []
  for (let k = 0; t0 + k * test + train + test <= last; k++) {
    const from = t0 + k * test
    const trainWindow = windowIn(times, from, from + train)
    const testWindow = windowIn(times, from + train, from + train + test)
    if (trainWindow && testWindow)
      folds.push({ fold: folds.length, train: trainWindow, test: testWindow })
  }
  if (folds.length === 0)
    throw new InputError(
      'BAD_OPTION',
      { path: '--train' },
      `the history spans ${fmt((last - t0) / 86_400)} days, less than one training window (${fmt(train / 86_400)} days) and one test window (${fmt(test / 86_400)} days) with 2 points each: shorten --train or --test`,
    )
  return folds
}
