/**
 * The text of a sweep's files: `paths.csv` and `cells.csv` (numbers in their shortest
 * round-trip form, `String(x)`, so the bytes are stable and a number read back is the same
 * double), `sweep.json` (the statistics plus scenario, version and seeds), and the reading of
 * `paths.csv` rows back for `--resume` and `merge`.
 */
import { createHash } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { InputError } from '../errors.js'
import type { Scenario } from '../sim/scenario/schema.js'
import type { SweepResult } from '../sim/sweep/runSweep.js'
import { DIFFERENCE_COLUMNS } from '../sim/sweep/differences.js'
import { STATISTICS_COLUMNS } from '../sim/sweep/statistics.js'
import { cellParameters } from '../sim/sweep/tables.js'
import type { SweepLayout, SweepTable, TaskRow } from '../sim/sweep/tables.js'
import type { JsonValue } from './summary.js'

/** One CSV field: numbers as `String(x)`, null empty, text quoted when it must be. */
function csvField(value: number | string | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * A table as CSV: a header, one line per row, `\n` line ends, a final newline.
 * @param table - columns and column-major data
 * @returns the file's text
 * @example formatSweepCsv({ columns: ['a'], data: [[1, null]] }) // 'a\n1\n\n'
 */
export function formatSweepCsv(table: SweepTable): string {
  const rows = table.data[0]?.length ?? 0
  const lines = [table.columns.map(csvField).join(',')]
  for (let r = 0; r < rows; r++)
    lines.push(table.data.map((column) => csvField(column[r]!)).join(','))
  return `${lines.join('\n')}\n`
}

/**
 * A fingerprint of what a sweep computes: SHA-256 of the scenario as validated and the seed.
 * Shards and journals carry it; `merge` and `--resume` refuse rows of another.
 * @param scenario - the validated scenario
 * @param seed - the seed the task seeds derive from
 * @returns 64 hex digits
 */
export function sweepHash(scenario: Scenario, seed: number): string {
  return createHash('sha256').update(JSON.stringify({ scenario, seed })).digest('hex')
}

/**
 * Reads `paths.csv` rows back (a sweep's, a shard's or a journal's).
 * @param text - the CSV text (header first)
 * @param layout - the sweep's layout: the header must be its paths columns
 * @param file - the name for errors
 * @returns the rows, in file order
 * @throws {InputError} `PARTIAL_INVALID` when the header or a row does not fit the layout
 */
export function parseSweepRows(text: string, layout: SweepLayout, file: string): TaskRow[] {
  let records: string[][]
  try {
    // rows of the wrong width are checked below, where the message can say what a row needs
    records = parse(text, { relax_column_count: true })
  } catch (error) {
    // csv-parse's own errors (an unclosed quote, …) carry the line they stopped at
    const { lines, message } = error as { lines?: unknown; message?: unknown }
    throw new InputError(
      'PARTIAL_INVALID',
      { file, ...(typeof lines === 'number' ? { line: lines } : {}) },
      `not a CSV this sweep wrote (${String(message)}); run the sweep (or that shard) again to rewrite it`,
    )
  }
  const header = records[0] ?? []
  const params = layout.parameters.length
  const expected = [
    'cell',
    'path',
    'seed',
    ...layout.parameters.map((p) => p.column),
    ...layout.figures,
    'error',
  ]
  if (header.join(',') !== expected.join(','))
    throw new InputError(
      'PARTIAL_INVALID',
      { file, line: 1 },
      'the columns are not those of this sweep',
    )
  return records.slice(1).map((record, i) => {
    if (record.length !== expected.length)
      throw new InputError(
        'PARTIAL_INVALID',
        { file, line: i + 2 },
        `expected ${expected.length} fields (the columns of line 1), found ${record.length}: the row is cut short or run together; run the sweep (or that shard) again to rewrite it`,
      )
    const number = (text: string): number | null => (text === '' ? null : Number(text))
    const cell = Number(record[0])
    const path = Number(record[1])
    if (
      !Number.isSafeInteger(cell) ||
      !Number.isSafeInteger(path) ||
      cell < 0 ||
      cell >= layout.cells ||
      path < 0 ||
      path >= layout.pathsPerCell
    )
      throw new InputError(
        'PARTIAL_INVALID',
        { file, line: i + 2 },
        `no task of this sweep has cell ${record[0]}, path ${record[1]}`,
      )
    const error = record[record.length - 1]!
    const figures = record.slice(3 + params, 3 + params + layout.figures.length).map(number)
    return {
      task: cell * layout.pathsPerCell + path,
      cell,
      path,
      seed: Number(record[2]),
      figures: error === '' ? figures : null,
      error: error === '' ? null : error,
    }
  })
}

/** The `differences` table as sweep.json lists it: per compared cell, its reference and metrics. */
function differencesJson(table: SweepTable): JsonValue[] {
  const col = (name: string) => table.data[table.columns.indexOf(name)]!
  const out: { cell: number; referenceCell: number; metrics: Record<string, JsonValue> }[] = []
  col('cell').forEach((cell, r) => {
    let entry = out[out.length - 1]
    if (entry?.cell !== cell) {
      entry = {
        cell: cell as number,
        referenceCell: col('referenceCell')[r] as number,
        metrics: {},
      }
      out.push(entry)
    }
    const stats: Record<string, JsonValue> = {}
    for (const key of DIFFERENCE_COLUMNS) stats[key] = col(key)[r]!
    entry.metrics[col('metric')[r] as string] = stats
  })
  return out
}

/**
 * `sweep.json`: the scenario, version, seeds and the statistics of every cell and figure (and,
 * with `commonPaths`, the paired differences from the reference cells), keys in a fixed order,
 * nothing that changes between two runs.
 * @param result - the whole sweep's result (not a shard's)
 * @param version - the package version
 * @returns the file's text, two-space indent, final newline
 */
export function formatSweepJson(result: SweepResult, version: string): string {
  const { layout, rows } = result
  const cells = result.tables.cells
  const cellList: JsonValue[] = []
  const metricAt = cells ? cells.columns.indexOf('metric') : -1
  const seeds: number[][] = Array.from({ length: layout.cells }, () => [])
  for (const row of rows) seeds[row.cell]!.push(row.seed)
  let r = 0
  for (let cell = 0; cell < layout.cells; cell++) {
    const parameters: Record<string, JsonValue> = {}
    cellParameters(layout, cell).forEach((v, i) => (parameters[layout.parameters[i]!.column] = v))
    const metrics: Record<string, JsonValue> = {}
    while (cells && r < cells.data[0]!.length && cells.data[0]![r] === cell) {
      const stats: Record<string, JsonValue> = {}
      for (const key of STATISTICS_COLUMNS) stats[key] = cells.data[cells.columns.indexOf(key)]![r]!
      metrics[cells.data[metricAt]![r] as string] = stats
      r++
    }
    cellList.push({
      cell,
      parameters,
      seeds: seeds[cell]!,
      metrics,
    })
  }
  const json: Record<string, JsonValue> = {
    scenario: result.scenario.name,
    version,
    seed: result.seed,
    scenarioHash: sweepHash(result.scenario, result.seed),
    cells: layout.cells,
    pathsPerCell: layout.pathsPerCell,
    tasks: result.tasks,
    failed: result.failures.length,
    parameters: layout.parameters.map((p) => p.column),
    statistics: [...STATISTICS_COLUMNS],
    cellList,
    ...(result.tables.differences
      ? {
          differenceStatistics: [...DIFFERENCE_COLUMNS],
          differences: differencesJson(result.tables.differences),
        }
      : {}),
    failures: result.failures.map((f) => ({
      cell: f.cell,
      path: f.path,
      seed: f.seed,
      error: f.error,
    })),
    definition: JSON.parse(JSON.stringify(result.scenario)) as JsonValue,
  }
  return `${JSON.stringify(json, null, 2)}\n`
}
