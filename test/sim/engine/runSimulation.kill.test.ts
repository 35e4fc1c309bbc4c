/**
 * Mutation kills (issue 13, docs/mutation.md) for runSimulation.ts's buildResult, where every
 * reported metric, benchmark figure, note and warning is assembled: a few cheap scenarios of the
 * reference family, each figure against the reference engine (test/reference), each note's text
 * against the counts the reference recomputes, and a price source's notes passed through as
 * warnings. The full differential test (test/reference/reference.test.ts) runs 200 scenarios:
 * too slow to run for every mutant; these are its cheapest ones that reach every branch.
 */
import { describe, expect, it } from 'vitest'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { AgentSpec, SimulationResult } from '../../../src/sim/engine/types.js'
import type { PricePathNotes, PriceSource } from '../../../src/sim/prices/types.js'
import { lazy } from '../../lazy.js'
import { compareFigures, failures } from '../../reference/compareFigures.js'
import { randomScenario, type RandomScenario } from '../../reference/randomScenarios.js'
import { runReference, type ReferenceResult } from '../../reference/referenceEngine.js'
import { gbmSource, handSource } from './testPaths.js'

interface Case {
  name: string
  scenario: () => RandomScenario
}

/** Cheap scenarios (tens of ms each) that together reach every branch of buildResult. */
const cases: Case[] = [
  // 3 tokens, static weights, a capped arbitrage, fee-elastic noise: the multi-token note
  { name: 'family 1 #8', scenario: () => randomScenario(1, 8) },
  // 2 tokens, static, the 30 % limits bind for the arbitrageur and the noise traders
  { name: 'family 1 #16', scenario: () => randomScenario(1, 16) },
  // 2 tokens, momentum weights, two arbitrageurs; no note at all
  { name: 'family 1 #7', scenario: () => randomScenario(1, 7) },
  // 6 tokens, piecewise weights, too short for risk figures
  { name: 'family 1 #10', scenario: () => randomScenario(1, 10) },
  // 6 tokens, static, random blocks
  { name: 'family 1 #12', scenario: () => randomScenario(1, 12) },
  // competing arbitrageurs: 2 tokens linear weights (3 of them), 3 tokens piecewise
  {
    name: 'family 4 #4',
    scenario: () => randomScenario(4, 4, { forceArbitrageur: true, competing: true }),
  },
  {
    name: 'family 4 #11',
    scenario: () => randomScenario(4, 11, { forceArbitrageur: true, competing: true }),
  },
  // dynamic swap fees (the counterfactual fixed-fee run): 3 tokens linear, 2 tokens momentum
  { name: 'family 3 #7', scenario: () => randomScenario(3, 7, { swapFeeRule: true }) },
  { name: 'family 3 #11', scenario: () => randomScenario(3, 11, { swapFeeRule: true }) },
]

const runs = cases.map(({ name, scenario }) => ({
  name,
  run: lazy(() => {
    const s = scenario()
    return { s, result: runSimulation(s.config), ref: runReference(s.config, s.path, 'bisection') }
  }),
}))

