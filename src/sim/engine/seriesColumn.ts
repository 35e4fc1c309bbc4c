/**
 * The down-sampled series of a result by name: one column as a `Float64Array`, or every point as
 * a plain object (`{ time, lpValue, … }`) for data-frame libraries. No copy of the columns.
 */
import { InputError } from '../../errors.js'
import type { SimulationResult } from './types.js'

/** One point of a run's series: `time` (Unix seconds) and every other column by its name. */
export type SeriesRow = Record<string, number>

/** Options of {@link toRows}. */
export interface ToRowsOptions {
  /**
   * Require one row per step of the run: throws when the series was down-sampled (the default
   * of 500 points keeps every k-th step only). Run with `seriesPoints: 'all'` to keep them all.
   */
  everyStep?: boolean
}

/**
 * One column of a run's series, by name (`time`, `lpValue`, `hodlValue`, `constantMixValue`,
 * `feeIncome`, `lvr`, `arbProfit`, `weightDeviation`, `weight.<token>`, `balance.<token>`,
 * `price.<token>`, `benchmark.<name>`).
 * @param result - from `runSimulation` or `runScenario`
 * @param name - the column's name, as in `result.series.columns` and timeseries.csv
 * @returns the column itself (not a copy): times in Unix seconds, values in numeraire units,
 *   weights as fractions, balances in token units; one entry per kept point
 * @throws {InputError} `BAD_PARAMETER` at `column` naming the columns there are
 * @example seriesColumn(result, 'lpValue') // Float64Array of 500 LP values
 */
export function seriesColumn(result: Pick<SimulationResult, 'series'>, name: string): Float64Array {
  const { columns, data } = result.series
  const index = columns.indexOf(name)
  if (index < 0)
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'column' },
      `expected one of ${columns.join(', ')}, found ${JSON.stringify(name)}`,
      { column: name, columns: [...columns] },
    )
  return data[index]!
}

/**
 * How the series samples the run: `every` steps between points (1 when every step is kept).
 * @param result - from `runSimulation` or `runScenario`
 * @returns points kept, steps of the run, and the stride (the last point is always the last step)
 * @example seriesSampling(result) // { points: 500, steps: 8761, every: 18 }
 */
export function seriesSampling(result: Pick<SimulationResult, 'series' | 'steps'>): {
  points: number
  steps: number
  every: number
} {
  const points = result.series.data[0]?.length ?? 0
  const steps = result.steps
  // the engine records its stride; for a series built by hand, the stride its points imply
  const every =
    result.series.sampleEvery ??
    (points >= steps ? 1 : Math.ceil((steps - 1) / Math.max(1, points - 1)))
  return { points, steps, every }
}

/**
 * The series as rows: one plain object per kept point, keyed by column name
 * (`{ time, lpValue, hodlValue, …, 'weight.ETH': 0.5, … }`), ready for `pandas.DataFrame`,
 * `console.table` or a JSON file.
 * @param result - from `runSimulation` or `runScenario`
 * @param options - `everyStep: true` to refuse a down-sampled series
 * @returns rows in time order; units as in {@link seriesColumn}
 * @throws {InputError} `BAD_PARAMETER` at `seriesPoints` with `everyStep` when the series keeps
 *   fewer points than the run has steps, naming both and the fix
 * @example toRows(result)[0] // { time: 1735689600, lpValue: 1000000, … }
 */
export function toRows(
  result: Pick<SimulationResult, 'series' | 'steps'>,
  options: ToRowsOptions = {},
): SeriesRow[] {
  const { columns, data } = result.series
  const { points, steps, every } = seriesSampling(result)
  if (options.everyStep === true && points < steps)
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'seriesPoints' },
      `the series keeps ${points} of the run's ${steps} steps (one every ${every} steps, and the last); run with seriesPoints: 'all' for one row per step`,
      { points, steps, every },
    )
  // Stryker disable next-line ArrayDeclaration: every index below points is assigned, so an empty array grows to the same rows
  const rows: SeriesRow[] = new Array<SeriesRow>(points)
  for (let i = 0; i < points; i++) {
    const row: SeriesRow = {}
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = data[c]![i]!
    rows[i] = row
  }
  return rows
}
