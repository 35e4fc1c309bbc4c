/**
 * The run report folder in process (issue 13, the mutation run on `src/report/report.ts`): a
 * `runSimulation` run (`{ config, result }`) gives the same summary.md and summary.json as the
 * scenario it was configured from, its defaults (name, math, prices from a model spec) as
 * documented; the charts follow the tables, drawn with the scenario's weights and the closed-form
 * IL only for static weights; an aborted signal writes nothing. The renderer is a stand-in that
 * records each chart's configuration (the native canvas cannot load in the worker threads of the
 * mutation run).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { AmmSimError } from '../../src/errors.js'
import { writeReport } from '../../src/report/report.js'
import { runSimulation } from '../../src/sim/engine/runSimulation.js'
import { configureScenario } from '../../src/sim/scenario/config.js'
import { runScenario } from '../../src/sim/scenario/run.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { lazy } from '../lazy.js'
import { tempDir } from '../tempDir.js'

const rendered = vi.hoisted(() => ({
  configs: [] as { data: { datasets: { label: string; data: { y: number }[] }[] } }[],
}))
vi.mock('chartjs-node-canvas', () => ({
  ChartJSNodeCanvas: class {
    renderToBuffer(config: (typeof rendered.configs)[number]) {
      rendered.configs.push(config)
      return Promise.resolve(Buffer.from(`chart ${rendered.configs.length}`))
    }
  },
}))

/** Three tokens, weights moving linearly, agents and two benchmarks. */
const moving = validateScenario(
  {
    name: 'report-moving',
    description: 'Weights move | to 60 %.',
    seed: 11,
    pool: {
      tokens: ['ETH', 'WBTC', 'USDC'],
      weights: [0.4, 0.4, 0.2],
      swapFee: 0.002,
      schedule: { type: 'linear', startTime: '0s', endTime: '1d', endWeights: [0.6, 0.2, 0.2] },
    },
    prices: {
      model: 'gbm',
      numeraire: 'USDC',
      start: { ETH: 3000, WBTC: 60000 },
      volatility: { ETH: 0.9, WBTC: 0.7 },
      dt: '1h',
      horizon: '2d',
    },
    agents: [
      { type: 'arbitrageur', gasCost: 5 },
      { type: 'noise', tradesPerDay: 30, medianSize: 2000 },
    ],
    benchmarks: [{ type: 'hodl' }, { type: 'threshold', band: 0.05, costBps: 10 }],
  },
  'moving.json',
)
/** An 80/20 pool on exact integer math with token decimals, static weights. */
const exact = validateScenario(
  {
    name: 'report-exact',
    seed: 5,
    pool: {
      tokens: ['ETH', 'USDC'],
      weights: [0.8, 0.2],
      swapFee: 0.003,
      math: 'exact-v3',
      decimals: [18, 6],
    },
    prices: {
      model: 'gbm',
      numeraire: 'USDC',
      start: { ETH: 3000 },
      volatility: { ETH: 0.8 },
      dt: '1h',
      horizon: '1d',
    },
    benchmarks: [{ type: 'hodl' }],
  },
  'exact.json',
)

/** The scenario's run and the engine config it ran with (the same run, deterministic). */
const runOf = (scenario: typeof moving) =>
  lazy(async () => {
    const loaded = { scenario, file: `${scenario.name}.json`, baseDir: process.cwd() }
    const outcome = await runScenario(loaded)
    const { config } = await configureScenario(loaded)
    return { outcome, config }
  })
const movingRun = runOf(moving)
const exactRun = runOf(exact)

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8')

