/** `amm-sim run`: scenarios simulated in a worker thread each, reports written here. */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Command } from 'commander'
import {
  AmmSimError,
  DEFAULT_SCENARIO,
  InputError,
  loadScenario,
  packageVersion,
  writeReport,
} from '../index.js'
import type { LoadedScenario, ScenarioOutcome, Summary } from '../index.js'
import type { RunWorkerInput, WorkerError } from './runWorker.js'
import {
  EXIT_CODES_HELP,
  EXIT_INTERRUPTED,
  EXIT_OK,
  formatAmount,
  formatPercent,
  interruptOnSignals,
  parseIndex,
  parseSeed,
  progressReporter,
  report,
} from './shared.js'
import type { Guard } from './shared.js'

interface RunFlags {
  out: string
  seed?: number
  prices?: string[]
  json?: boolean
  charts: boolean
  debug?: boolean
  cell?: number
  path?: number
}

/**
 * Refuses a call in which two scenarios share a name: both reports would go to one folder and
 * the second would silently replace the first.
 */
function checkDistinctNames(loaded: readonly LoadedScenario[], out: string): void {
  const seen = new Map<string, LoadedScenario>()
  for (const scenario of loaded) {
    const name = scenario.scenario.name
    const first = seen.get(name)
    if (first !== undefined)
      throw new InputError(
        'DUPLICATE_NAME',
        { file: scenario.file, path: 'name' },
        `"${name}" is also the name of ${first.file}: both reports would be written to ${path.join(out, name)}; rename one, or run them in separate calls`,
        { name, files: [first.file, scenario.file] },
      )
    seen.set(name, scenario)
  }
}

/** Rebuilds an error sent by the worker, so that {@link report} picks the right exit code. */
function fromWorkerError(error: WorkerError): Error {
  let rebuilt: Error
  if (error.kind === 'input')
    // an empty location keeps the message exactly as the worker's error had it
    rebuilt = new InputError(
      error.code as ConstructorParameters<typeof InputError>[0],
      {},
      error.message,
      error.values,
    )
  else if (error.kind === 'run')
    rebuilt = new AmmSimError(
      error.code as ConstructorParameters<typeof AmmSimError>[0],
      error.message,
      error.values,
    )
  else rebuilt = new Error(error.message)
  if (error.stack !== undefined) rebuilt.stack = error.stack
  return rebuilt
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; outcome: ScenarioOutcome }
  | { type: 'error'; error: WorkerError }

/**
 * Runs one scenario in a worker thread (see runWorker.ts for why); `onStart` receives the
 * worker so that a signal can terminate it.
 */
function simulateInWorker(
  input: RunWorkerInput,
  onProgress: (done: number, total: number) => void,
  onStart: (worker: Worker) => void,
): Promise<ScenarioOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./runWorker.js', import.meta.url), { workerData: input })
    onStart(worker)
    let isSettled = false
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        onProgress(message.done, message.total)
        return
      }
      isSettled = true
      if (message.type === 'done') resolve(message.outcome)
      else reject(fromWorkerError(message.error))
    })
    worker.on('error', (error) => {
      isSettled = true
      reject(error)
    })
    worker.on('exit', (code) => {
      // terminated by a signal (the caller knows), or crashed without a message
      if (!isSettled) reject(new Error(`the run's worker thread stopped (exit code ${code})`))
    })
  })
}

/**
 * `amm-sim run`. Scenarios run one after another, each simulated in a worker thread and its
 * report written here. The first failure stops the call: reports already written stay, and with
 * `--json` the summaries written so far are printed (an array whenever several scenarios were
 * named, so stdout always parses). SIGINT/SIGTERM terminate the worker and abort a report write
 * before the old folder is replaced: one line on stderr, exit 130.
 */
