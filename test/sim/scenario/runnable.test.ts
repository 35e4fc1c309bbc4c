import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AmmSimError, InputError, RunError } from '../../../src/errors.js'
import { maxGapToFill } from '../../../src/sim/prices/csv/align.js'
import { configureScenario } from '../../../src/sim/scenario/config.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import { validateScenario } from '../../../src/sim/scenario/validate.js'
import { tempDir } from '../../tempDir.js'

// removed after this file by test/setup.ts
const dir = tempDir('amm-sim-runnable-')

const pool = { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 }
/** A scenario on one price file written into the temp folder. */
function onFile(
  csv: string,
  prices: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): LoadedScenario {
  const name = `p${Math.random().toString(36).slice(2)}.csv`
  writeFileSync(path.join(dir, name), csv)
  const raw = {
    name: 'x',
    pool,
    prices: { numeraire: 'USDC', model: 'csv', file: name, ...prices },
    ...extra,
  }
  return { scenario: validateScenario(raw, 'x.json'), file: 'x.json', baseDir: dir }
}
/** What an async call rejected with. */
async function rejection(promise: Promise<unknown>): Promise<AmmSimError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AmmSimError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('configureScenario: what only the price file tells, checked before the run', () => {
  it('refuses a one-row price file (validate agreed with run before, which then failed)', async () => {
    const loaded = onFile('timestamp,ETH\n2024-01-01,2000\n')
    const error = await rejection(configureScenario(loaded))
    expect(error).toBeInstanceOf(InputError)
    expect(error.code).toBe('FILE_EMPTY')
    expect(error.message).toBe(
      `x.json: prices.file: ${loaded.scenario.prices.model === 'csv' ? loaded.scenario.prices.file : ''} gives 1 usable point on the grid (2024-01-01T00:00:00Z): a run needs at least 2 prices (one step)`,
    )
  })

  it('names --prices for a one-row file given on the command line', async () => {
    writeFileSync(path.join(dir, 'one.csv'), 'timestamp,ETH\n2024-01-01,2000\n')
    const loaded = onFile('timestamp,ETH\n2024-01-01,2000\n2024-01-02,2000\n')
    const error = await rejection(configureScenario(loaded, { prices: ['one.csv'], baseDir: dir }))
    expect(error.code).toBe('FILE_EMPTY')
    expect(error.message).toBe(
      '--prices: one.csv gives 1 usable point on the grid (2024-01-01T00:00:00Z): a run needs at least 2 prices (one step)',
    )
  })

  it('runs a two-row price file end to end: one step, the textbook single jump', async () => {
    // fee-free 50/50 after one jump 2000 -> 2420 (x1.21): LP = V0 * 1.1, HODL = V0 * 1.105
    const loaded = onFile('timestamp,ETH\n2024-01-01,2000\n2024-01-02,2420\n')
    const scenario = { ...loaded.scenario, pool: { ...loaded.scenario.pool, swapFee: 0 } }
    const { result } = await runScenario({ ...loaded, scenario })
    expect(result.steps).toBe(2)
    // 1e-9 relative: a handful of float operations on values near 1e6
    expect(result.metrics.lpValue).toBeCloseTo(1.1e6, 3)
    expect(result.metrics.hodlValue).toBeCloseTo(1.105e6, 3)
  })

  it('refuses prices outside [1e-200, 1e200] in a file, naming token and time', async () => {
    const error = await rejection(
      configureScenario(onFile('timestamp,ETH\n2024-01-01,2000\n2024-01-02,1e-250\n')),
    )
    expect(error.code).toBe('BAD_PRICE')
    expect(error.message).toMatch(
      /^x\.json: prices\.file: ETH costs 1e-250 USDC at 2024-01-02T00:00:00Z, outside the price range \[1e-200, 1e\+200\] the engine runs on \(p\w+\.csv\)$/,
    )
  })

  it("bounds noise trades by the file's own horizon", async () => {
    // two days of prices: 1e8 / 1 day = 1e8 trades a day at most
    const csv = 'timestamp,ETH\n2024-01-01,2000\n2024-01-02,2000\n'
    const noise = (tradesPerDay: number) => ({
      agents: [{ type: 'noise', tradesPerDay, medianSize: 1 }],
    })
    const error = await rejection(configureScenario(onFile(csv, {}, noise(2e8))))
    expect(error.code).toBe('SCENARIO_INVALID')
    expect(error.message).toBe(
      'x.json: agents[0].tradesPerDay: 200000000 trades a day over 1d expects 200000000 noise trades in all, above the 100000000 a run can finish: expected at most 100000000 a day here (or a shorter horizon)',
    )
    await expect(configureScenario(onFile(csv, {}, noise(1e8)))).resolves.toBeDefined()
    await expect(configureScenario(onFile(csv, {}, noise(1e8 + 1)))).rejects.toThrow(InputError)
  })

  it('names prices.maxGap with exactly the value that fills the gap', async () => {
    // daily grid, 2024-01-03 missing: the 3rd carries the 2nd's price, one day old
    const csv =
      'timestamp,ETH\n2024-01-01,2000\n2024-01-02,2000\n2024-01-04,2000\n2024-01-05,2000\n'
    const loaded = onFile(csv, { dt: '1d', maxGap: '12h' })
    const error = await rejection(configureScenario(loaded))
    expect(error.code).toBe('GAP_TOO_LONG')
    expect(maxGapToFill(error)).toBe(86_400)
    expect(error.message).toMatch(
      /^p\w+\.csv: ETH has no price from 2024-01-02T00:00:00Z to 2024-01-04T00:00:00Z \(172800 s\), needed at 2024-01-03T00:00:00Z; forward-fill is limited to maxGap = 43200 s; set prices\.maxGap to "1d" \(or longer\) to forward-fill it$/,
    )
    // the hint is enough: with it, the same file configures
    await expect(configureScenario(onFile(csv, { dt: '1d', maxGap: '1d' }))).resolves.toBeDefined()
    await expect(configureScenario(onFile(csv, { dt: '1d', maxGap: '86399s' }))).rejects.toThrow(
      InputError,
    )
  })

  it('refuses a FIFO before opening it (opening would block until a writer came)', async () => {
    const fifo = path.join(dir, 'fifo.csv')
    execFileSync('mkfifo', [fifo])
    const raw = { name: 'x', pool, prices: { numeraire: 'USDC', model: 'csv', file: 'fifo.csv' } }
    const error = await rejection(
      configureScenario({
        scenario: validateScenario(raw, 'x.json'),
        file: 'x.json',
        baseDir: dir,
      }),
    )
    expect(error.code).toBe('FILE_NOT_FOUND')
    expect(error.message).toBe(
      `x.json: prices.file: fifo.csv is a FIFO (named pipe), not a regular file (resolved to ${fifo})`,
    )
  })
})

