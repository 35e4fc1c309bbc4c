import { describe, expect, it } from 'vitest'
import { InputError, RunError } from '../../../src/errors.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig } from '../../../src/sim/engine/types.js'
import { collectPath, sourceFromPath } from '../../../src/sim/prices/path.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { gbmSource, handSource, YEAR } from './testPaths.js'

function equalWeights(n: number): number[] {
  return Array.from({ length: n }, () => 1 / n)
}

/** IL closed form written out: prod r^w / sum w r - 1. */
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
  const times = new Float64Array(source.steps)
  source.open().next(prices, times)
  return {
    start: Array.from(prices.subarray(0, n)),
    end: Array.from(prices.subarray((source.steps - 1) * n)),
  }
}

describe('runSimulation: impermanent loss at fee 0', () => {
  it('equals the closed form on random GBM paths, 2 and 8 tokens, to 1e-9 relative', () => {
    for (const [n, seed] of [
      [2, 1],
      [2, 2],
      [8, 3],
      [8, 4],
      [5, 5],
    ] as const) {
      const prices = gbmSource({ tokens: n, steps: 3_000, dt: 3_600, sigma: 0.8, seed })
      const weights = Array.from({ length: n }, (_, k) => (k + 1) / ((n * (n + 1)) / 2))
      const result = runSimulation({
        pool: { weights, swapFee: 0, initialValue: 1e6 },
        prices,
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [],
        seed: 1,
      })
      const { start, end } = endpoints(prices)
      const want = closedFormIl(start, end, weights)
      const m = result.metrics
      // Path independence holds exactly; the float path accumulates ~1e-15 per step.
      expect(Math.abs(m.impermanentLoss / want - 1)).toBeLessThan(1e-9)
      expect(Math.abs(m.impermanentLossClosedForm! / want - 1)).toBeLessThan(1e-12)
      expect(m.capBinds).toBe(0)
      // Fee-free arbitrage every step keeps value weights on the pool weights.
      expect(m.weightDeviation.max).toBeLessThan(1e-12)
    }
  })
})

