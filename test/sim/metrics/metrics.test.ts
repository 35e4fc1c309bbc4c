import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  annualisedStdDev,
  impermanentLossClosedForm,
  logNear1,
} from '../../../src/sim/metrics/metrics.js'
import { createRng } from '../../../src/sim/random.js'

const D = Decimal.clone({ precision: 50 })

describe('impermanentLossClosedForm', () => {
  it('gives the textbook 50/50 values: -5.72 % at 2x, -20 % at 4x', () => {
    // 2 sqrt(r) / (1 + r) - 1
    expect(impermanentLossClosedForm([1, 1], [2, 1], [0.5, 0.5])).toBeCloseTo(
      (2 * Math.SQRT2) / 3 - 1,
      15,
    )
    expect(impermanentLossClosedForm([1, 1], [4, 1], [0.5, 0.5])).toBeCloseTo(-0.2, 15)
    expect(impermanentLossClosedForm([3, 7], [3, 7], [0.2, 0.8])).toBe(0)
  })

  it('matches a 50-digit recomputation on random 8-token moves', () => {
    const rng = createRng(31, 'il')
    for (let trial = 0; trial < 200; trial++) {
      const w = Array.from({ length: 8 }, () => 0.1 + rng.nextFloat())
      const total = w.reduce((a, b) => a + b, 0)
      const weights = w.map((x) => x / total)
      const start = weights.map(() => Math.exp(rng.nextNormal()))
      const end = start.map((p) => p * Math.exp(0.5 * rng.nextNormal()))
      let geometric = new D(1)
      let arithmetic = new D(0)
      weights.forEach((wk, k) => {
        const r = new D(end[k]!).div(start[k]!)
        geometric = geometric.times(r.pow(wk))
        arithmetic = arithmetic.plus(r.times(wk))
      })
      const want = geometric.div(arithmetic).minus(1)
      const got = impermanentLossClosedForm(start, end, weights)
      expect(want.minus(got).abs().toNumber()).toBeLessThan(1e-14)
    }
  })
})

describe('logNear1', () => {
  it('stays within 2 ulp (4.5e-16 relative) of a 50-digit ln on and around the series limit', () => {
    const rng = createRng(32, 'log')
    for (let trial = 0; trial < 20_000; trial++) {
      // Half inside the series range |r - 1| < 2^-10, half outside up to 1e-2.
      const u = (trial % 2 === 0 ? 0.0009765625 : 0.01) * (2 * rng.nextFloat() - 1)
      const r = 1 + u
      if (r === 1) continue
      // toPrecision(60) is the double's exact value to 60 digits (new D(r) would take the shortest
      // round-trip string, off by up to half an ulp: 1e-13 relative in ln near 1).
      const want = new D(r.toPrecision(60)).ln()
      const got = logNear1(r)
      expect(want.minus(got).div(want).abs().toNumber()).toBeLessThan(4.5e-16) // Horner rounding: measured worst 2.8e-16 over these draws
    }
  })
})

describe('annualisedStdDev', () => {
  it('is sqrt(M2 / (count - 1) * stepsPerYear), 0 below two observations', () => {
    expect(annualisedStdDev(8, 5, 100)).toBeCloseTo(Math.sqrt(2 * 100), 14)
    expect(annualisedStdDev(0, 1, 100)).toBe(0)
  })
})
