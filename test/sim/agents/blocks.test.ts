import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { blockArrived, createBlockClock } from '../../../src/sim/agents/blocks.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig } from '../../../src/sim/engine/types.js'
import { createRng } from '../../../src/sim/random.js'
import { gbmSource } from '../engine/testPaths.js'

describe('blockArrived', () => {
  it('counts a step with several blocks once and moves past it', () => {
    // Mean gap 1 s, steps 1000 s apart: every step holds blocks, and each call leaves the clock
    // after the step's time.
    const clock = createBlockClock(createRng(1, 'blocks', 0), 1)
    for (let t = 1; t <= 5; t++) {
      expect(blockArrived(clock, 1_000 * t)).toBe(true)
      expect(clock.next).toBeGreaterThan(1_000 * t)
    }
    expect(clock.blockSteps).toBe(5)
    expect(blockArrived(clock, 5_000)).toBe(false) // no new time, no new block
    expect(clock.blockSteps).toBe(5)
  })
})

describe('the arbitrageur on Poisson blocks', () => {
  // 60-second steps, blocks every 30 s on average: a step holds a block with probability
  // q = 1 - e^-2 = 0.8647. 20,000 steps: binomial count, sd sqrt(20000 q (1 - q)) = 48.4.
  const config = (
    math: SimulationConfig['pool']['math'],
    everySteps?: number,
  ): SimulationConfig => ({
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
    prices: gbmSource({
      tokens: 2,
      steps: 20_001,
      dt: 60,
      sigma: 0.8,
      seed: 5,
      withNumeraire: true,
    }),
    agents: [{ type: 'arbitrageur', everySteps, blocks: { type: 'poisson', meanInterval: 30 } }],
    benchmarks: [],
    seed: 9,
  })
  const blockSteps = (notes: string[]) =>
    Number(/Random blocks: (\d+) steps held a block/.exec(notes.join('\n'))?.[1])

  it('acts on the steps holding a block: binomial count within 4 sd, trades only then', () => {
    const q = -Math.expm1(-60 / 30)
    const result = runSimulation(config(undefined))
    const count = blockSteps(result.notes)
    expect(Math.abs(count - 20_000 * q)).toBeLessThan(4 * Math.sqrt(20_000 * q * (1 - q)))
    expect(result.metrics.arbTrades).toBeGreaterThan(0)
    expect(result.metrics.arbTrades).toBeLessThanOrEqual(count)
    expect(result.notes).toContain(
      `Random blocks: ${count} steps held a block; the arbitrageur traded in ${result.metrics.arbTrades} of them.`,
    )
  })

  it('runs the same clock on the exact pool math', () => {
    const float = runSimulation(config(undefined))
    const exact = runSimulation(config('exact-v3'))
    expect(blockSteps(exact.notes)).toBe(blockSteps(float.notes))
    // The same blocks on nearly the same pool: the trade decisions agree but at the band's edge.
    expect(Math.abs(exact.metrics.arbTrades - float.metrics.arbTrades)).toBeLessThanOrEqual(
      0.01 * float.metrics.arbTrades,
    )
  })

  it('refuses everySteps other than 1 with random blocks, naming the field', () => {
    const attempt = () => runSimulation(config(undefined, 2))
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(attempt).toThrow(
      new InputError(
        'BAD_PARAMETER',
        { path: 'agents[0].everySteps' },
        'expected 1 (or none) with random blocks, found 2; the blocks decide when the arbitrageur acts',
      ),
    )
  })
})