/** The numbers in a note, in order (`1,234.5` is not used by notes: plain fmt numbers). */
function numbersIn(note: string): number[] {
  return [...note.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((match) => Number(match[0]))
}

/** Agreement to 6 significant digits, as fmt prints a figure. */
function closeTo6(got: number, want: number): boolean {
  return Math.abs(got - want) <= 1e-5 * Math.max(Math.abs(want), 1e-300)
}

const count = (ref: ReferenceResult, figure: string) => ref.metrics[figure] as number

describe('buildResult: every figure against the reference engine', () => {
  it.each(runs)('$name agrees on every figure of summary.json', ({ run }) => {
    const { s, result, ref } = run()
    expect(failures(compareFigures(result, ref)), s.label).toEqual([])
  })

  it.each(runs)('$name has exactly the notes its counts call for', ({ run }) => {
    const { s, result, ref } = run()
    const n = s.path.tokens.length
    const arbTrades = count(ref, 'arbTrades')
    const expected: RegExp[] = []
    if (count(ref, 'capBinds') > 0)
      expected.push(
        new RegExp(
          `^The 30% in/out limit cut the arbitrageur's optimal trade in ${count(ref, 'capBinds')} of ${arbTrades} arbitrage transactions; the pool stayed off the market price after them\\.$`,
        ),
      )
    if (count(ref, 'noiseCapBinds') > 0)
      expected.push(
        new RegExp(
          `^The 30% in/out limit cut ${count(ref, 'noiseCapBinds')} of ${count(ref, 'noiseTrades')} noise trades\\.$`,
        ),
      )
    const arbitrageur = s.config.agents.find((agent) => agent.type === 'arbitrageur')
    if (arbitrageur?.type === 'arbitrageur' && arbitrageur.blocks !== undefined)
      expected.push(
        new RegExp(
          `^Random blocks: \\d+ steps held a block; the arbitrageur traded in ${arbTrades} of them\\.$`,
        ),
      )
    if (s.config.agents.some((agent) => agent.type === 'noise' && agent.demand !== undefined))
      expected.push(
        new RegExp(
          `^Fee-elastic flow: ${count(ref, 'noiseTrades')} of \\d+ noise arrivals traded on the pool, \\d+ went to the outside venue\\.$`,
        ),
      )
    if (n > 2 && arbTrades > 0)
      expected.push(
        /^Executing multi-token arbitrages as pairwise swaps realised \S+ against the closed-form \S+ \(before gas; difference \S+\)\.$/,
      )
    const risk = ref.metrics.risk as { sharpeRatio: number | null; periods: number }
    if (risk.sharpeRatio === null)
      expected.push(
        new RegExp(
          `^Risk metrics \\(Sharpe, Sortino, Calmar, Value-at-Risk, expected shortfall, information ratios\\) need at least 20 full periods of .+; this run has ${risk.periods}, so they are null\\.$`,
        ),
      )
    expect(result.notes.length, result.notes.join('\n')).toBe(expected.length)
    result.notes.forEach((note, j) => {
      expect(note).toMatch(expected[j]!)
    })
  })

  it('counts the random-block steps and the fee-elastic arrivals consistently', () => {
    const { s, result } = runs[4]!.run()
    const blocks = result.notes.find((note) => note.startsWith('Random blocks: '))!
    const [held, traded] = numbersIn(blocks)
    // a block at a step, at most one per step after step 0; the arbitrageur trades only in one
    expect(held).toBeGreaterThanOrEqual(traded!)
    expect(held).toBeLessThanOrEqual(s.path.times.length - 1)
    for (const { run } of [runs[0]!, runs[1]!, runs[4]!]) {
      const elastic = run().result.notes.find((note) => note.startsWith('Fee-elastic flow: '))!
      const [pool, arrivals, away] = numbersIn(elastic)
      // every arrival goes to the pool or to the outside venue
      expect(pool).toBe(run().result.metrics.noiseTrades)
      expect(arrivals).toBe(pool! + away!)
      expect(away).toBeGreaterThan(0)
    }
  })

  it('reports the multi-token shortfall as closed form minus realised, realised = profit + gas', () => {
    // family 1 #8: one arbitrageur, so realised profit before gas = arbProfit + gasPaid
    const { result } = runs[0]!.run()
    const note = result.notes.find((line) => line.startsWith('Executing multi-token'))!
    const [realised, ideal, difference] = numbersIn(note)
    const m = result.metrics
    expect(closeTo6(realised!, m.arbProfit + m.gasPaid)).toBe(true)
    // the two printed to 6 digits: their difference to 6 digits of the larger
    expect(Math.abs(difference! - (ideal! - realised!))).toBeLessThanOrEqual(1e-5 * ideal!)
    // pairwise swaps pay a fee on each hop: they realise less than the closed form
    expect(difference).toBeGreaterThan(0)
  })
})

describe('buildResult: a price source with notes', () => {
  it('passes the notes through as data and their warnings', () => {
    const notes: PricePathNotes = {
      role: 'path',
      gridOrigin: 'start',
      step: 60,
      maxGap: 3_600,
      jumpMultiple: 8,
      jumpFloor: 0.05,
      tokens: [
        {
          token: 'T0',
          route: 'direct',
          crossedThrough: null,
          series: [],
          gaps: { count: 0, steps: 0, seconds: 0, longest: null, list: [], unlisted: 0 },
          jumps: { typicalMove: 0.01, threshold: 0.08, count: 2, list: [], unlisted: 2 },
        },
      ],
    }
    const source = gbmSource({ tokens: 2, steps: 50, dt: 60, sigma: 0.5, seed: 3 })
    const result: SimulationResult = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: { ...source, open: () => source.open(), notes },
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    })
    expect(result.data).toBe(notes)
    expect(result.warnings).toEqual([
      {
        code: 'PRICE_JUMP',
        message: 'T0: 2 more, smaller jumps not listed (2 above 0.08 in |log return|)',
        token: 'T0',
      },
    ])
    // without notes: neither
    const plain = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: source,
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    })
    expect(plain.warnings).toEqual([])
    expect('data' in plain).toBe(false)
  })
})

