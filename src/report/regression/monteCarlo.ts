/**
 * Monte Carlo regression checks: a scenario run on many seeds, each figure's per-path values
 * summarised (n, mean, sd), and compared with the baseline's summary by Welch's t-test, Holm's
 * correction across the scenario's figures at a family-wise false-alarm rate `alpha`, and a
 * minimum effect size. A figure is a regression only when the difference of means is both
 * significant and larger than max(tolerance, minEffect * |baseline mean|): other seeds are
 * noise, a real shift is not, and a real but negligible shift is not worth a red build.
 */
import { createRng } from '../../sim/random.js'
import type { LoadedScenario } from '../../sim/scenario/load.js'
import { runScenario } from '../../sim/scenario/run.js'
import { createSummary } from '../summary.js'
import { flattenFigures } from './baseline.js'
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
 * The seed of path `index` of a Monte Carlo check: the first word of the stream
 * (seed, 'regress', 'path', index), so paths are independent and any one re-runs alone.
 * @param seed - the scenario's seed
 * @param index - the path's index, from 0
 * @returns an integer seed from 0 to 2^32 - 1
 * @example pathSeed(42, 0) // the same number on every machine
 */
export function pathSeed(seed: number, index: number): number {
  return createRng(seed, 'regress', 'path', index).nextUint32()
}

/**
 * Runs a scenario on `paths` seeds derived from `seed` ({@link pathSeed}) and summarises each
 * figure over the paths. Non-finite values are left out of a figure's sample; a figure with
 * fewer than 2 finite values is left out.
 * @param loaded - from `loadScenario`
 * @param options - the number of paths (>= 2), the seed they derive from (default the
 *   scenario's), the package version for the summaries, a callback after each path
 * @returns figure name → sample summary, in summary.json's order
 * @throws {InputError} and {RunError} as `runScenario`
 * @example const samples = await runScenarioPaths(loaded, { paths: 50, version: '0.1.0' })
 */
export async function runScenarioPaths(
  loaded: LoadedScenario,
  options: { paths: number; seed?: number; version: string; onPath?: (done: number) => void },
): Promise<Record<string, SampleStats>> {
  const base = options.seed ?? loaded.scenario.seed
  const values = new Map<string, number[]>()
  for (let i = 0; i < options.paths; i++) {
    const outcome = await runScenario(loaded, { seed: pathSeed(base, i) })
    const summary = createSummary(
      outcome.result,
      loaded.scenario.name,
      outcome.seed,
      options.version,
    )
    for (const [figure, value] of Object.entries(flattenFigures(summary))) {
      let list = values.get(figure)
      if (list === undefined) values.set(figure, (list = []))
      if (value !== null) list.push(value)
    }
    options.onPath?.(i + 1)
  }
  const out: Record<string, SampleStats> = {}
  for (const [figure, list] of values) if (list.length >= 2) out[figure] = sampleStats(list)
  return out
}

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
