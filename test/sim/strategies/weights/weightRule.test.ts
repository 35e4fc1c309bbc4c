import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import { lambdaFromMemory } from '../../../../src/sim/strategies/weights/estimators.js'
import {
  compileWeightRule,
  startWeightRule,
  weightRuleStateSize,
  weightRuleStep,
  type WeightRuleSpec,
} from '../../../../src/sim/strategies/weights/weightRule.js'
import { fcParams } from '../../../arbitraries.js'

const DAY = 86_400
const D = Decimal.clone({ precision: 50 })
/** λ = 1/2 exactly solves λ/(1−λ)³ = 4 = (N/2)³/6 at N = 2 · 24^(1/3) updates of memory. */
const HALF_LAMBDA_MEMORY_DAYS = 2 * Math.cbrt(24)

/** Runs a rule over daily (or `dt`-second) price rows and returns the weights after each row. */
function runRule(spec: WeightRuleSpec, initial: number[], rows: number[][], dt = DAY): number[][] {
  const n = initial.length
  const rule = compileWeightRule(spec, initial)
  const state = new Float64Array(weightRuleStateSize(n))
  const weights = Float64Array.from(initial)
  startWeightRule(rule, n, state, weights, Float64Array.from(rows[0]!))
  const out: number[][] = []
  for (let t = 1; t < rows.length; t++) {
    weightRuleStep(rule, n, state, t * dt, weights, Float64Array.from(rows[t]!), 0)
    out.push(Array.from(weights))
  }
  return out
}

const jump = { updateInterval: DAY, interpolate: false }
const prices = [
  [100, 100],
  [110, 100],
  [121, 90],
]

describe('lambdaFromMemory', () => {
  it('gives λ = 1/2 where λ/(1−λ)³ = (N/2)³/6 = 4', () => {
    // Bisection to float precision: 1e-15 is a few ulps of 0.5.
    expect(Math.abs(lambdaFromMemory(HALF_LAMBDA_MEMORY_DAYS, DAY) - 0.5)).toBeLessThan(1e-15)
  })
  it('solves the memory relation to 1e-10 relative in 50 digits for N from 1 to 10^4', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e4, noNaN: true }), (updates) => {
        const lambda = new D(lambdaFromMemory(updates, DAY))
        const lhs = lambda.div(new D(1).minus(lambda).pow(3))
        const rhs = new D(updates).div(2).pow(3).div(6)
        // λ carries float rounding (relative 1e-16); d ln(lhs)/d ln(λ) = 1 + 3λ/(1−λ) <= 3N,
        // so the relative error of lhs stays below about 1e-16 · 3e4 · a few: 1e-10 bounds it.
        expect(lhs.minus(rhs).abs().div(rhs).toNumber()).toBeLessThan(1e-10)
      }),
      fcParams(300),
    )
  })
})

