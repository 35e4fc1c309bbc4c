import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { runSimulation, runSimulationWithLoop } from '../../../src/sim/engine/runSimulation.js'
import { seriesColumn } from '../../../src/sim/engine/seriesColumn.js'
import type {
  NoiseTraderSpec,
  SimulationConfig,
  WeightScheduleSpec,
} from '../../../src/sim/engine/types.js'
import type { SwapFeeRuleSpec } from '../../../src/sim/strategies/fees/swapFeeRule.js'
import { informationRatioOf, riskFiguresOf } from '../../../src/sim/metrics/risk.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import { createRng } from '../../../src/sim/random.js'
import { fcParams } from '../../arbitraries.js'
import { gbmSource } from './testPaths.js'

/** IL closed form written out: prod r^w / sum w r - 1 (Evans 2020). */
function closedFormIl(start: number[], end: number[], w: number[]): number {
  let geometric = 1
  let arithmetic = 0
  w.forEach((wk, k) => {
    const r = end[k]! / start[k]!
    geometric *= r ** wk
    arithmetic += wk * r
  })
  return geometric / arithmetic - 1
}

function endpoints(source: PriceSource): { start: number[]; end: number[] } {
  const n = source.tokens.length
  const prices = new Float64Array(source.steps * n)
  source.open().next(prices, new Float64Array(source.steps))
  return {
    start: Array.from(prices.subarray(0, n)),
    end: Array.from(prices.subarray((source.steps - 1) * n)),
  }
}

const weightsOf = (n: number) => Array.from({ length: n }, (_, k) => (k + 1) / ((n * (n + 1)) / 2))

describe('return decomposition: a fee-free pool', () => {
  it('has fee term 0 and divergence loss = (1 + hodlReturn) x closed-form IL, static weights', () => {
    for (const [n, seed] of [
      [2, 11],
      [5, 12],
    ] as const) {
      const prices = gbmSource({ tokens: n, steps: 2_000, dt: 3_600, sigma: 0.8, seed })
      const weights = weightsOf(n)
      const result = runSimulation({
        pool: { weights, swapFee: 0, initialValue: 1e6 },
        prices,
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [],
        seed: 1,
      })
      const d = result.metrics.returnDecomposition
      const { start, end } = endpoints(prices)
      // (S - H) / V0 = (S / H - 1) H / V0, and S / H - 1 is Evans' closed form.
      const il = closedFormIl(start, end, weights)
      expect(Math.abs(d.divergenceLoss / (1 + d.hodlReturn) / il - 1)).toBeLessThan(1e-12)
      expect(d.weightRule).toBe(0)
      // An every-step fee-free arbitrage keeps the pool on the shadow; the float path
      // accumulates ~1e-15 per step (the same bound as the IL test of runSimulation).
      expect(Math.abs(d.fees)).toBeLessThan(1e-9)
      expect(result.metrics.capBinds).toBe(0)
    }
  })

  it('has fee term 0 under a weight schedule, which moves the weight-rule term', () => {
    const schedules: WeightScheduleSpec[] = [
      { type: 'momentum', everySteps: 24, lookbackSteps: 48, strength: 0.5 },
      { type: 'linear', startTime: 0, endTime: 1_000 * 3_600, endWeights: [0.3, 0.7] },
    ]
    for (const schedule of schedules) {
      const prices = gbmSource({ tokens: 2, steps: 1_500, dt: 3_600, sigma: 0.8, seed: 13 })
      // Both step loops carry the shadow: the 2-token fast path and the general loop.
      for (const loop of ['auto', 'general'] as const) {
        const config: SimulationConfig = {
          pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6, schedule },
          prices,
          agents: [{ type: 'arbitrageur' }],
          benchmarks: [],
          seed: 1,
        }
        const result = runSimulationWithLoop(config, loop)
        const d = result.metrics.returnDecomposition
        const label = `${schedule.type}, ${loop} loop`
        expect(result.metrics.capBinds, label).toBe(0)
        expect(Math.abs(d.fees), label).toBeLessThan(1e-9)
        expect(Math.abs(d.weightRule), label).toBeGreaterThan(1e-3)
      }
    }
  })
})

