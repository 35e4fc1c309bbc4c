#!/usr/bin/env node
/**
 * The `amm-sim` command: flags → library calls → printed result and exit code. Exit codes:
 * 0 ok, 1 run failed, 2 bad input (an InputError or a command-line usage error), 130 a run
 * interrupted by Ctrl-C or SIGTERM. Errors go to stderr as one block, with a stack trace only
 * under `--debug`.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import cliProgress from 'cli-progress'
import {
  AmmSimError,
  DEFAULT_SCENARIO,
  InputError,
  PRICE_FORMATS,
  configureScenario,
  importPriceFile,
  listBundledScenarios,
  loadScenario,
  packageVersion,
  parseDuration,
  writePricePathCsv,
  writeReport,
} from '../index.js'
import type {
  ImportOptions,
  ImportedPrices,
  LoadedScenario,
  ScenarioOutcome,
  Summary,
} from '../index.js'
import type { RunWorkerInput, WorkerError } from './runWorker.js'

/** Exit codes, as documented in `--help` and the README. */
const EXIT_OK = 0
const EXIT_RUN_FAILED = 1
const EXIT_BAD_INPUT = 2
/** 128 + SIGINT's number, as a shell reports a Ctrl-C; used for SIGTERM too (one documented code). */
const EXIT_INTERRUPTED = 130
/** A run shows a progress bar once it has taken this long (ms), on a terminal, outside CI. */
const PROGRESS_AFTER_MS = 1_000
const MAX_SEED = 4_294_967_295
/** `import` lists this many skipped rows, then a count of the rest. */
const SKIPPED_SHOWN = 10
/** Time zones run from UTC-12 to UTC+14. */
const MAX_UTC_OFFSET_HOURS = 14
const SECONDS_PER_HOUR = 3_600

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  the run failed (non-finite state, report not writable, chart renderer missing)
  2  bad input (scenario, price file or command-line option)
  130  interrupted (Ctrl-C or SIGTERM); reports not yet replaced are left as they were`

function parseSeed(value: string): number {
  const seed = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seed) || seed > MAX_SEED)
    throw new InvalidArgumentError(`expected an integer from 0 to ${MAX_SEED}, found "${value}"`)
  return seed
}

function parseSeconds(value: string): number {
  const seconds = parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value)
  if (seconds === undefined || seconds <= 0)
    throw new InvalidArgumentError(`expected a duration such as "1h" or "1d", found "${value}"`)
  return seconds
}

/** `--utc-offset` in hours (3, -5, 5.5) to seconds, the importer's unit. */
function parseUtcOffset(value: string): number {
  const hours = Number(value)
  if (!/^[+-]?\d+(\.\d+)?$/.test(value.trim()) || Math.abs(hours) > MAX_UTC_OFFSET_HOURS)
    throw new InvalidArgumentError(
      `expected hours east of UTC from -${MAX_UTC_OFFSET_HOURS} to ${MAX_UTC_OFFSET_HOURS} (3, -5, 5.5), found "${value}"`,
    )
  // whole seconds: 5.75 h is 20700 s exactly, and no real offset is finer than a quarter hour
  return Math.round(hours * SECONDS_PER_HOUR)
}

/** Prints an error block on stderr and returns its exit code. */
function report(error: unknown, isDebug: boolean): number {
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

/** A progress callback that draws a bar on a terminal once a run has taken over a second. */
function progressReporter(label: string): {
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
            format: `${label} [{bar}] {percentage}% | {value}/{total} steps | eta {eta_formatted}`,
            hideCursor: true,
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
function isoSeconds(time: number): string {
  return new Date(time * 1000).toISOString().replace('.000Z', 'Z')
}

function formatPercent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} %`
}