describe('the rules: first updates against hand computations (λ = 1/2, k = 2)', () => {
  // Update 1: ETH p̄ = 105, a = (110 − 105)/(1/2) = 10, g = a (1/2)³/(1/2)/p̄ = 1/42; BTC g = 0.
  // Update 2: ETH p̄ = 113, a = 5 + 16 = 21, g = 21/452; BTC p̄ = 95, a = −10, g = −1/38.
  const g1 = 1 / 42
  const g2 = [21 / 452, -1 / 38]
  const base = { memoryDays: HALF_LAMBDA_MEMORY_DAYS, aggressiveness: 2, ...jump }

  it('ew-momentum: w + k (g − mean g)', () => {
    const [first, second] = runRule({ type: 'ew-momentum', ...base }, [0.5, 0.5], prices)
    expect(first![0]).toBeCloseTo(0.5 + 2 * (g1 / 2), 14)
    expect(first![1]).toBeCloseTo(0.5 - 2 * (g1 / 2), 14)
    // k (g0 − mean) = k (g0 − g1)/2 = g0 − g1 with k = 2.
    expect(second![0]).toBeCloseTo(0.5 + g1 + (g2[0]! - g2[1]!), 14)
    expect(second![1]).toBeCloseTo(0.5 - g1 - (g2[0]! - g2[1]!), 14)
  })

  it('anti-momentum: w − k (g − mean g)', () => {
    const [first, second] = runRule({ type: 'anti-momentum', ...base }, [0.5, 0.5], prices)
    expect(first![0]).toBeCloseTo(0.5 - g1, 14)
    expect(second![0]).toBeCloseTo(0.5 - g1 - (g2[0]! - g2[1]!), 14)
  })

  it('power-channel: the signal is sign(g) |g|^q', () => {
    const [first, second] = runRule(
      { type: 'power-channel', exponent: 3, ...base },
      [0.5, 0.5],
      prices,
    )
    expect(first![0]).toBeCloseTo(0.5 + g1 ** 3, 15)
    expect(second![0]).toBeCloseTo(0.5 + g1 ** 3 + (g2[0]! ** 3 + 1 / 38 ** 3), 15)
  })

  it('mean-reversion-channel: reverts inside the band, follows the trend outside', () => {
    const width = 0.05
    const signal = (g: number) => {
      const envelope = Math.exp(-(g * g) / (2 * width * width))
      return -2 * (g / width) * envelope + (1 - envelope) * g * g
    }
    const [first] = runRule(
      {
        type: 'mean-reversion-channel',
        width,
        amplitude: 2,
        exponent: 2,
        ...base,
        aggressiveness: 0.2,
      },
      [0.5, 0.5],
      prices,
    )
    // ETH rose 10 % (g = 1/42 < width): its weight falls. k (s0 − (s0 + s1)/2) with s1 = 0.
    expect(first![0]).toBeCloseTo(0.5 + 0.2 * ((signal(g1) - signal(0)) / 2), 14)
    expect(first![0]).toBeLessThan(0.5)
  })

  it('min-variance: w ∝ 1/σ² from EWMA variances of log returns', () => {
    const rows = [
      [100, 100],
      [110, 95],
      [99, 96.9],
    ]
    const [first, second] = runRule(
      { type: 'min-variance', memoryDays: HALF_LAMBDA_MEMORY_DAYS, ...jump },
      [0.5, 0.5],
      rows,
    )
    const r1 = [Math.log(1.1), Math.log(0.95)]
    expect(first![0]).toBeCloseTo(r1[1]! ** 2 / (r1[0]! ** 2 + r1[1]! ** 2), 14)
    const v = [
      0.5 * r1[0]! ** 2 + 0.5 * Math.log(0.9) ** 2,
      0.5 * r1[1]! ** 2 + 0.5 * Math.log(1.02) ** 2,
    ]
    expect(second![0]).toBeCloseTo(v[1]! / (v[0]! + v[1]!), 14)
  })

  it('market-cap: caps / sum of the caps in force', () => {
    const [first, second] = runRule(
      {
        type: 'market-cap',
        caps: [
          { time: 0, caps: [3e9, 1e9] },
          { time: 2 * DAY, caps: [1e9, 1e9] },
        ],
        ...jump,
      },
      [0.5, 0.5],
      prices,
    )
    expect(first).toEqual([0.75, 0.25])
    expect(second).toEqual([0.5, 0.5])
  })
})

describe('guardrails', () => {
  const strong = { memoryDays: HALF_LAMBDA_MEMORY_DAYS, aggressiveness: 100, ...jump }

  it('caps the change per update at maxWeightChange', () => {
    const [first, second] = runRule(
      { type: 'ew-momentum', ...strong, maxWeightChange: 0.05 },
      [0.5, 0.5],
      prices,
    )
    expect(first![0]).toBeCloseTo(0.55, 15)
    expect(second![0]).toBeCloseTo(0.6, 15)
  })

  it('holds the weights inside [minWeight, maxWeight]', () => {
    const [first] = runRule(
      { type: 'ew-momentum', ...strong, minWeight: 0.3, maxWeight: 0.7 },
      [0.5, 0.5],
      prices,
    )
    // The projection's last rounding may leave an ulp: 1e-15 is a few ulps of 0.7.
    expect(first![0]).toBeCloseTo(0.7, 15)
    expect(first![1]).toBeCloseTo(0.3, 15)
  })

  it('moves the weights linearly per step over the interval (interpolate, the default)', () => {
    // Updates every 4 s on 1 s steps: the move of the update at 4 s is done at 8 s.
    const spec: WeightRuleSpec = {
      type: 'market-cap',
      caps: [{ time: 0, caps: [3, 1] }],
      updateInterval: 4,
    }
    const rows = Array.from({ length: 10 }, () => [1, 1])
    const out = runRule(spec, [0.5, 0.5], rows, 1).map((w) => w[0]!)
    // Steps 1..3: before the first update; 4: the update (start); 5..7: 1/4, 2/4, 3/4; 8, 9: target.
    const want = [0.5, 0.5, 0.5, 0.5, 0.5625, 0.625, 0.6875, 0.75, 0.75]
    out.forEach((w, i) => {
      expect(w).toBeCloseTo(want[i]!, 15)
    })
  })

  it('rejects infeasible bounds, naming the field, the product and the fix', () => {
    const compile = () =>
      compileWeightRule(
        { type: 'min-variance', memoryDays: 10, updateInterval: DAY, minWeight: 0.3 },
        [0.25, 0.25, 0.25, 0.25],
      )
    expect(compile).toThrow(InputError)
    expect(compile).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(compile).toThrow(
      'pool.schedule.minWeight: infeasible bounds: 4 tokens x minWeight 0.3 = 1.2 > 1; lower minWeight to at most 0.25',
    )
    const tooLow = () =>
      compileWeightRule(
        { type: 'min-variance', memoryDays: 10, updateInterval: DAY, maxWeight: 0.2 },
        [0.25, 0.25, 0.25, 0.25],
      )
    expect(tooLow).toThrow(
      'pool.schedule.maxWeight: infeasible bounds: 4 tokens x maxWeight 0.2 = 0.8 < 1; raise maxWeight to at least 0.25',
    )
    const outside = () =>
      compileWeightRule(
        {
          type: 'ew-momentum',
          memoryDays: 10,
          aggressiveness: 1,
          updateInterval: DAY,
          maxWeight: 0.6,
        },
        [0.7, 0.3],
      )
    expect(outside).toThrow(
      "pool.weights[0]: 0.7 is outside the schedule's bounds [0.01, 0.6]; change pool.weights or pool.schedule.minWeight/maxWeight",
    )
  })
})

