/**
 * Comparing a deterministic run with its baseline, figure by figure, and gathering the
 * comparisons of several scenarios into one regression report.
 */
import type { Scenario } from '../../sim/scenario/schema.js'
import type { Summary } from '../summary.js'
import { canonicalScenario, changedFields, regressionRunOf, scenarioHash } from './baseline.js'
import type { Baseline, RegressionRun } from './baseline.js'
import { compareSamples } from './monteCarlo.js'
import { allowedChange, isWithinTolerance, resolveTolerance } from './tolerances.js'
import type { ResolvedTolerance } from './tolerances.js'
import type { Tolerances } from './tolerances.js'
import type { FigureComparison, FigureVerdict } from './types.js'

/** One scenario's comparison. */
export interface ScenarioComparison {
  scenario: string
  /** The scenario file, as shown in messages. */
  file: string
  /** The baseline file, as shown in messages. */
  baselineFile: string
  seed: number
  baselineSeed: number
  version: string
  baselineVersion: string
  /** Fields of the scenario that differ from the baseline's (dotted paths); empty if none. */
  changedFields: string[]
  /** Monte Carlo checks: paths in the baseline and now; absent for deterministic runs. */
  paths?: [number, number]
  /** Sweeps of several cells: each cell's parameters now, by index (figures say `[cell i]`). */
  cells?: string[]
  figures: FigureComparison[]
}

/** Options of {@link compareWithBaseline}. */
export interface CompareOptions {
  baseline: Baseline
  /** This run: summary.json's object, or a Monte Carlo {@link RegressionRun}. */
  summary: Summary | RegressionRun
  scenario: Scenario
  file: string
  baselineFile: string
  /** Command-line tolerances; they override the scenario's `regress.tolerances`. */
  tolerances?: Tolerances
}

/**
 * Compares a run's figures with its baseline: every figure of either, in the baseline's order
 * then the new ones, each with its tolerance (defaults, then the scenario's
 * `regress.tolerances`, then the command line's) and verdict; plus the scenario fields changed
 * since the baseline.
 * @param options - the baseline, this run's summary and scenario, file names, overrides
 * @returns the comparison; figures in file order (the report puts regressions first)
 * @example compareWithBaseline({ baseline, summary, scenario, file, baselineFile }).figures[0]
 */
export function compareWithBaseline(options: CompareOptions): ScenarioComparison {
  const { baseline, scenario } = options
  const run = 'metrics' in options.summary ? regressionRunOf(options.summary) : options.summary
  // Stryker disable next-line ArrayDeclaration: a string as the first layer sets no part: its characters and methods have no `relative` or `absolute`
  const layers: Tolerances[] = []
  if (scenario.regress?.tolerances) layers.push(scenario.regress.tolerances)
  if (options.tolerances) layers.push(options.tolerances)
  let figures: FigureComparison[]
  if (baseline.samples && run.samples) {
    figures = compareSamples({
      scenario: run.scenario,
      baseline: baseline.samples,
      now: run.samples,
      layers,
      ...(scenario.regress?.alpha !== undefined ? { alpha: scenario.regress.alpha } : {}),
      ...(scenario.regress?.minEffect !== undefined
        ? { minEffect: scenario.regress.minEffect }
        : {}),
    })
  } else {
    // deterministic, or a check that changed mode: the figures (means) compared as they are
    const now = run.figures
    const names = [...Object.keys(baseline.figures)]
    for (const name of Object.keys(now)) if (!(name in baseline.figures)) names.push(name)
    figures = names.map((figure) =>
      compareFigure(
        run.scenario,
        figure,
        figure in baseline.figures ? baseline.figures[figure]! : undefined,
        figure in now ? now[figure]! : undefined,
        resolveTolerance(figure, layers),
      ),
    )
  }
  const definition = canonicalScenario(scenario)
  return {
    scenario: run.scenario,
    file: options.file,
    baselineFile: options.baselineFile,
    seed: run.seed,
    baselineSeed: baseline.seed,
    version: run.version,
    baselineVersion: baseline.version,
    changedFields:
      // a shortcut only: changedFields of two definitions with the same JSON is empty too
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the shortcut forced off or the hash test turned or dropped give the same (empty) list
      scenarioHash(definition) === baseline.scenarioHash &&
      JSON.stringify(definition) === JSON.stringify(baseline.definition)
        ? []
        : changedFields(baseline.definition, definition),
    ...(baseline.paths !== undefined && run.paths !== undefined
      ? { paths: [baseline.paths, run.paths] as [number, number] }
      : {}),
    ...(run.cells !== undefined ? { cells: run.cells } : {}),
    figures,
  }
}

