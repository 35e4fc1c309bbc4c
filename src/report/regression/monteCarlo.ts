/**
 * Monte Carlo regression checks: a sweep scenario run on its paths (the sweep feature's seeds),
 * each figure's per-path values summarised per cell (n, mean, sd), and compared with the baseline's summary by Welch's t-test, Holm's
 * correction across the scenario's figures and cells at a family-wise false-alarm rate `alpha`, and a
 * minimum effect size. A figure is a regression only when the difference of means is both
 * significant and larger than max(tolerance, minEffect * |baseline mean|): other seeds are
 * noise, a real shift is not, and a real but negligible shift is not worth a red build.
 */
import type { LoadedScenario } from '../../sim/scenario/load.js'
import type { Scenario } from '../../sim/scenario/schema.js'
import { runSweep } from '../../sim/sweep/runSweep.js'
import { cellParameters } from '../../sim/sweep/tables.js'
import type { SweepLayout } from '../../sim/sweep/tables.js'
import { SWEEP_BENCHMARK_FIGURES, benchmarkNames } from '../../sim/sweep/task.js'
import type { RegressionRun } from './baseline.js'
import type { FigureComparison } from './types.js'
import { holmRejections, sampleStats, welchTest } from './statistics.js'
import type { SampleStats } from './statistics.js'
import { allowedChange, resolveTolerance } from './tolerances.js'
import type { Tolerances } from './tolerances.js'

/** Family-wise false-alarm rate of one scenario's check when the scenario names none. */
export const DEFAULT_ALPHA = 0.01
/** Smallest shift of a mean flagged, as a fraction of the baseline mean, when none is named. */
export const DEFAULT_MIN_EFFECT = 0.01

/**
 * A sweep cell's parameters in words (`pool.swapFee=0.003`). Figures are keyed by the cell's
 * index (`[cell 0] feeIncome`), not by these values, so that changing a swept value compares
 * the cell with its old self, and the change shows as a shift of its figures.
 */
function cellDescription(layout: SweepLayout, cell: number): string {
  const values = cellParameters(layout, cell)
  return layout.parameters.map((p, i) => `${p.column}=${String(values[i])}`).join(', ')
}

/**
 * Whether a scenario is checked as a sweep: it has a `sweep` grid, more than one Monte Carlo
 * `path` per cell, or rolling `windows`.
 * @param scenario - a validated scenario
 * @returns true for a sweep
 * @example isSweepScenario({ ...scenario, paths: 50 }) // true
 */
export function isSweepScenario(scenario: Scenario): boolean {
  return scenario.sweep !== undefined || (scenario.paths ?? 1) > 1 || scenario.windows !== undefined
}

/**
 * Runs a sweep scenario (`runSweep`: every cell × path, task seeds from the scenario seed) and
 * gathers its figures for a regression check. Figure names are the cell's index and the
 * summary.json name (`[cell 0] feeIncome`, `[cell 1] benchmarks.hodl.value`; no index for a
 * lone cell); `cells` describes each cell's parameters. With several
 * paths per cell each figure is summarised as { n, mean, sd } over the cell's paths (failed
 * paths and non-finite values left out; a figure needs 2 values) and `figures` holds the
 * means; with one path per cell, or rolling `windows` (history, not chance: `[window 3]
 * feeIncome`), the figures are the values themselves, compared as a deterministic run's.
 * @param loaded - from `loadScenario`
 * @param options - the package version; a seed replacing the scenario's; worker threads
 * @returns the run's figures (and samples), and the tasks that failed
 * @throws {InputError} and {RunError} as `runSweep`
 * @example const run = await runRegressionSweep(loaded, { version: '0.1.0' })
 */
