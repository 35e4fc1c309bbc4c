/**
 * Nelder–Mead minimisation inside a box, written here rather than taken from npm: the package
 * `fmin` has a broken ESM entry (a UMD build under `"type": "module"` exports nothing to
 * `import`) and its recent versions were republished years after the author's last release.
 *
 * The method is the textbook one (Nelder & Mead 1965, with the coefficients and the order of
 * tests of Lagarias et al. 1998, "Convergence properties of the Nelder–Mead simplex method in
 * low dimensions"): reflection 1, expansion 2, contraction 1/2 (outside and inside), shrink 1/2.
 * Bounds: every point is clamped into the box before it is evaluated. Restarts: when a run has
 * converged and the budget is not spent, a new run starts at a seeded random point of the box;
 * the best point of all runs is the result.
 *
 * The search is a generator: it yields the batch of points it needs evaluated and receives their
 * values, so that a caller can evaluate the batch (the initial simplex, a shrink) in parallel, or
 * step several searches in lock step and evaluate all their points at once.
 */
import type { Rng } from '../random.js'

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Lower bound per coordinate. */
  lower: readonly number[]
  /** Upper bound per coordinate (> lower). */
  upper: readonly number[]
  /** The first run's starting point (clamped into the box). */
  start: readonly number[]
  /** Most function evaluations in all (the search stops before a batch that would pass it). */
  maxEvaluations: number
  /** Initial simplex edge as a fraction of each coordinate's range; default 0.25. */
  step?: number
  /**
   * Convergence: a run stops when the values on the simplex differ by at most `fTolerance`
   * (absolute) and its vertices by at most `xTolerance` (as a fraction of each range) from the
   * best one; defaults 1e-10 and 1e-8.
   */
  fTolerance?: number
  xTolerance?: number
  /** Random restarts draw from this generator; without one there is a single run. */
  rng?: Rng
}

/** What {@link nelderMead} returns. */
export interface NelderMeadResult {
  /** The best point found. */
  x: number[]
  /** Its value. */
  value: number
  /** Function evaluations used. */
  evaluations: number
  /** Runs started (1 + restarts). */
  runs: number
  /** Whether the last run converged (else the budget ran out first). */
  converged: boolean
}

/** A generator yielding batches of points and receiving their values, returning a result. */
export type BatchSearch<R> = Generator<number[][], R, number[]>

/**
 * Minimises a function over a box by Nelder–Mead with clamping and seeded restarts.
 * @param options - box, start, budget, tolerances and the restarts' generator
 * @returns a generator: `next(values)` takes the values of the batch it last yielded
 * @example minimizeBatches(nelderMead({ lower: [-2], upper: [2], start: [1], maxEvaluations: 100 }), (x) => x[0]! ** 2)
 */
