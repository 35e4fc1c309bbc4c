/**
 * The worker thread of a sweep (piscina runs this file, built, as `dist/sim/sweep/sweepWorker.js`):
 * the sweep's input arrives once as `workerData`; each task is a batch of task ids and returns
 * their rows, figures only (no series), so what crosses back stays small.
 */
import { workerData } from 'piscina'
import { primeCells } from './task.js'
import { runTaskRow } from './taskRow.js'
import type { SweepWorkerData } from './taskRow.js'
import type { TaskRow } from './tables.js'

const data = workerData as SweepWorkerData
if (data.cells) primeCells(data.input.loaded.scenario, data.cells)

/** Runs a batch of task ids and returns their rows; a task that throws gives an error row. */
export default async function runBatch(ids: number[]): Promise<TaskRow[]> {
  const rows: TaskRow[] = []
  for (const id of ids) rows.push(await runTaskRow(data.input, data.pathsPerCell, id))
  return rows
}