export async function runCommand(names: string[], flags: RunFlags): Promise<number> {
  let worker: Worker | undefined
  const interrupt = interruptOnSignals(() => void worker?.terminate())
  const requested = names.length > 0 ? names : [DEFAULT_SCENARIO]
  const summaries: Summary[] = []
  let current: { name: string; dir: string } | undefined
  const printJson = (): void => {
    if (flags.json)
      process.stdout.write(
        `${JSON.stringify(requested.length === 1 ? summaries[0] : summaries, null, 2)}\n`,
      )
  }
  try {
    const loaded: LoadedScenario[] = []
    for (const name of requested) {
      loaded.push(await loadScenario(name))
      interrupt.signal.throwIfAborted()
    }
    checkDistinctNames(loaded, flags.out)
    const version = packageVersion()
    for (const scenario of loaded) {
      const name = scenario.scenario.name
      const dir = path.join(flags.out, name)
      current = { name, dir }
      const progress = progressReporter(name)
      let outcome: ScenarioOutcome
      try {
        outcome = await simulateInWorker(
          {
            loaded: scenario,
            overrides: {
              ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
              ...(flags.cell !== undefined ? { cell: flags.cell } : {}),
              ...(flags.path !== undefined ? { path: flags.path } : {}),
              // --prices names files relative to the working directory: only the CLI knows it
              ...(flags.prices ? { prices: flags.prices, baseDir: process.cwd() } : {}),
            },
          },
          progress.onProgress,
          (started) => {
            worker = started
            if (interrupt.signal.aborted) void started.terminate()
          },
        )
      } finally {
        worker = undefined
        progress.stop()
      }
      interrupt.signal.throwIfAborted()
      const written = await writeReport(outcome, {
        dir,
        version,
        hasCharts: flags.charts,
        signal: interrupt.signal,
      })
      summaries.push(written.summary)
      current = undefined
      if (!flags.json) {
        const m = outcome.result.metrics
        const unit = outcome.result.numeraire
        process.stdout.write(
          `${name}: report in ${path.join(dir, 'summary.md')}\n` +
            `  LP ${formatAmount(m.lpValue)} ${unit} vs HODL ${formatAmount(m.hodlValue)} ${unit} (${formatPercent(m.returnVsHodl)}); ` +
            `fees ${formatAmount(m.feeIncome)} ${unit}, LVR ${formatAmount(m.lvr)} ${unit}; seed ${outcome.seed}\n`,
        )
      }
    }
  } catch (error) {
    if (requested.length > 1) printJson()
    if (!interrupt.signal.aborted) return report(error, flags.debug ?? false)
    process.stderr.write(
      current
        ? `interrupted (${interrupt.signalName()}): ${current.name} stopped before its report was written; ${current.dir} is as it was\n`
        : `interrupted (${interrupt.signalName()}): no scenario was run\n`,
    )
    return EXIT_INTERRUPTED
  } finally {
    interrupt.dispose()
  }
  printJson()
  return EXIT_OK
}

/** Adds `amm-sim run` to `program`. */
export function registerRun(program: Command, guard: Guard): void {
  program
    .command('run')
    .description('run scenarios and write a report for each to <out>/<scenario name>/')
    .argument('[scenario...]', `scenario files or bundled names (default: ${DEFAULT_SCENARIO})`)
    .option('-o, --out <dir>', 'parent folder of the reports', 'out')
    .option('-s, --seed <n>', 'seed for every random stream (integer 0 to 4294967295)', parseSeed)
    .option(
      '-p, --prices <file...>',
      "historical prices instead of the scenario's: FILE with every token, or SYMBOL=FILE per token",
    )
    .option('--cell <n>', "run one cell of the scenario's sweep (from 0), with --path", parseIndex)
    .option(
      '--path <n>',
      'run one path of that cell (from 0), with the seed its sweep row records',
      parseIndex,
    )
    .option('--json', 'print the summary JSON to stdout instead of the text summary')
    .option('--no-charts', 'skip charts/*.png (no native renderer needed)')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim run                                       the bundled default, report in out/eth-usdc-50-50/
  amm-sim run eth-usdc-50-50 crash-with-jumps       two bundled scenarios
  amm-sim run my-pool.json --seed 7 --out reports --no-charts
  amm-sim run historical-csv --prices eth-btc-usd.csv
                                                    replay your prices: one file with every token
  amm-sim run historical-csv --prices ETH=ETHUSDT.csv BTC=BTCUSDT.csv
                                                    or one file per token
  amm-sim run --json | jq .metrics.returnVsHodl
  amm-sim run fee-sweep --cell 2 --path 17          one (cell, path) of a sweep, alone

Writes summary.json, summary.md, timeseries.csv and charts/*.png; the folder is replaced
atomically, so a failed run leaves the previous report intact; so does Ctrl-C (exit 130).
Two scenarios of one name are refused. With --json and several scenarios, stdout is an
array of the summaries written, also when one fails.
${EXIT_CODES_HELP}`,
    )
    .action(guard((names: string[], flags: RunFlags) => runCommand(names, flags)))
}
