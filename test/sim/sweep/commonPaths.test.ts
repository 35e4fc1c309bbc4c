/**
 * `commonPaths`: every cell's path p runs with one seed, so the cells share prices and noise
 * trades, a lone run of (cell, path) still gives its row, shards still merge to the same tables,
 * and the paired differences are far tighter than comparing two independent means.
 */
import { describe, expect, it } from 'vitest'
import { sweepSeed } from '../../../src/sim/random.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { validateScenario } from '../../../src/sim/scenario/validate.js'
import { assembleSweep, runSweep } from '../../../src/sim/sweep/runSweep.js'
import type { SweepTable } from '../../../src/sim/sweep/tables.js'

const FEES = [0.001, 0.003, 0.01]
const PATHS = 30
const SEED = 41

/** A 3-fee sweep of a 20-day hourly GBM with fee-blind noise trades and gas. */
function loaded(extra: Record<string, unknown> = {}): LoadedScenario {
  const raw = {
    name: 'crn',
    seed: SEED,
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2500 },
      volatility: { ETH: 0.7 },
      dt: '1h',
      horizon: '20d',
    },
    agents: [
      { type: 'arbitrageur', gasCost: { distribution: 'lognormal', median: 1, sigma: 0.5 } },
      { type: 'noise', tradesPerDay: 24, medianSize: 1500, sizeSigma: 1 },
    ],
    benchmarks: [{ type: 'hodl' }],
    sweep: { 'pool.swapFee': FEES },
    paths: PATHS,
    ...extra,
  }
  return { scenario: validateScenario(raw, 'crn.json'), file: 'crn.json', baseDir: '/' }
}

/** Column `name` of the paths table for (cell, path). */
function cellOf(table: SweepTable, name: string, cell: number): (number | string | null)[] {
  const col = (c: string) => table.data[table.columns.indexOf(c)]!
  return col(name).filter((_, r) => col('cell')[r] === cell)
}

/** The statistic of the long table (cells or differences) for (cell, metric). */
function stat(table: SweepTable, cell: number, metric: string, key: string): number {
  const col = (c: string) => table.data[table.columns.indexOf(c)]!
  const r = col('metric').findIndex((m, i) => m === metric && col('cell')[i] === cell)
  return col(key)[r] as number
}

describe('commonPaths', () => {
  it('gives every cell the same seed, prices and noise trades on path p', async () => {
    const common = await runSweep(loaded({ commonPaths: true }))
    const own = await runSweep(loaded())
    const paths = common.tables.paths
    const seeds = Array.from({ length: PATHS }, (_, p) => sweepSeed(SEED, 0, p))
    for (let cell = 0; cell < FEES.length; cell++) {
      expect(cellOf(paths, 'seed', cell)).toEqual(seeds)
      // HODL's value depends on the prices alone: equal across cells iff the prices are
      expect(cellOf(paths, 'hodlValue', cell)).toEqual(cellOf(paths, 'hodlValue', 0))
      // the noise traders' arrivals and sizes are their own streams of the task seed
      expect(cellOf(paths, 'noiseTrades', cell)).toEqual(cellOf(paths, 'noiseTrades', 0))
      expect(cellOf(paths, 'noiseVolume', cell)).toEqual(cellOf(paths, 'noiseVolume', 0))
    }
    // the fee changes the arbitrage, so the LP's value differs between cells on one path
    expect(cellOf(paths, 'lpValue', 2)).not.toEqual(cellOf(paths, 'lpValue', 0))
    // cell 0 runs the seeds it runs without commonPaths: the same rows
    expect(cellOf(paths, 'lpValue', 0)).toEqual(cellOf(own.tables.paths, 'lpValue', 0))
    // without it, cells draw their own paths (the control: the check above can fail)
    expect(cellOf(own.tables.paths, 'hodlValue', 1)).not.toEqual(
      cellOf(own.tables.paths, 'hodlValue', 0),
    )
    expect(own.tables.differences).toBeUndefined()
    expect(common.tables.differences).toBeDefined()
  })

  it('re-runs one (cell, path) alone with the seed and figures of its row', async () => {
    const input = loaded({ commonPaths: true })
    const { tables } = await runSweep(input)
    for (const [cell, path] of [
      [2, 7],
      [1, 0],
    ] as const) {
      const alone = await runScenario(input, { cell, path })
      const r = cell * PATHS + path
      const column = (name: string) => tables.paths.data[tables.paths.columns.indexOf(name)]![r]
      expect(alone.seed).toBe(column('seed'))
      expect(alone.seed).toBe(sweepSeed(SEED, 0, path))
      for (const metric of ['lpValue', 'hodlValue', 'feeIncome', 'lvr', 'gasPaid'] as const)
        expect(alone.result.metrics[metric]).toBe(column(metric))
    }
  })

  it('pairs path by path: the interval is far narrower than for two independent means', async () => {
    const { tables } = await runSweep(loaded({ commonPaths: true }))
    const cells = tables.cells!
    const differences = tables.differences!
    for (const cell of [1, 2])
      for (const metric of ['returnVsHodl', 'feeIncome', 'lpValue']) {
        const mean = (c: number) => stat(cells, c, metric, 'mean')
        const sd = (c: number) => stat(cells, c, metric, 'standardDeviation')
        // the mean of the differences is the difference of the means (no task failed)
        expect(stat(differences, cell, metric, 'meanDifference')).toBeCloseTo(
          mean(cell) - mean(0),
          6,
        )
        const paired =
          stat(differences, cell, metric, 'ciHigh') - stat(differences, cell, metric, 'ciLow')
        // Welch's unpaired interval of the same difference: 2 · 1.96 · √(s₀²/n + s₁²/n)
        const unpaired = 2 * 1.96 * Math.sqrt((sd(0) ** 2 + sd(cell) ** 2) / PATHS)
        // The shared price path dominates each cell's spread of LP value and return against
        // HODL, so pairing removes most of it: unpaired / paired measured 4.8 to 310 here, a
        // factor 3 leaves room. Fee income scales with the fee, so the pair still moves
        // together less: measured 1.1 and 1.6, only narrower is required.
        expect(paired).toBeLessThan(metric === 'feeIncome' ? unpaired : unpaired / 3)
      }
  })

  it('gives the same differences from merged shards as from the whole sweep', async () => {
    const input = loaded({ commonPaths: true, compareTo: { 'pool.swapFee': 0.003 } })
    const whole = await runSweep(input)
    const one = await runSweep(input, { shard: { index: 1, count: 2 } })
    const two = await runSweep(input, { shard: { index: 2, count: 2 } })
    expect(one.tables.differences).toBeUndefined()
    const rows = [...one.rows, ...two.rows].sort((a, b) => a.task - b.task)
    const merged = assembleSweep(input.scenario, SEED, PATHS, rows)
    expect(merged.tables).toEqual(whole.tables)
    const col = whole.tables.differences!.data[whole.tables.differences!.columns.indexOf('cell')]!
    expect([...new Set(col)]).toEqual([0, 2])
  })
})
