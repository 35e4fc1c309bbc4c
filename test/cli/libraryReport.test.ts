/**
 * A report from a `runSimulation` result (no Scenario object) against the built binary's report
 * of the same scenario: the library writes what the CLI writes.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeReport } from '../../src/report/report.js'
import { packageVersion } from '../../src/report/version.js'
import { runSimulation } from '../../src/sim/engine/runSimulation.js'
import { configureScenario } from '../../src/sim/scenario/config.js'
import { loadScenario } from '../../src/sim/scenario/load.js'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const FILES = ['summary.json', 'summary.md', 'timeseries.csv']

/** Two risky tokens, noise and an arbitrageur with gas, two benchmarks, no startTime. */
const SCENARIO = {
  name: 'library-report',
  description: 'A run written by the CLI and by writeReport from runSimulation.',
  seed: 11,
  pool: { tokens: ['ETH', 'WBTC', 'USDC'], weights: [0.4, 0.4, 0.2], swapFee: 0.002 },
  prices: {
    model: 'gbm',
    numeraire: 'USDC',
    start: { ETH: 3000, WBTC: 60000 },
    volatility: { ETH: 0.9, WBTC: 0.7 },
    drift: { ETH: 0.1 },
    dt: '1h',
    horizon: '20d',
  },
  agents: [
    { type: 'arbitrageur', gasCost: 5 },
    { type: 'noise', tradesPerDay: 30, medianSize: 2000 },
  ],
  benchmarks: [{ type: 'hodl' }, { type: 'threshold', band: 0.05, costBps: 10 }],
  seriesPoints: 100,
}

let dir = ''
let cliDir = ''
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
  dir = tempDir('amm-libreport-')
  writeFileSync(path.join(dir, 'library-report.json'), JSON.stringify(SCENARIO, null, 2))
  const cli = spawnSync(
    process.execPath,
    [BIN, 'run', 'library-report.json', '--no-charts', '--out', 'cli'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } },
  )
  expect(cli.stderr).toBe('')
  expect(cli.status).toBe(0)
  cliDir = path.join(dir, 'cli', 'library-report')
}, 120_000) // the test timeout, not the 10 s hook default: the binary starts on a loaded machine

const read = (folder: string, file: string) => readFileSync(path.join(folder, file), 'utf8')

describe('writeReport from a runSimulation result', () => {
  it('equals the CLI report byte for byte given the scenario price section', async () => {
    const loaded = await loadScenario(path.join(dir, 'library-report.json'))
    const { config } = await configureScenario(loaded)
    const result = runSimulation(config)
    const out = path.join(dir, 'lib')
    const written = await writeReport(
      {
        config,
        result,
        name: SCENARIO.name,
        description: SCENARIO.description,
        prices: loaded.scenario.prices,
      },
      { dir: out, version: packageVersion(), hasCharts: false },
    )
    expect(written.files).toEqual(['summary.json', 'summary.md', 'timeseries.csv'])
    for (const file of FILES) expect(read(out, file), file).toBe(read(cliDir, file))
  })

  it('describes a model spec run in code as the scenario would, seed given once', async () => {
    const config = {
      pool: {
        weights: { ETH: 0.4, WBTC: 0.4, USDC: 0.2 },
        swapFee: 0.002,
        initialValue: 1_000_000,
      },
      prices: {
        model: 'gbm' as const,
        numeraire: 'USDC',
        tokens: ['ETH', 'WBTC', 'USDC'],
        start: { ETH: 3000, WBTC: 60000 },
        volatility: { ETH: 0.9, WBTC: 0.7 },
        drift: { ETH: 0.1 },
        dt: 3_600,
        horizon: 20 * 86_400,
      },
      agents: [
        { type: 'arbitrageur' as const, gasCost: 5 },
        { type: 'noise' as const, tradesPerDay: 30, medianSize: 2000 },
      ],
      benchmarks: [
        { type: 'hodl' as const },
        { type: 'threshold' as const, band: 0.05, costBps: 10 },
      ],
      seed: 11,
      seriesPoints: 100,
    }
    const out = path.join(dir, 'spec')
    await writeReport(
      {
        config,
        result: runSimulation(config),
        name: SCENARIO.name,
        description: SCENARIO.description,
      },
      { dir: out, version: packageVersion(), hasCharts: false },
    )
    for (const file of FILES) expect(read(out, file), file).toBe(read(cliDir, file))
  })

  it('names the tokens and span for a price source without a description', async () => {
    const loaded = await loadScenario(path.join(dir, 'library-report.json'))
    const { config } = await configureScenario(loaded)
    const out = path.join(dir, 'source')
    await writeReport(
      { config, result: runSimulation(config) },
      { dir: out, version: '9.9.9', hasCharts: false },
    )
    const md = read(out, 'summary.md')
    expect(md.startsWith('# simulation\n\n## Scenario\n\n')).toBe(true)
    expect(md).toContain(
      '- **Prices**: a price source given in code (ETH, WBTC, USDC in USDC); 481 points from 2025-01-01 to 2025-01-21\n',
    )
    expect(read(out, 'timeseries.csv')).toBe(read(cliDir, 'timeseries.csv'))
  })
})