describe('runSimulation: accounting identities', () => {
  it('arbitrage only: arbProfit = lvr - arbitrage fees - gas - external costs, and value change = market P&L - lvr + fees', () => {
    for (const [n, fee, gasCost, externalFee] of [
      [2, 0.003, 0, 0],
      [2, 0.003, 5, 0.001],
      [3, 0.01, 2, 0.002],
      [8, 0.003, 1, 0.0005],
    ] as const) {
      const prices = gbmSource({
        tokens: n,
        steps: 2_000,
        dt: 3_600,
        sigma: 0.8,
        seed: 7,
        withNumeraire: true,
      })
      const result = runSimulation({
        pool: { weights: equalWeights(n), swapFee: fee, initialValue: 1e6 },
        prices,
        agents: [{ type: 'arbitrageur', gasCost, externalFee }],
        benchmarks: [],
        seed: 1,
      })
      const m = result.metrics
      expect(m.arbTrades).toBeGreaterThan(100)
      expect(m.gasPaid).toBeCloseTo(gasCost * m.arbTrades, 6)
      // Sums of ~1e5-size terms: rounding below 1e-9 of the LVR.
      const tolerance = 1e-9 * m.lvr
      expect(
        Math.abs(m.arbProfit - (m.lvr - m.arbFees - m.gasPaid - m.externalCosts)),
      ).toBeLessThan(tolerance)
      expect(Math.abs(m.lpValue - 1e6 - (m.marketPnl - m.lvr + m.feeIncome))).toBeLessThan(
        tolerance,
      )
      expect(m.feeIncome).toBe(m.arbFees)
    }
  })

  it('holds trade by trade: one step, one arbitrage, identities to rounding', () => {
    for (let trial = 0; trial < 40; trial++) {
      const move = 0.7 + 0.6 * ((trial * 0.618) % 1)
      const source = handSource(
        ['ETH', 'USD'],
        [
          [2000, 1],
          [2000 * move, 1],
        ],
      )
      const fee = [0, 0.003, 0.01][trial % 3]!
      const result = runSimulation({
        pool: { weights: [0.8, 0.2], swapFee: fee, initialValue: 1e6 },
        prices: source,
        agents: [{ type: 'arbitrageur', externalFee: 0.001 }],
        benchmarks: [],
        seed: 1,
      })
      const m = result.metrics
      if (m.arbTrades === 0) continue
      expect(m.trades).toBe(1)
      // Gross profit at market = pool's loss at market = lvr - fee; the pool's value change.
      expect(Math.abs(m.arbProfit + m.externalCosts - (m.lvr - m.arbFees))).toBeLessThan(
        1e-9 * m.lvr,
      )
      expect(Math.abs(m.lpValue - 1e6 - (m.marketPnl - m.lvr + m.feeIncome))).toBeLessThan(
        1e-9 * 1e6,
      )
      // The market P&L of one step is the start holdings times the price change.
      expect(m.marketPnl).toBeCloseTo((0.8e6 / 2000) * (2000 * move - 2000), 6)
    }
  })

  it('with noise traders: value change = market P&L - lvr + fees, fees split by payer', () => {
    const prices = gbmSource({
      tokens: 3,
      steps: 2_000,
      dt: 3_600,
      sigma: 0.6,
      seed: 8,
      withNumeraire: true,
    })
    const result = runSimulation({
      pool: { weights: [0.3, 0.3, 0.4], swapFee: 0.003, initialValue: 1e6 },
      prices,
      agents: [
        { type: 'arbitrageur' },
        { type: 'noise', tradesPerDay: 100, medianSize: 2_000, sizeSigma: 0.5 },
      ],
      benchmarks: [],
      seed: 3,
    })
    const m = result.metrics
    expect(m.noiseTrades).toBeGreaterThan(7_000)
    expect(Math.abs(m.feeIncome - m.arbFees - m.noiseFees)).toBeLessThan(1e-9 * m.feeIncome)
    expect(Math.abs(m.noiseFees - 0.003 * m.noiseVolume)).toBeLessThan(1e-9 * m.noiseFees)
    expect(Math.abs(m.lpValue - 1e6 - (m.marketPnl - m.lvr + m.feeIncome))).toBeLessThan(1e-9 * 1e6)
  })
})

describe('runSimulation: the two-token kernel with every option', () => {
  it('keeps the identities with noise traders, a weight schedule, gas and external fees', () => {
    const prices = gbmSource({
      tokens: 2,
      steps: 3_000,
      dt: 600,
      sigma: 0.8,
      seed: 13,
      withNumeraire: true,
    })
    const result = runSimulation({
      pool: {
        weights: [0.8, 0.2],
        swapFee: 0.003,
        initialValue: 1e6,
        schedule: {
          type: 'linear',
          startTime: 3_600,
          endTime: 2_000 * 600,
          endWeights: [0.4, 0.6],
        },
      },
      prices,
      agents: [
        { type: 'arbitrageur', gasCost: 2, externalFee: 0.0005, everySteps: 2 },
        { type: 'noise', tradesPerDay: 300, medianSize: 3_000 },
      ],
      benchmarks: [{ type: 'constant-mix' }, { type: 'threshold', band: 0.02, costBps: 5 }],
      seed: 2,
      seriesPoints: 50,
    })
    const m = result.metrics
    expect(m.arbTrades).toBeGreaterThan(100)
    expect(m.noiseTrades).toBeGreaterThan(3_000)
    expect(Math.abs(m.feeIncome - m.arbFees - m.noiseFees)).toBeLessThan(1e-9 * m.feeIncome)
    expect(m.trades).toBe(m.arbTrades + m.noiseTrades) // two tokens: one swap per arbitrage
    expect(Math.abs(m.lpValue - 1e6 - (m.marketPnl - m.lvr + m.feeIncome))).toBeLessThan(1e-9 * 1e6)
    // The series' cumulative columns end on the totals.
    const last = (name: string) => result.series.data[result.series.columns.indexOf(name)]!.at(-1)
    expect(last('feeIncome')).toBeCloseTo(m.feeIncome, 6)
    expect(last('lvr')).toBeCloseTo(m.lvr, 6)
    expect(last('arbProfit')).toBeCloseTo(m.arbProfit, 6)
    expect(last('weight.T0')).toBeCloseTo(0.4, 12)
  })
})

