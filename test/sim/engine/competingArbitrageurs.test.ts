/**
 * Several arbitrageurs competing for each block (docs/order-flow.md, "Competing arbitrageurs"):
 * the best trade net of its own gas and external fee wins, the rest pay nothing; in a priority
 * auction the winner pays the runner-up's net profit to the block builder.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { runSimulation, runSimulationWithLoop } from '../../../src/sim/engine/runSimulation.js'
import type {
  AgentSpec,
  ArbitrageurSpec,
  SimulationConfig,
  SimulationResult,
} from '../../../src/sim/engine/types.js'
import { collectPath } from '../../../src/sim/prices/path.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { gbmSource } from './testPaths.js'

function config(
  prices: PriceSource,
  agents: AgentSpec[],
  patch: Partial<SimulationConfig> = {},
): SimulationConfig {
  const n = prices.tokens.length
  return {
    // 1e8: LVR of a few numeraire units a block, the size of the gas costs below.
    pool: { weights: Array.from({ length: n }, () => 1 / n), swapFee: 0.003, initialValue: 1e8 },
    prices,
    agents,
    benchmarks: [{ type: 'hodl' }],
    seed: 5,
    seriesPoints: 'all',
    ...patch,
  }
}

/** 12-second blocks, 2 tokens (ETH and the numeraire), 80 % volatility: 3,000 blocks. */
const blocks = () =>
  gbmSource({ tokens: 2, steps: 3_000, dt: 12, sigma: 0.8, seed: 11, withNumeraire: true })

/** The arbitrage identity, summed over arbitrageurs (arbitrage-only runs). */
function identityGap(m: SimulationResult['metrics']): number {
  return m.lvr - (m.arbFees + m.arbProfit + m.gasPaid + m.externalCosts + (m.priorityFees ?? 0))
}

describe('competing arbitrageurs: two identical ones', () => {
  const arb: ArbitrageurSpec = { type: 'arbitrageur', gasCost: 2, externalFee: 0.0005 }

  it('trade the pool as one does, and agent 0 wins every tie', () => {
    const prices = blocks()
    // The lone arbitrageur in the general loop, which competing arbitrageurs run in.
    const one = runSimulationWithLoop(config(prices, [arb]), 'general')
    const two = runSimulation(config(prices, [arb, { ...arb }]))
    expect(one.metrics.arbTrades).toBeGreaterThan(100)
    // Same closed form, same swaps, same order of sums: equal bit for bit.
    expect(two.series.data).toEqual(one.series.data)
    for (const key of [
      'lpValue',
      'lvr',
      'feeIncome',
      'arbProfit',
      'gasPaid',
      'externalCosts',
    ] as const)
      expect(two.metrics[key]).toBe(one.metrics[key])
    const [first, second] = two.metrics.arbitrageurs!
    expect(first).toEqual({
      agent: 0,
      blocksWon: one.metrics.arbTrades,
      profit: one.metrics.arbProfit,
      gasPaid: one.metrics.gasPaid,
      externalFees: one.metrics.externalCosts,
      priorityFees: 0,
    })
    expect(second).toEqual({
      agent: 1,
      blocksWon: 0,
      profit: 0,
      gasPaid: 0,
      externalFees: 0,
      priorityFees: 0,
    })
    expect(two.metrics.priorityFees).toBe(0)
  })

  it('in a priority auction: the winner keeps nothing, the builder takes the whole profit', () => {
    const prices = blocks()
    const one = runSimulationWithLoop(config(prices, [arb]), 'general').metrics
    const two = runSimulation(
      config(prices, [arb, { ...arb }], { arbitrage: { competition: 'priority-auction' } }),
    ).metrics
    // Each block's bid is the winner's own net profit, subtracted from itself: exactly 0.
    expect(two.arbProfit).toBe(0)
    expect(two.arbitrageurs![0]!.profit).toBe(0)
    // Both sums add the same per-block nets in the same order.
    expect(two.priorityFees).toBe(one.arbProfit)
    expect(two.arbitrageurs![0]!.priorityFees).toBe(one.arbProfit)
    expect(two.lpValue).toBe(one.lpValue)
    // Sums of ~1e3-size terms over 3,000 blocks: rounding far below 1e-9 of the LVR.
    expect(Math.abs(identityGap(two))).toBeLessThan(1e-9 * two.lvr)
  })
})

