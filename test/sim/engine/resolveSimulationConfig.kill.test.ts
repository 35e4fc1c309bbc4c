/**
 * Mutation kills (issue 13, docs/mutation.md) for resolveSimulationConfig: the refusals of a
 * library caller's untyped `prices` and `pool.weights`, each naming the field and what was found.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { resolveSimulationConfig } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig } from '../../../src/sim/engine/types.js'
import { collectPath } from '../../../src/sim/prices/path.js'
import { gbmSource } from './testPaths.js'

const source = gbmSource({ tokens: 2, steps: 20, dt: 60, sigma: 0.5, seed: 2 })
const base: SimulationConfig = {
  pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
  prices: source,
  agents: [],
  benchmarks: [],
  seed: 1,
}

function refuses(config: unknown, message: string): void {
  const resolve = () => resolveSimulationConfig(config as SimulationConfig)
  expect(resolve).toThrow(InputError)
  expect(resolve).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
  expect(resolve).toThrow(message)
}

describe('resolveSimulationConfig: untyped input', () => {
  it('refuses prices that are neither a source nor a model spec, showing them', () => {
    refuses(
      { ...base, prices: null },
      'prices: expected a price source or a model spec, found null',
    )
    refuses({ ...base, prices: 42 }, 'prices: expected a price source or a model spec, found 42')
    refuses(
      { ...base, prices: 'gbm' },
      'prices: expected a price source or a model spec, found "gbm"',
    )
  })

  it('refuses weights that are neither an array nor an object keyed by token', () => {
    refuses(
      { ...base, pool: { ...base.pool, weights: 0.5 } },
      'pool.weights: expected an array or an object keyed by token, found 0.5',
    )
    refuses(
      { ...base, pool: { ...base.pool, weights: null } },
      'pool.weights: expected an array or an object keyed by token, found null',
    )
  })

  it("takes a weight array with a bootstrap spec, in its history's token order", () => {
    // The bootstrap's tokens are its history's (a defined order), so an array can follow them;
    // this was refused before with a message about prices.start, which a bootstrap has not.
    const history = collectPath(source)
    const resolved = resolveSimulationConfig({
      ...base,
      pool: { ...base.pool, weights: [0.8, 0.2] },
      prices: { model: 'bootstrap', history, blockLength: 2, horizon: 600 },
    })
    expect(resolved.prices.tokens).toEqual(history.tokens)
    expect(resolved.pool.weights).toEqual([0.8, 0.2])
  })

  it('takes a weight array with a spec that names its tokens, in that order', () => {
    const resolved = resolveSimulationConfig({
      ...base,
      pool: { ...base.pool, weights: [0.8, 0.2] },
      prices: {
        model: 'gbm',
        numeraire: 'USDC',
        tokens: ['ETH', 'USDC'],
        start: { USDC: 1, ETH: 3000 },
        volatility: { ETH: 0.8 },
        dt: 3_600,
        horizon: 86_400,
      },
    })
    expect(resolved.prices.tokens).toEqual(['ETH', 'USDC'])
    expect(resolved.pool.weights).toEqual([0.8, 0.2])
  })

  it('copies a weight array: the resolved config does not share it', () => {
    const weights = [0.25, 0.75]
    const resolved = resolveSimulationConfig({ ...base, pool: { ...base.pool, weights } })
    expect(resolved.pool.weights).toEqual([0.25, 0.75])
    expect(resolved.pool.weights).not.toBe(weights)
    expect(resolved.prices).toBe(source)
  })
})