describe('runSimulation: LVR under GBM', () => {
  it('matches sigma^2/2 w(1-w) V per unit time within 4 standard errors over 200 paths', () => {
    // 2 tokens (risky + numeraire), fee 0, hourly steps for 30 days. Per path, the ratio of the
    // realised LVR to the integral of the closed-form rate along the path's own pool value
    // (sum over steps of sigma^2/2 w(1-w) V_t dt). Its mean over paths is 1 up to the discrete-time
    // bias O(sigma^2 dt) ~ 1e-4, far below the Monte Carlo error (~0.4 % here).
    // False-alarm rate of a 4-sigma bound: about 6e-5.
    const sigma = 0.8
    const dt = 3_600
    const steps = 721
    for (const w of [0.5, 0.8]) {
      const ratios: number[] = []
      for (let path = 0; path < 200; path++) {
        const prices = gbmSource({
          tokens: 2,
          steps,
          dt,
          sigma,
          seed: 1_000 + path,
          withNumeraire: true,
        })
        const result = runSimulation({
          pool: { weights: [w, 1 - w], swapFee: 0, initialValue: 1e6 },
          prices,
          agents: [{ type: 'arbitrageur' }],
          benchmarks: [],
          seed: 1,
          seriesPoints: steps,
        })
        const values = result.series.data[result.series.columns.indexOf('lpValue')]!
        expect(values.length).toBe(steps)
        let expected = 0
        // Rate applies to the value held over each step (left point).
        for (let t = 0; t < steps - 1; t++)
          expected += ((sigma * sigma) / 2) * w * (1 - w) * values[t]! * (dt / YEAR)
        ratios.push(result.metrics.lvr / expected)
      }
      const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length
      const variance = ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1)
      const se = Math.sqrt(variance / ratios.length)
      expect(Math.abs(mean - 1)).toBeLessThan(4 * se)
      expect(se).toBeLessThan(0.02) // the test has power: a 10 % bias would fail
    }
  })
})

describe('runSimulation: agents options', () => {
  it('acts exactly on the steps that are multiples of everySteps', () => {
    // The price rises 10 % every step, far outside the 0.3 % fee band, so the arbitrageur trades
    // whenever it acts: the steps where the pool's ETH balance changes are the steps it acted.
    const rows = Array.from({ length: 11 }, (_, t) => [100 * 1.1 ** t, 1])
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: handSource(['ETH', 'USD'], rows),
      agents: [{ type: 'arbitrageur', everySteps: 3 }],
      benchmarks: [],
      seed: 1,
      seriesPoints: rows.length, // every step is a point: no down-sampling hides a trade
    })
    const { columns, data } = result.series
    const balance = data[columns.indexOf('balance.ETH')]!
    expect(balance.length).toBe(rows.length)
    const tradeSteps = []
    for (let t = 1; t < balance.length; t++) if (balance[t] !== balance[t - 1]) tradeSteps.push(t)
    expect(tradeSteps).toEqual([3, 6, 9])
    expect(result.metrics.arbTrades).toBe(3)
  })

  it('does not trade when profit does not exceed gas', () => {
    const prices = gbmSource({
      tokens: 2,
      steps: 500,
      dt: 3_600,
      sigma: 0.8,
      seed: 9,
      withNumeraire: true,
    })
    const run = (gasCost: number) =>
      runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
        prices,
        agents: [{ type: 'arbitrageur', gasCost }],
        benchmarks: [],
        seed: 1,
      }).metrics
    expect(run(0).arbTrades).toBeGreaterThan(100)
    expect(run(1e9).arbTrades).toBe(0)
    const some = run(50)
    // Every executed trade earned more than its gas: net profit per trade > 0.
    expect(some.arbTrades).toBeGreaterThan(0)
    expect(some.arbTrades).toBeLessThan(run(0).arbTrades)
    expect(some.arbProfit).toBeGreaterThan(0)
  })

  it('caps at 30 % of the balances and says so in the notes', () => {
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: handSource(
        ['ETH', 'USD'],
        [
          [100, 1],
          [1_000, 1],
        ],
      ),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    })
    expect(result.metrics.capBinds).toBe(1)
    expect(result.notes.some((note) => note.includes('30%') && note.includes('1 of 1'))).toBe(true)
    // The arbitrageur pays USD in; Balancer's in-limit is on the amount net of the fee:
    // amountIn * 0.997 <= 30 % of the 500,000 USD balance. So it pays 150,000 / 0.997 USD and, on
    // the net 150,000 (50/50: x * y = k), the ETH balance falls to 5,000 * 500,000 / 650,000.
    // (The gross rule, amountIn <= 150,000, would leave 650,000 USD and a 5 % smaller trade.)
    const balances = result.series.data[result.series.columns.indexOf('balance.ETH')]!
    const usd = result.series.data[result.series.columns.indexOf('balance.USD')]!
    expect(usd[usd.length - 1]).toBeCloseTo(500_000 + 150_000 / 0.997, 6)
    expect(balances[balances.length - 1]).toBeCloseTo((5_000 * 500_000) / 650_000, 9)
  })
})