describe('return decomposition: the identity', () => {
  it('lpReturn = hodlReturn + divergenceLoss + weightRule + fees to rounding, random runs', () => {
    const run = fc.record({
      tokens: fc.integer({ min: 2, max: 4 }),
      swapFee: fc.constantFrom(0, 0.0005, 0.003, 0.01, 0.05),
      schedule: fc.constantFrom<WeightScheduleSpec['type']>('static', 'momentum'),
      hasNoise: fc.boolean(),
      gasCost: fc.constantFrom(0, 1, 100),
      everySteps: fc.integer({ min: 1, max: 5 }),
      sigma: fc.constantFrom(0.3, 1, 2),
      seed: fc.integer({ min: 1, max: 1_000 }),
    })
    fc.assert(
      fc.property(run, (r) => {
        const prices = gbmSource({
          tokens: r.tokens,
          steps: 300,
          dt: 3_600,
          sigma: r.sigma,
          seed: r.seed,
          withNumeraire: true,
        })
        const schedule: WeightScheduleSpec =
          r.schedule === 'static'
            ? { type: 'static' }
            : { type: 'momentum', everySteps: 6, lookbackSteps: 12, strength: 1 }
        const result = runSimulation({
          pool: { weights: weightsOf(r.tokens), swapFee: r.swapFee, initialValue: 1e5, schedule },
          prices,
          agents: [
            { type: 'arbitrageur', gasCost: r.gasCost, everySteps: r.everySteps },
            ...(r.hasNoise ? [{ type: 'noise' as const, tradesPerDay: 50, medianSize: 500 }] : []),
          ],
          benchmarks: [],
          seed: r.seed,
        })
        const m = result.metrics
        const d = m.returnDecomposition
        // Four differences of values of size ~V, each rounded once: a few ulp of (V / V0).
        const scale = (Math.max(m.lpValue, m.hodlValue) / 1e5 + 1) * 8 * Number.EPSILON
        const sum = d.hodlReturn + d.divergenceLoss + d.weightRule + d.fees
        expect(Math.abs(d.lpReturn - sum)).toBeLessThanOrEqual(scale)
        expect(d.lpReturn).toBe(m.lpValue / 1e5 - 1)
        expect(d.hodlReturn).toBe(m.hodlValue / 1e5 - 1)
        if (r.schedule === 'static') expect(d.weightRule).toBe(0)
      }),
      fcParams(60),
    )
  })
})

