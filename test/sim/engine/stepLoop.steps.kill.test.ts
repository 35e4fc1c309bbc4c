/**
 * Mutation kills (issue 13, docs/mutation.md) for stepLoop.ts from the end of runTwoTokenChunk's
 * loop to attemptArbitrage: the chunk's locals written back into the engine state, recordSample,
 * the dynamic swap fee step, the weight, shadow and momentum steps and the N-token arbitrage.
 * Oracles: the reference engine (test/reference) on paths read in short chunks, so every chunk
 * boundary writes the locals back and the next chunk reads them; closed forms by hand.
 */
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { RunError } from '../../../src/errors.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig, SimulationResult } from '../../../src/sim/engine/types.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import type { PricePath, PriceSource } from '../../../src/sim/prices/types.js'
import { lazy } from '../../lazy.js'
import { compareFigures, failures } from '../../reference/compareFigures.js'
import { randomScenario, type RandomScenario } from '../../reference/randomScenarios.js'
import { runReference } from '../../reference/referenceEngine.js'
import { YEAR, handSource } from './testPaths.js'

/** The path's source, its reader yielding at most `rows` steps per call: one chunk each. */
function chunkedSource(path: PricePath, rows: number): PriceSource {
  const source = sourceFromPath(path)
  const n = path.tokens.length
  return {
    tokens: source.tokens,
    numeraire: source.numeraire,
    steps: source.steps,
    startTime: source.startTime,
    dt: source.dt,
    open() {
      const reader = source.open()
      return {
        next(prices: Float64Array, times: Float64Array) {
          const k = Math.min(rows, times.length)
          return reader.next(prices.subarray(0, k * n), times.subarray(0, k))
        },
      }
    },
  }
}

function column(result: SimulationResult, name: string): Float64Array {
  const index = result.series.columns.indexOf(name)
  if (index < 0) throw new Error(`no column ${name}`)
  return result.series.data[index]!
}

/**
 * 2-token scenarios of the reference family (family 5), each run on its path read 7 steps at a
 * time: every-k arbitrage, gas, an external fee, noise, a moving schedule and a dynamic fee rule.
 */
const chunked = [
  // arbitrage every 5 steps, momentum weights, a volatility fee rule every 7 steps, noise
  { name: 'family 5 #20', scenario: () => randomScenario(5, 20, { tokens: 2, swapFeeRule: true }) },
  // every 2 steps, momentum, deviation rule, two noise traders
  { name: 'family 5 #14', scenario: () => randomScenario(5, 14, { tokens: 2, swapFeeRule: true }) },
  // random blocks, gas as a time series, momentum, volume rule every 7 steps
  { name: 'family 5 #4', scenario: () => randomScenario(5, 4, { tokens: 2, swapFeeRule: true }) },
  // every 5 steps, static, gas as a time series
  {
    name: 'family 5 #17',
    scenario: () => randomScenario(5, 17, { tokens: 2, forceArbitrageur: true }),
  },
].map(({ name, scenario }) => ({
  name,
  run: lazy(() => {
    const s: RandomScenario = scenario()
    const config = { ...s.config, prices: chunkedSource(s.path, 7), seriesPoints: 'all' as const }
    return {
      s,
      result: runSimulation(config),
      ref: runReference(s.config, s.path, 'bisection'),
    }
  }),
}))

describe('runTwoTokenChunk: the locals written back at the end of each chunk', () => {
  it.each(chunked)('$name read 7 steps at a time agrees with the reference', ({ run }) => {
    const { s, result, ref } = run()
    expect(failures(compareFigures(result, ref)), s.label).toEqual([])
  })

  it.each(chunked)(
    '$name read 7 steps at a time samples every step as the reference',
    ({ run }) => {
      const { s, result, ref } = run()
      const lp = column(result, 'lpValue')
      expect(lp.length).toBe(s.path.times.length)
      // the LP value at each step against the reference's, to the rounding budget of compareFigures
      const scale = ref.maxValue * 64 * Number.EPSILON * s.path.times.length
      ref.lpValues.forEach((want, t) => {
        expect(Math.abs(lp[t]! - want), `step ${t}`).toBeLessThanOrEqual(scale)
      })
    },
  )
})