describe('runSimulation: weight schedules', () => {
  it('linear (LBP): weights reach endWeights, and a fee-free arbitrageur keeps value weights on them', () => {
    const prices = gbmSource({
      tokens: 2,
      steps: 101,
      dt: 3_600,
      sigma: 0.5,
      seed: 10,
      withNumeraire: true,
    })
    const result = runSimulation({
      pool: {
        weights: [0.9, 0.1],
        swapFee: 0,
        initialValue: 1e6,
        schedule: { type: 'linear', startTime: 0, endTime: 100 * 3_600, endWeights: [0.3, 0.7] },
      },
      prices,
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
      seriesPoints: 101,
    })
    const w0 = result.series.data[result.series.columns.indexOf('weight.T0')]!
    expect(w0[0]).toBe(0.9)
    expect(w0[50]).toBeCloseTo(0.6, 12)
    expect(w0[100]).toBeCloseTo(0.3, 12)
    expect(result.metrics.impermanentLossClosedForm).toBeNull()
    expect(result.metrics.weightDeviation.max).toBeLessThan(1e-12)
  })

  it('momentum: tilts toward the token that rose, within [1 %, 99 %]', () => {
    const rows = Array.from({ length: 21 }, (_, t) => [100 * 1.01 ** t, 100, 1])
    const result = runSimulation({
      pool: {
        weights: [0.3, 0.3, 0.4],
        swapFee: 0.003,
        initialValue: 1e6,
        schedule: { type: 'momentum', everySteps: 5, lookbackSteps: 5, strength: 2 },
      },
      prices: handSource(['A', 'B', 'USD'], rows),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
      seriesPoints: 21,
    })
    const wA = result.series.data[result.series.columns.indexOf('weight.A')]!
    const wB = result.series.data[result.series.columns.indexOf('weight.B')]!
    // Step 5: raw = 0.3 + 2 ln(1.01^5) for A, 0.3 for B, 0.4 for USD; then normalised.
    const tilt = 0.3 + 2 * 5 * Math.log(1.01)
    expect(wA[4]).toBe(0.3)
    expect(wA[5]).toBeCloseTo(tilt / (tilt + 0.7), 12)
    expect(wB[5]).toBeCloseTo(0.3 / (tilt + 0.7), 12)
    expect(wA[20]!).toBeGreaterThan(wA[15]!)
  })
})

