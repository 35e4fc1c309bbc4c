/**
 * Tests added for the mutants of monteCarlo.ts that the first tests let through
 * (docs/mutation.md, `src/report/regression`): compareSamples' rows in full, the minimum effect
 * at equality, tolerance layers, and isSweepScenario's rolling windows. No sweep is run here.
 */
import { describe, expect, it } from 'vitest'
import {
  compareSamples,
  isSweepScenario,
  runRegressionSweep,
} from '../../../src/report/regression/monteCarlo.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import type { Scenario } from '../../../src/sim/scenario/schema.js'
import { parseScenario } from '../../../src/sim/scenario/validate.js'

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
