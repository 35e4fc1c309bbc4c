import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
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
import { tempDir } from '../../tempDir.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url))

function loaded(raw: Record<string, unknown>): LoadedScenario {
  return { scenario: validateScenario(raw, 'x.json'), file: 'x.json', baseDir: FIXTURES }
}
const pool = { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 }

describe('configureScenario', () => {
  it('passes the scenario risk-free rate to the risk metrics (Sharpe less rf / A over sd, annualised)', async () => {
    const raw = (riskFreeRate?: number) => ({
      name: 'x',
      pool,
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 0.6 },
        dt: '1h',
        horizon: '60d',
      },
      ...(riskFreeRate !== undefined ? { riskFreeRate } : {}),
    })
    const plain = runSimulation((await configureScenario(loaded(raw()))).config).metrics.risk
    const { config } = await configureScenario(loaded(raw(0.05)))
    expect(config.riskFreeRate).toBe(0.05)
    const risk = runSimulation(config).metrics.risk
    expect(plain.riskFreeRate).toBe(0)
    expect(risk.riskFreeRate).toBe(0.05)
    // Same returns and sd: the annualised Sharpe falls by (rf / A) / sd * sqrt(A), linear in rf,
    // so 10 % a year lowers it exactly twice as much as 5 %.
    const { config: config10 } = await configureScenario(loaded(raw(0.1)))
    const risk10 = runSimulation(config10).metrics.risk
    const drop5 = plain.sharpeRatio! - risk.sharpeRatio!
    const drop10 = plain.sharpeRatio! - risk10.sharpeRatio!
    expect(drop5).toBeGreaterThan(0)
    expect(Math.abs(drop10 / drop5 - 2)).toBeLessThan(1e-9)
    // A rate of -1 (or below) is refused by the schema, with its JSON path.
    expect(() => loaded(raw(-1))).toThrow(/riskFreeRate/)
  })
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

  it('replaces the prices with --prices files relative to the given baseDir, not the cwd', async () => {
    // FIXTURES is not the working directory (the repository root), so a library that resolved
    // against process.cwd() would not find the file.
    expect(path.resolve('prices-wide.csv')).not.toBe(path.join(FIXTURES, 'prices-wide.csv'))
    const file = 'prices-wide.csv'
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
      { prices: [`./sub/../${file}`], baseDir: FIXTURES },
    )
    // the report's price section names the file relative to baseDir, normalised
    expect(run.prices).toMatchObject({ model: 'csv', numeraire: 'USD', file, format: 'auto' })
    expect(run.config.prices.steps).toBe(30)
  })
})