describe('competing arbitrageurs: constant gas', () => {
  it('the cheaper one wins every block; an auction leaves it the gas difference at most', () => {
    const prices = blocks()
    const path = collectPath(prices)
    const dear: ArbitrageurSpec = { type: 'arbitrageur', gasCost: 5 }
    const cheap: ArbitrageurSpec = { type: 'arbitrageur', gasCost: 1 }
    const alone = runSimulation(config(prices, [cheap])).metrics
    // The cheaper one second, so that winning is not the tie rule.
    const keeps = runSimulation(config(prices, [dear, cheap])).metrics
    expect(keeps.arbitrageurs!.map((a) => a.blocksWon)).toEqual([0, alone.arbTrades])
    expect(keeps.arbProfit).toBeCloseTo(alone.arbProfit, 6)
    expect(keeps.lpValue).toBeCloseTo(alone.lpValue, 6)
    expect(keeps.priorityFees).toBe(0)

    const auction = runSimulation(
      config(prices, [dear, cheap], {
        arbitrage: { competition: 'priority-auction' },
        trades: true,
      }),
    )
    const m = auction.metrics
    expect(m.arbitrageurs![0]!.blocksWon).toBe(0)
    expect(m.arbitrageurs![1]!.blocksWon).toBe(alone.arbTrades)
    // Oracle from the trade log: each block's realised profit r (2 tokens, no external fee: the
    // value out at market less the value in); the dear one bids r - 5 when positive, so the
    // cheap one keeps min(r - 1, 4) and pays max(0, r - 5).
    let kept = 0
    let paid = 0
    for (const trade of auction.trades!) {
      const out = path.tokens.indexOf(trade.tokenOut)
      const r = trade.amountOut * path.prices[trade.step * 2 + out]! - trade.valueIn
      kept += Math.min(r - 1, 4)
      paid += Math.max(0, r - 5)
    }
    expect(paid).toBeGreaterThan(0)
    // The trade log names the winner: agents[1], every time.
    expect(new Set(auction.trades!.map((t) => t.agent))).toEqual(new Set([1]))
    expect(Math.abs(m.arbProfit - kept)).toBeLessThan(1e-9 * m.lvr)
    expect(Math.abs(m.priorityFees! - paid)).toBeLessThan(1e-9 * m.lvr)
    expect(m.arbitrageurs![1]!.priorityFees).toBe(m.priorityFees)
  })
})

