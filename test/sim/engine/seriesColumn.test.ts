import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { seriesColumn, seriesSampling, toRows } from '../../../src/sim/engine/seriesColumn.js'
import type { SimulationConfig } from '../../../src/sim/engine/types.js'
import { lazy } from '../../lazy.js'
import { gbmSource } from './testPaths.js'

/** 1,001 steps of a 2-token GBM, an arbitrageur and noise, so every column moves. */
function config(seriesPoints?: number | 'all'): SimulationConfig {
  return {
    pool: { weights: [0.8, 0.2], swapFee: 0.003, initialValue: 1e6 },
    prices: gbmSource({
      tokens: 2,
      steps: 1_001,
      dt: 3_600,
      sigma: 0.8,
      seed: 3,
      withNumeraire: true,
    }),
    agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 24, medianSize: 1_000 }],
    benchmarks: [{ type: 'hodl' }, { type: 'threshold', band: 0.05, costBps: 10 }],
    seed: 5,
    ...(seriesPoints !== undefined ? { seriesPoints } : {}),
  }
}

/** The default run, 500 points of 1,001 steps, and one keeping every step: made in the tests. */
const sampledRun = lazy(() => runSimulation(config()))
const everyRun = lazy(() => runSimulation(config('all')))

describe('seriesColumn', () => {
  it('returns the column the engine kept under that name', () => {
    const sampled = sampledRun()
    const { columns, data } = sampled.series
    for (const name of columns)
      expect(seriesColumn(sampled, name)).toBe(data[columns.indexOf(name)])
    expect(seriesColumn(sampled, 'lpValue')[0]).toBe(1e6) // the pool starts at initialValue
  })

  it('names the columns there are for an unknown one', () => {
    const sampled = sampledRun()
    const read = () => seriesColumn(sampled, 'lpvalue')
    expect(read).toThrow(InputError)
    expect(read).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(read).toThrow(
      'column: expected one of time, lpValue, hodlValue, constantMixValue, feeIncome, lvr, arbProfit, weightDeviation, weight.T0, weight.USD, balance.T0, balance.USD, price.T0, price.USD, benchmark.hodl, benchmark.threshold, found "lpvalue"',
    )
  })
})

describe("seriesPoints: 'all' and toRows", () => {
  it('keeps one point per step with seriesPoints all, and the same metrics', () => {
    const sampled = sampledRun()
    const every = everyRun()
    expect(every.series.data[0]!.length).toBe(1_001)
    expect(Array.from(seriesColumn(every, 'time'))).toEqual(
      Array.from({ length: 1_001 }, (_, t) => t * 3_600),
    )
    // the series is a record of the run, not an input to it
    expect(every.metrics).toEqual(sampled.metrics)
  })

  it('down-samples to every k-th step plus the last, k = ceil(1000 / 499) = 3', () => {
    const sampled = sampledRun()
    const every = everyRun()
    expect(seriesSampling(sampled)).toEqual({ points: 335, steps: 1_001, every: 3 })
    expect(seriesSampling(every)).toEqual({ points: 1_001, steps: 1_001, every: 1 })
    // each kept point is the full series' point at that step, in every column
    const full = toRows(every)
    toRows(sampled).forEach((row, i) => {
      const step = Math.min(3 * i, 1_000)
      expect(row).toEqual(full[step])
    })
  })

  it('gives rows keyed by column holding the series values', () => {
    const sampled = sampledRun()
    const rows = toRows(sampled)
    expect(rows.length).toBe(335)
    const { columns, data } = sampled.series
    rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(columns)
      columns.forEach((name, c) => {
        expect(row[name]).toBe(data[c]![i])
      })
    })
  })

  it('refuses a down-sampled series when every step is asked for, naming the fix', () => {
    const sampled = sampledRun()
    const every = everyRun()
    const read = () => toRows(sampled, { everyStep: true })
    expect(read).toThrow(InputError)
    expect(read).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(read).toThrow(
      "seriesPoints: the series keeps 335 of the run's 1001 steps (one every 3 steps, and the last); run with seriesPoints: 'all' for one row per step",
    )
    expect(toRows(every, { everyStep: true }).length).toBe(1_001)
  })

  it('refuses a series size that is neither an integer >= 2 nor all', () => {
    const run = () => runSimulation({ ...config(), seriesPoints: 'every' as unknown as 'all' })
    expect(run).toThrow(InputError)
    expect(run).toThrow('seriesPoints: expected an integer >= 2 or "all", found "every"')
  })
})
