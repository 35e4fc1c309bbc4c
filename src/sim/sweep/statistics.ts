/**
 * Statistics of one figure over a cell's paths, from mathjs: mean, sample standard deviation
 * (n - 1), the 5/50/95 % quantiles (linear interpolation between order statistics, numpy's
 * default) and the 95 % confidence interval of the mean by the normal approximation,
 * mean ± 1.96 · sd / √n (fair from about 30 paths; docs/sweeps.md says so).
 */
import { createRequire } from 'node:module'
import type * as MathJs from 'mathjs'

type Statistics = Pick<typeof MathJs, 'mean' | 'quantileSeq' | 'std'>
let mathjs: Statistics | undefined
/**
 * mathjs's number-only build (`mathjs/number`: the same functions for plain numbers, all we pass),
 * loaded on first use: the full build takes about 1.0 s of CPU to load (hundreds of typed
 * functions), the number build 0.5 s, and only sweeps need either; `require` keeps
 * {@link figureStatistics} synchronous.
 */
function statistics(): Statistics {
  return (mathjs ??= createRequire(import.meta.url)('mathjs/number') as Statistics)
}

/**
 * Loads the statistics library now rather than at the first {@link figureStatistics} call: a
 * sweep on worker threads calls it while its main thread would otherwise wait for the workers,
 * so the load (about 0.4 s of CPU) is not added to the sweep's end.
 */
export function preloadStatistics(): void {
  statistics()
}

/** The standard normal's 97.5 % quantile, Φ⁻¹(0.975): the half-width factor of a 95 % interval. */
export const Z_95 = 1.959963984540054

/** Statistics of one figure in one cell; null where too few paths give it (n = 0, or n < 2). */
export interface FigureStatistics {
  /** Paths that gave the figure (failed tasks and missing figures left out). */
  paths: number
  mean: number | null
  standardDeviation: number | null
  q05: number | null
  q50: number | null
  q95: number | null
  /** 95 % confidence interval of the mean: mean ∓ 1.96 · sd / √paths. */
  ciLow: number | null
  ciHigh: number | null
}

/** Keys of {@link FigureStatistics}, in the order tables list them. */
export const STATISTICS_COLUMNS = [
  'paths',
  'mean',
  'standardDeviation',
  'q05',
  'q50',
  'q95',
  'ciLow',
  'ciHigh',
] as const

/**
 * Statistics of the values of one figure over a cell's paths.
 * @param values - the figure per path; null values (failed or missing) are left out
 * @returns count, mean, standard deviation, quantiles and the 95 % interval of the mean
 * @example figureStatistics([1, 2, 3]).mean // 2
 */
export function figureStatistics(values: readonly (number | null)[]): FigureStatistics {
  const xs = values.filter((v): v is number => v !== null)
  const n = xs.length
  if (n === 0)
    return {
      paths: 0,
      mean: null,
      standardDeviation: null,
      q05: null,
      q50: null,
      q95: null,
      ciLow: null,
      ciHigh: null,
    }
  const { mean, quantileSeq, std } = statistics()
  const m = mean<number>(xs)
  // Sorted once here (a typed array sorts numerically, fast): mathjs then interpolates between
  // order statistics without its own partial sorts, which were most of a sweep's statistics time.
  const sorted = Array.from(Float64Array.from(xs).sort())
  const [q05, q50, q95] = quantileSeq(sorted, [0.05, 0.5, 0.95], true) as number[]
  const sd = n >= 2 ? (std(xs) as unknown as number) : null
  const half = sd === null ? null : (Z_95 * sd) / Math.sqrt(n)
  return {
    paths: n,
    mean: m,
    standardDeviation: sd,
    q05: q05!,
    q50: q50!,
    q95: q95!,
    ciLow: half === null ? null : m - half,
    ciHigh: half === null ? null : m + half,
  }
}