describe('buildResult: when a note is left out', () => {
  const plain = (prices: PriceSource, agents: AgentSpec[], swapFee = 0.003, n = 2) =>
    runSimulation({
      pool: { weights: Array.from({ length: n }, () => 1 / n), swapFee, initialValue: 1e9 },
      prices,
      agents,
      benchmarks: [],
      seed: 1,
    })

  it('has no fee-elastic note for an arbitrageur given a demand field (only noise has one)', () => {
    const demand = { elasticity: 1, outsideCost: 0.003, referenceSwapFee: 0.003 }
    const result = plain(gbmSource({ tokens: 2, steps: 30, dt: 60, sigma: 0.5, seed: 3 }), [
      { type: 'arbitrageur', demand } as unknown as AgentSpec,
    ])
    expect(result.notes.filter((note) => note.startsWith('Fee-elastic'))).toEqual([])
  })

  it('has no multi-token note when the pairwise swaps realise the closed form (fee 0)', () => {
    // Without a fee the pairwise swaps reach the closed form's balances: no shortfall to note.
    const result = plain(
      gbmSource({ tokens: 3, steps: 200, dt: 3_600, sigma: 0.8, seed: 4 }),
      [{ type: 'arbitrageur' }],
      0,
      3,
    )
    expect(result.metrics.arbTrades).toBeGreaterThan(100)
    expect(result.notes.filter((note) => note.startsWith('Executing'))).toEqual([])
  })

  it('notes null risk figures only for fewer than 20 periods, not for a flat path', () => {
    // A flat path: no volatility, so the Sharpe ratio is null however many periods there are.
    const flat = (steps: number, dt: number) =>
      plain(
        handSource(
          ['ETH', 'USD'],
          Array.from({ length: steps }, () => [2, 1]),
          dt,
        ),
        [{ type: 'arbitrageur' }],
      )
    const twenty = flat(21, 3_600) // 20 hourly periods
    expect(twenty.metrics.risk.periods).toBe(20)
    expect(twenty.metrics.risk.sharpeRatio).toBeNull()
    expect(twenty.notes).toEqual([])
    const nineteen = flat(20, 86_400) // 19 daily periods
    expect(nineteen.metrics.risk.periods).toBe(19)
    expect(nineteen.notes).toEqual([
      'Risk metrics (Sharpe, Sortino, Calmar, Value-at-Risk, expected shortfall, information ratios) need at least 20 full periods of 1 day; this run has 19, so they are null.',
    ])
  })
})

describe('runSimulationWithLoop: the counterfactual fixed-fee run', () => {
  it('is not made for a fixed rule or none: progress counts the steps once', () => {
    const prices = gbmSource({ tokens: 2, steps: 50, dt: 60, sigma: 0.5, seed: 3 })
    for (const swapFeeRule of [undefined, { type: 'fixed' } as const]) {
      const calls: [number, number][] = []
      runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, swapFeeRule },
        prices,
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [],
        seed: 1,
        onProgress: (done, total) => calls.push([done, total]),
      })
      expect(calls).toEqual([[50, 50]])
    }
  })
})