function formatAmount(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

interface RunFlags {
  out: string
  seed?: number
  prices?: string[]
  json?: boolean
  charts: boolean
  debug?: boolean
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
async function runCommand(names: string[], flags: RunFlags): Promise<number> {
  const controller = new AbortController()
  let worker: Worker | undefined
  let signalName = ''
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalName === '') signalName = signal
    controller.abort()
    void worker?.terminate()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
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
      controller.signal.throwIfAborted()
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
              // --prices names files relative to the working directory: only the CLI knows it
              ...(flags.prices ? { prices: flags.prices, baseDir: process.cwd() } : {}),
            },
          },
          progress.onProgress,
          (started) => {
            worker = started
            if (controller.signal.aborted) void started.terminate()
          },
        )
      } finally {
        worker = undefined
        progress.stop()
      }
      controller.signal.throwIfAborted()
      const written = await writeReport(outcome, {
        dir,
        version,
        hasCharts: flags.charts,
        signal: controller.signal,
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
    if (!controller.signal.aborted) return report(error, flags.debug ?? false)
    process.stderr.write(
      current
        ? `interrupted (${signalName}): ${current.name} stopped before its report was written; ${current.dir} is as it was\n`
        : `interrupted (${signalName}): no scenario was run\n`,
    )
    return EXIT_INTERRUPTED
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  printJson()
  return EXIT_OK
}

async function validateCommand(names: string[], flags: { debug?: boolean }): Promise<number> {
  let code = EXIT_OK
  for (const name of names) {
    try {
      const loaded = await loadScenario(name)
      await configureScenario(loaded)
      process.stdout.write(`ok: ${loaded.file} (${loaded.scenario.name})\n`)
    } catch (error) {
      code = Math.max(code, report(error, flags.debug ?? false))
    }
  }
  return code
}

interface ImportFlags {
  format: string
  numeraire?: string
  price: string
  step?: number
  maxGap?: number
  out?: string
  lenient?: boolean
  duplicates?: string
  sort?: boolean
  utcOffset?: number
  debug?: boolean
}

/**
 * The rows an import left out, first {@link SKIPPED_SHOWN} by line, then a count of the rest.
 * Rows without a price are left out whatever the options (an exchange's "no trade then"), so the
 * heading says so when there are any.
 */
function skippedLines(skipped: ImportedPrices['skipped']): string[] {
  if (skipped.length === 0) return []
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const noPrice = skipped.filter((row) => row.code === 'NO_PRICE').length
  const repeated = skipped.filter((row) => row.code === 'DUPLICATE_TIMESTAMP').length
  const bad = skipped.length - noPrice - repeated
  const kinds = [
    noPrice > 0 ? `${count(noPrice, 'row')} without a price, skipped even without --lenient` : '',
    repeated > 0 ? count(repeated, 'repeated timestamp') : '',
    bad > 0 ? `${count(bad, 'bad row')} (--lenient)` : '',
  ].filter((kind) => kind !== '')
  const files = new Set(skipped.map((row) => row.file))
  const lines = [`skipped: ${count(skipped.length, 'row')}: ${kinds.join('; ')}`]
  for (const row of skipped.slice(0, SKIPPED_SHOWN)) {
    // one file: its name is on the file line above; several: name each row's file
    const where = `${files.size > 1 ? `${row.file}:` : 'line '}${row.line}${row.column !== undefined ? `:${row.column}` : ''}`
    lines.push(`  ${where}: ${row.code}: ${row.reason}`)
  }
  if (skipped.length > SKIPPED_SHOWN) lines.push(`  ... and ${skipped.length - SKIPPED_SHOWN} more`)
  return lines
}

/** A duration in the largest unit that divides it (`7200` → `2h`), as `--max-gap` takes it. */
function durationText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`
  if (seconds % SECONDS_PER_HOUR === 0) return `${seconds / SECONDS_PER_HOUR}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

/**
 * An import's `GAP_TOO_LONG` with the flag that fills it: the gap's length is the `--max-gap`
 * that forward-fills it (any grid time inside it is less than that after the last price).
 */
function withMaxGapHint(error: unknown): unknown {
  if (!(error instanceof InputError) || error.code !== 'GAP_TOO_LONG') return error
  const { gapStart, gapEnd } = error.values
  const gap =
    typeof gapStart === 'number' && typeof gapEnd === 'number' && Number.isFinite(gapEnd)
      ? gapEnd - gapStart
      : undefined
  const hint =
    gap === undefined
      ? 'pass --max-gap with a longer duration to forward-fill it'
      : `pass --max-gap ${durationText(gap)} (or longer) to forward-fill it`
  // an empty location keeps the message exactly as the importer wrote it
  return new InputError('GAP_TOO_LONG', {}, `${error.message}; ${hint}`, { ...error.values })
}

/** `amm-sim import`'s flags as the library's options; the file is relative to the working directory. */
function importFile(file: string, flags: ImportFlags): Promise<ImportedPrices> {
  return importPriceFile(file, {
    baseDir: process.cwd(),
    format: flags.format as ImportOptions['format'],
    price: flags.price as ImportOptions['price'],
    ...(flags.numeraire !== undefined ? { numeraire: flags.numeraire } : {}),
    ...(flags.step !== undefined ? { step: flags.step } : {}),
    ...(flags.maxGap !== undefined ? { maxGap: flags.maxGap } : {}),
    ...(flags.lenient !== undefined ? { lenient: flags.lenient } : {}),
    ...(flags.duplicates !== undefined
      ? { duplicates: flags.duplicates as ImportOptions['duplicates'] }
      : {}),
    ...(flags.sort !== undefined ? { sort: flags.sort } : {}),
    ...(flags.utcOffset !== undefined ? { utcOffset: flags.utcOffset } : {}),
  })
}

async function importCommand(file: string, flags: ImportFlags): Promise<number> {
  let imported: ImportedPrices
  try {
    imported = await importFile(file, flags)
  } catch (error) {
    throw withMaxGapHint(error)
  }
  const { path: prices, description: d, skipped } = imported
  const days = (seconds: number) =>
    seconds >= 86_400
      ? `${+(seconds / 86_400).toFixed(2)} d`
      : seconds >= 3_600
        ? `${+(seconds / 3_600).toFixed(2)} h`
        : `${seconds} s`
  const lines = [
    ...d.files.map((f) => `file:    ${f.file} (${f.format}, ${f.rows} rows, ${f.skipped} skipped)`),
    `assets:  ${d.tokens.join(', ')} (in ${d.numeraire})`,
    `range:   ${d.firstDate} to ${d.lastDate} (${d.steps} point${d.steps === 1 ? '' : 's'})`,
    `step:    ${days(d.medianStep)} (median)`,
    d.largestGap
      ? `gaps:    ${d.gapCount} above 1.5x the median step; largest ${days(d.largestGap.seconds)} in ${d.largestGap.symbol} from ${isoSeconds(d.largestGap.start)} to ${isoSeconds(d.largestGap.end)} (forward-filled)`
      : 'gaps:    none',
    ...skippedLines(skipped),
  ]
  if (flags.out !== undefined) {
    await writePricePathCsv(prices, flags.out)
    lines.push(`written: ${flags.out} (wide CSV: time,${prices.tokens.join(',')})`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return EXIT_OK
}

async function listCommand(): Promise<number> {
  const scenarios = await listBundledScenarios()
  const width = Math.max(...scenarios.map((s) => s.name.length))
  for (const s of scenarios)
    process.stdout.write(
      `${s.name.padEnd(width)}  ${s.description}${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}\n`,
    )
  return EXIT_OK
}

/** Builds the command tree; actions store their exit code in `state`. */
function buildProgram(state: { code: number; isDebug: boolean }): Command {
  const program = new Command()
  const guard =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      const flags = args.find((a) => typeof a === 'object' && a !== null && !Array.isArray(a)) as
        { debug?: boolean } | undefined
      state.isDebug = flags?.debug ?? false
      try {
        state.code = await action(...args)
      } catch (error) {
        state.code = report(error, state.isDebug)
      }
    }
  program
    .name('amm-sim')
    .description(
      'Simulate Balancer-style weighted pools: impermanent loss, fees, LVR and tracking error against HODL and rebalancing benchmarks.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim run                                 run the bundled default (eth-usdc-50-50)
  amm-sim run scenarios/lbp-launch.json --out reports
  amm-sim validate scenarios/*.json
  amm-sim import ETHUSDT.csv --format binance --out eth.csv
  amm-sim list
${EXIT_CODES_HELP}`,
    )

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
    .option('--json', 'print the summary JSON to stdout instead of the text summary')
    .option('--no-charts', 'skip charts/*.png (no native renderer needed)')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim run                                       the bundled default, report in out/eth-usdc-50-50/
  amm-sim run eth-usdc-50-50 crash-with-jumps       two bundled scenarios
  amm-sim run my.json --seed 7 --out reports --no-charts
  amm-sim run historical-csv --prices ETHUSDT.csv   replay your own price file
  amm-sim run historical-csv --prices ETH=eth.csv BTC=btc.csv
  amm-sim run --json | jq .metrics.returnVsHodl

Writes summary.json, summary.md, timeseries.csv and charts/*.png; the folder is replaced
atomically, so a failed run leaves the previous report intact; so does Ctrl-C (exit 130).
Two scenarios of one name are refused. With --json and several scenarios, stdout is an
array of the summaries written, also when one fails.
${EXIT_CODES_HELP}`,
    )
    .action(guard((names: string[], flags: RunFlags) => runCommand(names, flags)))

  program
    .command('validate')
    .description('check scenario files (schema, cross-field rules, price parameters and files)')
    .argument('<scenario...>', 'scenario files or bundled names')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim validate scenarios/eth-usdc-50-50.json
  amm-sim validate my-*.json
${EXIT_CODES_HELP}`,
    )
    .action(guard((names: string[], flags: { debug?: boolean }) => validateCommand(names, flags)))

  program
    .command('import')
    .description(
      'read a price file, normalise it to a regular grid, print assets, range, step and gaps',
    )
    .argument(
      '<file>',
      'price file (Binance klines, CoinGecko, Yahoo, CoinMarketCap, wide or long CSV)',
    )
    .addOption(
      new Option('-f, --format <fmt>', 'file format').choices(PRICE_FORMATS).default('auto'),
    )
    .option(
      '-n, --numeraire <symbol>',
      'unit of the prices (default: the quote the file names, else USD)',
    )
    .addOption(
      new Option('--price <field>', 'bar price to take')
        .choices(['close', 'open', 'typical'])
        .default('close'),
    )
    .option(
      '--step <duration>',
      "grid step such as 1h or 1d (default: the file's median step)",
      parseSeconds,
    )
    .option(
      '--max-gap <duration>',
      'longest gap to forward-fill (default: one grid step, as in scenarios; longer is an error)',
      parseSeconds,
    )
    .option('-o, --out <file.csv>', 'write the normalised wide CSV (time,TOKEN…)')
    .option('--lenient', 'skip bad rows instead of stopping at the first (they are listed)')
    .addOption(
      new Option(
        '--duplicates <policy>',
        'repeated timestamps: an error, or keep the first or last row',
      )
        .choices(['error', 'first', 'last'])
        .default('error'),
    )
    .option('--sort', 'sort rows by time first (files made of several runs or blocks)')
    .option(
      '--utc-offset <hours>',
      'hours east of UTC the time labels are written in (3 for UTC+3; default 0, labels are UTC)',
      parseUtcOffset,
    )
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim import ETHUSDT.csv --format binance
  amm-sim import eth-usd-max.csv --format coingecko --numeraire USD --out eth.csv
  amm-sim import prices.csv --format wide --step 1d
  amm-sim import prices.csv --step 1d --max-gap 3d
  amm-sim import export.csv --lenient --duplicates last --sort --utc-offset -5

Rows without a price are always skipped (not an error); --lenient skips bad rows too.
A missing price is carried forward one grid step, as in scenarios; a longer gap is an
error naming it, unless --max-gap allows it.
Skipped rows are listed with line and reason, the first ${SKIPPED_SHOWN} of them.
${EXIT_CODES_HELP}`,
    )
    .action(guard((file: string, flags: ImportFlags) => importCommand(file, flags)))

  program
    .command('list')
    .description('list the bundled scenarios with their descriptions')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim list
  amm-sim run $(amm-sim list | head -1 | cut -d' ' -f1)
${EXIT_CODES_HELP}`,
    )
    .action(guard(() => listCommand()))
  return program
}

async function main(argv: string[]): Promise<number> {
  const state = { code: EXIT_OK, isDebug: argv.includes('--debug') }
  const program = buildProgram(state)
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are successes (commander's exit code 0); help shown because no
      // command was given, and every other commander error, is a usage error
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT
    }
    return report(error, state.isDebug)
  }
  return state.code
}

// A closed pipe (`amm-sim list | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK)
  throw error
})
process.exitCode = await main(process.argv)
