/** The row types of a regression report, shared by the deterministic and Monte Carlo checks. */
import type { ResolvedTolerance } from './tolerances.js'

/**
 * What became of one figure: `ok` within tolerance; `regression` moved beyond it; `removed`
 * in the baseline but no longer produced (a regression too); `added` new since the baseline
 * (reported, not failed: nothing to compare it with).
 */
export type FigureVerdict = 'ok' | 'regression' | 'removed' | 'added'

/** One row of the report: a figure of a scenario. */
export interface FigureComparison {
  scenario: string
  figure: string
  /** The stored figure (`null`: non-finite or, for `added`, none). */
  baseline: number | null
  /** This run's figure (`null`: non-finite or, for `removed`, none). */
  now: number | null
  /** now - baseline in the figure's unit, `null` when either is missing. */
  change: number | null
  /** (now - baseline) / |baseline|, `null` when the baseline is 0 or either is missing. */
  relativeChange: number | null
  tolerance: ResolvedTolerance
  verdict: FigureVerdict
  /**
   * Monte Carlo checks: Welch's test of the means (`baseline` and `now` are means then).
   * `isSignificant` after Holm's correction at the family-wise `alpha`; the verdict is a
   * regression when also |change| exceeds the tolerance, whose relative part is at least the
   * minimum effect.
   */
  test?: {
    pValue: number
    t: number
    df: number
    /** Paths in the baseline and now. */
    n: [number, number]
    /** Standard deviations over the paths, baseline and now. */
    sd: [number, number]
    alpha: number
    isSignificant: boolean
  }
}
