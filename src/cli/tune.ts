/** `amm-sim tune`: a parameter search with walk-forward validation, one report folder. */
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import {
  RunError,
  TUNE_METHODS,
  loadScenario,
  packageVersion,
  runTune,
  tuneReportDir,
  writeTuneReport,
} from '../index.js'
import type { TuneDirection, TuneMethod } from '../index.js'
import {
  EXIT_CODES_HELP,
  EXIT_INTERRUPTED,
  EXIT_OK,
  interruptOnSignals,
  parseSeed,
  report,
} from './shared.js'
import type { Guard } from './shared.js'

interface TuneFlags {
  objective: string
  params: string[]
  method: TuneMethod
  budget?: number
  steps?: number
  train?: string
  test?: string
  maximize?: boolean
  minimize?: boolean
  workers?: number
  seed?: number
  bootstrapPaths?: number
  blockLength?: number
  out: string
  charts: boolean
  debug?: boolean
}

function parseCount(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer from ${min}, found "${value}"`)
    return n
  }
}

const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(3)} %`)

/**
 * `amm-sim tune`. Runs the search on every fold, the folds' choices on their test windows and the
 * final choice on bootstrap resamples; writes the report atomically; prints the headline.
 */
export async function tuneCommand(name: string, flags: TuneFlags): Promise<number> {
  const interrupt = interruptOnSignals()
  try {
    const loaded = await loadScenario(name)
    const direction: TuneDirection | undefined = flags.maximize
      ? 'maximize'
      : flags.minimize
        ? 'minimize'
        : undefined
    const result = await runTune(loaded, {
      objective: flags.objective,
      params: flags.params,
      method: flags.method,
      ...(direction ? { direction } : {}),
      ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
      ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
      ...(flags.train !== undefined ? { train: flags.train } : {}),
      ...(flags.test !== undefined ? { test: flags.test } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.bootstrapPaths !== undefined ? { bootstrapPaths: flags.bootstrapPaths } : {}),
      ...(flags.blockLength !== undefined ? { blockLength: flags.blockLength } : {}),
      workers: flags.workers ?? availableParallelism(),
      signal: interrupt.signal,
    })
    const dir = tuneReportDir(flags.out, result.scenario)
    await writeTuneReport(result, {
      dir,
      version: packageVersion(),
      hasCharts: flags.charts,
      signal: interrupt.signal,
    })
    const h = result.headline
    const isShownInPercent =
      /returnVsHodl|impermanentLoss|trackingError|maxDrawdown|annualised|weightDeviation/.test(
        result.objective.name,
      )
    const show = (x: number | null) =>
      isShownInPercent ? percent(x) : x === null ? '–' : x.toPrecision(6)
    const failed = result.evaluations.filter((e) => e.error !== null).length
    process.stdout.write(
      `${result.scenario}: ${result.method}, ${result.folds.length} folds, ${result.evaluations.length} runs (${failed} failed); ` +
        `${result.objective.name} out of sample ${show(h.outOfSample)}, in sample ${show(h.inSample)}, gap ${show(h.gap)}; ` +
        `report in ${path.join(dir, 'tune.md')}\n`,
    )
    return EXIT_OK
  } catch (error) {
    if (!interrupt.signal.aborted && !(error instanceof RunError && error.code === 'INTERRUPTED'))
      return report(error, flags.debug ?? false)
    process.stderr.write(
      `interrupted (${interrupt.signalName() || 'signal'}): no report written (an earlier one is as it was)\n`,
    )
    return EXIT_INTERRUPTED
  } finally {
    interrupt.dispose()
  }
}

/** Adds `amm-sim tune` to `program`. */
export function registerTune(program: Command, guard: Guard): void {
  program
    .command('tune')
    .description(
      'tune fields of a scenario on historical prices with walk-forward validation, report in <out>/<name>-tune/',
    )
    .argument('<scenario>', 'a scenario file or bundled name with historical prices (model "csv")')
    .requiredOption(
      '--objective <figure>',
      'figure to optimise: a metric (returnVsHodl, lvr, feeIncome, …) or <benchmark>.<figure>',
    )
    .requiredOption(
      '--params <field=range...>',
      'fields to tune: field=low..high, field=low..high:log or field=a,b,c (e.g. pool.swapFee=0.001..0.01)',
    )
    .addOption(
      new Option('--method <method>', 'search method').choices([...TUNE_METHODS]).default('grid'),
    )
    .option(
      '--budget <n>',
      'evaluations per fold for random and nelder-mead (default 40)',
      parseCount(1),
    )
    .option('--steps <n>', 'grid points per range (default 5)', parseCount(2))
    .option(
      '--train <duration>',
      "training window, e.g. 90d (default the scenario's windows.length)",
    )
    .option('--test <duration>', "test window, e.g. 30d (default the scenario's windows.every)")
    .addOption(new Option('--maximize', 'maximise the objective').conflicts('minimize'))
    .addOption(new Option('--minimize', 'minimise the objective').conflicts('maximize'))
    .option('-w, --workers <n>', 'worker threads (default: all cores)', parseCount(1))
    .option(
      '-s, --seed <n>',
      'seed of the search and of every run (integer 0 to 4294967295)',
      parseSeed,
    )
    .option(
      '--bootstrap-paths <n>',
      'bootstrap resamples the final choice runs on (0: none; default 50)',
      parseCount(0),
    )
    .option('--block-length <n>', 'steps per bootstrap block (default 5)', parseCount(1))
    .option('-o, --out <dir>', 'parent folder of the report', 'out')
    .option('--no-charts', 'skip charts/*.png (no native renderer needed)')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim tune tune-momentum-eth-btc --objective returnVsHodl --train 90d --test 30d \\
    --params pool.schedule.strength=0..4 pool.schedule.lookbackSteps=7,14,28
  amm-sim tune my.json --objective lvr --method nelder-mead --budget 60 \\
    --params pool.swapFee=0.0005..0.02:log --train 60d --test 20d

Writes tune.json, tune.md and charts/*.png to <out>/<name>-tune/ atomically; the same seed
gives the same bytes with any number of workers.
${EXIT_CODES_HELP}`,
    )
    .action(guard((name: string, flags: TuneFlags) => tuneCommand(name, flags)))
}
