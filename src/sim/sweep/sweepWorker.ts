/**
 * The worker thread of a sweep (piscina runs this file, built, as `dist/sim/sweep/sweepWorker.js`).
 * Each task is a batch of task ids with its sweep's input and returns their rows, figures only
 * (no series), so what crosses back stays small. A thread serves sweep after sweep (the pool is
 * kept between them): it keeps the input of the sweeps it saw last, by sweep number, so that the
 * caches keyed by the input's objects (the validated cells, a price file's windows) hold across
 * the batches of one sweep.
 */
import { primeCells } from './task.js'
import { runTaskRow } from './taskRow.js'
import type { SweepBatch, SweepWorkerData } from './taskRow.js'
import type { TaskRow } from './tables.js'

/** Inputs of the sweeps seen last; more than one when sweeps of one process overlap. */
const KEEP_SWEEPS = 4
const inputs = new Map<number, SweepWorkerData>()

function inputOf(batch: SweepBatch): SweepWorkerData {
  const known = inputs.get(batch.sweep)
  if (known) return known
  const data = batch.data
  if (data.cells) primeCells(data.input.loaded.scenario, data.cells)
  inputs.set(batch.sweep, data)
  if (inputs.size > KEEP_SWEEPS) inputs.delete(inputs.keys().next().value!)
  return data
}

/** Runs a batch of task ids and returns their rows; a task that throws gives an error row. */
export default async function runBatch(batch: SweepBatch): Promise<TaskRow[]> {
  const data = inputOf(batch)
  const rows: TaskRow[] = []
  for (const id of batch.ids) rows.push(await runTaskRow(data.input, data.pathsPerCell, id))
  return rows
}
