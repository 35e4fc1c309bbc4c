/**
 * Mutation kills (issue 13, docs/mutation.md) for stepLoop.ts's N-token loop `runChunk` and the
 * set-up of `runTwoTokenChunk`: runs longer than one chunk (CHUNK_STEPS rows), so the running
 * sums carried from one chunk into the next (peak, drawdown floor, previous LP value) are read
 * back, checked against closed forms computed here from the path (no trades: the balances stay
 * at their start) and against the reference engine (test/reference).
 */
import { describe, expect, it } from 'vitest'
import { CHUNK_STEPS, runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { ResolvedSimulationConfig } from '../../../src/sim/engine/types.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import type { PricePath } from '../../../src/sim/prices/types.js'
import { lazy } from '../../lazy.js'
import { compareFigures, failures } from '../../reference/compareFigures.js'
import { runReference } from '../../reference/referenceEngine.js'

/** Steps: one full chunk and part of a second. */
const STEPS = CHUNK_STEPS + 300
const V0 = 1e6

/**
 * T0's price (numeraire): up from 100 to 200 by step 1000 (a peak), down to 100 by step 2000
 * (the largest drawdown), up to a new peak of 250 by step 3000 and down to 220 by the end of the
 * first chunk (a smaller drawdown after the new peak); in the second chunk it swings between 200
 * and 240, below the peak, a drawdown smaller than the first one too.
 */
function priceT0(t: number): number {
  if (t <= 1_000) return 100 + (100 * t) / 1_000
  if (t <= 2_000) return 200 - (100 * (t - 1_000)) / 1_000
  if (t <= 3_000) return 100 + (150 * (t - 2_000)) / 1_000
  if (t < CHUNK_STEPS) return 250 - (30 * (t - 3_000)) / (CHUNK_STEPS - 3_000)
  return 220 + 20 * Math.cos((2 * Math.PI * (t - CHUNK_STEPS)) / 100)
}

/** With 3 tokens T1 wobbles around 3; the last token is the numeraire USD. */
function pathOf(n: 2 | 3): PricePath {
  const times = new Float64Array(STEPS)
  const prices = new Float64Array(n * STEPS)
  for (let t = 0; t < STEPS; t++) {
    times[t] = 1_700_000_000 + 3_600 * t
    prices[n * t] = priceT0(t)
    if (n === 3) prices[n * t + 1] = 3 * (1 + 0.2 * Math.sin(t / 37))
    prices[n * t + n - 1] = 1
  }
  const tokens = n === 3 ? ['T0', 'T1', 'USD'] : ['T0', 'USD']
  return { tokens, numeraire: 'USD', times, prices }
}

function configOf(
  path: PricePath,
  weights: number[],
  seriesPoints: number | 'all' = 'all',
): ResolvedSimulationConfig {
  return {
    pool: { weights, swapFee: 0.003, initialValue: V0 },
    prices: sourceFromPath(path),
    agents: [],
    benchmarks: [{ type: 'hodl' }, { type: 'constant-mix' }],
    seed: 1,
    seriesPoints,
  }
}

/** The figures of a pool that never trades, from the path alone. */
function closedForms(path: PricePath, weights: number[]) {
  const n = weights.length
  const p = (t: number, k: number) => path.prices[t * n + k]!
  const balances = weights.map((w, k) => (w * V0) / p(0, k))
  const lp: number[] = []
  const deviation: number[] = []
  const mix: number[] = [V0]
  for (let t = 0; t < STEPS; t++) {
    let value = 0
    for (let k = 0; k < n; k++) value += balances[k]! * p(t, k)
    lp.push(value)
    let gaps = 0
    for (let k = 0; k < n; k++) gaps += Math.abs(balances[k]! * p(t, k) - weights[k]! * value)
    deviation.push(gaps / (2 * value))
    if (t > 0) {
      let growth = 0
      for (let k = 0; k < n; k++) growth += (weights[k]! * p(t, k)) / p(t - 1, k)
      mix.push(mix[t - 1]! * growth)
    }
  }
  let peak = -Infinity
  let maxDrawdown = 0
  for (const value of lp) {
    peak = Math.max(peak, value)
    maxDrawdown = Math.max(maxDrawdown, 1 - value / peak)
  }
  const steps = deviation.slice(1)
  return {
    lp,
    deviation,
    mix,
    maxDrawdown,
    deviationMean: steps.reduce((a, b) => a + b, 0) / steps.length,
    deviationMax: Math.max(...steps),
    marketPnl: lp[STEPS - 1]! - lp[0]!,
  }
}

const near = (got: number, want: number, scale = Math.abs(want)) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * scale)
}

