/**
 * Paired comparisons between the cells of a `commonPaths` sweep: every cell's path p has the same
 * seed, so the difference d_p = x_p(cell) − x_p(reference) cancels the path-to-path noise both
 * cells share, and the interval of its mean is far narrower than the one of two independent
 * means. Built from the task rows alone, like the other tables, so merged shards give the same.
 */
import type { Scenario } from '../scenario/schema.js'
import { referenceCells } from './grid.js'
import { figureStatistics } from './statistics.js'
import { cellMetrics, cellParameters, metricValues } from './tables.js'
import type { SweepLayout, SweepTable, TaskRow } from './tables.js'

/** The paired statistics of one metric of one cell against its reference cell. */
export interface PairedDifference {
  /** Paths where both cells gave the figure (the pairs). */
  paths: number
  /** Mean of the paired differences d_p = x_p − r_p: d̄ = Σ d_p / n. */
  meanDifference: number | null
  /** Sample standard deviation of the d_p (n − 1); null below 2 pairs. */
  standardDeviation: number | null
  /** 95 % confidence interval of the mean difference: d̄ ∓ 1.96 · sd / √n (normal approximation). */
  ciLow: number | null
  ciHigh: number | null
  /** Share of the pairs with x_p > r_p (the cell's figure higher). */
  shareHigher: number | null
  /** Share of the pairs with x_p < r_p (the rest are ties). */
  shareLower: number | null
}

/** Keys of {@link PairedDifference}, in the order tables list them. */
export const DIFFERENCE_COLUMNS = [
  'paths',
  'meanDifference',
  'standardDeviation',
  'ciLow',
  'ciHigh',
  'shareHigher',
  'shareLower',
] as const

/**
 * The paired differences of a figure over paths: path p of `values` against path p of
 * `reference`; a path where either is null is left out.
 * @param values - the compared cell's figure per path
 * @param reference - the reference cell's figure per path, same path order
 * @returns pairs, mean difference, its standard deviation and 95 % interval, shares higher and lower
 * @example pairedDifference([2, 3, 5], [1, 1, 1]).meanDifference // 2
 */
export function pairedDifference(
  values: readonly (number | null)[],
  reference: readonly (number | null)[],
): PairedDifference {
  const differences: number[] = []
  let higher = 0
  let lower = 0
  for (let p = 0; p < Math.min(values.length, reference.length); p++) {
    const x = values[p]
    const r = reference[p]
    if (x === null || x === undefined || r === null || r === undefined) continue
    differences.push(x - r)
    if (x > r) higher++
    else if (x < r) lower++
  }
  const n = differences.length
  // the mean, sd (n − 1) and normal 95 % interval of the d_p: the cells table's statistics
  const stats = figureStatistics(differences)
  return {
    paths: n,
    meanDifference: stats.mean,
    standardDeviation: stats.standardDeviation,
    ciLow: stats.ciLow,
    ciHigh: stats.ciHigh,
    shareHigher: n === 0 ? null : higher / n,
    shareLower: n === 0 ? null : lower / n,
  }
}

/**
 * The `differences` table of a `commonPaths` sweep, long form: per cell that is not its own
 * reference and per metric (those of the `cells` table), `cell`, the parameters,
 * `referenceCell`, `metric`, then the {@link PairedDifference} columns.
 * @param scenario - the validated sweep scenario (its `compareTo` names the reference)
 * @param layout - from `sweepLayout`
 * @param rows - every task row of the sweep
 * @returns the table
 * @example differencesTable(result.scenario, result.layout, result.rows).columns // ['cell', …]
 */
export function differencesTable(
  scenario: Pick<Scenario, 'sweep' | 'compareTo'>,
  layout: SweepLayout,
  rows: readonly TaskRow[],
): SweepTable {
  const references = referenceCells(scenario)
  const columns = [
    'cell',
    ...layout.parameters.map((p) => p.column),
    'referenceCell',
    'metric',
    ...DIFFERENCE_COLUMNS,
  ]
  const data: (number | string | null)[][] = columns.map(() => [])
  // rows by cell, each indexed by path, so that path p meets path p whatever the row order
  const byCell: (TaskRow | undefined)[][] = Array.from({ length: layout.cells }, () =>
    Array.from({ length: layout.pathsPerCell }, () => undefined),
  )
  for (const row of rows) byCell[row.cell]![row.path] = row
  const present = (cell: number): TaskRow[] =>
    byCell[cell]!.map(
      (row, path) => row ?? { task: -1, cell, path, seed: 0, figures: null, error: 'missing' },
    )
  const metrics = cellMetrics(layout)
  for (let cell = 0; cell < layout.cells; cell++) {
    const reference = references[cell]!
    if (reference === cell) continue
    const params = cellParameters(layout, cell)
    const mine = present(cell)
    const theirs = present(reference)
    for (const metric of metrics) {
      const stats = pairedDifference(
        metricValues(layout, mine, metric),
        metricValues(layout, theirs, metric),
      )
      const out = [cell, ...params, reference, metric, ...DIFFERENCE_COLUMNS.map((k) => stats[k])]
      out.forEach((v, c) => data[c]!.push(v))
    }
  }
  return { columns, data }
}