describe('return decomposition: the dynamic fee term', () => {
  /** A 2- or 3-token run with an arbitrageur and noise flow (fee-blind or fee-elastic). */
  const ruleConfig = (o: {
    tokens: number
    swapFee: number
    rule?: SwapFeeRuleSpec
    schedule?: WeightScheduleSpec
    isElastic?: boolean
    seed: number
    sigma?: number
    steps?: number
  }): SimulationConfig => {
    const noise: NoiseTraderSpec = {
      type: 'noise',
      tradesPerDay: 48,
      medianSize: 2_000,
      ...(o.isElastic === true
        ? { demand: { elasticity: 2, outsideCost: 0.004, referenceSwapFee: 0.003 } }
        : {}),
    }
    return {
      pool: {
        weights: weightsOf(o.tokens),
        swapFee: o.swapFee,
        initialValue: 1e5,
        ...(o.rule ? { swapFeeRule: o.rule } : {}),
        ...(o.schedule ? { schedule: o.schedule } : {}),
      },
      prices: gbmSource({
        tokens: o.tokens,
        steps: o.steps ?? 300,
        dt: 3_600,
        sigma: o.sigma ?? 1,
        seed: o.seed,
        withNumeraire: true,
      }),
      agents: [{ type: 'arbitrageur', gasCost: 1 }, noise],
      benchmarks: [],
      seed: o.seed,
    }
  }
  const withoutRule = (config: SimulationConfig): SimulationConfig => ({
    ...config,
    pool: { ...config.pool, swapFeeRule: undefined },
  })

  it('splits fees into feesAtFixedFee + dynamicFee, the first from a run without the rule, random rules', () => {
    const rule = fc.oneof(
      fc.record({
        type: fc.constantFrom('volatility' as const, 'deviation' as const, 'gas' as const),
        base: fc.constantFrom(0.0005, 0.003, 0.02),
        slope: fc.constantFrom(-0.01, 0, 0.005, 0.05),
        everySteps: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({
        type: fc.constant('expression' as const),
        expression: fc.constantFrom(
          'volatility > 1 ? 0.01 : 0.001',
          'clamp(0.0005 + 0.005 * volatility + deviation / 10, 0.0005, 0.05)',
          'swapFee * 1.1',
        ),
        everySteps: fc.integer({ min: 1, max: 12 }),
      }),
    )
    const run = fc.record({
      tokens: fc.integer({ min: 2, max: 3 }),
      swapFee: fc.constantFrom(0, 0.0005, 0.003, 0.01),
      rule,
      isMomentum: fc.boolean(),
      isElastic: fc.boolean(),
      sigma: fc.constantFrom(0.3, 1, 2),
      seed: fc.integer({ min: 1, max: 1_000 }),
    })
    fc.assert(
      fc.property(run, (r) => {
        const config = ruleConfig({
          ...r,
          ...(r.isMomentum
            ? { schedule: { type: 'momentum', everySteps: 6, lookbackSteps: 12, strength: 1 } }
            : {}),
        })
        const m = runSimulation(config).metrics
        const d = m.returnDecomposition
        // The oracle: the engine run again by hand without the rule, at pool.swapFee.
        const fixed = runSimulation(withoutRule(config)).metrics.returnDecomposition
        expect(d.feesAtFixedFee).toBe(fixed.fees)
        expect(d.fixedFee).toEqual({ swapFee: r.swapFee, lpReturn: fixed.lpReturn })
        // One subtraction rounded once: fees = feesAtFixedFee + dynamicFee within an ulp of
        // the larger term; the whole identity within the few ulp of (V / V0) of the four terms.
        const ulp = (Math.abs(d.fees) + Math.abs(d.feesAtFixedFee)) * Number.EPSILON
        expect(Math.abs(d.fees - (d.feesAtFixedFee + d.dynamicFee))).toBeLessThanOrEqual(ulp)
        const scale = (Math.max(m.lpValue, m.hodlValue) / 1e5 + 1) * 8 * Number.EPSILON
        const sum = d.hodlReturn + d.divergenceLoss + d.weightRule + d.feesAtFixedFee + d.dynamicFee
        expect(Math.abs(d.lpReturn - sum)).toBeLessThanOrEqual(scale + ulp)
        // Weights that follow prices only are the same in both runs (so is W): the rule's term
        // is then the difference of the two LP returns.
        expect(Math.abs(d.dynamicFee - (d.lpReturn - d.fixedFee.lpReturn))).toBeLessThanOrEqual(
          scale,
        )
      }),
      fcParams(40),
    )
  })

  it('is 0 exactly for a rule that always sets the fixed fee, fee-blind or fee-elastic flow', () => {
    const rules: SwapFeeRuleSpec[] = [
      { type: 'expression', expression: 'swapFee', everySteps: 1 },
      { type: 'volatility', base: 0.003, slope: 0, everySteps: 5 },
    ]
    for (const rule of rules)
      for (const isElastic of [false, true]) {
        const label = `${rule.type}, ${isElastic ? 'fee-elastic' : 'fee-blind'}`
        const config = ruleConfig({ tokens: 2, swapFee: 0.003, rule, isElastic, seed: 5 })
        const d = runSimulation(config).metrics.returnDecomposition
        expect(d.dynamicFee, label).toBe(0)
        expect(d.feesAtFixedFee, label).toBe(d.fees)
        expect(d.fixedFee, label).toEqual({ swapFee: 0.003, lpReturn: d.lpReturn })
        expect(Math.abs(d.fees), label).toBeGreaterThan(1e-4) // the run did trade
      }
  })

  it('equals the fees terms of two fixed-fee runs for a constant rule above pool.swapFee', () => {
    // The rule sets 1 % from step 1, before any trade: the run is the fixed 1 % run, and its
    // counterfactual the fixed 0.3 % run. Fee-blind flow: both trade the same noise orders.
    for (const tokens of [2, 3]) {
      const config = ruleConfig({
        tokens,
        swapFee: 0.003,
        rule: { type: 'expression', expression: '0.01', everySteps: 1 },
        seed: 9,
        steps: 1_000,
      })
      const d = runSimulation(config).metrics.returnDecomposition
      const at = (swapFee: number) =>
        runSimulation({ ...withoutRule(config), pool: { ...withoutRule(config).pool, swapFee } })
          .metrics.returnDecomposition
      const high = at(0.01)
      const low = at(0.003)
      // the same arithmetic in the same order: equal but for the subtraction's own rounding
      const want = high.fees - low.fees
      expect(Math.abs(d.dynamicFee - want), `${tokens} tokens`).toBeLessThanOrEqual(
        4 * Number.EPSILON * (Math.abs(high.fees) + Math.abs(low.fees)),
      )
      expect(d.dynamicFee, `${tokens} tokens`).toBeGreaterThan(1e-4)
      expect(d.fixedFee.lpReturn).toBe(low.lpReturn)
    }
  })

  it('keeps the fixed-fee fields of a fixed fee: the run itself, dynamicFee 0', () => {
    for (const rule of [undefined, { type: 'fixed' } as const]) {
      const config = ruleConfig({ tokens: 2, swapFee: 0.003, seed: 4 })
      const d = runSimulation({ ...config, pool: { ...config.pool, swapFeeRule: rule } }).metrics
        .returnDecomposition
      expect(d.dynamicFee).toBe(0)
      expect(d.feesAtFixedFee).toBe(d.fees)
      expect(d.fixedFee).toEqual({ swapFee: 0.003, lpReturn: d.lpReturn })
    }
  })

  it('counts both runs in progress, and skips the counterfactual only when told (the bench)', () => {
    const config = ruleConfig({
      tokens: 2,
      swapFee: 0.003,
      rule: { type: 'expression', expression: '0.01', everySteps: 1 },
      seed: 6,
      steps: 5_000, // two chunks of 4,096 steps per run
    })
    const calls: [number, number][] = []
    const d = runSimulation({ ...config, onProgress: (done, total) => calls.push([done, total]) })
      .metrics.returnDecomposition
    expect(calls).toEqual([
      [4_096, 10_000],
      [5_000, 10_000],
      [9_096, 10_000],
      [10_000, 10_000],
    ])
    const skipped = runSimulationWithLoop(config, 'auto', { isFixedFeeRunSkipped: true }).metrics
      .returnDecomposition
    expect(skipped.fees).toBe(d.fees)
    expect(skipped.dynamicFee).toBe(0)
    expect(skipped.feesAtFixedFee).toBe(d.fees)
    expect(d.dynamicFee).not.toBe(0)
  })
})

describe('risk metrics: period samples across chunks', () => {
  it('equal the figures of the series at each day boundary, over 7 chunks of 4,096 steps', () => {
    // 20 days of 1-minute steps: 28,801 points, daily periods, several chunks in between.
    const prices = gbmSource({ tokens: 2, steps: 20 * 1_440 + 1, dt: 60, sigma: 0.9, seed: 21 })
    const result = runSimulation({
      pool: { weights: [0.6, 0.4], swapFee: 0.003, initialValue: 1e6 },
      prices,
      agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 200, medianSize: 2_000 }],
      benchmarks: [
        { type: 'hodl' },
        { type: 'constant-mix' },
        { type: 'threshold', band: 0.02, costBps: 10 },
      ],
      seed: 3,
      seriesPoints: 'all',
    })
    const time = seriesColumn(result, 'time')
    // Every step is kept: the boundary k is the point at time k * 86,400 (step k * 1,440).
    const at = (column: string) =>
      Array.from({ length: 21 }, (_, k) => seriesColumn(result, column)[k * 1_440]!)
    expect(at('time')[20]).toBe(20 * 86_400)
    expect(time.length).toBe(20 * 1_440 + 1)
    const lp = at('lpValue')
    const risk = result.metrics.risk
    expect(risk.period).toBe(86_400)
    expect(risk.periods).toBe(20)
    // The engine replays each value through a chunk's growth factors: ~1e-13 relative.
    const want = riskFiguresOf(lp, 365)
    for (const key of Object.keys(want) as (keyof typeof want)[])
      expect(Math.abs(risk[key]! / want[key]! - 1), key).toBeLessThan(1e-9)
    for (const [name, column] of [
      ['hodl', 'hodlValue'],
      ['constant-mix', 'constantMixValue'],
      ['threshold', 'benchmark.threshold'],
    ] as const) {
      const values = at(column)
      const b = result.benchmarks[name]!
      const ir = informationRatioOf(lp, values, 365)!
      expect(Math.abs(b.informationRatio! / ir - 1), name).toBeLessThan(1e-9)
      expect(
        Math.abs(b.risk.sharpeRatio! / riskFiguresOf(values, 365).sharpeRatio! - 1),
      ).toBeLessThan(1e-9)
    }
    expect(result.benchmarks.threshold!.rebalances).toBeGreaterThan(0)
  })

  it('take one sample for a gap in the data that spans several boundaries', () => {
    // Hourly points over 30 days, none from hour 241 to hour 312: the step at hour 313 is the
    // first at or after the boundaries of days 11, 12 and 13, and stands for all three.
    const hours = Array.from({ length: 721 }, (_, h) => h).filter((h) => h <= 240 || h >= 313)
    const times = Float64Array.from(hours, (h) => h * 3_600)
    const rng = createRng(5, 'gap-path')
    const prices = new Float64Array(hours.length * 2)
    prices[0] = 10
    for (let t = 0; t < hours.length; t++) {
      if (t > 0) prices[2 * t] = prices[2 * t - 2]! * Math.exp(0.01 * rng.nextNormal())
      prices[2 * t + 1] = 1
    }
    const source = sourceFromPath({ tokens: ['X', 'USD'], numeraire: 'USD', times, prices })
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: source,
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 3,
      seriesPoints: 'all',
    })
    // days 1-10, one for 11-13, days 14-30
    expect(result.metrics.risk.periods).toBe(10 + 1 + 17)
    const lp = seriesColumn(result, 'lpValue')
    const picked = [0, ...[...Array(10).keys()].map((d) => 24 * (d + 1)), 241]
    for (let d = 14; d <= 30; d++) picked.push(hours.indexOf(24 * d))
    const want = riskFiguresOf(
      picked.map((t) => lp[t]!),
      365,
    ).sharpeRatio!
    expect(Math.abs(result.metrics.risk.sharpeRatio! / want - 1)).toBeLessThan(1e-9)
  })

  it('are null with a note for a run shorter than 20 periods', () => {
    const prices = gbmSource({ tokens: 2, steps: 100, dt: 12, sigma: 0.9, seed: 22 })
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices,
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 3,
    })
    expect(result.metrics.risk.sharpeRatio).toBeNull()
    expect(result.metrics.risk.periods).toBe(0)
    expect(result.benchmarks.hodl!.informationRatio).toBeNull()
    expect(result.notes).toContain(
      'Risk metrics (Sharpe, Sortino, Calmar, Value-at-Risk, expected shortfall, information ratios) need at least 20 full periods of 1 day; this run has 0, so they are null.',
    )
  })
})