/** A pool of `weights` on a hand path with the fee rule `expression`, no agent, every step sampled. */
function feeRun(
  tokens: string[],
  weights: number[],
  rows: number[][],
  dt: number,
  expression: string,
): SimulationResult {
  const config: SimulationConfig = {
    pool: {
      weights,
      swapFee: 0.003,
      initialValue: 1e6,
      swapFeeRule: { type: 'expression', expression },
    },
    prices: handSource(tokens, rows, dt),
    agents: [],
    benchmarks: [],
    seed: 1,
    seriesPoints: 'all',
  }
  return runSimulation(config)
}

/** The exact binary value of a double (Decimal's own conversion goes through 17 digits). */
function exact(x: number): Decimal {
  let m = x
  let e = 0
  while (!Number.isInteger(m)) {
    m *= 2
    e--
  }
  return new Decimal(m).times(new Decimal(2).pow(e))
}

/** The annualised volatility of one observation, sqrt(2 sum w (r - rbar)^2 / (1 - sum w^2) / (dt / year)), at 50 digits. */
function volatilityOf(weights: number[], from: number[], to: number[], dt: number): number {
  Decimal.set({ precision: 50 })
  const r = to.map((p, k) => exact(p).div(exact(from[k]!)).ln())
  const w = weights.map((x) => new Decimal(x))
  const mean = r.reduce((a, x, k) => a.plus(w[k]!.times(x)), new Decimal(0))
  const dispersion = r.reduce(
    (a, x, k) => a.plus(w[k]!.times(x.minus(mean).pow(2))),
    new Decimal(0),
  )
  const squares = w.reduce((a, x) => a.plus(x.pow(2)), new Decimal(0))
  return dispersion
    .times(2)
    .div(new Decimal(1).minus(squares))
    .div(new Decimal(dt).div(YEAR))
    .sqrt()
    .toNumber()
}

describe('swapFeeStep: the volatility input', () => {
  it('2 tokens: from one logarithm of the price ratio, not a difference of two nearly equal ones', () => {
    // Both prices double; T0 by 2^-30 more. The relative move log1p(2^-30) is 1e-9 of each log:
    // the 2-token form log(p0 q1 / (p1 q0)) keeps its digits (the ratio 1 + 2^-30 is exact),
    // the N-token form's log(p0 / q0) - rbar loses 7 of them.
    const rows = [
      [1, 1],
      [2 * (1 + 2 ** -30), 2],
      [2 * (1 + 2 ** -30), 2],
    ]
    const result = feeRun(['T0', 'T1'], [0.5, 0.5], rows, 1, 'volatility')
    const want = volatilityOf([0.5, 0.5], rows[0]!, rows[1]!, 1)
    expect(want).toBeGreaterThan(5e-6)
    const fee = column(result, 'swapFee')[1]!
    expect(Math.abs(fee - want) / want).toBeLessThan(1e-12)
  })

  it('3 tokens: 2 sum w (r - rbar)^2 / (1 - sum w^2), annualised, as its square root', () => {
    const weights = [0.5, 0.3, 0.2]
    const rows = [
      [2, 0.5, 4],
      [2.2, 0.4, 4.4],
      [2.2, 0.4, 4.4],
    ]
    const result = feeRun(['T0', 'T1', 'T2'], weights, rows, 3_600, 'volatility / 1000')
    const want = volatilityOf(weights, rows[0]!, rows[1]!, 3_600) / 1000
    expect(want).toBeGreaterThan(1e-2)
    const fee = column(result, 'swapFee')[1]!
    expect(Math.abs(fee - want) / want).toBeLessThan(1e-13)
  })
})