describe('writeReport from a runSimulation run', () => {
  for (const [title, run] of [
    ['moving weights, agents, benchmarks', movingRun],
    ['exact math with decimals', exactRun],
  ] as const)
    it(`writes what the scenario writes: ${title}`, async () => {
      const { outcome, config } = await run()
      const root = tempDir('amm-report-kill-')
      const fromScenario = path.join(root, 'scenario')
      const fromConfig = path.join(root, 'config')
      await writeReport(outcome, { dir: fromScenario, version: '1.2.3', hasCharts: false })
      const written = await writeReport(
        {
          config,
          result: outcome.result,
          name: outcome.scenario.name,
          ...(outcome.scenario.description !== undefined
            ? { description: outcome.scenario.description }
            : {}),
          prices: outcome.prices,
        },
        { dir: fromConfig, version: '1.2.3', hasCharts: false },
      )
      expect(written.dir).toBe(fromConfig)
      expect(written.files).toEqual(['summary.json', 'summary.md', 'timeseries.csv'])
      for (const file of written.files)
        expect(read(fromConfig, file), file).toBe(read(fromScenario, file))
      expect(written.summary).toEqual(JSON.parse(read(fromConfig, 'summary.json')))
    })

  it('the Pool line names the schedule, the math and the agents as the scenario does', async () => {
    const { outcome, config } = await movingRun()
    const dir = path.join(tempDir('amm-report-kill-'), 'r')
    await writeReport(
      { config, result: outcome.result, name: 'n' },
      { dir, version: '1', hasCharts: false },
    )
    const md = read(dir, 'summary.md')
    expect(md).toContain(
      '3 tokens (ETH 40 %, WBTC 40 %, USDC 20 %), swap fee 0.2 %, initial value 1,000,000.00 USDC, float math; weights move linearly to 60 % / 20 % / 20 % from',
    )
    // without a price section: the price source in words
    expect(md).toContain('- **Prices**: a price source given in code (ETH, WBTC, USDC in USDC); ')
    expect(md.startsWith('# n\n\n## Scenario\n\n')).toBe(true)
    const { outcome: exactOutcome, config: exactConfig } = await exactRun()
    await writeReport(
      { config: exactConfig, result: exactOutcome.result },
      { dir, version: '1', hasCharts: false },
    )
    const exactMd = read(dir, 'summary.md')
    expect(exactMd).toContain('USDC, exact-v3 math; static weights')
    // the defaults: the name "simulation" in both files
    expect(exactMd.startsWith('# simulation\n\n## Scenario\n\n')).toBe(true)
    expect((JSON.parse(read(dir, 'summary.json')) as { scenario: string }).scenario).toBe(
      'simulation',
    )
  })

  it('a config written by hand: weights by token, float math by default, prices from its model spec', async () => {
    const config = {
      pool: { weights: { USDC: 0.2, ETH: 0.8 }, swapFee: 0.003, initialValue: 1_000_000 },
      prices: {
        model: 'gbm' as const,
        numeraire: 'USDC',
        tokens: ['ETH', 'USDC'],
        start: { ETH: 3000 },
        volatility: { ETH: 0.8 },
        dt: 3_600,
        horizon: 86_400,
      },
      agents: [{ type: 'arbitrageur' as const }],
      benchmarks: [{ type: 'hodl' as const }],
      seed: 5,
    }
    const result = runSimulation(config)
    const dir = path.join(tempDir('amm-report-kill-'), 'r')
    await writeReport({ config, result, name: 'hand' }, { dir, version: '1', hasCharts: false })
    const md = read(dir, 'summary.md')
    expect(md).toContain(
      '2 tokens (ETH 80 %, USDC 20 %), swap fee 0.3 %, initial value 1,000,000.00 USDC, float math; static weights',
    )
    // the model spec is described as the scenario's price section would be
    const scenarioMd = await (async () => {
      const floatScenario = validateScenario(
        {
          ...JSON.parse(JSON.stringify(exact)),
          name: 'hand',
          pool: { tokens: ['ETH', 'USDC'], weights: [0.8, 0.2], swapFee: 0.003 },
        },
        'hand.json',
      )
      const run = await runScenario({
        scenario: floatScenario,
        file: 'hand.json',
        baseDir: process.cwd(),
      })
      const other = path.join(tempDir('amm-report-kill-'), 's')
      await writeReport(run, { dir: other, version: '1', hasCharts: false })
      return read(other, 'summary.md')
    })()
    const pricesLine = (text: string) => text.split('\n').find((l) => l.startsWith('- **Prices**'))
    expect(pricesLine(md)).toBe(pricesLine(scenarioMd))
    expect(pricesLine(md)).toContain('geometric Brownian motion')
  })
})

describe('writeReport: charts and the write', () => {
  it('renders the charts after the tables; the closed-form IL with the static 80/20 weights', async () => {
    const { outcome } = await exactRun()
    const dir = path.join(tempDir('amm-report-kill-'), 'r')
    rendered.configs.length = 0
    const written = await writeReport(outcome, { dir, version: '1' })
    expect(written.files).toEqual([
      'summary.json',
      'summary.md',
      'timeseries.csv',
      'charts/value.png',
      'charts/impermanent-loss.png',
      'charts/weights.png',
      'charts/fees-lvr.png',
      'charts/prices.png',
    ])
    expect(read(dir, 'charts/prices.png')).toBe('chart 5')
    expect(read(dir, 'summary.md')).toContain('](charts/impermanent-loss.png)')
    const il = rendered.configs[1]!.data.datasets.find((d) => d.label.startsWith('Closed-form'))
    expect(il).toBeDefined()
    // r^0.8 / (0.8 r + 0.2) - 1 of the ETH price ratio, from timeseries.csv
    const csv = read(dir, 'timeseries.csv').trim().split('\n')
    const header = csv[0]!.split(',')
    const eth = csv.slice(1).map((row) => Number(row.split(',')[header.indexOf('price.ETH')]))
    const last = eth.length - 1
    const r = eth[last]! / eth[0]!
    expect(il!.data[last]!.y).toBeCloseTo((r ** 0.8 / (0.8 * r + 0.2) - 1) * 100, 8)
  })

  it('no closed-form IL for moving weights', async () => {
    const { outcome } = await movingRun()
    rendered.configs.length = 0
    await writeReport(outcome, { dir: path.join(tempDir('amm-report-kill-'), 'r'), version: '1' })
    const labels = rendered.configs.flatMap((c) => c.data.datasets.map((d) => d.label))
    expect(labels).toContain('LP vs HODL (fees included)')
    expect(labels.some((l) => l.startsWith('Closed-form'))).toBe(false)
  })

  it('an aborted signal writes nothing: INTERRUPTED, the old folder kept', async () => {
    const { outcome } = await exactRun()
    const dir = path.join(tempDir('amm-report-kill-'), 'r')
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'old.txt'), 'old')
    const controller = new AbortController()
    controller.abort()
    let error: AmmSimError | undefined
    try {
      await writeReport(outcome, { dir, version: '1', hasCharts: false, signal: controller.signal })
    } catch (caught) {
      error = caught as AmmSimError
    }
    expect(error?.code).toBe('INTERRUPTED')
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })
})
