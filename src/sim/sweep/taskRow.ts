/** One task id to its row: the (cell, path) it names, its seed, and its figures or its error. */
import { AmmSimError } from '../../errors.js'
import type { TaskRow } from './tables.js'
import { runTask, taskSeed } from './task.js'
import type { SweepInput } from './task.js'
import type { Scenario } from '../scenario/schema.js'

/** What a worker thread needs for every task of one sweep. */
export interface SweepWorkerData {
  input: SweepInput
  pathsPerCell: number
  /** The cells validated by the parent thread (null where one fails); see `primeCells`. */
  cells?: (Scenario | null)[]
}

/** One message to a worker thread: a batch of task ids of sweep number `sweep`. */
export interface SweepBatch {
  /** Numbers the sweeps of the parent process; a thread keeps the data of the sweeps it saw. */
  sweep: number
  data: SweepWorkerData
  ids: number[]
}

/** A thrown value as one line for the `error` column: `CODE: message` for our errors. */
export function errorText(error: unknown): string {
  const text =
    error instanceof AmmSimError
      ? error.message.startsWith(`${error.code}: `)
        ? error.message
        : `${error.code}: ${error.message}`
      : `internal error: ${error instanceof Error ? error.message : String(error)}`
  return text.replace(/\s*\n\s*/g, ' ')
}

/**
 * Runs task `id` (cell = ⌊id / pathsPerCell⌋, path = id mod pathsPerCell) and returns its row;
 * an error is caught and kept in the row, so one failing task never stops the others.
 * @param input - the loaded sweep scenario and seed override
 * @param pathsPerCell - paths per cell
 * @param id - the task id
 * @returns the task's row
 */
export async function runTaskRow(
  input: SweepInput,
  pathsPerCell: number,
  id: number,
): Promise<TaskRow> {
  const head = taskHead(input, pathsPerCell, id)
  try {
    const figures = await runTask(input, head.cell, head.path)
    return { ...head, figures, error: null }
  } catch (error) {
    return { ...head, figures: null, error: errorText(error) }
  }
}

/** The task id, cell, path and seed of task `id`. */
export function taskHead(
  input: SweepInput,
  pathsPerCell: number,
  id: number,
): Pick<TaskRow, 'task' | 'cell' | 'path' | 'seed'> {
  const cell = Math.floor(id / pathsPerCell)
  const path = id % pathsPerCell
  return {
    task: id,
    cell,
    path,
    seed: taskSeed(input, cell, path),
  }
}
