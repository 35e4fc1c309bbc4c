import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectPath } from '../../../src/sim/prices/path.js'
import { configureScenario, DEFAULT_START_TIME } from '../../../src/sim/scenario/config.js'
import {
  BUNDLED_SCENARIO_DIR,
  listBundledScenarios,
  loadScenario,
} from '../../../src/sim/scenario/load.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { validateScenario } from '../../../src/sim/scenario/validate.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url))

function loaded(raw: Record<string, unknown>): LoadedScenario {
  return { scenario: validateScenario(raw, 'x.json'), file: 'x.json', baseDir: FIXTURES }
}
const pool = { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 }

describe('configureScenario', () => {
  it('turns durations into seconds and counts horizon / dt + 1 points', async () => {
    const { config, seed } = await configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        seed: 9,
        pool: {
          ...pool,
          schedule: { type: 'linear', startTime: '1h', endTime: '2d', endWeights: [0.8, 0.2] },
        },
        prices: {
          numeraire: 'USDC',
          model: 'constant',
          start: { ETH: 2000 },
          dt: '12s',
          horizon: '1h',
          startTime: '2024-06-01',
        },
      }),
    )
    expect(seed).toBe(9)
    expect(config.seed).toBe(9)
    expect(config.prices.dt).toBe(12)
    expect(config.prices.steps).toBe(3_600 / 12 + 1)
    expect(config.prices.startTime).toBe(Date.UTC(2024, 5, 1) / 1000)
    expect(config.prices.tokens).toEqual(['ETH', 'USDC'])
    expect(config.pool.schedule).toEqual({
      type: 'linear',
      startTime: 3_600,
      endTime: 172_800,
      endWeights: [0.8, 0.2],
    })
    expect(config.agents).toEqual([{ type: 'arbitrageur' }])
  })

  it('overrides the seed and defaults the start to 2025-01-01 UTC', async () => {
    const { config, seed } = await configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        pool,
        prices: {
          numeraire: 'USDC',
          model: 'ramp',
          start: { ETH: 100 },
          end: { ETH: 200 },
          dt: '1d',
          horizon: '10d',
        },
      }),
      { seed: 123 },
    )
    expect(seed).toBe(123)
    expect(config.prices.startTime).toBe(DEFAULT_START_TIME)
    expect(new Date(DEFAULT_START_TIME * 1000).toISOString()).toBe('2025-01-01T00:00:00.000Z')
    const path = collectPath(config.prices)
    // a linear ramp: 100 to 200 over 10 steps, ETH in column 0
    expect(path.prices[0]).toBeCloseTo(100, 9)
    expect(path.prices[10 * 2]).toBeCloseTo(200, 9)
  })

  it('prefixes price-model errors with the scenario file', async () => {
    // pairwise +0.9, +0.9 and -0.9 cannot all hold: the matrix is not positive semi-definite
    const correlation = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ]
    const run = configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        pool: { tokens: ['A', 'B', 'C', 'USDC'], weights: [0.25, 0.25, 0.25, 0.25], swapFee: 0 },
        prices: {
          numeraire: 'USDC',
          model: 'gbm',
          start: { A: 1, B: 1, C: 1 },
          volatility: { A: 1, B: 1, C: 1 },
          correlation,
          dt: '1h',
          horizon: '1d',
        },
      }),
    )
    await expect(run).rejects.toThrow(
      expect.objectContaining({
        code: 'NOT_PSD',
        message: expect.stringMatching(/^x\.json: prices\.correlation/) as unknown,
      }),
    )
  })

  it('reads a wide CSV relative to the scenario file', async () => {
    const { config } = await configureScenario(
      await loadScenario(path.join(FIXTURES, 'historical.json')),
    )
    const prices = collectPath(config.prices)
    expect(prices.tokens).toEqual(['ETH', 'BTC'])
    expect(prices.times.length).toBe(30)
    expect(prices.times[1]! - prices.times[0]!).toBe(86_400)
    expect(prices.prices[0]).toBe(2000) // first row of prices-wide.csv: 2000.00,44206.84
    expect(prices.prices[1]).toBe(44206.84)
  })

  it('replaces the prices with --prices files relative to the working directory', async () => {
    const file = path.relative(process.cwd(), path.join(FIXTURES, 'prices-wide.csv'))
    const run = await configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        pool: { ...pool, tokens: ['ETH', 'BTC'] },
        prices: {
          numeraire: 'USD',
          model: 'gbm',
          start: { ETH: 1, BTC: 1 },
          volatility: { ETH: 1, BTC: 1 },
          dt: '1h',
          horizon: '1d',
        },
      }),
      { prices: [file] },
    )
    expect(run.prices).toMatchObject({ model: 'csv', numeraire: 'USD', file, format: 'auto' })
    expect(run.config.prices.steps).toBe(30)
  })
})

