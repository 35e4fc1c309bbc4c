import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { createScenario } from '../../../src/sim/scenario/create.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import { feedPath, runCounterfactual } from '../../../src/sim/replay/counterfactual.js'
import { analyseReplay, type ReplayFeed } from '../../../src/sim/replay/economics.js'
import type { ReplayTrace } from '../../../src/sim/replay/trace.js'
import { tempDir } from '../../tempDir.js'

/** Hourly ETH prices, 2024-01-01T00:00Z onwards; USD is the numeraire. */
const START = 1_704_067_200
const ETH = [2_000, 2_100, 1_950, 2_050, 2_300, 2_250, 2_200]
const times = ETH.map((_, i) => START + i * 3_600)
const feed: ReplayFeed = { numeraire: 'USD', series: [{ times, prices: ETH }, null] }

/** An 80/20 ETH/USD pool, fee 0.3 %, worth 1,000,000 at the first event; one swap per hour
 * paying `amountOut` USD per ETH. */
function trace(amountOut = 2_000): ReplayTrace {
  const balances = [400, 200_000]
  return {
    pool: {
      name: 'tiny',
      protocol: 'v2',
      tokens: ['ETH', 'USD'],
      decimals: [18, 6],
      weights: [0.8, 0.2],
      swapFee: 0.003,
    },
    initialBalances: balances,
    initialSupply: 1_000,
    // one recorded swap per hour, at each feed point after the first: 1 ETH in, 2,000 USD out
    events: times.slice(1).map((t, i) => ({
      kind: 'swap' as const,
      block: i + 1,
      logIndex: 0,
      timestamp: t,
      deltas: [1, -amountOut],
      balancesAfter: [400 + (i + 1), 200_000 - amountOut * (i + 1)],
      supplyAfter: 1_000,
      swap: { tokenIn: 0, tokenOut: 1, amountIn: 1, amountOut, feeAmount: 0.003 },
    })),
  }
}

describe('feedPath', () => {
  it('samples the last feed price at or before each grid point, ending on the end time', () => {
    const p = feedPath(feed, ['ETH', 'USD'], START + 1_800, START + 10_900, 3_600)
    expect(Array.from(p.times)).toEqual([
      START + 1_800,
      START + 5_400,
      START + 9_000,
      START + 10_900,
    ])
    // ETH priced from the points at START, +1 h, +2 h, +3 h; USD is the numeraire (1)
    expect(Array.from(p.prices)).toEqual([2_000, 1, 2_100, 1, 1_950, 1, 2_050, 1])
  })
})

describe('runCounterfactual', () => {
  it('equals a direct runScenario of the pool on the same hourly prices', async () => {
    const economics = analyseReplay(trace(), feed)
    // the analysis starts at the first event (t = START + 1 h) with the pool worth
    // 400 ETH * 2,100 + 200,000 USD = 1,040,000
    expect(economics.totals.poolValueStart).toBe(1_040_000)
    const dir = tempDir('amm-counterfactual-')
    const rows = times.slice(1).map((t, i) => `${t},${ETH[i + 1]},1`)
    writeFileSync(path.join(dir, 'prices.csv'), ['time,ETH,USD', ...rows].join('\n') + '\n')
    const scenario = createScenario({
      name: 'direct',
      pool: {
        tokens: ['ETH', 'USD'],
        weights: [0.8, 0.2],
        swapFee: 0.003,
        initialValue: 1_040_000,
      },
      prices: { model: 'csv', numeraire: 'USD', file: 'prices.csv', format: 'wide' },
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
    })
    const direct = (await runScenario(scenario, { baseDir: dir })).result.metrics
    const cf = runCounterfactual(economics, feed, { swapFees: [0.01] })
    expect(cf.steps).toBe(6)
    expect(cf.initialValue).toBe(1_040_000)
    // the same prices on the same grid through the same engine: equal to the last bit
    expect(cf.engine.lvr).toBe(direct.lvr)
    expect(cf.engine.feeIncome).toBe(direct.feeIncome)
    expect(cf.engine.returnVsHodl).toBe(direct.returnVsHodl)
    expect(cf.engine.lpValue).toBe(direct.lpValue)
    expect(cf.engine.trades).toBe(direct.trades)
    expect(cf.engine.trades).toBeGreaterThan(0)
    const other = (
      await runScenario(
        createScenario({ ...scenario, pool: { ...scenario.pool, swapFee: 0.01 } }),
        { baseDir: dir },
      )
    ).result.metrics
    expect(cf.fees.map((f) => [f.swapFee, f.feeIncome, f.lvr])).toEqual([
      [0.01, other.feeIncome, other.lvr],
    ])
  })

  it('sums fee and LVR per unit of pool value and compares the LVR with the real pool', () => {
    // Two events (2,100 then 1,950): one arbitrage, at step 1. By hand, the value before it is
    // the start balances at the new price: 0.8 * 1,040,000 / 2,100 * 1,950 + 0.2 * 1,040,000.
    // The real swaps pay 2,200 USD per ETH: the pool loses to them at the feed (LVR > 0).
    const short = { ...trace(2_200), events: trace(2_200).events.slice(0, 2) }
    const economics = analyseReplay(short, feed)
    const cf = runCounterfactual(economics, feed)
    expect(cf.steps).toBe(2)
    expect(cf.engine.trades).toBe(1)
    const before = ((0.8 * 1_040_000) / 2_100) * 1_950 + 0.2 * 1_040_000
    // 1e-12 relative: one division each, against the same division by hand
    expect(Math.abs(cf.engine.feeYield / (cf.engine.feeIncome / before) - 1)).toBeLessThan(1e-12)
    expect(Math.abs(cf.engine.lvrYield / (cf.engine.lvr / before) - 1)).toBeLessThan(1e-12)
    expect(cf.real.lvr).toBe(economics.totals.lvr)
    expect(economics.totals.lvrYield).toBeGreaterThan(0)
    expect(cf.lvrRatio).toBe(cf.engine.lvrYield / economics.totals.lvrYield)
    // the hourly trace as recorded: its swaps gain at the feed, so no ratio is given
    const gains = analyseReplay(trace(), feed)
    expect(gains.totals.lvr).toBeLessThan(0)
    expect(runCounterfactual(gains, feed).lvrRatio).toBeNull()
  })

  it('steps at the feed spacing by default (the median gap between its points)', () => {
    // 5-minute ETH points over the same six hours, with one 1-hour hole: the median stays 300 s
    const fine = Array.from({ length: 73 }, (_, i) => START + i * 300).filter(
      (t) => t < START + 3_600 || t >= START + 7_200,
    )
    const fineFeed: ReplayFeed = {
      numeraire: 'USD',
      series: [{ times: fine, prices: fine.map(() => 2_000) }, null],
    }
    const cf = runCounterfactual(analyseReplay(trace(), fineFeed), fineFeed)
    expect(cf.step).toBe(300)
    expect(cf.steps).toBe((5 * 3_600) / 300 + 1) // the first event at +1 h to the last at +6 h
  })

  it('refuses a fee outside [0, 1), naming it', () => {
    const economics = analyseReplay(trace(), feed)
    const run = () => runCounterfactual(economics, feed, { swapFees: [0.003, 1.5] })
    expect(run).toThrow(InputError)
    expect(run).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(run).toThrow('swapFees[1]: expected a fraction in [0, 1), found 1.5')
  })
})
