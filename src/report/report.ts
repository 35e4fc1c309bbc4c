/**
 * The whole report folder of a run: summary.json, summary.md, timeseries.csv and charts/*.png,
 * rendered in memory first and then written atomically (a failure leaves the old report).
 */
import type { SimulationResult } from '../sim/engine/types.js'
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
 * Renders every report file of a run and writes the folder atomically.
 * @param outcome - scenario, effective prices, seed and the engine's result
 * @param options - folder, version, whether to draw charts
 * @returns the folder, the files written and the summary object
 * @throws {RunError} `RENDERER_MISSING` (before anything is written) when canvas cannot load;
 *   `REPORT_WRITE` when the folder cannot be written; `INTERRUPTED` when `options.signal` aborts
 *   before the old folder is replaced (which is then left as it was)
 * @example await writeReport({ scenario, prices: scenario.prices, seed: 1, result }, { dir: 'out/x', version: '0.1.0' })
 */
export async function writeReport(
  outcome: RunOutcome,
  options: ReportOptions,
): Promise<ReportWritten> {
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