describe('configureScenario: price files that cannot be read, and row errors', () => {
  const gbmPrices = {
    numeraire: 'USD',
    model: 'gbm',
    start: { ETH: 1, BTC: 1 },
    volatility: { ETH: 1, BTC: 1 },
    dt: '1h',
    horizon: '1d',
  }
  /** A scenario shown as `scenarios/x.json` whose folder is FIXTURES. */
  const shown = (prices: Record<string, unknown>): LoadedScenario => ({
    scenario: validateScenario(
      { name: 'x', description: 'd', pool: { ...pool, tokens: ['ETH', 'BTC'] }, prices },
      'scenarios/x.json',
    ),
    file: 'scenarios/x.json',
    baseDir: FIXTURES,
  })
  const fails = async (run: Promise<unknown>, code: string, message: string) => {
    const error: unknown = await run.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({ code, message })
  }

  it('names the scenario, the JSON path, the file as written and where it resolved to', async () => {
    const csv = { numeraire: 'USD', model: 'csv', format: 'wide' }
    await fails(
      configureScenario(shown({ ...csv, file: 'data/nope.csv' })),
      'FILE_NOT_FOUND',
      `scenarios/x.json: prices.file: data/nope.csv not found (resolved to ${path.join(FIXTURES, 'data/nope.csv')})`,
    )
    await fails(
      configureScenario(
        shown({ ...csv, format: 'auto', files: { ETH: 'ETHUSDT-1h.csv', BTC: 'btc.csv' } }),
      ),
      'FILE_NOT_FOUND',
      `scenarios/x.json: prices.files.BTC: btc.csv not found (resolved to ${path.join(FIXTURES, 'btc.csv')})`,
    )
    // a folder where a file is expected: unreadable rather than missing
    const dir = tempDir('amm-sim-dir-')
    mkdirSync(path.join(dir, 'folder.csv'))
    await fails(
      configureScenario({ ...shown({ ...csv, file: 'folder.csv' }), baseDir: dir }),
      'FILE_NOT_FOUND',
      `scenarios/x.json: prices.file: folder.csv is a folder, not a file (resolved to ${path.join(dir, 'folder.csv')})`,
    )
  })

  it('names --prices, the file as given and where it resolved to', async () => {
    await fails(
      configureScenario(shown(gbmPrices), { prices: ['nope.csv'], baseDir: FIXTURES }),
      'FILE_NOT_FOUND',
      `--prices: nope.csv not found (resolved to ${path.join(FIXTURES, 'nope.csv')})`,
    )
    await fails(
      configureScenario(shown(gbmPrices), {
        prices: ['ETH=ETHUSDT-1h.csv', 'BTC=btc.csv'],
        baseDir: FIXTURES,
      }),
      'FILE_NOT_FOUND',
      `--prices: btc.csv (for BTC) not found (resolved to ${path.join(FIXTURES, 'btc.csv')})`,
    )
  })

  it('names --prices and what the scenario needs when one file lacks a token (issue 10)', async () => {
    // the README's old example: a Binance ETHUSDT file for an ETH/BTC scenario in USD
    await fails(
      configureScenario(shown(gbmPrices), { prices: ['ETHUSDT-1h.csv'], baseDir: FIXTURES }),
      'MISSING_ASSET',
      '--prices: no series prices ETH in USD, directly or through one shared quote (series: ETH/USDT (ETHUSDT-1h.csv)); the scenario needs ETH, BTC in USD: give one FILE holding every token, or SYMBOL=FILE per token',
    )
  })

  it('refuses a relative --prices file without a baseDir rather than guess the cwd', async () => {
    await fails(
      configureScenario(shown(gbmPrices), { prices: ['prices-wide.csv'] }),
      'BAD_OPTION',
      '--prices: prices-wide.csv is a relative path, but no baseDir was given to resolve it against',
    )
  })

  it('keeps row errors as file:line:column, naming the file as the user wrote it', async () => {
    const badRow = 'prices-bad-row.csv:5:2: price "abc" is not a positive number'
    // the scenario's file, through the folder the scenario is shown in
    await fails(
      configureScenario(
        shown({ numeraire: 'USD', model: 'csv', file: 'prices-bad-row.csv', format: 'wide' }),
      ),
      'BAD_PRICE',
      `scenarios/${badRow}`,
    )
    // a --prices file as given, relative to the working directory the CLI passed
    await fails(
      configureScenario(shown(gbmPrices), { prices: ['prices-bad-row.csv'], baseDir: FIXTURES }),
      'BAD_PRICE',
      badRow,
    )
  })
})

