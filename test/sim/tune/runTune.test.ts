import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { createScenario } from '../../../src/sim/scenario/create.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import type { ScenarioInput } from '../../../src/sim/scenario/schema.js'
import { runTune } from '../../../src/sim/tune/runTune.js'
import type { TuneOptions } from '../../../src/sim/tune/runTune.js'
import { tempDir } from '../../tempDir.js'

const DAY = 86_400
const T0 = 1_704_067_200 // 2024-01-01
const DAYS = 60

/** A daily ETH price: a fixed zig-zag walk (no randomness), `spike` multiplying chosen days. */
function prices(spike: ReadonlyMap<number, number> = new Map()): number[] {
  const out: number[] = []
  let p = 2000
  for (let d = 0; d <= DAYS; d++) {
    p *= 1 + 0.04 * Math.sin(d * 1.7) + 0.01 * Math.cos(d * 0.3)
    out.push(p * (spike.get(d) ?? 1))
  }
  return out
}

function writeCsv(dir: string, name: string, eth: readonly number[]): void {
  const rows = eth.map(
    (p, d) => `${new Date((T0 + d * DAY) * 1000).toISOString().slice(0, 10)},${p},1`,
  )
  writeFileSync(path.join(dir, name), `timestamp,ETH,USD\n${rows.join('\n')}\n`)
}

function scenarioInput(file: string): ScenarioInput {
  return {
    name: 'mini-tune',
    pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: { numeraire: 'USD', model: 'csv', file, format: 'wide' },
    agents: [{ type: 'arbitrageur' }],
    benchmarks: [
      { type: 'hodl' },
      { type: 'constant-mix' },
      { type: 'threshold', band: 0.05, costBps: 10 },
    ],
  }
}

function loadedFor(dir: string, file = 'eth.csv'): LoadedScenario {
  return {
    scenario: createScenario(scenarioInput(file), { file: 'mini.json' }),
    file: 'mini.json',
    baseDir: dir,
  }
}

const BASE: TuneOptions = {
  objective: 'returnVsHodl',
  params: ['pool.swapFee=0.001,0.003,0.01', 'pool.weights[0]=0.3..0.7'],
  steps: 3,
  train: '20d',
  test: '10d',
  bootstrapPaths: 0,
}

