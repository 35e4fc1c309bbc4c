/**
 * Tests for the tail of src/sim/engine/exactLoop.ts (docs/mutation.md, "the exact engine's
 * arbitrage and noise, the check's statistics"): `exactCheckOf` on a hand-made run (the
 * statistics blocks read back, the reverts in name order), the exact noise traders against the
 * float engine's (the same draws: token pairs, sizes, fee-elastic routing, trade by trade), and the
 * exact arbitrage's ideal and realised profit on a 3-token pool against the float run's.
 */
import { describe, expect, it } from 'vitest'
import { exactCheckOf } from '../../../src/sim/engine/exactLoop.js'
import type { ExactRun } from '../../../src/sim/engine/exactLoop.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { PoolMath, SimulationConfig } from '../../../src/sim/engine/types.js'
import { lazy } from '../../lazy.js'
import { gbmSource, handSource } from './testPaths.js'

const MATHS = ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const

describe('exactCheckOf on a hand-made run', () => {
  // The statistics layout: three blocks of (largest |x|, sum of x^2, sum of x, smallest, largest,
  // count) at 0, 6 and 12; then shrunk (18), skipped (19), executed (20).
  const stats = new Float64Array(21)
  stats.set([0.5, 0.29, -0.1, -0.5, 0.2, 4], 0)
  stats.set([3, 9.25, 2.5, -0.5, 3, 2], 6)
  // the value block saw nothing: count 0, its rms and mean are 0 (not 0 / 0)
  stats.set([2, 3, 7], 18)
  const run = {
    pool: { math: 'exact-v2', decimals: [18, 6], balancesRaw: [12345678901234567890n, 7n] },
    swapFee: 0.003,
    stats,
    // inserted out of name order
    reverts: new Map([
      ['ZeroOut', 1],
      ['BAL#304', 4],
      ['MaxInRatio', 2],
    ]),
  } as unknown as ExactRun
  it('reads every figure back, the rms and mean from the sums and the count', () => {
    const check = exactCheckOf(run)
    expect(check).toStrictEqual({
      math: 'exact-v2',
      decimals: [18, 6],
      swapFee: 0.003,
      balancesRaw: ['12345678901234567890', '7'],
      trades: 7,
      shrunk: 2,
      skipped: 3,
      reverts: { 'BAL#304': 4, MaxInRatio: 2, ZeroOut: 1 },
      amountOut: {
        maxAbs: 0.5,
        rms: Math.sqrt(0.29 / 4),
        mean: -0.1 / 4,
        min: -0.5,
        max: 0.2,
        count: 4,
      },
      balances: { maxAbs: 3, rms: Math.sqrt(9.25 / 2), mean: 1.25, min: -0.5, max: 3, count: 2 },
      value: { maxAbs: 0, rms: 0, mean: 0, min: 0, max: 0, count: 0 },
    })
    // a copy of the decimals, not the pool's own array
    expect(check.decimals).not.toBe(run.pool.decimals)
  })
  it('keys the reverts in name order', () => {
    expect(Object.keys(exactCheckOf(run).reverts)).toEqual(['BAL#304', 'MaxInRatio', 'ZeroOut'])
  })
})

