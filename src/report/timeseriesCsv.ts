/**
 * `timeseries.csv`: the down-sampled series as one wide table, `time` (Unix seconds) first,
 * then the engine's columns in its order. Numbers are written in the shortest form that reads
 * back to the same float64, so the file is exact and deterministic; column names go through
 * {@link csvCell} (quoted, formula-leading cells neutralised).
 */
import type { TimeSeries } from '../sim/engine/types.js'
import { csvCell } from './csvCell.js'

/**
 * The CSV text of a time series: a header row, then one row per kept point.
 * @param series - column-major series, `time` in Unix seconds first
 * @returns the file's contents, `\n` line ends, non-finite values as empty cells
 * @throws {Error} unreachable: columns and data of different lengths
 * @example formatTimeSeriesCsv({ columns: ['time', 'lpValue'], data: [new Float64Array([0]), new Float64Array([1e6])] }) // 'time,lpValue\n0,1000000\n'
 */
export function formatTimeSeriesCsv(series: TimeSeries): string {
  if (series.columns.length !== series.data.length)
    throw new Error(
      `unreachable: ${series.columns.length} column names for ${series.data.length} columns`,
    )
  const rows = series.data[0]?.length ?? 0
  const lines = [series.columns.map(csvCell).join(',')]
  for (let r = 0; r < rows; r++) {
    const cells = series.data.map((column) => {
      const v = column[r]
      // Stryker disable next-line ConditionalExpression: Number.isFinite(undefined) is false, so dropping `v !== undefined` writes the same empty cell
      return v !== undefined && Number.isFinite(v) ? String(v) : ''
    })
    lines.push(cells.join(','))
  }
  return `${lines.join('\n')}\n`
}