describe('runSimulation: series, determinism, errors', () => {
  const config = (): SimulationConfig => ({
    pool: { weights: [0.4, 0.3, 0.3], swapFee: 0.003, initialValue: 1e6 },
    prices: gbmSource({
      tokens: 3,
      steps: 5_001,
      dt: 600,
      sigma: 0.8,
      seed: 12,
      withNumeraire: true,
    }),
    agents: [
      { type: 'arbitrageur', gasCost: 1 },
      { type: 'noise', tradesPerDay: 200, medianSize: 1_000 },
    ],
    benchmarks: [
      { type: 'hodl' },
      { type: 'periodic', everySteps: 144, costBps: 10, name: 'daily' },
    ],
    seed: 5,
    seriesPoints: 100,
  })

  it('keeps every k-th step plus the last, at most seriesPoints', () => {
    const result = runSimulation(config())
    const time = result.series.data[0]!
    // k = ceil(5001 / 99) = 51: steps 0, 51, ..., 4998 (99 points) plus the last (5000).
    expect(time.length).toBe(100)
    expect(time[1]).toBe(51 * 600)
    expect(time[time.length - 1]).toBe(5_000 * 600)
    expect(result.series.columns.slice(0, 8)).toEqual([
      'time',
      'lpValue',
      'hodlValue',
      'constantMixValue',
      'feeIncome',
      'lvr',
      'arbProfit',
      'weightDeviation',
    ])
    expect(result.series.columns).toContain('benchmark.daily')
    const lp = result.series.data[1]!
    expect(lp[lp.length - 1]).toBe(result.metrics.lpValue)
  })

  it('is deterministic: same config and seed give identical results, bit for bit', () => {
    const a = runSimulation(config())
    const b = runSimulation(config())
    expect(a.metrics).toEqual(b.metrics)
    expect(a.benchmarks).toEqual(b.benchmarks)
    a.series.data.forEach((column, c) => {
      expect(
        Buffer.from(column.buffer, column.byteOffset, column.byteLength).equals(
          Buffer.from(
            b.series.data[c]!.buffer,
            b.series.data[c]!.byteOffset,
            b.series.data[c]!.byteLength,
          ),
        ),
      ).toBe(true)
    })
    const other = runSimulation({ ...config(), seed: 6 })
    expect(other.metrics.noiseTrades).not.toBe(a.metrics.noiseTrades)
  })

  it('rejects bad input with BAD_PARAMETER naming the field', () => {
    const run = (patch: Partial<SimulationConfig>) => () => runSimulation({ ...config(), ...patch })
    expect(run({ pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1 } })).toThrow(
      new InputError(
        'BAD_PARAMETER',
        { path: 'pool.weights' },
        'expected 3 weights (one per token), found 2',
      ),
    )
    expect(run({ agents: [{ type: 'arbitrageur', everySteps: 0 }] })).toThrow(
      'agents[0].everySteps: expected an integer >= 1, found 0',
    )
    expect(
      run({ agents: [{ type: 'arbitrageur' }, { type: 'arbitrageur', everySteps: 2 }] }),
    ).toThrow(
      'agents[1].everySteps: expected 1, found 2: competing arbitrageurs act in the same blocks (agents[0] has everySteps 1); give every arbitrageur the same everySteps and blocks',
    )
    expect(run({ benchmarks: [{ type: 'hodl' }, { type: 'hodl' }] })).toThrow(
      'benchmarks[1].name: duplicate benchmark name "hodl"; name one of them',
    )
    expect(run({ benchmarks: [{ type: 'threshold', band: 0, costBps: 1 }] })).toThrow(InputError)
  })

  it('names an unknown agent or benchmark type instead of a field of another kind', () => {
    // issue 14: { type: 'arbitrager' } read as a noise trader: "agents[0].tradesPerDay: expected
    // a positive number"; an unknown benchmark type ran silently as HODL.
    const thrown = (patch: Record<string, unknown>) => {
      try {
        runSimulation({ ...config(), ...patch })
      } catch (error) {
        return error
      }
      return undefined
    }
    const agentError = thrown({
      agents: [{ type: 'noise', tradesPerDay: 1, medianSize: 1 }, { type: 'arbitrager' }],
    })
    expect(agentError).toBeInstanceOf(InputError)
    expect(agentError).toMatchObject({
      code: 'BAD_PARAMETER',
      message:
        'agents[1].type: unknown agent type "arbitrager"; expected one of "arbitrageur", "noise"',
    })
    const benchmarkError = thrown({ benchmarks: [{ type: 'constant_mix' }] })
    expect(benchmarkError).toBeInstanceOf(InputError)
    expect(benchmarkError).toMatchObject({
      code: 'BAD_PARAMETER',
      message:
        'benchmarks[0].type: unknown benchmark type "constant_mix"; expected one of "hodl", "constant-mix", "periodic", "threshold"',
    })
  })

  it('enforces the swap-fee range of the pool model, allowing exactly 0', () => {
    const withFee = (swapFee: number) => () =>
      runSimulation({ ...config(), pool: { ...config().pool, swapFee } })
    const outside = (shown: string) =>
      `pool.swapFee: ${shown} is outside [1e-6, 0.1] (0 is allowed as a fee-free idealisation)`
    for (const [swapFee, shown] of [
      [0.2, '0.2'],
      [0.100001, '0.100001'],
      [5e-7, '5e-7'],
      [-0.001, '-0.001'],
      [Number.NaN, 'NaN'],
    ] as const) {
      expect(withFee(swapFee)).toThrow(
        new InputError('BAD_PARAMETER', { path: 'pool.swapFee' }, outside(shown).slice(14), {
          swapFee,
        }),
      )
      expect(withFee(swapFee)).toThrow(outside(shown))
    }
    // the bounds themselves, and the fee-free idealisation, run
    for (const swapFee of [0, 1e-6, 0.1])
      expect(withFee(swapFee)().metrics.lpValue).toBeGreaterThan(0)
  })

  it('enforces the minimum weight and a sum of 1', () => {
    const withWeights = (weights: number[]) => () =>
      runSimulation({ ...config(), pool: { ...config().pool, weights } })
    expect(withWeights([0.995, 0.004, 0.001])).toThrow(
      'pool.weights[1]: 0.004 is outside [0.01, 1]',
    )
    expect(withWeights([0.5, 0.3, 0.3])).toThrow('pool.weights: weights sum to 1.1, expected 1')
    expect(withWeights([0.98, 0.01, 0.01])().metrics.lpValue).toBeGreaterThan(0)
  })

  /** A 10-step ETH/USD path at 100 with one price replaced at step 7. */
  const runWithPriceAt7 = (price: number) => () => {
    const times = Float64Array.from({ length: 10 }, (_, t) => t * 60)
    const prices = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 100 : 1))
    prices[14] = price
    return runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: sourceFromPath({ tokens: ['ETH', 'USD'], numeraire: 'USD', times, prices }),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    })
  }

  it('stops with PRICE_OUT_OF_RANGE naming token, step, time and value of a bad price', () => {
    for (const [price, shown] of [
      [Number.NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [0, '0'],
      [1.5e-323, '1.5e-323'],
      [9.9e-201, '9.9e-201'],
      [1.1e200, '1.1e+200'],
    ] as const) {
      const run = runWithPriceAt7(price)
      expect(run).toThrow(RunError)
      expect(run).toThrow(expect.objectContaining({ code: 'PRICE_OUT_OF_RANGE' }))
      let message = ''
      try {
        run()
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toBe(
        `PRICE_OUT_OF_RANGE: price of ETH at step 7 (1970-01-01T00:07:00Z) is ${shown}, outside the range the engine runs on [1e-200, 1e+200]`,
      )
    }
  })

  it('runs on prices at the ends of the range [MIN_PRICE, MAX_PRICE]', () => {
    // the bounds themselves are inside: both runs finish with a finite LP value
    expect(Number.isFinite(runWithPriceAt7(1e-200)().metrics.lpValue)).toBe(true)
    expect(Number.isFinite(runWithPriceAt7(1e200)().metrics.lpValue)).toBe(true)
  })

  it('runs a one-step path (two prices): the textbook single jump', () => {
    // fee-free 50/50 constant product, one jump 100 -> 121 fully arbitraged (9 % of ETH out, under
    // the 30 % cap): V1 = V0 sqrt(p1 / p0) = 1.1e6; HODL = V0/2 * 1.21 + V0/2 = 1.105e6
    const times = new Float64Array([0, 86_400])
    const prices = new Float64Array([100, 1, 121, 1])
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6 },
      prices: sourceFromPath({ tokens: ['ETH', 'USD'], numeraire: 'USD', times, prices }),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
    })
    expect(result.steps).toBe(2)
    // 1e-9 relative: a handful of float operations on values near 1e6
    expect(result.metrics.lpValue).toBeCloseTo(1.1e6, 3)
    expect(result.metrics.hodlValue).toBeCloseTo(1.105e6, 3)
    expect(result.warnings).toEqual([])
  })

  it('annualises: return is log growth per year, volatility the per-step log-return std dev times sqrt(steps per year)', () => {
    // No agents: the pool holds its basket, so LP value = HODL value.
    const rows = [
      [100, 1],
      [110, 1],
      [99, 1],
      [120, 1],
    ]
    const dt = 86_400
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1_000 },
      prices: handSource(['ETH', 'USD'], rows, dt),
      agents: [],
      benchmarks: [],
      seed: 1,
    })
    const values = rows.map((row) => 5 * row[0]! + 500)
    const returns = values.slice(1).map((v, t) => Math.log(v / values[t]!))
    const mean = returns.reduce((a, b) => a + b, 0) / 3
    const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / 2)
    const years = (3 * dt) / YEAR
    expect(result.metrics.annualisedReturn).toBeCloseTo(Math.log(values[3]! / 1_000) / years, 10)
    expect(result.metrics.annualisedVolatility).toBeCloseTo(sd * Math.sqrt(3 / years), 10)
    expect(result.metrics.maxDrawdown).toBeCloseTo(1 - values[2]! / values[1]!, 14)
    expect(result.metrics.returnVsHodl).toBe(0)
  })
})