export async function runRegressionSweep(
  loaded: LoadedScenario,
  options: { version: string; seed?: number; workers?: number },
): Promise<RegressionRun & { failures: string[] }> {
  const result = await runSweep(loaded, {
    // Stryker disable next-line ConditionalExpression: forced true passes seed: undefined, which runSweep drops by the same test
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    // Stryker disable next-line ConditionalExpression: forced true passes workers: undefined, which runSweep reads as 1 (options.workers ?? 1), its default
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  })
  const { layout } = result
  const isWindows = loaded.scenario.windows !== undefined
  // summary.json's names: a benchmark's figure under `benchmarks.`, every other as it is
  const benchmarkColumns = new Set(
    benchmarkNames(loaded.scenario).flatMap((b) => SWEEP_BENCHMARK_FIGURES.map((f) => `${b}.${f}`)),
  )
  const figureNames = layout.figures.map((column) =>
    SKIPPED_COLUMNS.has(column)
      ? undefined
      : benchmarkColumns.has(column)
        ? `benchmarks.${column}`
        : column,
  )
  const values = new Map<string, number[]>()
  for (const row of result.rows) {
    if (row.figures === null) continue
    // rolling windows are history, not chance: each window is its own deterministic figure
    const label =
      (layout.cells === 1 ? '' : `[cell ${row.cell}] `) + (isWindows ? `[window ${row.path}] ` : '')
    row.figures.forEach((value, k) => {
      const name = figureNames[k]
      if (name === undefined) return
      const key = `${label}${name}`
      let list = values.get(key)
      if (list === undefined) values.set(key, (list = []))
      // Stryker disable next-line ConditionalExpression: Number.isFinite(null) is false, so value !== null forced true keeps the same values
      if (value !== null && Number.isFinite(value)) list.push(value)
    })
  }
  const failures = result.failures.map(
    // Stryker disable next-line StringLiteral: runSweep's failures are its rows whose error is not null, so the '' fallback is never read
    (row) => `cell ${row.cell}, path ${row.path} (seed ${row.seed}): ${row.error ?? ''}`,
  )
  const base = {
    scenario: loaded.scenario.name,
    seed: result.seed,
    version: options.version,
    ...(layout.cells > 1
      ? { cells: Array.from({ length: layout.cells }, (_, c) => cellDescription(layout, c)) }
      : {}),
  }
  if (layout.pathsPerCell === 1 || isWindows) {
    const figures: Record<string, number | null> = {}
    for (const [key, list] of values) figures[key] = list[0] ?? null
    return { ...base, figures, failures }
  }
  const samples: Record<string, SampleStats> = {}
  for (const [key, list] of values) if (list.length >= 2) samples[key] = sampleStats(list)
  const figures = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.mean]))
  return { ...base, paths: layout.pathsPerCell, figures, samples, failures }
}

/** Sweep columns that are not figures: the path's time range. */
const SKIPPED_COLUMNS = new Set(['startTime', 'endTime'])

/** Options of {@link compareSamples}. */
export interface SampleCompareOptions {
  scenario: string
  /** The baseline's per-figure summaries. */
  baseline: Readonly<Record<string, SampleStats>>
  /** This run's. */
  now: Readonly<Record<string, SampleStats>>
  /** Family-wise false-alarm rate over the scenario's figures; default {@link DEFAULT_ALPHA}. */
  alpha?: number
  /** Smallest relative shift flagged; default {@link DEFAULT_MIN_EFFECT}. */
  minEffect?: number
  /** Tolerance layers (scenario, command line): a floor under the minimum effect. */
  layers?: readonly Tolerances[]
}

/**
 * Compares two Monte Carlo runs figure by figure: Welch's test per figure, Holm's correction
 * over all figures present in both, then the minimum effect. Rows carry the means as
 * `baseline`/`now` and the test in `test`.
 * @param options - the two runs' summaries, alpha, minimum effect, tolerances
 * @returns one row per figure of either run, baseline order first
 * @example compareSamples({ scenario: 's', baseline, now }).filter((r) => r.verdict !== 'ok')
 */
export function compareSamples(options: SampleCompareOptions): FigureComparison[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA
  const minEffect = options.minEffect ?? DEFAULT_MIN_EFFECT
  const names = Object.keys(options.baseline)
  for (const name of Object.keys(options.now)) if (!(name in options.baseline)) names.push(name)
  const both = names.filter((name) => name in options.baseline && name in options.now)
  const tests = both.map((name) => welchTest(options.baseline[name]!, options.now[name]!))
  const rejected = holmRejections(
    tests.map((t) => t.pValue),
    alpha,
  )
  return names.map((figure) => {
    const a = options.baseline[figure]
    const b = options.now[figure]
    // Stryker disable next-line ArrayDeclaration: a string as the one layer sets no part: its characters and methods have no `relative` or `absolute`
    const base = resolveTolerance(figure, options.layers ?? [])
    const tolerance = { relative: Math.max(base.relative, minEffect), absolute: base.absolute }
    const row: FigureComparison = {
      scenario: options.scenario,
      figure,
      baseline: a?.mean ?? null,
      now: b?.mean ?? null,
      change: a && b ? b.mean - a.mean : null,
      relativeChange: a && b && a.mean !== 0 ? (b.mean - a.mean) / Math.abs(a.mean) : null,
      tolerance,
      verdict: a === undefined ? 'added' : b === undefined ? 'removed' : 'ok',
    }
    if (a && b) {
      const k = both.indexOf(figure)
      const test = tests[k]!
      const isSignificant = rejected[k]!
      const isLarge = Math.abs(test.difference) > allowedChange(a.mean, tolerance)
      row.test = {
        pValue: test.pValue,
        t: test.t,
        df: test.df,
        n: [a.n, b.n],
        sd: [a.sd, b.sd],
        alpha,
        isSignificant,
      }
      if (isSignificant && isLarge) row.verdict = 'regression'
    }
    return row
  })
}
