/**
 * Running a sweep in the library: every (cell, path) task of a scenario, or a shard of them, on
 * this thread or on worker threads, returned as plain tables. Writing the files is the report
 * layer's job (`writeSweepReport`); the CLI only parses flags and prints.
 */
import { InputError, RunError, fmt } from '../../errors.js'
import type { LoadedScenario } from '../scenario/load.js'
import type { Scenario } from '../scenario/schema.js'
import { differencesTable } from './differences.js'
import { cellsTable, pathsTable, sweepLayout } from './tables.js'
import type { SweepLayout, SweepTable, TaskRow } from './tables.js'
import { preloadStatistics } from './statistics.js'
import { pathsPerCell, validCells } from './task.js'
import { runTaskRow } from './taskRow.js'
import { runOnWorkers } from './workerPool.js'

/** Tasks handed to the callback at once when running on this thread. */
const INLINE_BATCH = 16

/** Shard `index` of `count` (1-based): the tasks whose id mod count is index - 1. */
export interface Shard {
  index: number
  count: number
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Replaces the scenario's seed (the task seeds derive from it). */
  seed?: number
  /** Worker threads; 1 (the default) runs every task on this thread. */
  workers?: number
  /** Run only this shard of the tasks. */
  shard?: Shard
  /** Rows already computed (`--resume`): their tasks are not run again. */
  done?: readonly TaskRow[]
  /** Called after each finished batch with tasks done and total (of this shard). */
  onProgress?: (done: number, total: number) => void
  /** Called with each finished batch's rows (for a journal that `--resume` reads). */
  onRows?: (rows: TaskRow[]) => void | Promise<void>
  /** Stops the sweep: the tasks not finished are dropped, `INTERRUPTED` is thrown. */
  signal?: AbortSignal
}

/** What a sweep (or one shard of it) returns. */
export interface SweepResult {
  /** The sweep scenario as validated. */
  scenario: Scenario
  /** The seed task seeds derive from. */
  seed: number
  layout: SweepLayout
  /** Tasks of the whole sweep: cells × paths per cell. */
  tasks: number
  shard?: Shard
  /** Task ids this run covered, ascending (every task unless sharded). */
  taskIds: number[]
  /** This run's rows in task order (failed tasks included, with their error). */
  rows: TaskRow[]
  /**
   * The tables as plain columns; `cells` only for a whole sweep (a shard has no statistics);
   * `differences` (paired, from each cell's reference cell) only for a whole `commonPaths` sweep.
   */
  tables: { paths: SweepTable; cells?: SweepTable; differences?: SweepTable }
  /** Rows of the tasks that failed, in task order. */
  failures: TaskRow[]
}

/**
 * The task ids of a shard: i, i + n, i + 2n, … (0-based i = index - 1), all tasks without one.
 * @param tasks - tasks of the whole sweep
 * @param shard - which shard
 * @returns ascending task ids
 * @throws {InputError} `BAD_OPTION` for a shard outside 1..count
 */
export function shardTasks(tasks: number, shard?: Shard): number[] {
  if (!shard) return Array.from({ length: tasks }, (_, i) => i)
  const { index, count } = shard
  if (
    !Number.isSafeInteger(count) ||
    count < 1 ||
    !Number.isSafeInteger(index) ||
    index < 1 ||
    index > count
  )
    throw new InputError(
      'BAD_OPTION',
      { path: '--shard' },
      `expected i/n with 1 <= i <= n, found ${fmt(index)}/${fmt(count)}`,
    )
  const ids: number[] = []
  for (let id = index - 1; id < tasks; id += count) ids.push(id)
  return ids
}

/**
 * Runs a sweep: the scenario's cells × paths tasks (or one shard), each seeded from the scenario
 * seed, its cell and its path, so any worker count gives the same rows.
 * @param loaded - from `loadScenario`; a scenario without `sweep` is one cell
 * @param options - workers, shard, rows already done, progress, abort
 * @returns the rows, the paths and cells tables and the failures
 * @throws {InputError} configuration errors common to every task (a price file that cannot be
 *   read, fewer points than one window), `BAD_OPTION` for a bad shard or worker count;
 *   {@link RunError} `INTERRUPTED` when the signal aborts
 * @example const { tables } = await runSweep(await loadScenario('fee-sweep'), { workers: 2 })
 */
export async function runSweep(
  loaded: LoadedScenario,
  options: RunSweepOptions = {},
): Promise<SweepResult> {
  const workers = options.workers ?? 1
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new InputError(
      'BAD_OPTION',
      { path: '--workers' },
      `expected an integer >= 1, found ${fmt(workers)}`,
    )
  const input = { loaded, ...(options.seed !== undefined ? { seed: options.seed } : {}) }
  const perCell = await pathsPerCell(input)
  const layout = sweepLayout(loaded.scenario, perCell)
  const tasks = layout.cells * perCell
  const taskIds = shardTasks(tasks, options.shard)
  const wanted = new Set(taskIds)
  const byId = new Map<number, TaskRow>()
  for (const row of options.done ?? [])
    if (wanted.has(row.task) && row.error === null) byId.set(row.task, row)
  const todo = taskIds.filter((id) => !byId.has(id))
  const total = taskIds.length
  const { signal } = options
  const finish = async (rows: TaskRow[]): Promise<void> => {
    for (const row of rows) byId.set(row.task, row)
    await options.onRows?.(rows)
    options.onProgress?.(byId.size, total)
  }
  options.onProgress?.(byId.size, total)
  if (workers === 1 || todo.length <= 1) {
    for (let i = 0; i < todo.length; i += INLINE_BATCH) {
      const rows: TaskRow[] = []
      for (const id of todo.slice(i, i + INLINE_BATCH)) {
        if (signal?.aborted) throw new RunError('INTERRUPTED', 'the sweep was interrupted')
        rows.push(await runTaskRow(input, perCell, id))
      }
      await finish(rows)
    }
  } else {
    // The statistics library loads on this thread while the workers run their next batches.
    const preload = options.shard === undefined ? preloadStatistics : undefined
    const cells = await validCells(loaded.scenario, loaded.file, layout.cells)
    await runOnWorkers(
      { input, pathsPerCell: perCell, cells },
      todo,
      workers,
      finish,
      signal,
      preload,
    )
  }
  const rows = taskIds.map((id) => byId.get(id)!)
  return assembleSweep(
    loaded.scenario,
    input.seed ?? loaded.scenario.seed,
    perCell,
    rows,
    options.shard,
  )
}

/**
 * A sweep's result from its rows: what {@link runSweep} returns and what merging shards
 * rebuilds, by the same code, so both write the same bytes.
 * @param scenario - the validated sweep scenario
 * @param seed - the seed the task seeds derive from
 * @param perCell - paths per cell
 * @param rows - the rows, in task order
 * @param shard - the shard these rows are, if any
 * @returns the result
 */
export function assembleSweep(
  scenario: Scenario,
  seed: number,
  perCell: number,
  rows: TaskRow[],
  shard?: Shard,
): SweepResult {
  const layout = sweepLayout(scenario, perCell)
  return {
    scenario,
    seed,
    layout,
    tasks: layout.cells * perCell,
    ...(shard ? { shard } : {}),
    taskIds: rows.map((r) => r.task),
    rows,
    tables: {
      paths: pathsTable(layout, rows),
      ...(shard ? {} : { cells: cellsTable(layout, rows) }),
      ...(shard || scenario.commonPaths !== true
        ? {}
        : { differences: differencesTable(scenario, layout, rows) }),
    },
    failures: rows.filter((r) => r.error !== null),
  }
}