const cases = [
  // the N-token loop runChunk
  { name: '3 tokens (runChunk)', n: 3 as const, weights: [0.5, 0.3, 0.2] },
  // the 2-token fast path runTwoTokenChunk
  { name: '2 tokens (runTwoTokenChunk)', n: 2 as const, weights: [0.6, 0.4] },
].map((c) => ({
  ...c,
  run: lazy(() => {
    const path = pathOf(c.n)
    const config = configOf(path, c.weights)
    return {
      path,
      result: runSimulation(config),
      // every 45th step (ceil((STEPS - 1) / 99)) and the last, which is not a multiple of 45
      sampled: runSimulation(configOf(path, c.weights, 100)),
      ref: runReference(config, path),
      want: closedForms(path, c.weights),
    }
  }),
}))

describe.each(cases)('the step loop over two chunks, $name, no trades', ({ run }) => {
  it("keeps the first chunk's drawdown when the second dips less", () => {
    const { result, want } = run()
    // the path is built so: the largest drawdown is T0's fall in the first chunk
    expect(want.maxDrawdown).toBeGreaterThan(0.2)
    near(result.metrics.maxDrawdown, want.maxDrawdown)
  })

  it('agrees with the closed forms on values, P&L and weight deviation', () => {
    const { result, want } = run()
    const m = result.metrics
    near(m.lpValue, want.lp[STEPS - 1]!)
    near(m.hodlValue, want.lp[STEPS - 1]!)
    near(m.marketPnl, want.marketPnl, V0)
    near(m.weightDeviation.mean, want.deviationMean)
    near(m.weightDeviation.max, want.deviationMax)
    near(result.benchmarks['constant-mix']!.value, want.mix[STEPS - 1]!)
  })

  it('samples every step with the closed-form values', () => {
    const { result, want } = run()
    const column = (name: string) => result.series.data[result.series.columns.indexOf(name)]!
    const lp = column('lpValue')
    const hodl = column('hodlValue')
    const mix = column('constantMixValue')
    const deviation = column('weightDeviation')
    expect(lp.length).toBe(STEPS)
    // the worst error of each column over the steps (one expect per column, not per step)
    let worst = [0, 0, 0, 0]
    for (let t = 0; t < STEPS; t++) {
      const errors = [
        Math.abs(lp[t]! / want.lp[t]! - 1),
        Math.abs(hodl[t]! / want.lp[t]! - 1),
        Math.abs(mix[t]! / want.mix[t]! - 1),
        Math.abs(deviation[t]! - want.deviation[t]!),
      ]
      worst = worst.map((w, i) => Math.max(w, errors[i]!))
    }
    expect(worst.every((w) => w <= 1e-9)).toBe(true)
  })

  it('samples every 45th step and the last one, whose step number runs on across chunks', () => {
    const { path, sampled, want } = run()
    const rows = [...Array.from({ length: 98 }, (_, i) => 45 * i), STEPS - 1]
    expect((STEPS - 1) % 45).not.toBe(0)
    const column = (name: string) =>
      Array.from(sampled.series.data[sampled.series.columns.indexOf(name)]!)
    expect(column('time')).toEqual(rows.map((t) => path.times[t]))
    const lp = column('lpValue')
    expect(lp.length).toBe(rows.length)
    expect(rows.every((t, i) => Math.abs(lp[i]! / want.lp[t]! - 1) <= 1e-9)).toBe(true)
  })

  it('agrees with the reference engine on every figure', () => {
    const { result, ref } = run()
    expect(failures(compareFigures(result, ref))).toEqual([])
  })
})

describe('runChunk: the swap-fee rule reads the time since the start', () => {
  it('sets the fee of a rule on time at each step (3 tokens, a path starting at 1.7e9 s)', () => {
    const steps = 24
    const times = Float64Array.from({ length: steps }, (_, t) => 1_700_000_000 + 3_600 * t)
    const prices = Float64Array.from({ length: 3 * steps }, (_, i) => [2, 3, 1][i % 3]!)
    const path: PricePath = { tokens: ['T0', 'T1', 'USD'], numeraire: 'USD', times, prices }
    const result = runSimulation({
      pool: {
        weights: [0.4, 0.4, 0.2],
        swapFee: 0.003,
        initialValue: V0,
        // 0.001 for the first 12 hours of the run, 0.002 after: time is seconds since the start
        swapFeeRule: { type: 'expression', expression: 'time < 43200 ? 0.001 : 0.002' },
      },
      prices: sourceFromPath(path),
      agents: [],
      benchmarks: [],
      seed: 1,
      seriesPoints: 'all',
    })
    const fees = Array.from(result.series.data[result.series.columns.indexOf('swapFee')]!)
    const want = [
      0.003,
      ...Array.from({ length: steps - 1 }, (_, i) => (3_600 * (i + 1) < 43_200 ? 0.001 : 0.002)),
    ]
    expect(fees).toEqual(want)
  })
})
