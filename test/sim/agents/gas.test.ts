import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { createGasSeriesSource, createGasSource, nextGas } from '../../../src/sim/agents/gas.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { ArbitrageurSpec, SimulationConfig } from '../../../src/sim/engine/types.js'
import { createRng } from '../../../src/sim/random.js'
import { gbmSource } from '../engine/testPaths.js'

describe('nextGas', () => {
  it('draws log gas with the stated median and sigma (fixed seed, 4-sigma bounds)', () => {
    // 20,000 draws of median 5, sigma 0.5: the mean of log gas has sd 0.5 / sqrt(N) = 0.0035,
    // the sample sd of a normal sample sd 0.5 / sqrt(2 (N - 1)) = 0.0025.
    const N = 20_000
    const source = createGasSource(createRng(7, 'gas', 0), 5, 0.5)
    const logs = Array.from({ length: N }, () => Math.log(nextGas(source, 0)))
    const mean = logs.reduce((a, b) => a + b, 0) / N
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1))
    expect(Math.abs(mean - Math.log(5))).toBeLessThan((4 * 0.5) / Math.sqrt(N))
    expect(Math.abs(sd - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(2 * (N - 1)))
  })

  it('gives the median itself when sigma is 0', () => {
    const source = createGasSource(createRng(7, 'gas', 0), 3.7, 0)
    for (let i = 0; i < 5_000; i++) expect(nextGas(source, 0)).toBe(3.7)
  })
})

describe('nextGas on a time series', () => {
  it('gives the last row at or before the time, the first row before it', () => {
    const source = createGasSeriesSource([50, 100, 200], [1, 2, 3])
    const seen = [0, 49, 50, 99, 100, 150, 200, 1e9].map((time) => nextGas(source, time))
    expect(seen).toEqual([1, 1, 1, 1, 2, 2, 3, 3])
  })
})

describe('an arbitrageur with a gas distribution', () => {
  // Gas of 37.1 (not a binary fraction: sums of it round) or about 40 on a 1e6 pool with a 0.3 %
  // fee binds: some profitable moves are left undone.
  const config = (
    tokens: number,
    gasCost: ArbitrageurSpec['gasCost'],
    math?: SimulationConfig['pool']['math'],
  ): SimulationConfig => ({
    pool: {
      weights: Array.from({ length: tokens }, () => 1 / tokens),
      swapFee: 0.003,
      initialValue: 1e6,
      math,
    },
    prices: gbmSource({
      tokens,
      steps: 3_000,
      dt: 3_600,
      sigma: 0.8,
      seed: 4,
      withNumeraire: true,
    }),
    agents: [
      { type: 'arbitrageur', gasCost, externalFee: 0.0005 },
      { type: 'noise', tradesPerDay: 24, medianSize: 2_000 },
    ],
    benchmarks: [],
    seed: 11,
    trades: true,
  })
  const lognormal = (median: number, sigma: number) =>
    ({ distribution: 'lognormal', median, sigma }) as const

  for (const [label, tokens, math] of [
    ['two tokens (fast loop)', 2, undefined],
    ['three tokens (general loop)', 3, undefined],
    ['the exact pool math', 2, 'exact-v2'],
  ] as const)
    it(`with sigma 0 equals the constant run byte for byte: ${label}`, () => {
      const constant = runSimulation(config(tokens, 37.1, math))
      const drawn = runSimulation(config(tokens, lognormal(37.1, 0), math))
      expect(constant.metrics.gasPaid).toBeGreaterThan(0)
      expect(JSON.stringify(drawn)).toBe(JSON.stringify(constant))
    })

  for (const [tokens, math] of [
    [2, undefined],
    [3, undefined],
    [2, 'exact-v2'],
  ] as const)
    it(`pays a different gas per trade when sigma > 0: ${tokens} tokens, ${math ?? 'float'}`, () => {
      const m = runSimulation(config(tokens, lognormal(40, 1), math)).metrics
      expect(m.arbTrades).toBeGreaterThan(0)
      expect(m.gasPaid / m.arbTrades).not.toBeCloseTo(40, 6)
    })

  it('rejects a negative median, naming the path', () => {
    const attempt = () => runSimulation(config(2, lognormal(-1, 0.5)))
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(
      new InputError(
        'BAD_PARAMETER',
        { path: 'agents[0].gasCost.median' },
        'expected a number >= 0, found -1',
      ),
    )
  })
})