describe('configureScenario: --prices on a historical scenario', () => {
  it('detects the format of the given files instead of inheriting the scenario file format', async () => {
    // The bundled historical scenario reads a wide CSV; Binance klines given per token must not be
    // read as "wide" (their 12th column would be taken for a price).
    const dir = mkdtempSync(path.join(tmpdir(), 'amm-sim-prices-'))
    const kline = (day: number, close: number) =>
      `${Date.UTC(2024, 0, day)},${close},${close},${close},${close},1,${Date.UTC(2024, 0, day + 1) - 1},1,1,1,1,0`
    writeFileSync(
      path.join(dir, 'ETHUSDT.csv'),
      [kline(1, 2300), kline(2, 2400), kline(3, 2350)].join('\n'),
    )
    writeFileSync(
      path.join(dir, 'BTCUSDT.csv'),
      [kline(1, 42000), kline(2, 43000), kline(3, 44000)].join('\n'),
    )
    const historical = await loadScenario('historical-csv')
    expect(historical.scenario.prices).toMatchObject({ model: 'csv', format: 'wide' })
    const run = await configureScenario(historical, {
      prices: [`ETH=${path.join(dir, 'ETHUSDT.csv')}`, `BTC=${path.join(dir, 'BTCUSDT.csv')}`],
    })
    expect(run.prices).toMatchObject({ model: 'csv', format: 'auto' })
    const prices = collectPath(run.config.prices)
    expect(prices.times.length).toBe(3)
    // Every price in the scenario's numeraire; the bare symbols are priced in it (USD here).
    expect(Array.from(prices.prices)).toEqual([2300, 42000, 2400, 43000, 2350, 44000])
  })
})

describe('configureScenario: exact math', () => {
  it('passes pool.math and pool.decimals to the engine, which then reports its exact check', async () => {
    const { config } = await configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        pool: { ...pool, math: 'exact-v3', decimals: [18, 6] },
        prices: {
          numeraire: 'USDC',
          model: 'ramp',
          start: { ETH: 2000 },
          end: { ETH: 2200 },
          dt: '1h',
          horizon: '1d',
        },
      }),
    )
    expect(config.pool.math).toBe('exact-v3')
    expect(config.pool.decimals).toEqual([18, 6])
    const result = runSimulation(config)
    expect(result.exactCheck?.math).toBe('exact-v3')
    expect(result.exactCheck?.decimals).toEqual([18, 6])
    // A rising ETH price: the arbitrageur buys ETH every hour with (6-decimal) USDC.
    expect(result.exactCheck?.trades).toBe(24)
  })
  it('leaves decimals out of a float config and the math "float"', async () => {
    const { config } = await configureScenario(
      loaded({
        name: 'x',
        description: 'd',
        pool,
        prices: {
          numeraire: 'USDC',
          model: 'constant',
          start: { ETH: 2000 },
          dt: '1h',
          horizon: '1d',
        },
      }),
    )
    expect(config.pool.math).toBe('float')
    expect(config.pool.decimals).toBeUndefined()
  })
})

describe('the bundled scenarios', () => {
  // Issue 6 asks for 6-10 scenarios.
  it('are 6 to 10, each valid, configurable, one-line described and named after its file', async () => {
    const bundled = await listBundledScenarios()
    expect(bundled.length).toBeGreaterThanOrEqual(6)
    expect(bundled.length).toBeLessThanOrEqual(10)
    for (const { name, description, file } of bundled) {
      expect(path.basename(file)).toBe(`${name}.json`)
      expect(description).not.toMatch(/\n/)
      expect(description.length, `${name} has a description`).toBeGreaterThan(10)
      const { config } = await configureScenario(
        await loadScenario(path.join(BUNDLED_SCENARIO_DIR, `${name}.json`)),
      )
      expect(config.prices.steps, name).toBeGreaterThan(1)
    }
  })
})