describe('swapFeeNaN: the error of a rule that gives NaN', () => {
  // Prices that move and an arbitrageur that trades: every input the rule does not read would be
  // non-zero if computed, and the message lists them all.
  it.each([2, 3])(
    '%i tokens: carries the rule path and the step, and 0 for every input the rule does not read',
    (n) => {
      const rows = [0, 1, 2, 3].map((t) =>
        Array.from({ length: n }, (_, k) => (k === 0 ? 1 + 0.1 * t : 1 - 0.05 * t * k)),
      )
      const config: SimulationConfig = {
        pool: {
          weights: n === 2 ? [0.5, 0.5] : [0.4, 0.3, 0.3],
          swapFee: 0.003,
          initialValue: 1e6,
          swapFeeRule: { type: 'expression', expression: 'time >= 7200 ? log(-1) : 0.003' },
        },
        prices: handSource(
          Array.from({ length: n }, (_, k) => `T${k}`),
          rows,
          3_600,
        ),
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [],
        seed: 1,
      }
      let error: unknown
      try {
        runSimulation(config)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(RunError)
      const run = error as RunError
      expect(run.code).toBe('SWAP_FEE_NAN')
      expect(run.values).toEqual({ path: 'pool.swapFeeRule', step: 2 })
      expect(run.message).toContain(
        'gave NaN at step 2 (inputs: volatility 0, gas 0, volume 0, deviation 0, swapFee 0.003, time 7200, lpValue 0);',
      )
      // the same rule reading the inputs: each non-zero at step 2
      const reading: SimulationConfig = {
        ...config,
        pool: {
          ...config.pool,
          swapFeeRule: {
            type: 'expression',
            expression:
              'time >= 7200 ? log(-1) : 0.003 + 0 * (volatility + volume + deviation + lpValue)',
          },
        },
      }
      expect(() => runSimulation(reading)).toThrow(
        /inputs: volatility [1-9][^,]*, gas 0, volume [1-9][^,]*, deviation 0\.[^,]*, swapFee 0\.003, time 7200, lpValue [1-9]/,
      )
    },
  )
})

describe('weightStep: a dynamic-weight rule as the schedule', () => {
  const rules = [
    // 2 tokens, market-cap rule: runTwoTokenChunk
    { name: 'family 6 #2', scenario: () => randomScenario(6, 2, { rules: true }) },
    // 3 tokens, mean-reversion channel: runChunk
    { name: 'family 6 #10', scenario: () => randomScenario(6, 10, { rules: true }) },
  ].map(({ name, scenario }) => ({
    name,
    run: lazy(() => {
      const s = scenario()
      return {
        s,
        result: runSimulation(s.config),
        ref: runReference(s.config, s.path, 'bisection'),
      }
    }),
  }))

  it.each(rules)('$name agrees with the reference on every figure', ({ run }) => {
    const { s, result, ref } = run()
    expect(failures(compareFigures(result, ref)), s.label).toEqual([])
  })
})

describe('attemptArbitrage: the trade is undone when the realised profit does not exceed gas', () => {
  // 3 tokens, a 5 % fee and a large move: the pairwise swaps realise far less than the closed form
  // (74,678 against 106,031).
  const run = (gas: number) =>
    runSimulation({
      pool: { weights: [0.4, 0.3, 0.3], swapFee: 0.05, initialValue: 1e6 },
      prices: handSource(
        ['T0', 'T1', 'T2'],
        [
          [1, 1, 1],
          [1.8, 1, 0.6],
        ],
        3_600,
      ),
      agents: gas < 0 ? [] : [{ type: 'arbitrageur', gasCost: gas }],
      benchmarks: [],
      seed: 1,
    })
  const free = lazy(() => run(0))

  it('trades at gas 0; its realised profit is below the closed form', () => {
    const m = free().metrics
    expect(m.arbTrades).toBe(1)
    const note = free().notes.find((line) => line.startsWith('Executing multi-token'))!
    const ideal = Number(/against the closed-form (\S+) /.exec(note)![1])
    expect(m.arbProfit).toBeLessThan(0.9 * ideal)
  })

  it.each([
    ['between the realised and the closed-form profit', 0.5],
    ['equal to the realised profit', 0],
  ])('does not trade, and leaves the pool as it was, with gas %s', (_, share) => {
    const realised = free().metrics.arbProfit
    const note = free().notes.find((line) => line.startsWith('Executing multi-token'))!
    const ideal = Number(/against the closed-form (\S+) /.exec(note)![1])
    const result = run(realised + share * (ideal - realised))
    const alone = run(-1)
    expect(result.metrics.arbTrades).toBe(0)
    expect(result.metrics.trades).toBe(0)
    expect(result.metrics.gasPaid).toBe(0)
    expect(result.metrics.lpValue).toBe(alone.metrics.lpValue)
  })
})
