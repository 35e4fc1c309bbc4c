/**
 * The worker thread in which `amm-sim run` simulates one scenario. The engine runs synchronously
 * for the whole path, and a signal handler only runs when the main thread's event loop is free:
 * running the engine here keeps the main thread free to answer Ctrl-C at once (it terminates
 * this worker) while the report is written there, where an interrupt can stop it cleanly.
 *
 * Messages to the parent: `{ type: 'progress', done, total }` per chunk, then one
 * `{ type: 'done', outcome }` or `{ type: 'error', error }` (see {@link WorkerError}).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AmmSimError, InputError, runScenario } from '../index.js'
import type { LoadedScenario, RunScenarioOptions } from '../index.js'

/** What the parent hands over: the loaded scenario and the command-line overrides. */
export interface RunWorkerInput {
  loaded: LoadedScenario
  overrides: Omit<RunScenarioOptions, 'onProgress'>
}

/** An error as plain data: classes do not survive the copy between threads. */
export interface WorkerError {
  /** `input` for an InputError, `run` for any other AmmSimError, `internal` otherwise. */
  kind: 'input' | 'run' | 'internal'
  code?: string
  message: string
  values?: Record<string, unknown>
  stack?: string
}

/** `values` as they are when the thread copy can take them (numbers, bigints, arrays), else none. */
function cloneable(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    return structuredClone(values)
  } catch {
    return {}
  }
}

/** Turns a thrown value into plain data the parent can rebuild it from. */
function toWorkerError(error: unknown): WorkerError {
  if (error instanceof AmmSimError)
    return {
      kind: error instanceof InputError ? 'input' : 'run',
      code: error.code,
      message: error.message,
      values: cloneable(error.values),
      ...(error.stack !== undefined ? { stack: error.stack } : {}),
    }
  if (error instanceof Error)
    return {
      kind: 'internal',
      message: error.message,
      ...(error.stack !== undefined ? { stack: error.stack } : {}),
    }
  return { kind: 'internal', message: String(error) }
}

const port = parentPort
if (port === null) throw new Error('unreachable: runWorker.js runs only as a worker thread')
const { loaded, overrides } = workerData as RunWorkerInput
try {
  const outcome = await runScenario(loaded, {
    ...overrides,
    onProgress: (done, total) => {
      port.postMessage({ type: 'progress', done, total })
    },
  })
  port.postMessage({ type: 'done', outcome })
} catch (error) {
  port.postMessage({ type: 'error', error: toWorkerError(error) })
}