describe('exact noise traders: the float engine draws, trade by trade', () => {
  // Three tokens (T0 and T1 priced by a GBM, USD), two noise traders: one fee-blind with
  // log-normal sizes, one fee-elastic (outside venue at 0.2 %, elasticity 2) whose arrivals are
  // thinned by the cost of the planned trade. Orders stay well below the 30 % limits (median
  // 0.2 % of the pool), where the exact traders plan exactly as the float ones: the same arrivals,
  // token pairs, sizes and routing, the amounts in equal to the raw unit of 18-decimal tokens.
  const config = (math: PoolMath): SimulationConfig => ({
    pool: { weights: [0.5, 0.3, 0.2], swapFee: 0.003, initialValue: 1e6, math },
    prices: gbmSource({
      tokens: 3,
      steps: 73,
      dt: 3600,
      sigma: 0.8,
      seed: 11,
      withNumeraire: true,
    }),
    agents: [
      { type: 'noise', tradesPerDay: 60, medianSize: 2_000, sizeSigma: 1 },
      {
        type: 'noise',
        tradesPerDay: 60,
        medianSize: 3_000,
        sizeSigma: 0.7,
        demand: { elasticity: 2, outsideCost: 0.002, referenceSwapFee: 0.003 },
      },
    ],
    benchmarks: [{ type: 'hodl' }],
    seed: 5,
    trades: true,
  })
  const float = lazy(() => runSimulation(config('float')))
  for (const math of MATHS)
    it(`${math}: the same trades and fee-elastic routing as the float run`, () => {
      const f = float()
      const x = runSimulation(config(math))
      const key = (t: { step: number; agent: number; tokenIn: string; tokenOut: string }) => [
        t.step,
        t.agent,
        t.tokenIn,
        t.tokenOut,
      ]
      const ft = f.trades!
      const xt = x.trades!
      // both traders trade, every ordered pair of the three tokens is drawn
      expect(ft.length).toBeGreaterThan(100)
      expect(new Set(ft.map((t) => t.agent)).size).toBe(2)
      expect(new Set(ft.map((t) => `${t.tokenIn}>${t.tokenOut}`)).size).toBe(6)
      expect(xt.map(key)).toEqual(ft.map(key))
      // The amount in is the float order floored to 1e-18: relative 1e-12 is far above that and
      // far below any change of the size, the price it is divided by, or the draws.
      xt.forEach((t, i) => {
        const want = ft[i]!.amountIn
        expect(Math.abs(t.amountIn - want), String(i)).toBeLessThanOrEqual(1e-12 * want)
      })
      expect(x.metrics.noiseTrades).toBe(f.metrics.noiseTrades)
      expect(x.metrics.noiseCapBinds).toBe(0)
      expect(f.metrics.noiseCapBinds).toBe(0)
      // the routed-away count is in the fee-elastic note, identical to the float run's
      const elastic = (notes: string[]) => notes.filter((n) => n.startsWith('Fee-elastic flow'))
      expect(elastic(f.notes)).toHaveLength(1)
      expect(elastic(f.notes)[0]).toMatch(/went to the outside venue/)
      expect(elastic(f.notes)[0]).not.toMatch(/, 0 went to/)
      expect(elastic(x.notes)).toEqual(elastic(f.notes))
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
      expect(rel(x.metrics.noiseVolume, f.metrics.noiseVolume)).toBeLessThan(1e-9)
      expect(rel(x.metrics.noiseFees, f.metrics.noiseFees)).toBeLessThan(1e-9)
    })
})

describe('exact arbitrage on three tokens: ideal and realised profit', () => {
  // T0 up 10 %, T1 down 10 % in one step on a 40/40/20 pool: the closed-form optimum trades
  // three tokens at once, the pairwise swaps realise a little less; the run's note gives both,
  // and the exact run's first step plans on the same view as the float run's (to the raw unit).
  const config = (math: PoolMath): SimulationConfig => ({
    pool: { weights: [0.4, 0.4, 0.2], swapFee: 0.003, initialValue: 1e6, math },
    prices: handSource(
      ['T0', 'T1', 'USD'],
      [
        [1, 1, 1],
        [1.1, 0.9, 1],
      ],
      3600,
    ),
    agents: [{ type: 'arbitrageur', gasCost: 1 }],
    benchmarks: [{ type: 'hodl' }],
    seed: 1,
  })
  const numbers = (note: string) => (note.match(/-?[\d,.]+(?:e[-+]?\d+)?/g) ?? []).join(' ')
  it('books the float optimum as ideal, the exact swaps as realised, once, gas not deducted', () => {
    const f = runSimulation(config('float'))
    const shortfall = (notes: string[]) =>
      notes.filter((n) => n.startsWith('Executing multi-token'))
    expect(shortfall(f.notes)).toHaveLength(1)
    for (const math of MATHS) {
      const x = runSimulation(config(math))
      expect(x.metrics.arbTrades, math).toBe(1)
      expect(x.metrics.gasPaid, math).toBe(1)
      const note = shortfall(x.notes)
      expect(note, math).toHaveLength(1)
      // the printed figures (a few significant digits) agree with the float run's
      expect(numbers(note[0]!), math).toBe(numbers(shortfall(f.notes)[0]!))
      // and the realised profit, before gas, is the arbitrage profit plus the gas
      expect(Math.abs(x.metrics.arbProfit + 1 - (f.metrics.arbProfit + 1))).toBeLessThan(
        1e-6 * (f.metrics.arbProfit + 1),
      )
    }
  })
})