describe('properties over random paths (fast-check)', () => {
  const arbitraryRun = fc.integer({ min: 2, max: 8 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      type: fc.constantFrom(
        'ew-momentum',
        'anti-momentum',
        'power-channel',
        'mean-reversion-channel',
        'min-variance',
      ),
      memoryDays: fc.double({ min: 1, max: 60, noNaN: true }),
      aggressiveness: fc.double({ min: 0, max: 1000, noNaN: true }),
      minShare: fc.double({ min: 0, max: 1, noNaN: true }),
      maxShare: fc.double({ min: 0, max: 1, noNaN: true }),
      maxWeightChange: fc.option(fc.double({ min: 1e-4, max: 1, noNaN: true }), { nil: undefined }),
      interpolate: fc.boolean(),
      moves: fc.array(
        fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: n, maxLength: n }),
        {
          minLength: 2,
          maxLength: 60,
        },
      ),
    }),
  )

  it('weights sum to 1, stay within bounds, and move at most maxWeightChange per update', () => {
    fc.assert(
      fc.property(arbitraryRun, (c) => {
        const { n } = c
        // Bounds from shares: minWeight in [0.01, 1/n], maxWeight in [1/n, 0.99]; equal start.
        const minWeight = 0.01 + c.minShare * (1 / n - 0.01)
        const maxWeight = 1 / n + c.maxShare * (0.99 - 1 / n)
        const initial = Array.from({ length: n }, () => 1 / n)
        const rows = [Array.from({ length: n }, () => 100)]
        for (const move of c.moves)
          rows.push(rows[rows.length - 1]!.map((p, k) => p * Math.exp(move[k]!)))
        const spec: WeightRuleSpec = {
          type: c.type,
          memoryDays: c.memoryDays,
          aggressiveness: c.aggressiveness,
          width: 0.05,
          minWeight,
          maxWeight,
          maxWeightChange: c.maxWeightChange,
          interpolate: c.interpolate,
          updateInterval: 2 * DAY,
        }
        let previous = initial
        runRule(spec, initial, rows).forEach((w, step) => {
          const sum = w.reduce((a, b) => a + b, 0)
          // A few roundings of weights <= 1: 1e-12 is far above them, far below any error.
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12)
          for (const x of w) {
            expect(x).toBeGreaterThanOrEqual(minWeight - 1e-15)
            expect(x).toBeLessThanOrEqual(maxWeight + 1e-15)
          }
          if (c.maxWeightChange !== undefined && step % 2 === 1 && !c.interpolate)
            previous.forEach((p, k) => {
              expect(Math.abs(w[k]! - p)).toBeLessThanOrEqual(c.maxWeightChange! + 1e-15)
            })
          // Interpolated moves are linear: no step moves a weight by more than the cap.
          if (c.maxWeightChange !== undefined)
            previous.forEach((p, k) => {
              expect(Math.abs(w[k]! - p)).toBeLessThanOrEqual(c.maxWeightChange! + 1e-15)
            })
          previous = w
        })
      }),
      fcParams(400),
    )
  })
})