export function* nelderMead(options: NelderMeadOptions): BatchSearch<NelderMeadResult> {
  const { lower, upper, maxEvaluations } = options
  const n = lower.length
  const step = options.step ?? 0.25
  const fTolerance = options.fTolerance ?? 1e-10
  const xTolerance = options.xTolerance ?? 1e-8
  const clamp = (x: readonly number[]): number[] =>
    x.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)))
  let used = 0
  let best: { x: number[]; value: number } | undefined
  let runs = 0
  let converged = false
  function* evaluate(points: number[][]): Generator<number[][], number[], number[]> {
    const values = yield points
    used += points.length
    points.forEach((x, i) => {
      const v = values[i]!
      // NaN (a failed evaluation) never wins a comparison: treat it as the worst value
      const value = Number.isNaN(v) ? Infinity : v
      if (!best || value < best.value) best = { x: [...x], value }
    })
    return values.map((v) => (Number.isNaN(v) ? Infinity : v))
  }
  let start = clamp(options.start)
  while (used + n + 1 <= maxEvaluations) {
    runs++
    // initial simplex: the start and one step along each axis (backwards at the upper bound)
    const simplex: number[][] = [start]
    for (let i = 0; i < n; i++) {
      const x = [...start]
      const h = step * (upper[i]! - lower[i]!)
      x[i] = x[i]! + h <= upper[i]! ? x[i]! + h : x[i]! - h
      simplex.push(clamp(x))
    }
    let values = yield* evaluate(simplex)
    converged = false
    for (;;) {
      // order: best first; ties keep their order (a stable sort), so runs are reproducible
      const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]! || a - b)
      const xs = order.map((i) => simplex[i]!)
      const fs = order.map((i) => values[i]!)
      simplex.splice(0, simplex.length, ...xs)
      values = fs
      if (isConverged(simplex, values, lower, upper, fTolerance, xTolerance)) {
        converged = true
        break
      }
      if (used + 1 > maxEvaluations) break
      const worst = simplex[n]!
      const centroid = Array.from({ length: n }, (_, j) => {
        let s = 0
        for (let i = 0; i < n; i++) s += simplex[i]![j]!
        return s / n
      })
      const along = (t: number) => clamp(centroid.map((c, j) => c + t * (c - worst[j]!)))
      const reflected = along(1)
      const [fr] = yield* evaluate([reflected])
      if (fr! < values[0]!) {
        if (used + 1 > maxEvaluations) {
          replace(simplex, values, reflected, fr!)
          break
        }
        const expanded = along(2)
        const [fe] = yield* evaluate([expanded])
        if (fe! < fr!) replace(simplex, values, expanded, fe!)
        else replace(simplex, values, reflected, fr!)
        continue
      }
      if (fr! < values[n - 1]!) {
        replace(simplex, values, reflected, fr!)
        continue
      }
      if (used + 1 > maxEvaluations) break
      const outside = fr! < values[n]!
      const contracted = along(outside ? 0.5 : -0.5)
      const [fc] = yield* evaluate([contracted])
      if (outside ? fc! <= fr! : fc! < values[n]!) {
        replace(simplex, values, contracted, fc!)
        continue
      }
      // shrink towards the best vertex: n new points, evaluated as one batch
      if (used + n > maxEvaluations) break
      const shrunk = simplex
        .slice(1)
        .map((x) => clamp(x.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!))))
      const fs2 = yield* evaluate(shrunk)
      simplex.splice(1, n, ...shrunk)
      values = [values[0]!, ...fs2]
    }
    if (!options.rng) break
    start = lower.map((lo, i) => lo + options.rng!.nextFloat() * (upper[i]! - lo))
  }
  if (!best) return { x: clamp(options.start), value: NaN, evaluations: 0, runs, converged }
  const found = best
  return { x: found.x, value: found.value, evaluations: used, runs, converged }
}

/** Puts a new point in place of the worst vertex (the last). */
function replace(simplex: number[][], values: number[], x: number[], value: number): void {
  simplex[simplex.length - 1] = x
  values[values.length - 1] = value
}

/** Values within fTolerance of the best and vertices within xTolerance (of each range) of it. */
function isConverged(
  simplex: readonly number[][],
  values: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  fTolerance: number,
  xTolerance: number,
): boolean {
  const f0 = values[0]!
  if (!values.every((v) => Math.abs(v - f0) <= fTolerance)) return false
  return simplex.every((x) =>
    x.every((v, j) => Math.abs(v - simplex[0]![j]!) <= xTolerance * (upper[j]! - lower[j]!)),
  )
}

/**
 * Drives a batch search with a plain function, point by point (tests, small problems).
 * @param search - e.g. {@link nelderMead}
 * @param f - the function to minimise
 * @returns the search's result
 */
export function minimizeBatches<R>(search: BatchSearch<R>, f: (x: readonly number[]) => number): R {
  let step = search.next([])
  while (!step.done) step = search.next(step.value.map((x) => f(x)))
  return step.value
}