describe('competing arbitrageurs: log-normal gas and different CEX fees', () => {
  const agents: ArbitrageurSpec[] = [
    { type: 'arbitrageur', gasCost: { distribution: 'lognormal', median: 2, sigma: 1 } },
    {
      type: 'arbitrageur',
      gasCost: { distribution: 'lognormal', median: 2, sigma: 1 },
      externalFee: 0.0002,
    },
    { type: 'arbitrageur', gasCost: 1.5, externalFee: 0.001 },
  ]

  it('split the wins, and LVR = arb fees + kept profit + gas + external fees + priority fees', () => {
    for (const [tokens, competition] of [
      [2, 'winner-keeps'],
      [2, 'priority-auction'],
      [3, 'priority-auction'],
    ] as const) {
      const prices = gbmSource({
        tokens,
        steps: 3_000,
        dt: 12,
        sigma: 0.8,
        seed: 11,
        withNumeraire: true,
      })
      const m = runSimulation(config(prices, agents, { arbitrage: { competition } })).metrics
      const figures = m.arbitrageurs!
      // Each arbitrageur draws its own gas: the two log-normal ones each win a share.
      expect(figures[0]!.blocksWon).toBeGreaterThan(10)
      expect(figures[1]!.blocksWon).toBeGreaterThan(10)
      const sum = (key: 'blocksWon' | 'profit' | 'gasPaid' | 'externalFees' | 'priorityFees') =>
        figures.reduce((total, f) => total + f[key], 0)
      expect(sum('blocksWon')).toBe(m.arbTrades)
      // Per-arbitrageur sums regroup the same terms: rounding only (~1e-15 per term).
      const close = (a: number, b: number) => {
        expect(Math.abs(a - b)).toBeLessThan(1e-9 * m.lvr)
      }
      close(sum('profit'), m.arbProfit)
      close(sum('gasPaid'), m.gasPaid)
      close(sum('externalFees'), m.externalCosts)
      close(sum('priorityFees'), m.priorityFees!)
      expect(Math.abs(identityGap(m))).toBeLessThan(1e-9 * m.lvr)
      if (competition === 'priority-auction') expect(m.priorityFees).toBeGreaterThan(0)
      else expect(m.priorityFees).toBe(0)
    }
  })

  it('a lone arbitrageur with the option reports its figures as the totals', () => {
    const m = runSimulation(
      config(blocks(), [agents[0]!], { arbitrage: { competition: 'priority-auction' } }),
    ).metrics
    expect(m.priorityFees).toBe(0)
    expect(m.arbitrageurs).toEqual([
      {
        agent: 0,
        blocksWon: m.arbTrades,
        profit: m.arbProfit,
        gasPaid: m.gasPaid,
        externalFees: m.externalCosts,
        priorityFees: 0,
      },
    ])
    // Without the option, a lone arbitrageur's metrics are as they always were.
    const plain = runSimulation(config(blocks(), [agents[0]!])).metrics
    expect('arbitrageurs' in plain).toBe(false)
    expect('priorityFees' in plain).toBe(false)
  })
})

describe('competing arbitrageurs: bad inputs', () => {
  const fail = (patch: Partial<SimulationConfig>): InputError => {
    try {
      runSimulation({ ...config(blocks(), []), ...patch })
    } catch (error) {
      if (error instanceof InputError) return error
      throw error
    }
    throw new Error('expected runSimulation to throw')
  }

  it('refuses arbitrageurs in different blocks, naming the JSON path, expected and found', () => {
    const steps = fail({
      agents: [
        { type: 'noise', tradesPerDay: 10, medianSize: 100 },
        { type: 'arbitrageur', everySteps: 3 },
        { type: 'arbitrageur', everySteps: 2 },
      ],
    })
    expect(steps.code).toBe('BAD_PARAMETER')
    expect(steps.message).toBe(
      'agents[2].everySteps: expected 3, found 2: competing arbitrageurs act in the same blocks (agents[1] has everySteps 3); give every arbitrageur the same everySteps and blocks',
    )
    const blocks = fail({
      agents: [
        { type: 'arbitrageur', blocks: { type: 'poisson', meanInterval: 12 } },
        { type: 'arbitrageur', blocks: { type: 'poisson', meanInterval: 6 } },
      ],
    })
    expect(blocks.message).toBe(
      'agents[1].blocks: expected poisson blocks of mean interval 12 s, found poisson blocks of mean interval 6 s: competing arbitrageurs act in the same blocks (agents[0] has poisson blocks of mean interval 12 s); give every arbitrageur the same everySteps and blocks',
    )
  })

  it('refuses several arbitrageurs on exact maths, and an unknown competition', () => {
    const exact = fail({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math: 'exact-v3' },
      agents: [{ type: 'arbitrageur' }, { type: 'arbitrageur' }],
    })
    expect(exact.message).toBe(
      'agents: competing arbitrageurs run on float maths only: expected at most one arbitrageur with pool.math "exact-v3", found 2; use pool.math "float" or keep one arbitrageur',
    )
    const competition = fail({
      agents: [{ type: 'arbitrageur' }],
      arbitrage: { competition: 'first-come' as 'winner-keeps' },
    })
    expect(competition.message).toBe(
      'arbitrage.competition: expected "winner-keeps" or "priority-auction", found "first-come"',
    )
  })
})