describe("configureScenario runs the engine's own pre-run checks", () => {
  it('refuses an exact pool whose first balance rounds to 0 raw units (the run refused it before)', async () => {
    const raw = {
      name: 'x',
      pool: { ...pool, math: 'exact-v3', decimals: [0, 6], initialValue: 1 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 0.8 },
        dt: '1h',
        horizon: '1d',
      },
    }
    const error = await rejection(
      configureScenario({
        scenario: validateScenario(raw, 'x.json'),
        file: 'x.json',
        baseDir: dir,
      }),
    )
    expect(error).toBeInstanceOf(InputError)
    expect(error.code).toBe('BAD_PARAMETER')
    expect(error.message).toBe(
      "x.json: pool.initialValue: token 0's initial balance rounds to 0 raw units (decimals 0): raise initialValue",
    )
  })
})

describe('runScenario: a price path leaving the range names the model as the cause', () => {
  it('PRICE_OUT_OF_RANGE from a bootstrap compounding a history of x1e50 days', async () => {
    // each resampled step multiplies the price by 1e50: 2000 * 1e50^4 = 2e203 at step 4
    const csv = 'timestamp,ETH\n2024-01-01,1\n2024-01-02,1e50\n2024-01-03,1e100\n'
    const name = 'boot.csv'
    writeFileSync(path.join(dir, name), csv)
    const raw = {
      name: 'x',
      pool,
      prices: {
        numeraire: 'USDC',
        model: 'bootstrap',
        file: name,
        start: { ETH: 2000 },
        horizon: '10d',
        blockLength: 1,
      },
    }
    const error = await rejection(
      runScenario({ scenario: validateScenario(raw, 'x.json'), file: 'x.json', baseDir: dir }),
    )
    expect(error).toBeInstanceOf(RunError)
    expect(error.code).toBe('PRICE_OUT_OF_RANGE')
    expect(error.message).toMatch(
      /^PRICE_OUT_OF_RANGE: price of ETH at step 4 \(\S+Z\) is 2e\+203, outside the range the engine runs on \[1e-200, 1e\+200\]; likely cause: model bootstrap: blocks of 1 steps of boot\.csv's returns compounded over 10d; a shorter horizon keeps the resampled path in range$/,
    )
  })
})