/**
 * One figure's comparison.
 * @param scenario - the scenario's name
 * @param figure - the figure's name
 * @param baseline - the stored value; `undefined` when the baseline lacks the figure
 * @param now - this run's value; `undefined` when the run no longer produces it
 * @param tolerance - both parts
 * @returns the row, verdict included
 * @example compareFigure('s', 'lvr', 100, 103, { relative: 0.01, absolute: 0 }).verdict // 'regression'
 */
export function compareFigure(
  scenario: string,
  figure: string,
  baseline: number | null | undefined,
  now: number | null | undefined,
  tolerance: ResolvedTolerance,
): FigureComparison {
  const verdict: FigureVerdict =
    baseline === undefined
      ? 'added'
      : now === undefined
        ? 'removed'
        : isWithinTolerance(baseline, now, tolerance)
          ? 'ok'
          : 'regression'
  const b = baseline ?? null
  const n = now ?? null
  const change = b !== null && n !== null ? n - b : null
  return {
    scenario,
    figure,
    baseline: b,
    now: n,
    change,
    relativeChange: change !== null && b !== 0 ? change / Math.abs(b!) : null,
    tolerance,
    verdict,
  }
}

/**
 * Whether a figure differs at all from its baseline (within tolerance or not): a different
 * number, a number where there was `null` or the reverse, or a figure added or removed. Two
 * `null`s (non-finite both times) are no change.
 * @param row - a comparison row
 * @returns true when `--update` would write a different figure
 * @example isChanged(compareFigure('s', 'lvr', null, null, tolerance)) // false
 */
export function isChanged(row: FigureComparison): boolean {
  if (row.verdict === 'added' || row.verdict === 'removed') return true
  return row.baseline !== row.now
}

/** Whether a verdict fails the check. */
export function isFailing(verdict: FigureVerdict): boolean {
  return verdict === 'regression' || verdict === 'removed'
}

/** The whole report: every scenario's comparison and the counts the verdict line states. */
export interface RegressionReport {
  /** `pass` when no figure fails, else `regression`. */
  verdict: 'pass' | 'regression'
  /** The one-line verdict shown on top of report.md and printed by the CLI. */
  headline: string
  figures: number
  regressions: number
  scenarios: ScenarioComparison[]
}

/**
 * Gathers scenario comparisons into a report with its one-line verdict.
 * @param scenarios - from {@link compareWithBaseline}, in run order
 * @returns the report
 * @example createRegressionReport([comparison]).headline // 'no regression: 36 figures …'
 */
export function createRegressionReport(scenarios: ScenarioComparison[]): RegressionReport {
  const rows = scenarios.flatMap((s) => s.figures)
  const failing = rows.filter((row) => isFailing(row.verdict))
  const failingScenarios = new Set(failing.map((row) => row.scenario)).size
  const changed = scenarios.filter((s) => s.changedFields.length > 0).length
  const scenarioCount = `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`
  let headline =
    failing.length === 0
      ? `no regression: ${rows.length} figures of ${scenarioCount} within tolerance`
      : `${failing.length} regression${failing.length === 1 ? '' : 's'} in ${failingScenarios} of ${scenarioCount} (${rows.length} figures compared)`
  if (changed > 0)
    headline += `; ${changed} scenario${changed === 1 ? '' : 's'} changed since the baseline`
  return {
    verdict: failing.length === 0 ? 'pass' : 'regression',
    headline,
    figures: rows.length,
    regressions: failing.length,
    scenarios,
  }
}

/** The allowed change of a row, in the figure's unit (0 when there is no baseline). */
export function rowAllowedChange(row: FigureComparison): number {
  // Stryker disable next-line ConditionalExpression: allowedChange(null) reads |null| as 0, giving max(absolute, 0) = absolute for the schema's non-negative tolerances
  return row.baseline === null ? row.tolerance.absolute : allowedChange(row.baseline, row.tolerance)
}