describe('runSimulation: pools drained by a weight schedule', () => {
  const HOUR = 3_600
  /** A year of hourly 80 %-volatility prices with a momentum schedule, cut to `steps` points. */
  const momentumRun = (strength: number, steps = 8_760) => {
    const full = gbmSource({
      tokens: 2,
      steps: 8_760,
      dt: HOUR,
      sigma: 0.8,
      seed: 3,
      withNumeraire: true,
    })
    const path = collectPath(full)
    return runSimulation({
      pool: {
        weights: [0.5, 0.5],
        swapFee: 0.003,
        initialValue: 1e6,
        schedule: { type: 'momentum', everySteps: 1, lookbackSteps: 1, strength },
      },
      prices: sourceFromPath({
        ...path,
        times: path.times.subarray(0, steps),
        prices: path.prices.subarray(0, 2 * steps),
      }),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
    })
  }

  it('warns POOL_DRAINED at the first step the LP value is below 1e-9 of its start', () => {
    const result = momentumRun(10)
    expect(result.warnings).toHaveLength(1)
    const warning = result.warnings[0]!
    const step = warning.step!
    // the oracle: the same path cut just before and just after the named step
    expect(momentumRun(10, step).metrics.lpValue).toBeGreaterThanOrEqual(1e-3)
    expect(momentumRun(10, step + 1).metrics.lpValue).toBeLessThan(1e-3)
    expect(warning).toEqual({
      code: 'POOL_DRAINED',
      message: `the LP value fell below 1e-9 of its start (1000000) at step ${step} (${new Date(
        step * HOUR * 1000,
      )
        .toISOString()
        .replace(
          '.000Z',
          'Z',
        )}); later figures describe an empty pool; likely cause: the momentum weight schedule (strength 10, everySteps 1, lookbackSteps 1) moved the weights away from the market faster than fees repaid the arbitrageur's profit at each move`,
      step,
      time: step * HOUR,
    })
  })

  it('gives no warning when the pool keeps its value', () => {
    expect(momentumRun(0.5).warnings).toEqual([])
  })

  it('names the quantity, the step and the cause when the state becomes non-finite', () => {
    let error: unknown
    try {
      momentumRun(100)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(RunError)
    const run = error as RunError
    expect(run.code).toBe('NON_FINITE')
    const step = run.values.step as number
    const drainedAt = /drained since step (\d+)/.exec(run.message)?.[1]
    // the oracle: the path cut at the named step (points 0 .. step - 1) still finishes
    expect(() => momentumRun(100, step)).not.toThrow()
    expect(momentumRun(100, step).warnings[0]?.step).toBe(Number(drainedAt))
    expect(run.message).toBe(
      `NON_FINITE: ${(run.values.quantities as string[]).join(', ')} became non-finite at step ${step} (${new Date(
        step * HOUR * 1000,
      )
        .toISOString()
        .replace(
          '.000Z',
          'Z',
        )}); likely cause: the pool had been drained since step ${drainedAt}, and the momentum weight schedule (strength 100, everySteps 1, lookbackSteps 1) drove it there`,
    )
  })
})
