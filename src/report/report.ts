/**
 * The whole report folder of a run: summary.json, summary.md, timeseries.csv and charts/*.png,
 * rendered in memory first and then written atomically (a failure leaves the old report).
 */
import type { SimulationConfig, SimulationResult } from '../sim/engine/types.js'
import type { Scenario, ScenarioPrices } from '../sim/scenario/schema.js'
import { writeFolderAtomically } from './atomicWrite.js'
import { chartSpecs, renderCharts } from './charts.js'
import { formatSummaryMarkdown } from './markdown.js'
import { createSummary, formatSummaryJson } from './summary.js'
import type { Summary } from './summary.js'
import { formatTimeSeriesCsv } from './timeseriesCsv.js'

/** A finished run, as the report needs it. */
export interface RunOutcome {
  scenario: Scenario
  /** The price section actually run (after `--prices`). */
  prices: ScenarioPrices
  seed: number
  result: SimulationResult
}

/**
 * A run made with `runSimulation` directly, as the report needs it: the config it ran and its
 * result. The pool, agents, benchmarks and seed come from `config`.
 */
export interface SimulationRun {
  config: SimulationConfig
  result: SimulationResult
  /** The report's title and `summary.json`'s `scenario`; default `simulation`. */
  name?: string
  /** A paragraph under the title. */
  description?: string
  /**
   * The scenario price section the source was built from, if any, for the summary's Prices line.
   * Default: the model spec when `config.prices` is one, else a line naming the tokens and span.
   */
  prices?: ScenarioPrices
}

/**
 * The {@link RunOutcome} of a {@link SimulationRun}: a scenario made of the config's pool (tokens
 * from the result), agents, benchmarks and seed, read only by the report writers.
 */
function outcomeOf(run: SimulationRun): Omit<RunOutcome, 'prices'> & { prices?: ScenarioPrices } {
  const { config, result } = run
  const given = config.prices
  // a model spec shares the scenario price section's field names (durations in seconds, which
  // the Markdown prints as durations); a price source has no description
  const prices = run.prices ?? ('open' in given ? undefined : (given as unknown as ScenarioPrices))
  const weights = Array.isArray(config.pool.weights)
    ? [...(config.pool.weights as readonly number[])]
    : result.tokens.map((token) => (config.pool.weights as Record<string, number>)[token]!)
  const scenario = {
    name: run.name ?? 'simulation',
    ...(run.description !== undefined ? { description: run.description } : {}),
    seed: config.seed,
    pool: {
      tokens: [...result.tokens],
      weights,
      swapFee: config.pool.swapFee,
      initialValue: config.pool.initialValue,
      math: config.pool.math ?? 'float',
      ...(config.pool.decimals ? { decimals: config.pool.decimals } : {}),
      ...(config.pool.schedule ? { schedule: config.pool.schedule } : {}),
    },
    prices,
    agents: config.agents,
    benchmarks: config.benchmarks,
  } as unknown as Scenario // the fields the report reads, with the engine's units
  // Stryker disable next-line ConditionalExpression: forced true it adds prices: undefined, which reads as the absent key does
  return { scenario, ...(prices !== undefined ? { prices } : {}), seed: config.seed, result }
}

/** Where and how to write a report. */
export interface ReportOptions {
  /** The report folder, e.g. `out/eth-usdc-50-50`. */
  dir: string
  /** The package version written into summary.json. */
  version: string
  /** Render charts/*.png (needs the native canvas package); default true. */
  hasCharts?: boolean
  /** Stops the write before the old report is replaced (Ctrl-C): `INTERRUPTED`, nothing changed. */
  signal?: AbortSignal
}

/** What was written. */
export interface ReportWritten {
  dir: string
  /** Paths relative to `dir`, in writing order. */
  files: string[]
  summary: Summary
}

/**
 * Renders every report file of a run and writes the folder atomically: summary.json, summary.md,
 * timeseries.csv, and charts/*.png when the renderer is installed and `hasCharts` is not false.
 * @param run - a scenario run (scenario, effective prices, seed and the engine's result, as
 *   `runScenario` returns), or a {@link SimulationRun} (`{ config, result, name }` of a
 *   `runSimulation` call)
 * @param options - folder, version, whether to draw charts
 * @returns the folder, the files written and the summary object
 * @throws {RunError} `RENDERER_MISSING` (before anything is written) when canvas cannot load;
 *   `REPORT_WRITE` when the folder cannot be written; `INTERRUPTED` when `options.signal` aborts
 *   before the old folder is replaced (which is then left as it was)
 * @example await writeReport({ scenario, prices: scenario.prices, seed: 1, result }, { dir: 'out/x', version: '0.1.0' })
 * @example await writeReport({ config, result, name: 'my-run' }, { dir: 'out/my-run', version: packageVersion(), hasCharts: false })
 */
export async function writeReport(
  run: RunOutcome | SimulationRun,
  options: ReportOptions,
): Promise<ReportWritten> {
  const outcome: Omit<RunOutcome, 'prices'> & { prices?: ScenarioPrices } =
    'config' in run ? outcomeOf(run) : run
  const { scenario, seed, result } = outcome
  const summary = createSummary(result, scenario.name, seed, options.version)
  const files = new Map<string, string | Uint8Array>()
  files.set('summary.json', formatSummaryJson(summary))
  const specs =
    options.hasCharts === false
      ? []
      : chartSpecs(result, {
          weights: scenario.pool.weights,
          isStatic: (scenario.pool.schedule?.type ?? 'static') === 'static',
        })
  const pngs = specs.length > 0 ? await renderCharts(specs) : new Map<string, Buffer>()
  files.set(
    'summary.md',
    formatSummaryMarkdown({
      scenario,
      prices: outcome.prices,
      seed,
      version: options.version,
      result,
      charts: specs.map((s) => ({ file: s.file, title: s.title })),
    }),
  )
  files.set('timeseries.csv', formatTimeSeriesCsv(result.series))
  for (const [file, png] of pngs) files.set(`charts/${file}`, png)
  await writeFolderAtomically(options.dir, files, { signal: options.signal })
  return { dir: options.dir, files: [...files.keys()], summary }
}
