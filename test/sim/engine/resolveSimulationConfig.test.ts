import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { resolveSimulationConfig, runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig } from '../../../src/sim/engine/types.js'
import { createModelSource } from '../../../src/sim/prices/model.js'
import type { GbmSpec } from '../../../src/sim/prices/model.js'
import { configureScenario } from '../../../src/sim/scenario/config.js'
import { createScenario } from '../../../src/sim/scenario/create.js'

/** USDC first in `start`: the literal a notebook user writes. */
const spec: GbmSpec = {
  model: 'gbm',
  numeraire: 'USDC',
  start: { USDC: 1, ETH: 3000 },
  volatility: { ETH: 0.8 },
  dt: 3_600,
  horizon: 30 * 86_400,
}
const base = {
  pool: { weights: { ETH: 0.8, USDC: 0.2 }, swapFee: 0.003, initialValue: 1e6 },
  agents: [
    { type: 'arbitrageur' as const },
    { type: 'noise' as const, tradesPerDay: 10, medianSize: 500 },
  ],
  benchmarks: [{ type: 'hodl' as const }],
  seed: 42,
}

describe('createModelSource: default start', () => {
  it('starts at 2025-01-01T00:00:00Z, as a scenario without startTime does', () => {
    expect(createModelSource(spec, 1, 'prices').startTime).toBe(
      Date.parse('2025-01-01T00:00:00Z') / 1000,
    )
  })
})

describe('a model spec as prices: the seed given once', () => {
  it('runs the path createModelSource(spec, seed, "prices") gives', () => {
    const once = runSimulation({ ...base, prices: spec })
    const twice = runSimulation({ ...base, prices: createModelSource(spec, 42, 'prices') })
    expect(once).toEqual(twice)
    // another seed moves both the path and the noise: the one seed reaches the prices
    const other = runSimulation({ ...base, prices: spec, seed: 43 })
    expect(other.metrics.hodlValue).not.toBe(once.metrics.hodlValue)
  })

  it('equals the scenario with the same fields, durations as strings', async () => {
    const scenario = createScenario({
      name: 'same',
      seed: 42,
      pool: { tokens: ['ETH', 'USDC'], weights: [0.8, 0.2], swapFee: 0.003 },
      prices: {
        model: 'gbm',
        numeraire: 'USDC',
        start: { ETH: 3000 },
        volatility: { ETH: 0.8 },
        dt: '1h',
        horizon: '30d',
      },
      agents: base.agents,
      benchmarks: base.benchmarks,
    })
    const { config } = await configureScenario({ scenario, file: 'same.json', baseDir: '/' })
    const fromScenario = runSimulation(config)
    const fromSpec = runSimulation({ ...base, prices: { ...spec, tokens: ['ETH', 'USDC'] } })
    expect(fromSpec.metrics).toEqual(fromScenario.metrics)
    expect(fromSpec.series).toEqual(fromScenario.series)
  })
})

describe('weights keyed by token', () => {
  it('follow the source token order, whatever the key order', () => {
    const resolved = resolveSimulationConfig({ ...base, prices: spec })
    expect(resolved.prices.tokens).toEqual(['USDC', 'ETH']) // start's key order
    expect(resolved.pool.weights).toEqual([0.2, 0.8])
    const byArray = runSimulation({
      ...base,
      pool: { ...base.pool, weights: [0.2, 0.8] },
      prices: createModelSource(spec, 42, 'prices'),
    })
    expect(runSimulation({ ...base, prices: spec }).metrics).toEqual(byArray.metrics)
  })

  const fails = (config: SimulationConfig, message: string) => {
    const run = () => runSimulation(config)
    expect(run).toThrow(InputError)
    expect(run).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(run).toThrow(message)
  }

  it('refuses an array with a spec that leaves the order to the keys of start', () => {
    fails(
      { ...base, pool: { ...base.pool, weights: [0.8, 0.2] }, prices: spec },
      'pool.weights: an array follows the token order, which prices.tokens does not give (the key order of prices.start would be used: USDC, ETH); give weights by token, e.g. { USDC: …, ETH: … }, or prices.tokens',
    )
  })

  it('refuses keys that are not the tokens, and a missing token', () => {
    fails(
      { ...base, pool: { ...base.pool, weights: { ETH: 0.8, USD: 0.2 } }, prices: spec },
      'pool.weights.USD: expected one of the tokens [USDC, ETH], found USD',
    )
    fails(
      { ...base, pool: { ...base.pool, weights: { ETH: 1 } }, prices: spec },
      'pool.weights.USDC: expected a weight for USDC, found none',
    )
  })
})
