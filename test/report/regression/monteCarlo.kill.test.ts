/**
 * Tests added for the mutants of monteCarlo.ts that the first tests let through
 * (docs/mutation.md, `src/report/regression`): compareSamples' rows in full, the minimum effect
 * at equality, tolerance layers, and isSweepScenario's rolling windows; runRegressionSweep on
 * small sweeps of the tiny scenario (constant prices, no agents: each sweep runs in milliseconds),
 * some with their rows edited on the way back from `runSweep` (a failed task, non-finite values),
 * which a real sweep of this size cannot produce.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  compareSamples,
  isSweepScenario,
  runRegressionSweep,
} from '../../../src/report/regression/monteCarlo.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import type { Scenario } from '../../../src/sim/scenario/schema.js'
import { parseScenario } from '../../../src/sim/scenario/validate.js'
import type { SweepResult } from '../../../src/sim/sweep/runSweep.js'
import { tinyScenario } from './tinyScenario.js'

// runSweep as it is, but its result may be edited by a test before runRegressionSweep reads it
const hook = vi.hoisted(() => ({ edit: undefined as ((r: SweepResult) => void) | undefined }))
vi.mock('../../../src/sim/sweep/runSweep.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/sim/sweep/runSweep.js')>()
  return {
    ...real,
    runSweep: async (...args: Parameters<typeof real.runSweep>) => {
      const result = await real.runSweep(...args)
      hook.edit?.(result)
      return result
    },
  }
})
afterEach(() => {
  hook.edit = undefined
})

const stats = (mean: number, sd: number, n = 30) => ({ n, mean, sd })

describe('compareSamples, the rows', () => {
  it('carries the means, the change and the whole test', () => {
    // se = sqrt(4/20 + 1/10) = sqrt(0.3); t = -3 / sqrt(0.3) = -5.477
    // df = 0.09 / (0.04/19 + 0.01/9) = 27.98...
    const [row] = compareSamples({
      scenario: 's',
      baseline: { lvr: stats(-200, 2, 20) },
      now: { lvr: stats(-203, 1, 10) },
    })
    expect(row).toMatchObject({
      scenario: 's',
      figure: 'lvr',
      baseline: -200,
      now: -203,
      change: -3,
      relativeChange: -3 / 200,
      verdict: 'regression',
    })
    expect(row!.test).toMatchObject({ n: [20, 10], sd: [2, 1], alpha: 0.01, isSignificant: true })
    expect(row!.test!.t).toBeCloseTo(-3 / Math.sqrt(0.3), 12)
    expect(row!.test!.df).toBeCloseTo(0.09 / (0.04 / 19 + 0.01 / 9), 10)
    expect(row!.test!.pValue).toBeLessThan(1e-4)
  })
  it('has no relative change for a baseline mean of 0, and none for a figure on one side', () => {
    const rows = compareSamples({
      scenario: 's',
      baseline: { zero: stats(0, 1), gone: stats(2, 1) },
      now: { zero: stats(0.5, 1), fresh: stats(3, 1) },
    })
    expect(rows.map((r) => [r.figure, r.baseline, r.now, r.change, r.relativeChange])).toEqual([
      ['zero', 0, 0.5, 0.5, null],
      ['gone', 2, null, null, null],
      ['fresh', null, 3, null, null],
    ])
  })
  it('does not flag a shift exactly at the minimum effect, flags one just above', () => {
    // 100 -> 101 with sd 0.1: highly significant; 1 % of 100 is exactly 1
    const at = compareSamples({
      scenario: 's',
      baseline: { x: stats(100, 0.1) },
      now: { x: stats(101, 0.1) },
    })
    expect(at[0]!.test!.isSignificant).toBe(true)
    expect(at[0]!.verdict).toBe('ok')
    const above = compareSamples({
      scenario: 's',
      baseline: { x: stats(100, 0.1) },
      now: { x: stats(101.01, 0.1) },
    })
    expect(above[0]!.verdict).toBe('regression')
  })
  it('takes the tolerance layers, their relative part where it exceeds the minimum effect', () => {
    const rows = compareSamples({
      scenario: 's',
      baseline: { feeIncome: stats(100, 0.1), lvr: stats(100, 0.1) },
      now: { feeIncome: stats(105, 0.1), lvr: stats(105, 0.1) },
      layers: [{ feeIncome: { relative: 0.1, absolute: 3 } }],
    })
    expect(rows[0]!.tolerance).toEqual({ relative: 0.1, absolute: 3 })
    expect(rows[0]!.verdict).toBe('ok')
    expect(rows[1]!.tolerance).toEqual({ relative: 0.01, absolute: 1e-6 })
    expect(rows[1]!.verdict).toBe('regression')
  })
  it('corrects over the figures present on both sides only', () => {
    // one test (p < 0.01 alone); the figures on one side do not count towards m
    const se = Math.sqrt((2 * 100) / 30)
    const rows = compareSamples({
      scenario: 's',
      baseline: { a: stats(100, 10), gone: stats(1, 1), gone2: stats(1, 1) },
      now: { a: stats(100 + 3 * se, 10), fresh: stats(1, 1) },
      minEffect: 0,
    })
    expect(rows[0]!.test!.pValue).toBeGreaterThan(0.0025)
    expect(rows[0]!.test!.pValue).toBeLessThan(0.01)
    expect(rows[0]!.test!.isSignificant).toBe(true)
    expect(rows[0]!.verdict).toBe('regression')
  })
})

describe('isSweepScenario', () => {
  it('counts rolling windows as a sweep', () => {
    const plain = { name: 'x' } as unknown as Scenario
    expect(isSweepScenario(plain)).toBe(false)
    expect(isSweepScenario({ ...plain, paths: 1 })).toBe(false)
    expect(isSweepScenario({ ...plain, paths: 2 })).toBe(true)
    expect(isSweepScenario({ ...plain, windows: {} } as unknown as Scenario)).toBe(true)
  })
})

describe('runRegressionSweep, small sweeps', () => {
  const loaded = (extra: Record<string, unknown>): LoadedScenario => ({
    scenario: parseScenario(
      JSON.stringify({
        name: 'small',
        seed: 1,
        pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: {
          numeraire: 'USDC',
          model: 'gbm',
          start: { ETH: 2000, USDC: 1 },
          volatility: { ETH: 0.6 },
          dt: '1h',
          horizon: '6h',
        },
        seriesPoints: 10,
        ...extra,
      }),
      'small.json',
    ),
    file: 'small.json',
    baseDir: '/',
  })
  it('takes the figures of a grid with one path per cell as they are, with no samples', async () => {
    const run = await runRegressionSweep(loaded({ sweep: { 'pool.swapFee': [0.003, 0.01] } }), {
      version: 'test',
    })
    expect(run.samples).toBeUndefined()
    expect(run.paths).toBeUndefined()
    expect(typeof run.figures['[cell 0] feeIncome']).toBe('number')
    expect(typeof run.figures['[cell 1] feeIncome']).toBe('number')
  }, 60_000)
  it('summarises two paths as a sample of 2', async () => {
    const run = await runRegressionSweep(loaded({ paths: 2 }), { version: 'test' })
    expect(run.paths).toBe(2)
    expect(run.samples!.feeIncome!.n).toBe(2)
    expect(run.figures.feeIncome).toBe(run.samples!.feeIncome!.mean)
  }, 60_000)
})

describe('runRegressionSweep on the tiny scenario', () => {
  const tiny = (extra: Record<string, unknown>): LoadedScenario => ({
    scenario: tinyScenario({ seed: 3, benchmarks: [{ type: 'hodl' }], ...extra }),
    file: 'tiny.json',
    baseDir: '/',
  })
  // Constant prices, no trades: the pool and HODL stay at 1e6, fees 0; the risk ratios of a
  // return series with no variance are null.
  it('one cell of two paths: no cell labels nor cells, the time range left out, benchmarks named', async () => {
    const run = await runRegressionSweep(tiny({ paths: 2 }), { version: '9.9.9' })
    expect(run).not.toHaveProperty('cells')
    expect(run.scenario).toBe('tiny')
    expect(run.version).toBe('9.9.9')
    expect(run.seed).toBe(3)
    expect(run.paths).toBe(2)
    expect(run.failures).toEqual([])
    const names = Object.keys(run.samples!)
    expect(names).toContain('lpValue')
    expect(names).toContain('benchmarks.hodl.value')
    expect(names).toContain('benchmarks.hodl.trackingError')
    for (const name of names) expect(name).not.toMatch(/^(\[|startTime|endTime|hodl\.|undefined)/)
    // a figure with no finite value on any path has no sample and no mean
    expect(names).not.toContain('risk.sharpeRatio')
    expect(run.samples!.lpValue).toEqual({ n: 2, mean: 1e6, sd: 0 })
    expect(run.samples!['benchmarks.hodl.value']).toEqual({ n: 2, mean: 1e6, sd: 0 })
    expect(run.samples!.feeIncome).toEqual({ n: 2, mean: 0, sd: 0 })
    expect(Object.keys(run.figures)).toEqual(names)
    expect(run.figures.lpValue).toBe(1e6)
  })
  it('takes the seed given in place of the scenario seed; refuses 0 workers as runSweep does', async () => {
    const run = await runRegressionSweep(tiny({ paths: 2 }), { version: 'v', seed: 41 })
    expect(run.seed).toBe(41)
    await expect(
      runRegressionSweep(tiny({ paths: 2 }), { version: 'v', workers: 0 }),
    ).rejects.toThrow('expected an integer >= 1, found 0')
  })
  it('two cells of three paths: a failed task and non-finite values left out of the samples', async () => {
    let seeds: number[] = []
    hook.edit = (result) => {
      seeds = result.rows.map((row) => row.seed)
      const lp = result.layout.figures.indexOf('lpValue')
      const fees = result.layout.figures.indexOf('feeIncome')
      // cell 1, path 0 failed; cell 0: lpValue NaN on path 1, Infinity on path 2; feeIncome null on 2
      const failed = result.rows[3]!
      failed.figures = null
      failed.error = 'NON_FINITE: lpValue'
      result.failures = [failed]
      result.rows[1]!.figures![lp] = Number.NaN
      result.rows[2]!.figures![lp] = Number.POSITIVE_INFINITY
      result.rows[2]!.figures![fees] = null
    }
    const run = await runRegressionSweep(
      tiny({ paths: 3, sweep: { 'pool.swapFee': [0.003, 0.01] } }),
      { version: 'v' },
    )
    expect(seeds).toHaveLength(6)
    expect(run.cells).toEqual(['pool.swapFee=0.003', 'pool.swapFee=0.01'])
    expect(run.failures).toEqual([`cell 1, path 0 (seed ${seeds[3]}): NON_FINITE: lpValue`])
    const s = run.samples!
    expect(s['[cell 0] lpValue']).toBeUndefined() // one finite value
    expect(s['[cell 0] feeIncome']).toEqual({ n: 2, mean: 0, sd: 0 })
    expect(s['[cell 0] hodlValue']).toEqual({ n: 3, mean: 1e6, sd: 0 })
    expect(s['[cell 1] lpValue']).toEqual({ n: 2, mean: 1e6, sd: 0 })
    expect(s['[cell 1] hodlValue']).toEqual({ n: 2, mean: 1e6, sd: 0 })
    expect(s['[cell 0] risk.sharpeRatio']).toBeUndefined()
    for (const name of Object.keys(s)) expect(name).toMatch(/^\[cell [01]\] (?!undefined)[a-z]/)
    expect(run.figures['[cell 1] lpValue']).toBe(1e6)
    expect(run.figures).not.toHaveProperty('[cell 0] lpValue')
  })
  it('one path per cell: each value as it is, null where it is not finite, a failed task absent', async () => {
    hook.edit = (result) => {
      const lp = result.layout.figures.indexOf('lpValue')
      result.rows[0]!.figures![lp] = Number.NaN
      result.rows[1]!.figures = null
      result.rows[1]!.error = 'NON_FINITE: x'
      result.failures = [result.rows[1]!]
    }
    // one axis of two columns (the weights): each cell described by both, comma-separated
    const run = await runRegressionSweep(
      tiny({
        paths: 1,
        sweep: {
          'pool.weights': [
            [0.5, 0.5],
            [0.6, 0.4],
          ],
        },
      }),
      { version: 'v' },
    )
    expect(run.cells).toEqual([
      'pool.weights[0]=0.5, pool.weights[1]=0.5',
      'pool.weights[0]=0.6, pool.weights[1]=0.4',
    ])
    expect(run.paths).toBeUndefined()
    expect(run.samples).toBeUndefined()
    expect(run.failures).toHaveLength(1)
    expect(run.figures['[cell 0] lpValue']).toBeNull()
    expect(run.figures['[cell 0] hodlValue']).toBe(1e6)
    expect(run.figures['[cell 0] risk.sharpeRatio']).toBeNull()
    expect(run.figures['[cell 0] benchmarks.hodl.value']).toBe(1e6)
    expect(Object.keys(run.figures).some((name) => name.startsWith('[cell 1]'))).toBe(false)
    expect(Object.keys(run.figures)).not.toContain('[cell 0] startTime')
  })
})
