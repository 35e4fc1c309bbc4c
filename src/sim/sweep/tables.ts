/**
 * A sweep's tables as plain columns: `paths` (one tidy row per (cell, path): parameters, seed,
 * every metric and benchmark figure) and `cells` (one row per cell and figure: the statistics
 * over its paths, and the share of paths where the LP beats each benchmark). Built from the
 * task rows alone, so a merged set of shards gives the same tables as one sweep.
 */
import { AmmSimError } from '../../errors.js'
import type { Scenario } from '../scenario/schema.js'
import { cellCount, cellValues, sweepAxes } from './grid.js'
import type { SweepAxis } from './grid.js'
import { STATISTICS_COLUMNS, figureStatistics } from './statistics.js'
import { benchmarkNames, figureColumns } from './task.js'
import type { TaskFigures } from './task.js'

/** A table, column-major: `data[c][r]` is row r of `columns[c]`. */
export interface SweepTable {
  columns: string[]
  data: (number | string | null)[][]
}

/** The outcome of one (cell, path) task. Task ids run cell by cell: id = cell · paths + path. */
export interface TaskRow {
  task: number
  cell: number
  path: number
  seed: number
  /** The figures in `figureColumns` order; null when the task failed. */
  figures: TaskFigures | null
  /** Why the task failed (`NON_FINITE: …`), else null. */
  error: string | null
}

/** The grid of a sweep: what the tables are laid out by. */
export interface SweepLayout {
  scenario: Scenario
  axes: SweepAxis[]
  cells: number
  pathsPerCell: number
  /** Parameter column names and how to read each from a cell's values. */
  parameters: { column: string; read: (values: unknown[]) => number | string | null }[]
  figures: string[]
  benchmarks: string[]
}

/**
 * The layout of a sweep's tables. A field whose every value is a number is one column; a list
 * of numbers (weights) is one column per element, `pool.weights[0]`, …; anything else is one
 * column of JSON text.
 * @param scenario - the validated sweep scenario
 * @param pathsPerCell - paths per cell (`paths`, or the number of windows)
 * @returns the layout
 */
export function sweepLayout(scenario: Scenario, pathsPerCell: number): SweepLayout {
  const axes = sweepAxes(scenario)
  const fields = axes.flatMap((a) => a.fields)
  const parameters: SweepLayout['parameters'] = []
  fields.forEach((field, f) => {
    const values = scenario.sweep![field] as unknown[]
    if (values.every((v) => typeof v === 'number'))
      parameters.push({ column: field, read: (cell) => cell[f] as number })
    else if (values.every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
      const width = Math.max(...values.map((v) => v.length))
      for (let i = 0; i < width; i++)
        parameters.push({
          column: `${field}[${i}]`,
          read: (cell) => (cell[f] as number[])[i] ?? null,
        })
    } else
      parameters.push({
        column: field,
        read: (cell) => (typeof cell[f] === 'string' ? cell[f] : JSON.stringify(cell[f])),
      })
  })
  return {
    scenario,
    axes,
    cells: cellCount(axes),
    pathsPerCell,
    parameters,
    figures: figureColumns(scenario),
    benchmarks: benchmarkNames(scenario),
  }
}

/** Parameter values of a cell in the layout's column order. */
export function cellParameters(layout: SweepLayout, cell: number): (number | string | null)[] {
  const values = cellValues(layout.axes, cell).map(([, v]) => v)
  return layout.parameters.map((p) => p.read(values))
}

/**
 * The `paths` table: `cell, path, seed`, the parameters, the figures, `error`; rows in task order.
 * @param layout - from {@link sweepLayout}
 * @param rows - task rows, sorted by task id
 * @returns the table
 */
export function pathsTable(layout: SweepLayout, rows: readonly TaskRow[]): SweepTable {
  const columns = [
    'cell',
    'path',
    'seed',
    ...layout.parameters.map((p) => p.column),
    ...layout.figures,
    'error',
  ]
  const data: (number | string | null)[][] = columns.map(() => [])
  const parameters = new Map<number, (number | string | null)[]>()
  for (const row of rows) {
    let params = parameters.get(row.cell)
    if (!params) {
      params = cellParameters(layout, row.cell)
      parameters.set(row.cell, params)
    }
    const values = [
      row.cell,
      row.path,
      row.seed,
      ...params,
      ...(row.figures ?? layout.figures.map(() => null)),
      row.error,
    ]
    values.forEach((v, c) => data[c]!.push(v))
  }
  return { columns, data }
}

/**
 * The `cells` table, long form: per cell and figure, `cell`, the parameters, `metric`, then the
 * statistics over the cell's paths. `lpBeats.<benchmark>` is 1 on a path where the LP ends above
 * that benchmark and 0 otherwise, so its mean is the share of such paths.
 * @param layout - from {@link sweepLayout}
 * @param rows - every task row of the sweep, sorted by task id
 * @returns the table
 * @throws {AmmSimError} never for valid rows; `unreachable` when rows are not in cell order
 */
export function cellsTable(layout: SweepLayout, rows: readonly TaskRow[]): SweepTable {
  const metrics = cellMetrics(layout)
  const columns = [
    'cell',
    ...layout.parameters.map((p) => p.column),
    'metric',
    ...STATISTICS_COLUMNS,
  ]
  const data: (number | string | null)[][] = columns.map(() => [])
  let at = 0
  for (let cell = 0; cell < layout.cells; cell++) {
    const start = at
    while (at < rows.length && rows[at]!.cell === cell) at++
    const mine = rows.slice(start, at)
    if (at < rows.length && rows[at]!.cell < cell)
      throw new AmmSimError('REPORT_WRITE', 'unreachable: sweep rows out of cell order')
    const params = cellParameters(layout, cell)
    for (const metric of metrics) {
      const stats = figureStatistics(metricValues(layout, mine, metric))
      const out = [cell, ...params, metric, ...STATISTICS_COLUMNS.map((k) => stats[k])]
      out.forEach((v, c) => data[c]!.push(v))
    }
  }
  return { columns, data }
}

/**
 * The metrics of the `cells` (and `differences`) table, in order: every figure but the times,
 * then `lpBeats.<benchmark>` per benchmark.
 */
export function cellMetrics(layout: SweepLayout): string[] {
  return [
    ...layout.figures.filter((f) => f !== 'startTime' && f !== 'endTime'),
    ...layout.benchmarks.map((b) => `lpBeats.${b}`),
  ]
}

/**
 * One metric of {@link cellMetrics} per row: the figure, or for `lpBeats.<b>` 1 where `lpValue`
 * ends above benchmark b's value and 0 otherwise; null for a failed task or a missing figure.
 */
export function metricValues(
  layout: SweepLayout,
  rows: readonly TaskRow[],
  metric: string,
): (number | null)[] {
  if (metric.startsWith('lpBeats.')) {
    const lp = layout.figures.indexOf('lpValue')
    const b = layout.figures.indexOf(`${metric.slice('lpBeats.'.length)}.value`)
    return rows.map((r) => {
      const lpValue = r.figures?.[lp] ?? null
      const other = r.figures?.[b] ?? null
      return lpValue === null || other === null ? null : lpValue > other ? 1 : 0
    })
  }
  const c = layout.figures.indexOf(metric)
  return rows.map((r) => r.figures?.[c] ?? null)
}
