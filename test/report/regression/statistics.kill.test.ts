/**
 * Tests added for the mutants of statistics.ts that the first tests let through (docs/mutation.md,
 * `src/report/regression`): the smallest sample, constant samples, Holm's bound at equality, and
 * the incomplete beta function against the binomial tail it equals for integer parameters.
 */
import { describe, expect, it } from 'vitest'
import {
  holmRejections,
  logGamma,
  regularizedBeta,
  sampleStats,
  studentTTwoSided,
  welchTest,
} from '../../../src/report/regression/statistics.js'

/** P(X >= k) for X ~ Binomial(n, x), summed term by term (exact coefficients by BigInt). */
function binomialTail(n: number, k: number, x: number): number {
  let sum = 0
  let coefficient = 1n
  for (let j = 0; j <= n; j++) {
    if (j > 0) coefficient = (coefficient * BigInt(n - j + 1)) / BigInt(j)
    if (j >= k) sum += Number(coefficient) * x ** j * (1 - x) ** (n - j)
  }
  return sum
}

describe('sampleStats', () => {
  it('summarises two values, and refuses one', () => {
    expect(sampleStats([1, 3])).toEqual({ n: 2, mean: 2, sd: Math.SQRT2 })
    expect(sampleStats(new Float64Array([4, 4, 4, 4]))).toEqual({ n: 4, mean: 4, sd: 0 })
    expect(() => sampleStats([1])).toThrow('unreachable: a sample of fewer than 2 values')
  })
})

describe('welchTest, constant samples', () => {
  it('gives n_a + n_b - 2 degrees of freedom and a signed infinite t', () => {
    expect(welchTest({ n: 5, mean: 2, sd: 0 }, { n: 4, mean: 2, sd: 0 })).toEqual({
      t: 0,
      df: 7,
      pValue: 1,
      difference: 0,
    })
    expect(welchTest({ n: 5, mean: 3, sd: 0 }, { n: 6, mean: 2, sd: 0 })).toEqual({
      t: -Infinity,
      df: 9,
      pValue: 0,
      difference: -1,
    })
  })
  it('uses the one spread there is when the other sample is constant', () => {
    // vb = 0: t = 1 / sqrt(4/4), df = (va^2) / (va^2 / 3) = 3; P(|T3| >= 1) = 0.390983...
    const r = welchTest({ n: 4, mean: 0, sd: 2 }, { n: 9, mean: 1, sd: 0 })
    expect(r.t).toBe(1)
    expect(r.df).toBeCloseTo(3, 14)
    // df = 3: P(|T| >= t) = 1 - (2/pi) (atan(t/sqrt3) + sqrt3 t / (3 + t^2))
    const t3 = 1 - (2 / Math.PI) * (Math.atan(1 / Math.sqrt(3)) + Math.sqrt(3) / 4)
    expect(r.pValue).toBeCloseTo(t3, 13)
  })
})

describe('holmRejections', () => {
  it('rejects a p-value equal to its bound, and stops at the first above it', () => {
    // 0.025 = 0.05 / 2, then 0.05 = 0.05 / 1: both rejected
    expect(holmRejections([0.05, 0.025], 0.05)).toEqual([true, true])
    expect(holmRejections([0.01], 0.01)).toEqual([true])
    // 0.026 > 0.05 / 2 stops: 0.04, under its own bound 0.05 / 1, is not rejected after it
    expect(holmRejections([0.001, 0.04, 0.026], 0.05)).toEqual([true, false, false])
  })
})

describe('regularizedBeta', () => {
  it('equals the binomial tail I_x(k, n - k + 1) = P(Bin(n, x) >= k), on both sides of its switch', () => {
    for (const [n, k] of [
      [10, 3],
      [40, 12],
      [100, 40],
      [100, 60],
    ] as const)
      for (const x of [0.05, 0.2, 0.3, 0.39, 0.4, 0.41, 0.45, 0.5, 0.6, 0.61, 0.7, 0.9]) {
        const want = binomialTail(n, k, x)
        expect(Math.abs(regularizedBeta(x, k, n - k + 1) - want)).toBeLessThanOrEqual(
          1e-13 * Math.max(want, 1e-3),
        )
      }
  })
  it('is 0 at x <= 0, 1 at x >= 1, and a half at the middle of a symmetric one', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0)
    expect(regularizedBeta(-0.5, 2, 3)).toBe(0)
    expect(regularizedBeta(1, 2, 3)).toBe(1)
    expect(regularizedBeta(1.5, 2, 3)).toBe(1)
    for (const a of [0.5, 3, 50, 200.5]) expect(regularizedBeta(0.5, a, a)).toBeCloseTo(0.5, 13)
  })
})

describe('logGamma', () => {
  it('matches ln Γ below 0.5 (values of mpmath.loggamma, 30 digits)', () => {
    // mpmath.loggamma(0.05), (0.25), (0.4999)
    expect(logGamma(0.05)).toBeCloseTo(2.968879201051731, 13)
    expect(logGamma(0.25)).toBeCloseTo(1.2880225246980774, 13)
    expect(logGamma(0.4999)).toBeCloseTo(0.5725613186041184, 13)
  })
  it('keeps its accuracy near 0, where x - 1 + 1 would lose the digits of x', () => {
    // mpmath.loggamma(1e-10), (1e-6): about -ln x
    expect(logGamma(1e-10)).toBeCloseTo(23.025850929882736, 12)
    expect(logGamma(1e-6)).toBeCloseTo(13.815509980749432, 12)
  })
})

describe('studentTTwoSided', () => {
  it('returns a probability for any statistic, a NaN one included', () => {
    for (const t of [NaN, Infinity, -Infinity]) expect(studentTTwoSided(t, 5)).toBe(0)
  })
})
