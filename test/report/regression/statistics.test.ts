import { describe, expect, it } from 'vitest'
import {
  holmRejections,
  logGamma,
  regularizedBeta,
  sampleStats,
  studentTTwoSided,
  welchTest,
} from '../../../src/report/regression/statistics.js'

describe('logGamma', () => {
  it('matches ln((n-1)!) and ln(sqrt(pi)) within 1e-13 relative', () => {
    expect(logGamma(0.4529121531667168)).toBeCloseTo(0.6706076924271518, 14) // C lgamma
    // Lanczos g=7 n=9 is good to ~1e-15; 1e-13 leaves room for the log of the sum
    let factorial = 1
    for (let n = 1; n <= 30; n++) {
      if (n > 1) factorial *= n - 1
      const want = Math.log(factorial)
      expect(Math.abs(logGamma(n) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)))
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13)
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 13)
  })
  it("agrees with mathjs's lgamma, another implementation, on a grid", async () => {
    const { lgamma } = await import('mathjs')
    // 1e-11: mathjs's own lgamma is off by 1.5e-12 near x = 0.45 (where ours agrees with C's
    // lgamma to 4e-16: 0.6706076924271518 from Python's math.lgamma)
    for (let x = 0.05; x < 200; x *= 1.37)
      expect(Math.abs(logGamma(x) - lgamma(x))).toBeLessThanOrEqual(
        1e-11 * Math.max(1, Math.abs(lgamma(x))),
      )
  }, 30_000)
})

describe('studentTTwoSided', () => {
  it('equals the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [0, 0.1, 0.7, 1, 2.5, 10, 300]) {
      // df = 1 (Cauchy): P(|T| >= t) = 1 - 2 atan(t) / pi
      expect(studentTTwoSided(t, 1)).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 12)
      // df = 2: P(|T| >= t) = 1 - t / sqrt(2 + t^2)
      expect(studentTTwoSided(-t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12)
    }
  })
  it('gives the tabulated critical values their tail probabilities', () => {
    // two-sided 5 % and 1 % points of t tables (3 decimals, so 3e-4 in p)
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.05, 3)
    expect(studentTTwoSided(2.042, 30)).toBeCloseTo(0.05, 3)
    expect(studentTTwoSided(2.75, 30)).toBeCloseTo(0.01, 3)
    expect(studentTTwoSided(1.96, 1e7)).toBeCloseTo(0.05, 4)
  })
  it('is 0 for an infinite statistic and I_x(a,b) is symmetric', () => {
    expect(studentTTwoSided(Infinity, 5)).toBe(0)
    expect(regularizedBeta(0.3, 2.5, 4) + regularizedBeta(0.7, 4, 2.5)).toBeCloseTo(1, 14)
    // I_x(1, 1) = x; I_x(a, 1) = x^a
    expect(regularizedBeta(0.37, 1, 1)).toBeCloseTo(0.37, 14)
    expect(regularizedBeta(0.8, 3, 1)).toBeCloseTo(0.512, 14)
  })
})

describe('sampleStats and welchTest', () => {
  it('summarises a sample without cancellation', () => {
    expect(sampleStats([1, 2, 3])).toEqual({ n: 3, mean: 2, sd: 1 })
    const big = sampleStats([1e9 + 1, 1e9 + 2, 1e9 + 3])
    expect(big.mean).toBe(1e9 + 2)
    expect(big.sd).toBeCloseTo(1, 9)
  })
  it('computes t and the Welch–Satterthwaite df by hand, p by the df = 2 closed form', () => {
    // n = 2 each and equal sd: df = 2 exactly, t = diff / sqrt(2 sd^2 / 2)
    const a = { n: 2, mean: 0, sd: 1 }
    const b = { n: 2, mean: 3, sd: 1 }
    const result = welchTest(a, b)
    expect(result.t).toBeCloseTo(3, 14)
    expect(result.df).toBeCloseTo(2, 14)
    expect(result.pValue).toBeCloseTo(1 - 3 / Math.sqrt(11), 12)
    expect(result.difference).toBe(3)
    // unequal: va = 4/10, vb = 1/5; df = (0.6)^2 / (0.16/9 + 0.04/4)
    const u = welchTest({ n: 10, mean: 1, sd: 2 }, { n: 5, mean: 0, sd: 1 })
    expect(u.t).toBeCloseTo(-1 / Math.sqrt(0.6), 14)
    expect(u.df).toBeCloseTo(0.36 / (0.16 / 9 + 0.04 / 4), 12)
  })
  it('treats two constant samples as equal or infinitely different', () => {
    expect(welchTest({ n: 5, mean: 2, sd: 0 }, { n: 5, mean: 2, sd: 0 }).pValue).toBe(1)
    expect(welchTest({ n: 5, mean: 2, sd: 0 }, { n: 5, mean: 3, sd: 0 })).toMatchObject({
      t: Infinity,
      pValue: 0,
    })
  })
})

describe('holmRejections', () => {
  it('steps down from the smallest p-value at alpha / (m - k)', () => {
    // m = 3: 0.001 <= 0.05/3 rejected; next 0.03 > 0.05/2 stops
    expect(holmRejections([0.001, 0.04, 0.03], 0.05)).toEqual([true, false, false])
    // 0.01 <= 0.05/3, 0.02 <= 0.05/2, 0.04 <= 0.05/1: all
    expect(holmRejections([0.04, 0.01, 0.02], 0.05)).toEqual([true, true, true])
    expect(holmRejections([0.2, 0.5], 0.05)).toEqual([false, false])
    expect(holmRejections([], 0.05)).toEqual([])
  })
})