describe('runTune', () => {
  const dir = tempDir('amm-tune-')
  writeCsv(dir, 'eth.csv', prices())

  it('grid: runs every grid point on every training window and keeps the best', async () => {
    const result = await runTune(loadedFor(dir), BASE)
    // 20 + 10 (k + 1) <= 60 days: folds 0 … 3
    expect(result.folds.length).toBe(4)
    const grid = [0.001, 0.003, 0.01].flatMap((fee) => [0.3, 0.5, 0.7].map((w) => [fee, w]))
    for (const fold of result.folds) {
      const train = result.evaluations.filter((e) => e.fold === fold.fold && e.phase === 'train')
      expect(train.map((e) => e.values)).toEqual(grid)
      for (const e of train) expect([e.start, e.end]).toEqual([fold.train.start, fold.train.end])
      const best = Math.max(...train.map((e) => e.objective!))
      expect(fold.inSample).toBe(best)
      expect(fold.chosen).toEqual(train.find((e) => e.objective === best)!.values)
    }
    const h = result.headline
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    expect(h.outOfSample).toBeCloseTo(mean(result.folds.map((f) => f.outOfSample!)), 15)
    expect(h.gap).toBeCloseTo(h.inSample! - h.outOfSample!, 15)
  })

  it('reports the out-of-sample figure a plain run of the test window gives', async () => {
    const result = await runTune(loadedFor(dir), BASE)
    const fold = result.folds[2]!
    const [fee, w] = fold.chosen
    // a second route: the scenario written out by hand for the test window, run alone
    const plain = createScenario({
      ...scenarioInput('eth.csv'),
      pool: { tokens: ['ETH', 'USD'], weights: [w!, 1 - w!], swapFee: fee! },
      prices: {
        numeraire: 'USD',
        model: 'csv',
        file: 'eth.csv',
        format: 'wide',
        start: fold.test.start,
        end: fold.test.end,
      },
    })
    const { result: run } = await runScenario(plain, { baseDir: dir })
    expect(run.startTime).toBe(T0 + 40 * DAY) // fold 2 trains on days [20, 40), tests [40, 50)
    expect(run.endTime).toBe(T0 + 49 * DAY)
    expect(fold.outOfSample).toBe(run.metrics.returnVsHodl)
    expect(fold.benchmarkReturnVsHodl.threshold).toBe(run.benchmarks.threshold!.returnVsHodl)
  })

  it('never looks ahead: a planted jump in a test window changes nothing of its fit', async () => {
    // the same history but ETH x3 on days 20 … 24, fold 0's first test days (train: days 0 … 19)
    writeCsv(dir, 'planted.csv', prices(new Map([20, 21, 22, 23, 24].map((d) => [d, 3]))))
    const clean = await runTune(loadedFor(dir), BASE)
    const planted = await runTune(loadedFor(dir, 'planted.csv'), BASE)
    const fold0 = (r: typeof clean) =>
      r.evaluations.filter((e) => e.fold === 0 && e.phase === 'train')
    expect(fold0(planted)).toEqual(fold0(clean))
    expect(planted.folds[0]!.chosen).toEqual(clean.folds[0]!.chosen)
    expect(planted.folds[0]!.inSample).toBe(clean.folds[0]!.inSample)
    // … while the test window sees it
    expect(planted.folds[0]!.outOfSample).not.toBe(clean.folds[0]!.outOfSample)
  })

  it('random: seeded draws inside the ranges, integers rounded; another seed draws others', async () => {
    const options: TuneOptions = {
      ...BASE,
      method: 'random',
      budget: 6,
      objective: 'lvr',
      params: ['pool.swapFee=0.0005..0.02:log', 'agents[0].everySteps=1..4'],
    }
    const a = await runTune(loadedFor(dir), options)
    expect(a.objective.direction).toBe('minimize')
    expect((await runTune(loadedFor(dir), options)).evaluations).toEqual(a.evaluations)
    const train = a.evaluations.filter((e) => e.phase === 'train')
    expect(train.length).toBe(4 * 6)
    for (const e of train) {
      expect(e.values[0]! >= 0.0005 && e.values[0]! <= 0.02).toBe(true)
      expect([1, 2, 3, 4]).toContain(e.values[1])
    }
    for (const fold of a.folds) {
      const own = train.filter((e) => e.fold === fold.fold).map((e) => e.objective!)
      expect(fold.inSample).toBe(Math.min(...own))
    }
    const b = await runTune(loadedFor(dir), { ...options, seed: 2 })
    expect(b.evaluations.filter((e) => e.phase === 'train').map((e) => e.values)).not.toEqual(
      train.map((e) => e.values),
    )
  })

  it('nelder-mead: stays within the budget per fold and finds the grid-best fee at least', async () => {
    const options: TuneOptions = { ...BASE, params: ['pool.swapFee=0.0005..0.02'], steps: 9 }
    const grid = await runTune(loadedFor(dir), options)
    const nm = await runTune(loadedFor(dir), { ...options, method: 'nelder-mead', budget: 25 })
    nm.folds.forEach((fold, k) => {
      expect(fold.evaluations).toBeLessThanOrEqual(25)
      // a 1-d search from the middle with restarts: no worse than 9 grid points, up to rounding
      expect(fold.inSample!).toBeGreaterThanOrEqual(grid.folds[k]!.inSample! - 1e-12)
    })
  })

  it('runs the final choice on bootstrap resamples of the history', async () => {
    const result = await runTune(loadedFor(dir), { ...BASE, bootstrapPaths: 8, blockLength: 3 })
    const b = result.final.bootstrap!
    expect(result.final.values).toEqual(result.folds[3]!.chosen)
    expect([b.paths, b.blockLength, b.horizon, b.failed]).toEqual([8, 3, 10 * DAY, 0])
    expect(b.objective.paths).toBe(8)
    // the objective is returnVsHodl: both rows summarise the same figures
    expect(b.objective).toEqual(b.returnVsHodl)
    expect(b.benchmarkReturnVsHodl.hodl!.mean).toBe(0)
  })

  it('refuses an unknown objective, a bad parameter and synthetic prices, saying what to do', async () => {
    const fail = (options: Partial<TuneOptions>, loaded = loadedFor(dir)) =>
      runTune(loaded, { ...BASE, ...options })
    await expect(fail({ objective: 'profit' })).rejects.toThrow(
      /^--objective: "profit" is not a figure of this scenario: expected one of lpValue, hodlValue, returnVsHodl, /,
    )
    await expect(fail({ objective: 'trades' })).rejects.toThrow(
      new InputError(
        'BAD_OPTION',
        { path: '--objective' },
        '"trades" has no better side by default: add --maximize or --minimize',
      ),
    )
    await expect(fail({ params: ['pool.swapFee=0.001..0.5'] })).rejects.toThrow(
      '--params: "pool.swapFee=0.5": the scenario refuses this value: mini.json: pool.swapFee: 0.5 is above the maximum 0.1',
    )
    const gbm = createScenario({
      name: 'gbm',
      pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        model: 'gbm',
        numeraire: 'USD',
        start: { ETH: 2000 },
        volatility: { ETH: 0.8 },
        dt: '1d',
        horizon: '60d',
      },
    })
    await expect(fail({}, { scenario: gbm, file: 'gbm.json', baseDir: dir })).rejects.toThrow(
      'gbm.json: prices.model: walk-forward tuning needs historical prices: expected "csv", found "gbm"',
    )
  })
})
