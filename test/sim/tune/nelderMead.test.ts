import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/sim/random.js'
import { minimizeBatches, nelderMead } from '../../../src/sim/tune/nelderMead.js'

/** Rosenbrock's banana: minimum 0 at (1, 1) (Rosenbrock 1960). */
const rosenbrock = (x: readonly number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2
/** A tilted quadratic bowl with its minimum 0 at (0.3, -0.7, 1.2). */
const bowl = (x: readonly number[]) =>
  (x[0]! - 0.3) ** 2 +
  2 * (x[1]! + 0.7) ** 2 +
  3 * (x[2]! - 1.2) ** 2 +
  (x[0]! - 0.3) * (x[1]! + 0.7)

describe('nelderMead', () => {
  it("finds Rosenbrock's minimum (1, 1) from the classic start (-1.2, 1)", () => {
    const result = minimizeBatches(
      nelderMead({ lower: [-2, -2], upper: [2, 2], start: [-1.2, 1], maxEvaluations: 2_000 }),
      rosenbrock,
    )
    // the stopping rule (values within 1e-10, vertices within 1e-8 of the 4-wide range) leaves
    // the point within about 1e-7 of the minimum along the valley; 1e-6 is the margin
    expect(result.converged).toBe(true)
    expect(Math.abs(result.x[0]! - 1)).toBeLessThan(1e-6)
    expect(Math.abs(result.x[1]! - 1)).toBeLessThan(1e-6)
    expect(result.value).toBeLessThan(1e-10)
    expect(result.evaluations).toBeLessThanOrEqual(2_000)
  })

  it('finds the minimum of a 3-d quadratic bowl', () => {
    const result = minimizeBatches(
      nelderMead({
        lower: [-5, -5, -5],
        upper: [5, 5, 5],
        start: [0, 0, 0],
        maxEvaluations: 3_000,
      }),
      bowl,
    )
    // same stopping rule over a range of 10: within 1e-6 of the closed-form minimum
    expect(result.x[0]!).toBeCloseTo(0.3, 6)
    expect(result.x[1]!).toBeCloseTo(-0.7, 6)
    expect(result.x[2]!).toBeCloseTo(1.2, 6)
  })

  it('stops on the bound when the minimum lies outside the box (clamping)', () => {
    // minimum of the bowl restricted to x2 <= 1: x2 = 1 exactly, the rest as before
    const result = minimizeBatches(
      nelderMead({
        lower: [-5, -5, -5],
        upper: [5, 5, 1],
        start: [0, 0, 0],
        maxEvaluations: 3_000,
      }),
      bowl,
    )
    expect(result.x[2]).toBe(1)
    expect(result.value).toBeCloseTo(3 * 0.2 ** 2, 9) // 3 (1 - 1.2)^2 = 0.12
  })

  it('never evaluates outside the box and never passes its budget', () => {
    const seen: number[][] = []
    const result = minimizeBatches(
      nelderMead({
        lower: [0, 0],
        upper: [1, 1],
        start: [0.5, 0.5],
        maxEvaluations: 57,
        rng: createRng(5, 'test'),
      }),
      (x) => {
        seen.push([...x])
        return -(x[0]! + x[1]!) // pushes every step out of the box
      },
    )
    expect(seen.length).toBe(result.evaluations)
    expect(seen.length).toBeLessThanOrEqual(57)
    for (const x of seen) for (const v of x) expect(v >= 0 && v <= 1).toBe(true)
    expect(result.x).toEqual([1, 1])
  })

  it('asks for the initial simplex as one batch of n + 1 points', () => {
    const search = nelderMead({
      lower: [0, 0, 0],
      upper: [1, 1, 1],
      start: [0.5, 0.5, 0.5],
      maxEvaluations: 10,
    })
    const first = search.next([])
    expect(first.done).toBe(false)
    // the start, then a step of 0.25 of the range along each axis
    expect(first.value).toEqual([
      [0.5, 0.5, 0.5],
      [0.75, 0.5, 0.5],
      [0.5, 0.75, 0.5],
      [0.5, 0.5, 0.75],
    ])
  })

  it('restarts from seeded points: the same seed repeats the search, another differs', () => {
    // a function with many local minima: restarts matter and show in the path taken
    const wavy = (x: readonly number[]) => Math.sin(7 * x[0]!) * Math.cos(5 * x[1]!) + 0.1 * x[0]!
    const run = (seed: number) => {
      const points: number[][] = []
      const r = minimizeBatches(
        nelderMead({
          lower: [0, 0],
          upper: [3, 3],
          start: [1, 1],
          maxEvaluations: 300,
          rng: createRng(seed, 't'),
        }),
        (x) => (points.push([...x]), wavy(x)),
      )
      return { r, points }
    }
    const a = run(1)
    expect(run(1)).toEqual(a)
    expect(a.r.runs).toBeGreaterThan(1)
    expect(run(2).points).not.toEqual(a.points)
  })
})