describe('risk metrics: the risk-free rate', () => {
  const config = (riskFreeRate: number): SimulationConfig => ({
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
    prices: gbmSource({ tokens: 2, steps: 30 * 24 + 1, dt: 3_600, sigma: 0.9, seed: 23 }),
    agents: [{ type: 'arbitrageur' }],
    benchmarks: [],
    seed: 3,
    riskFreeRate,
  })
  it('is reported and lowers the Sharpe ratio by (rf / 365) / s * sqrt(365)', () => {
    const base = runSimulation({ ...config(0), seriesPoints: 'all' })
    const withRate = runSimulation(config(0.05)).metrics.risk
    expect(withRate.riskFreeRate).toBe(0.05)
    // s: the sample std. dev. of the 30 daily returns, from the series (hourly steps)
    const lp = seriesColumn(base, 'lpValue')
    const r = Array.from({ length: 30 }, (_, d) => lp[24 * (d + 1)]! / lp[24 * d]! - 1)
    const mean = r.reduce((a, b) => a + b, 0) / 30
    const s = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 29)
    const shift = base.metrics.risk.sharpeRatio! - withRate.sharpeRatio!
    // two Sharpe ratios of size ~10 subtracted: 1e-9 relative to the shift
    expect(Math.abs(shift / ((0.05 / 365 / s) * Math.sqrt(365)) - 1)).toBeLessThan(1e-9)
    expect(withRate.valueAtRisk).toBe(base.metrics.risk.valueAtRisk) // tails do not use the rate
  })
  it('rejects a rate that is not a finite fraction above -1', () => {
    const run = () => runSimulation(config(-2))
    expect(run).toThrow(InputError)
    expect(run).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(run).toThrow('riskFreeRate: expected a finite fraction > -1, found -2')
  })
})