describe('configureScenario: --prices on a historical scenario', () => {
  it('detects the format of the given files instead of inheriting the scenario file format', async () => {
    // The bundled historical scenario reads a wide CSV; Binance klines given per token must not be
    // read as "wide" (their 12th column would be taken for a price).
    const dir = tempDir('amm-sim-prices-')
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
  // Issue 6 asks for 6-10 scenarios; issues 17 and 18 add their own (momentum-eth-btc,
  // tune-momentum-eth-btc, dynamic-fee, fee-skew-sweep, fee-elastic-sweep, competing-arbitrageurs).
  it('are 6 to 17, each valid, configurable, one-line described and named after its file', async () => {
    const bundled = await listBundledScenarios()
    expect(bundled.length).toBeGreaterThanOrEqual(6)
    expect(bundled.length).toBeLessThanOrEqual(17)
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

describe('configureScenario: price-file options (issue 10)', () => {
  const dir = tempDir('amm-config-csvopts-')
  // Written in local time UTC-5 as a spreadsheet's US dates, in two blocks, one time repeated;
  // row by row in UTC: 01-04 2300, 01-04 2350 (repeat), 01-05 2400, 01-01 2000, 01-02 2100, 01-03 2200.
  writeFileSync(
    path.join(dir, 'eth.csv'),
    'Date,Close\n1/3/2024 19:00,2300\n1/3/2024 19:00,2350\n1/4/2024 19:00,2400\n12/31/2023 19:00,2000\n1/1/2024 19:00,2100\n1/2/2024 19:00,2200\n',
  )
  writeFileSync(
    path.join(dir, 'kaushal.csv'),
    'timestamp,price\n2024-01-01,2000\n2024-01-02,2100\n',
  )
  const utc = (d: number) => Date.UTC(2024, 0, d) / 1000
  const scenario = (prices: Record<string, unknown>): LoadedScenario => ({
    scenario: validateScenario({ name: 'x', pool, prices }, 'x.json'),
    file: 'x.json',
    baseDir: dir,
  })
  const csv = { model: 'csv', numeraire: 'USDC', files: { ETH: 'eth.csv' } }
  const options = {
    dateFormat: 'MM/DD/YYYY HH:mm',
    utcOffset: -5,
    sort: true,
    duplicates: 'last',
  }

  it('reads with dateFormat, utcOffset (hours), sort and duplicates, and clips to start/end', async () => {
    const { config } = await configureScenario(
      scenario({ ...csv, ...options, start: '2024-01-02', end: '2024-01-04T00:00:00Z' }),
    )
    const prices = collectPath(config.prices)
    expect([...prices.times]).toEqual([utc(2), utc(3), utc(4)])
    // ETH then USDC per step; the repeated 01-04 keeps its last row (2350)
    expect([...prices.prices]).toEqual([2100, 1, 2200, 1, 2350, 1])
  })

  it('takes start/end as Unix seconds, and a zoned or zone-less date-time as written', async () => {
    const { config } = await configureScenario(
      scenario({ ...csv, ...options, start: utc(2), end: '2024-01-03T05:00:00+05:00' }),
    )
    expect([...collectPath(config.prices).times]).toEqual([utc(2), utc(3)])
    const local = await configureScenario(
      scenario({ ...csv, ...options, start: '2024-01-04T00:00:00' }),
    )
    expect([...collectPath(local.config.prices).times]).toEqual([utc(4), utc(5)])
  })

  it('without the options, the same file is an error naming dateFormat', async () => {
    const run = configureScenario(scenario(csv))
    await expect(run).rejects.toBeInstanceOf(InputError)
    await expect(configureScenario(scenario(csv))).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
      message: `eth.csv:2:1: timestamp "1/3/2024 19:00" is not an ISO date or an epoch number (s, ms or us); set "dateFormat": "MM/DD/YYYY HH:mm" (month first) or "DD/MM/YYYY HH:mm" (day first)`,
    })
  })

  it('gives the same options to a bootstrap history', async () => {
    const { config } = await configureScenario(
      scenario({
        ...csv,
        ...options,
        model: 'bootstrap',
        horizon: '2d',
        blockLength: 1,
      }),
    )
    const prices = collectPath(config.prices)
    expect(prices.times.length).toBe(3)
    // every resampled price is the first history price times returns drawn from the history
    expect(prices.prices[0]).toBe(2000)
  })

  it('takes symbol for a single-asset file whose name gives none, and refuses it with files', async () => {
    const { config } = await configureScenario(
      scenario({ model: 'csv', numeraire: 'USDC', file: 'kaushal.csv', symbol: 'ETH' }),
    )
    expect([...collectPath(config.prices).prices]).toEqual([2000, 1, 2100, 1])
    const both = configureScenario(scenario({ ...csv, ...options, symbol: 'ETH' }))
    await expect(both).rejects.toBeInstanceOf(InputError)
    await expect(
      configureScenario(scenario({ ...csv, ...options, symbol: 'ETH' })),
    ).rejects.toMatchObject({
      code: 'BAD_PARAMETER',
      message:
        'x.json: symbol: "symbol" is for one single-asset "file"; with "files" each key is its file\'s symbol',
    })
  })

  it('refuses a dateFormat without a year, and a utcOffset beyond 14 h, naming the path', () => {
    expect(() =>
      validateScenario({ name: 'x', pool, prices: { ...csv, dateFormat: 'MM/DD' } }, 'x.json'),
    ).toThrow(
      'x.json: prices.dateFormat: date format "MM/DD" has no year (YYYY, MM, DD are required)',
    )
    expect(() =>
      validateScenario({ name: 'x', pool, prices: { ...csv, utcOffset: 15 } }, 'x.json'),
    ).toThrow(/^x\.json: prices\.utcOffset: /)
  })

  it('keeps start/end and the row policies over --prices files, not dateFormat', async () => {
    writeFileSync(
      path.join(dir, 'ETHUSDC.csv'),
      'timestamp,price\n2024-01-02,2\n2024-01-01,1\n2024-01-03,3\n2024-01-03,4\n2024-01-04,5\n',
    )
    const run = await configureScenario(
      scenario({ ...csv, ...options, start: '2024-01-02', end: '2024-01-03' }),
      { prices: ['ETHUSDC.csv'], baseDir: dir },
    )
    expect(run.prices).toMatchObject({ sort: true, duplicates: 'last', start: '2024-01-02' })
    expect(run.prices).not.toHaveProperty('dateFormat')
    const prices = collectPath(run.config.prices)
    expect([...prices.times]).toEqual([utc(2), utc(3)])
    expect([...prices.prices]).toEqual([2, 1, 4, 1])
  })
})

describe('configureScenario: hints for --prices files (issue 10)', () => {
  const dir = tempDir('amm-config-prices-hint-')
  writeFileSync(path.join(dir, 'kaushal.csv'), 'timestamp,price\n2024-01-01,2000\n')
  writeFileSync(path.join(dir, 'ETH-USDC.csv'), 'Date,Close\n13/5/2020,2000\n')
  const constant = (): LoadedScenario => ({
    scenario: validateScenario(
      {
        name: 'x',
        pool,
        prices: {
          model: 'constant',
          numeraire: 'USDC',
          start: { ETH: 1 },
          dt: '1d',
          horizon: '1d',
        },
      },
      'x.json',
    ),
    file: 'x.json',
    baseDir: dir,
  })
  it('words a missing symbol as SYMBOL=FILE, and a date format as an import first', async () => {
    const symbol = configureScenario(constant(), { prices: ['kaushal.csv'], baseDir: dir })
    await expect(symbol).rejects.toBeInstanceOf(InputError)
    await expect(
      configureScenario(constant(), { prices: ['kaushal.csv'], baseDir: dir }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_SYMBOL',
      message:
        'kaushal.csv: the file name names no pair (such as ETHUSDT or ETH-USD) and no well-known coin; name its token as --prices SYMBOL=FILE (ETH=kaushal.csv)',
    })
    await expect(
      configureScenario(constant(), { prices: ['ETH-USDC.csv'], baseDir: dir }),
    ).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
      message:
        'ETH-USDC.csv:2:1: timestamp "13/5/2020" is not an ISO date or an epoch number (s, ms or us); --prices files need ISO or epoch times: convert it first with amm-sim import ETH-USDC.csv --date-format "DD/MM/YYYY" -o prices.csv',
    })
  })
})

describe('configureScenario: a market-cap rule reading its caps from a CSV (issue 18)', () => {
  const dir = tempDir('amm-config-caps-')
  writeFileSync(
    path.join(dir, 'prices.csv'),
    'timestamp,ETH,BTC,USD\n2024-01-01,2000,40000,1\n2024-01-02,2100,41000,1\n2024-01-03,2050,42000,1\n2024-01-04,2000,43000,1\n',
  )
  // Caps from the day before the path starts: 3:1, then 1:1 from the third day.
  writeFileSync(
    path.join(dir, 'caps.csv'),
    'timestamp,BTC,ETH\n2023-12-31,100,300\n2024-01-03,200,200\n',
  )
  const scenario = (capsFile: string): LoadedScenario => ({
    scenario: validateScenario(
      {
        name: 'caps',
        pool: {
          tokens: ['ETH', 'BTC'],
          weights: [0.5, 0.5],
          swapFee: 0.003,
          schedule: { type: 'market-cap', updateInterval: '1d', capsFile, interpolate: false },
        },
        prices: { numeraire: 'USD', model: 'csv', file: 'prices.csv', format: 'wide' },
      },
      'caps.json',
    ),
    file: 'caps.json',
    baseDir: dir,
  })

  it('gives the caps by token in pool order, times from the path start, and the weights follow', async () => {
    const { config } = await configureScenario(scenario('caps.csv'))
    const schedule = config.pool.schedule as { caps: { time: number; caps: number[] }[] }
    expect(schedule.caps).toEqual([
      { time: -86_400, caps: [300, 100] },
      { time: 2 * 86_400, caps: [200, 200] },
    ])
    const result = runSimulation({ ...config, seriesPoints: 'all' })
    const weights = result.series.columns.indexOf('weight.ETH')
    // Jan 1: the pool's weights; the update on Jan 2 takes the 3:1 caps, those on Jan 3 and 4 the
    // 1:1 caps of Jan 3 (no interpolation: weights jump at each update).
    expect(Array.from(result.series.data[weights]!)).toEqual([0.5, 0.75, 0.5, 0.5])
  })

  it('names a token without a caps column', async () => {
    writeFileSync(path.join(dir, 'eth-only.csv'), 'timestamp,ETH\n2024-01-01,300\n')
    const run = configureScenario(scenario('eth-only.csv'))
    await expect(run).rejects.toThrow(InputError)
    await expect(run).rejects.toThrow(
      'caps.json: pool.schedule.capsFile: eth-only.csv has no column "BTC": expected one caps column per token (ETH, BTC), found ETH',
    )
  })
})

describe('configureScenario: an arbitrageur reading its gas from a CSV (issue 17)', () => {
  const dir = tempDir('amm-config-gas-')
  writeFileSync(
    path.join(dir, 'prices.csv'),
    'timestamp,ETH,USD\n2024-01-01,2000,1\n2024-01-02,2100,1\n2024-01-03,2050,1\n2024-01-04,2000,1\n',
  )
  // From the day before the path starts: 7.5, then 2.25 from the third day.
  writeFileSync(path.join(dir, 'gas.csv'), 'timestamp,gas\n2023-12-31,7.5\n2024-01-03,2.25\n')
  writeFileSync(path.join(dir, 'one-row.csv'), 'timestamp,gas\n2024-01-01,37.1\n')
  writeFileSync(path.join(dir, 'no-gas.csv'), 'timestamp,fee\n2024-01-01,3\n')
  const scenario = (gasCost: unknown): LoadedScenario => ({
    scenario: validateScenario(
      {
        name: 'gas',
        pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: { numeraire: 'USD', model: 'csv', file: 'prices.csv', format: 'wide' },
        agents: [{ type: 'arbitrageur', gasCost }],
      },
      'gas.json',
    ),
    file: 'gas.json',
    baseDir: dir,
  })

  it('gives the rows as a time series in seconds from the path start', async () => {
    const { config } = await configureScenario(scenario({ file: 'gas.csv' }))
    expect(config.agents[0]).toEqual({
      type: 'arbitrageur',
      gasCost: { times: [-86_400, 2 * 86_400], gas: [7.5, 2.25] },
    })
  })

  it('with one row runs as that constant, byte for byte', async () => {
    const fromFile = await configureScenario(scenario({ file: 'one-row.csv' }))
    const constant = await configureScenario(scenario(37.1))
    expect(JSON.stringify(runSimulation(fromFile.config))).toBe(
      JSON.stringify(runSimulation(constant.config)),
    )
  })

  it('names a file without a gas column', async () => {
    const run = configureScenario(scenario({ file: 'no-gas.csv' }))
    await expect(run).rejects.toThrow(InputError)
    await expect(run).rejects.toMatchObject({ code: 'MISSING_ASSET' })
    await expect(run).rejects.toThrow(
      'gas.json: agents[0].gasCost.file: no-gas.csv has no column "gas": expected a timestamp column and a gas column (numeraire per trade), found fee',
    )
  })
})
