/**
 * Differential tests (issue 13): the engine against the reference engine (referenceEngine.ts)
 * on random small scenarios, every figure of summary.json, each to a tolerance tied to its own
 * scale. See docs/testing.md for the reasoning behind each tolerance.
 */
import { describe, expect, it } from 'vitest'
import { runSimulation, type SimulationResult } from '../../src/index.js'
import { runSimulationWithLoop } from '../../src/sim/engine/runSimulation.js'
import { randomScenario, type RandomScenario } from './randomScenarios.js'
import { runReference, type TwoTokenRoute } from './referenceEngine.js'
import { compareFigures, failures, worstRatio } from './compareFigures.js'

function agree(s: RandomScenario, result: SimulationResult, route: TwoTokenRoute = 'bisection') {
  const ref = runReference(s.config, s.path, route)
  const bad = failures(compareFigures(result, ref))
  expect(bad, s.label).toEqual([])
  return ref
}

describe('the engine against the reference engine', () => {
  it('agrees on every figure of summary.json over 60 random scenarios (2-8 tokens)', () => {
    let worst = 0
    const seen = {
      capBinds: 0,
      noiseCapBinds: 0,
      eightTokens: 0,
      rebalances: 0,
      drawdown: 0,
      withRisk: 0,
      weightRule: 0,
      elastic: 0,
      blocks: 0,
    }
    for (let index = 0; index < 60; index++) {
      const s = randomScenario(1, index)
      const result = runSimulation(s.config)
      const ref = agree(s, result)
      worst = Math.max(worst, worstRatio(compareFigures(result, ref)))
      seen.capBinds += ref.metrics.capBinds as number
      seen.noiseCapBinds += ref.metrics.noiseCapBinds as number
      seen.eightTokens += Number(s.path.tokens.length === 8)
      seen.elastic += Number(s.config.agents.some((a) => a.type === 'noise' && a.demand))
      seen.blocks += Number(s.config.agents.some((a) => a.type === 'arbitrageur' && a.blocks))
      seen.rebalances += ref.benchmarks.threshold!.rebalances
      seen.drawdown = Math.max(seen.drawdown, ref.metrics.maxDrawdown as number)
      const risk = ref.metrics.risk as Record<string, number | null>
      const decomposition = ref.metrics.returnDecomposition as Record<string, number>
      seen.withRisk += Number(risk.sharpeRatio !== null)
      seen.weightRule += Number(decomposition.weightRule !== 0)
    }
    // The family reaches the branches a mutation could hide in.
    expect(seen.capBinds).toBeGreaterThan(0)
    expect(seen.noiseCapBinds).toBeGreaterThan(0)
    expect(seen.eightTokens).toBeGreaterThan(0)
    expect(seen.elastic).toBeGreaterThan(0)
    expect(seen.blocks).toBeGreaterThan(0)
    expect(seen.rebalances).toBeGreaterThan(0)
    expect(seen.drawdown).toBeGreaterThan(0.1)
    // risk figures over at least 20 periods (hourly or daily steps), and weight schedules
    expect(seen.withRisk).toBeGreaterThan(10)
    expect(seen.weightRule).toBeGreaterThan(5)
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('agrees with dynamic-weight rules and guardrails over 40 random scenarios', () => {
    let worst = 0
    const kinds = new Set<string>()
    for (let index = 0; index < 40; index++) {
      const s = randomScenario(3, index, { rules: true })
      const result = runSimulation(s.config)
      worst = Math.max(worst, worstRatio(compareFigures(result, agree(s, result))))
      kinds.add((s.config.pool.schedule as { type: string }).type)
      if (s.path.tokens.length === 2) agree(s, runSimulationWithLoop(s.config, 'general'))
    }
    expect(kinds.size).toBe(6)
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('agrees with a dynamic swap fee of every kind, 2-8 tokens, both loops', () => {
    const kinds = new Set<string>()
    let moved = 0
    let split = 0
    for (let index = 0; index < 40; index++) {
      const s = randomScenario(3, index, { swapFeeRule: true })
      kinds.add(s.config.pool.swapFeeRule!.type)
      const result = runSimulation(s.config)
      const ref = agree(s, result)
      if (s.path.tokens.length === 2) agree(s, runSimulationWithLoop(s.config, 'general'))
      const fee = ref.metrics.swapFee as { min: number; max: number }
      if (fee.max > fee.min) moved++
      // the reference made its own fixed-fee run for the dynamicFee term
      const decomposition = ref.metrics.returnDecomposition as { dynamicFee: number }
      if (ref.fixedFeeRun !== undefined && decomposition.dynamicFee !== 0) split++
    }
    // Every rule kind ran, the fee moved in most scenarios, and so did the fees term against
    // the fixed fee.
    expect(kinds.size).toBe(5)
    expect(moved).toBeGreaterThan(20)
    expect(split).toBeGreaterThan(20)
  })

  it('agrees with 2 or 3 competing arbitrageurs: every per-arbitrageur figure, both loops', () => {
    const seen = { auctions: 0, split: 0, priority: 0 }
    for (let index = 0; index < 30; index++) {
      const s = randomScenario(4, index, { forceArbitrageur: true, competing: true })
      const result = runSimulation(s.config)
      const ref = agree(s, result)
      if (s.path.tokens.length === 2) agree(s, runSimulationWithLoop(s.config, 'general'))
      const figures = ref.metrics.arbitrageurs as { blocksWon: number }[]
      seen.auctions += Number(s.config.arbitrage?.competition === 'priority-auction')
      seen.split += Number(figures.filter((f) => f.blocksWon > 0).length >= 2)
      seen.priority += Number((ref.metrics.priorityFees as number) > 0)
    }
    // The family reaches auctions that pay, and blocks won by more than one arbitrageur.
    expect(seen.auctions).toBeGreaterThan(5)
    expect(seen.split).toBeGreaterThan(5)
    expect(seen.priority).toBeGreaterThan(3)
  })

  it('agrees on 2 tokens through the fast path, the general loop, and three arbitrage routes', () => {
    for (let index = 0; index < 24; index++) {
      const s = randomScenario(2, index, { tokens: 2, forceArbitrageur: true })
      const fast = runSimulationWithLoop(s.config, 'auto')
      const general = runSimulationWithLoop(s.config, 'general')
      for (const result of [fast, general])
        for (const route of ['bisection', 'arbitrageTwoToken', 'optimalArbitrage'] as const)
          agree(s, result, route)
    }
  })
})
