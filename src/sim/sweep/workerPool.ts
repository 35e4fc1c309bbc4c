/**
 * Sweep tasks on worker threads through piscina (a maintained pool: queueing, thread reuse,
 * crash handling, abort), in batches of task ids so that short tasks do not pay a message each.
 * The worker file is the built `sweepWorker.js` beside this module.
 *
 * The pool outlives a sweep: the next sweep with the same number of workers in this process (a
 * notebook's next cell, a regression run's next scenario, a benchmark's next round) finds its
 * threads warm, with the engine loaded and optimised, instead of paying each thread's start-up
 * and compilation again. Idle threads do not keep the process alive (piscina unrefs them);
 * {@link closeSweepWorkers} ends them at once.
 */
import type { Piscina } from 'piscina'
import { RunError } from '../../errors.js'
import type { TaskRow } from './tables.js'
import { errorText, taskHead } from './taskRow.js'
import type { SweepBatch, SweepWorkerData } from './taskRow.js'

/** Batches per worker thread in what remains: enough to balance the load and show progress. */
const BATCHES_PER_WORKER = 16
/** Most tasks in one batch. */
const MAX_BATCH = 64

/** The pool kept between sweeps, with the number of sweeps running on it now. */
let kept: { pool: Piscina; workers: number; users: number } | undefined
/** Sweeps started in this process: each batch names its sweep, so a thread knows its data. */
let sweepsStarted = 0

async function newPool(workers: number): Promise<Piscina> {
  // loaded here, not at the top: a run or `--help` need not load the pool's code
  const { Piscina } = await import('piscina')
  return new Piscina({
    filename: new URL('./sweepWorker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    // two batches in flight per thread: the next one waits in the thread's port, so a thread
    // never idles while the parent is busy (loading the statistics, writing a journal); the
    // batches run one after the other there (the batch function never yields)
    concurrentTasksPerWorker: 2,
  })
}

/**
 * A pool of `workers` threads for one sweep and what to do when it ends: the kept pool when it
 * has that size (or can be replaced, being idle), else a pool of the sweep's own.
 */
async function acquire(workers: number): Promise<{ pool: Piscina; release: () => Promise<void> }> {
  if (kept?.workers !== workers && kept?.users === 0) await closeSweepWorkers()
  if (kept === undefined) kept = { pool: await newPool(workers), workers, users: 0 }
  if (kept.workers === workers) {
    const mine = kept
    mine.users++
    const release = (): Promise<void> => {
      mine.users--
      return Promise.resolve()
    }
    return { pool: mine.pool, release }
  }
  // another sweep in this process is running on a pool of another size: leave it alone
  const own = await newPool(workers)
  return { pool: own, release: () => own.destroy().catch(() => undefined) }
}

/**
 * Ends the threads kept between sweeps (they would end with the process anyway). A sweep
 * running on them fails its remaining tasks. Aborting a sweep (its `signal`) ends the threads it
 * runs on, kept or not.
 */
export async function closeSweepWorkers(): Promise<void> {
  const closing = kept
  kept = undefined
  await closing?.pool.destroy()
}

/**
 * Runs tasks on `workers` threads; `onRows` receives each finished batch (in completion order).
 * @param data - what the threads need for every task of this sweep
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
  const sweep = ++sweepsStarted
  const { pool, release } = await acquire(workers)
  // one listener for the whole pool (not one per batch): ending its threads rejects what is
  // left; a kept pool is dropped, and the next sweep starts a new one
  const onAbort = (): void => {
    if (kept?.pool === pool) kept = undefined
    void pool.destroy()
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  let finished = 0
  try {
    await Promise.all(
      batches.map(async (batch) => {
        let rows: TaskRow[]
        try {
          const task: SweepBatch = { sweep, data, ids: batch }
          rows = (await pool.run(task)) as TaskRow[]
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
    await release()
  }
}
