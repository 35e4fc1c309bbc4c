/**
 * What every `amm-sim` command shares: exit codes, option parsers, the error block printed on
 * stderr, the progress bar and number formats. Commands live one per file (run.ts, validate.ts,
 * import.ts, list.ts); main.ts only wires them.
 */
import { Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import { AmmSimError, InputError, parseDuration } from '../index.js'
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED } from './exitCodes.js'

export {
  EXIT_BAD_INPUT,
  EXIT_CODES_HELP,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_RUN_FAILED,
} from './exitCodes.js'
/** A run shows a progress bar once it has taken this long (ms), on a terminal, outside CI. */
export const PROGRESS_AFTER_MS = 1_000
export const MAX_SEED = 4_294_967_295
/** `import` lists this many skipped rows, then a count of the rest. */
export const SKIPPED_SHOWN = 10
/** Time zones run from UTC-12 to UTC+14. */
export const MAX_UTC_OFFSET_HOURS = 14
export const SECONDS_PER_HOUR = 3_600

export function parseSeed(value: string): number {
  const seed = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seed) || seed > MAX_SEED)
    throw new InvalidArgumentError(`expected an integer from 0 to ${MAX_SEED}, found "${value}"`)
  return seed
}

/** A cell or path index: an integer from 0. */
export function parseIndex(value: string): number {
  const index = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(index))
    throw new InvalidArgumentError(`expected an integer from 0, found "${value}"`)
  return index
}

export function parseSeconds(value: string): number {
  const seconds = parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value)
  if (seconds === undefined || seconds <= 0)
    throw new InvalidArgumentError(`expected a duration such as "1h" or "1d", found "${value}"`)
  return seconds
}

/** `--utc-offset` in hours (3, -5, 5.5) to seconds, the importer's unit. */
export function parseUtcOffset(value: string): number {
  const hours = Number(value)
  if (!/^[+-]?\d+(\.\d+)?$/.test(value.trim()) || Math.abs(hours) > MAX_UTC_OFFSET_HOURS)
    throw new InvalidArgumentError(
      `expected hours east of UTC from -${MAX_UTC_OFFSET_HOURS} to ${MAX_UTC_OFFSET_HOURS} (3, -5, 5.5), found "${value}"`,
    )
  // whole seconds: 5.75 h is 20700 s exactly, and no real offset is finer than a quarter hour
  return Math.round(hours * SECONDS_PER_HOUR)
}

/** Prints an error block on stderr and returns its exit code. */
export function report(error: unknown, isDebug: boolean): number {
  const isInput = error instanceof InputError
  let message: string
  if (error instanceof AmmSimError) {
    const problems = (error.values as { problems?: unknown }).problems
    const lines =
      Array.isArray(problems) && problems.length > 1 ? (problems as string[]) : [error.message]
    message = lines.join('\n')
  } else {
    message = `internal error: ${error instanceof Error ? error.message : String(error)}${isDebug ? '' : '\n(run again with --debug for the stack trace)'}`
  }
  const indented = message.split('\n').join('\n       ')
  process.stderr.write(`error: ${indented}\n`)
  if (isDebug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  return isInput ? EXIT_BAD_INPUT : EXIT_RUN_FAILED
}

/**
 * A progress callback that draws a bar on a terminal once a run has taken over a second, with
 * an ETA; nothing in CI or a pipe.
 * @param label - what runs (the scenario's name)
 * @param unit - what is counted: `steps` of one run, `tasks` of a sweep
 */
export function progressReporter(
  label: string,
  unit: 'steps' | 'tasks' = 'steps',
): {
  onProgress: (done: number, total: number) => void
  stop: () => void
} {
  const isShown = process.stderr.isTTY && !process.env.CI
  const started = Date.now()
  let bar: cliProgress.SingleBar | undefined
  return {
    onProgress(done, total) {
      if (!isShown) return
      if (!bar) {
        if (Date.now() - started < PROGRESS_AFTER_MS) return
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | eta {eta_formatted}`,
            hideCursor: true,
            // tasks finish in bursts (one per worker): a longer window steadies the ETA
            etaBuffer: unit === 'tasks' ? 50 : 10,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(total, done)
      }
      bar.update(done)
    },
    stop() {
      bar?.stop()
    },
  }
}

/** Unix seconds as ISO-8601 UTC without milliseconds. */
export function isoSeconds(time: number): string {
  return new Date(time * 1000).toISOString().replace('.000Z', 'Z')
}

export function formatPercent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} %`
}

export function formatAmount(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/** Wraps a command's action so that its exit code, or its error's, lands in `state`. */
export type Guard = <A extends unknown[]>(
  action: (...args: A) => Promise<number>,
) => (...args: A) => Promise<void>

/** A command module: adds its command to `program`, its action wrapped by `guard`. */
export type RegisterCommand = (program: Command, guard: Guard) => void

/** SIGINT and SIGTERM stop a command through an AbortController: see {@link interruptOnSignals}. */
export interface SignalInterrupt {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal
  /** The first signal received (`SIGINT`, `SIGTERM`), or '' while none has come. */
  signalName(): string
  /** Removes the handlers; call it when the command ends. */
  dispose(): void
}

/**
 * Installs SIGINT and SIGTERM handlers that abort the command's work (each command then writes
 * nothing half-done and exits 130); the first signal's name is kept for the message.
 * @param onSignal - also called on every signal (e.g. to terminate a worker)
 * @returns the signal to pass down, the signal's name, and `dispose` for a `finally`
 */
export function interruptOnSignals(onSignal?: () => void): SignalInterrupt {
  const controller = new AbortController()
  let name = ''
  const handler = (signal: NodeJS.Signals): void => {
    if (name === '') name = signal
    controller.abort()
    onSignal?.()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    signal: controller.signal,
    signalName: () => name,
    dispose: () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    },
  }
}