describe('exact arbitrage: the gas check before the plan, the capped plan, the undo after a trade', () => {
  const arb = (
    math: PoolMath,
    rows: number[][],
    gasCost: number,
    decimals = [18, 6],
    trades = false,
  ): SimulationConfig => ({
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals },
    prices: handSource(['ETH', 'USDC'], rows, 3600, 'USDC'),
    agents: [{ type: 'arbitrageur', gasCost }],
    benchmarks: [{ type: 'hodl' }],
    seed: 1,
    trades,
  })
  for (const math of MATHS)
    it(`${math}: an arbitrage worth less than its gas is not tried at all`, () => {
      // ETH with 0 decimals, 2000 -> 1990 (0.5 %, past the 0.3 % fee): the optimum pays in a
      // fraction of one ETH, floored to 0 raw units and skipped when tried (gas 0); with gas 1,
      // above the optimum's profit, it is never tried: nothing skipped.
      const rows = [
        [2000, 1],
        [1990, 1],
      ]
      const tried = runSimulation(arb(math, rows, 0, [0, 6])).exactCheck!
      expect(tried.skipped).toBe(1)
      expect(tried.trades).toBe(0)
      const skipped = runSimulation(arb(math, rows, 1, [0, 6]))
      expect(skipped.exactCheck!.skipped).toBe(0)
      expect(skipped.exactCheck!.trades).toBe(0)
      expect(skipped.metrics.arbTrades).toBe(0)
    })
  for (const math of MATHS)
    it(`${math}: a capped arbitrage executes its planned swaps only`, () => {
      // ETH x10: the plan is capped at 30 % of the ETH balance; one swap, nothing skipped
      const r = runSimulation(
        arb(
          math,
          [
            [2000, 1],
            [20_000, 1],
          ],
          0,
        ),
      )
      expect(r.metrics.capBinds).toBe(1)
      expect(r.exactCheck!.trades).toBe(1)
      expect(r.exactCheck!.skipped).toBe(0)
      expect(r.exactCheck!.reverts).toEqual({})
    })
  for (const math of MATHS)
    it(`${math}: undoes the second arbitrage to the balances after the first`, () => {
      // ETH 2000 -> 2200 -> 2150: two trades with no gas. With the gas set to the second trade's
      // realised profit (recomputed from its logged amounts as the engine does), the first still
      // pays and the second is undone: the pool ends where the first trade left it.
      const rows = [
        [2000, 1],
        [2200, 1],
        [2150, 1],
      ]
      const free = runSimulation(arb(math, rows, 0, [18, 6], true))
      const [first, second] = free.trades!
      expect(free.trades).toHaveLength(2)
      const gas = second!.amountOut * 1 * 1 - second!.amountIn * 2150 * 1
      expect(gas).toBeGreaterThan(0)
      const r = runSimulation(arb(math, rows, gas, [18, 6], true))
      expect(r.trades).toHaveLength(1)
      expect(r.metrics.arbTrades).toBe(1)
      // after the first trade: USDC in, ETH out, from 250 ETH and 500,000 USDC, in raw units
      const eth = 250n * 10n ** 18n - BigInt(Math.round(first!.amountOut * 1e18))
      const usdc = 500_000n * 10n ** 6n + BigInt(Math.round(first!.amountIn * 1e6))
      const [rawEth, rawUsdc] = r.exactCheck!.balancesRaw.map(BigInt)
      // the float log is read back to 1e-18 relative: within 1e3 raw units of 1e20
      expect(rawUsdc).toBe(usdc)
      expect(rawEth! - eth < 1000n && eth - rawEth! < 1000n).toBe(true)
      expect(r.exactCheck!.balancesRaw).toEqual(
        runSimulation(arb(math, rows.slice(0, 2), 0)).exactCheck!.balancesRaw,
      )
    })
})
