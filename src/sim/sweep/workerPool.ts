/**
 * Sweep tasks on worker threads through piscina (a maintained pool: queueing, thread reuse,
 * crash handling, abort), in batches of task ids so that short tasks do not pay a message each.
 * The worker file is the built `sweepWorker.js` beside this module.
 */
import { RunError } from '../../errors.js'
import type { TaskRow } from './tables.js'
import { errorText, taskHead } from './taskRow.js'
import type { SweepWorkerData } from './taskRow.js'

/** Batches per worker thread in what remains: enough to balance the load and show progress. */
const BATCHES_PER_WORKER = 16
/** Most tasks in one batch. */
const MAX_BATCH = 64

/**
 * Runs tasks on `workers` threads; `onRows` receives each finished batch (in completion order).
 * @param data - what each thread receives once
 * @param ids - task ids to run
 * @param workers - threads, >= 1
 * @param onRows - called with each finished batch's rows
 * @param signal - aborts the tasks not yet finished
 * @param onFirstRows - called once, after the first batch's rows (the threads are running then)
 * @throws {RunError} `INTERRUPTED` when `signal` aborts
 */
export async function runOnWorkers(
  data: SweepWorkerData,
  ids: readonly number[],
  workers: number,
  onRows: (rows: TaskRow[]) => void | Promise<void>,
  signal?: AbortSignal,
  onFirstRows?: () => void,
): Promise<void> {
  // Guided sizes: a batch is a share of what remains, so batches shrink towards the end and the
  // threads finish together (equal batches left one thread up to a batch behind the other).
  const batches: number[][] = []
  for (let at = 0; at < ids.length;) {
    const remaining = ids.length - at
    const size = Math.max(
      1,
      Math.min(MAX_BATCH, Math.ceil(remaining / (workers * BATCHES_PER_WORKER))),
    )
    batches.push(ids.slice(at, at + size))
    at += size
  }
  // loaded here, not at the top: a run or `--help` need not load the pool's code
  const { Piscina } = await import('piscina')
  const pool = new Piscina({
    filename: new URL('./sweepWorker.js', import.meta.url).href,
    workerData: data,
    minThreads: workers,
    maxThreads: workers,
    // two batches in flight per thread: the next one waits in the thread's port, so a thread
    // never idles while the parent is busy (loading the statistics, writing a journal); the
    // batches run one after the other there (the batch function never yields)
    concurrentTasksPerWorker: 2,
  })
  // one listener for the whole pool (not one per batch): destroying it rejects what is left
  const onAbort = (): void => void pool.destroy()
  signal?.addEventListener('abort', onAbort, { once: true })
  let finished = 0
  try {
    await Promise.all(
      batches.map(async (batch) => {
        let rows: TaskRow[]
        try {
          rows = (await pool.run(batch)) as TaskRow[]
        } catch (error) {
          if (signal?.aborted) throw new RunError('INTERRUPTED', 'the sweep was interrupted')
          // the thread died (out of memory, a native crash): every task of the batch failed
          const text = errorText(error)
          rows = batch.map((id) => ({
            ...taskHead(data.input, data.pathsPerCell, id),
            figures: null,
            error: text,
          }))
        }
        await onRows(rows)
        if (++finished === 1) onFirstRows?.()
      }),
    )
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await pool.destroy()
  }
}
