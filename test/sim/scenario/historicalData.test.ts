import { fileURLToPath } from 'node:url'
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { createSummary } from '../../../src/report/summary.js'
import { formatSummaryMarkdown } from '../../../src/report/markdown.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { validateScenario } from '../../../src/sim/scenario/validate.js'

const DIR = fileURLToPath(new URL('../../fixtures/prices/conventions/', import.meta.url))
const D = Decimal.clone({ precision: 50 })

function loaded(raw: Record<string, unknown>): LoadedScenario {
  return { scenario: validateScenario(raw, 'x.json'), file: 'x.json', baseDir: DIR }
}

describe('historical runs: grid anchoring', () => {
  // hourly-2640.csv: six rows at hh:26:40; first ETH 2000, BTC 36000; last ETH 2240, BTC 35500
  const scenario = (gridOrigin: 'start' | 'epoch') =>
    loaded({
      name: 'grid',
      pool: { tokens: ['ETH', 'BTC', 'USD'], weights: [0.4, 0.4, 0.2], swapFee: 0 },
      prices: { numeraire: 'USD', model: 'csv', file: 'hourly-2640.csv', gridOrigin },
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
    })
  /** Evans' closed form in 50 digits from the file's own first and last rows. */
  const fromFile = new D(2240)
    .div(2000)
    .pow(0.4)
    .times(new D(35500).div(36000).pow(0.4))
    .div(
      new D(0.4)
        .times(new D(2240).div(2000))
        .plus(new D(0.4).times(new D(35500).div(36000)))
        .plus(0.2),
    )
    .minus(1)
    .toNumber()
  it("runs on the file's own six times, so IL is the closed form of its first and last prices", async () => {
    const { result } = await runScenario(scenario('start'))
    expect(result.steps).toBe(6)
    expect(result.startTime).toBe(1_700_000_800)
    expect(result.endTime).toBe(1_700_000_800 + 5 * 3_600)
    // float evaluation of the same formula: a few ulps of a number near -1.8e-3
    expect(result.metrics.impermanentLossClosedForm).toBeCloseTo(fromFile, 14)
    // the fee-free pool itself, arbitraged to the market price each hour: the same IL, up to
    // float rounding of values near 1e6 (measured: equal to the last bit here)
    expect(result.metrics.impermanentLoss).toBeCloseTo(fromFile, 13)
  })
  it("gridOrigin 'epoch' is the old grid: the last row is dropped and IL is off", async () => {
    const { result } = await runScenario(scenario('epoch'))
    expect(result.steps).toBe(5)
    expect(Math.abs(result.metrics.impermanentLossClosedForm! - fromFile)).toBeGreaterThan(1e-3)
  })
})

describe('historical runs: the report says what was done to the data', () => {
  const run = () =>
    runScenario(
      loaded({
        name: 'luna',
        pool: { tokens: ['LUNA', 'USDT'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: {
          numeraire: 'USDT',
          model: 'csv',
          files: { LUNA: 'LUNAUSDT.csv' },
          maxGap: '6h',
        },
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }],
      }),
    )
  it('summary.json: a data section with the gap listed, and the warnings', async () => {
    const outcome = await run()
    const summary = createSummary(outcome.result, 'luna', outcome.seed, '0.0.0')
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'version',
      'metrics',
      'benchmarks',
      'data',
      'warnings',
    ])
    const data = summary.data!
    expect(Object.keys(data)).toEqual([
      'role',
      'gridOrigin',
      'step',
      'maxGap',
      'jumpMultiple',
      'jumpFloor',
      'tokens',
    ])
    expect(data.maxGap).toBe(6 * 3_600)
    const luna = (data.tokens as Record<string, unknown>[])[0]!
    expect(luna.gaps).toEqual({
      count: 1,
      steps: 5,
      seconds: 21_600,
      longest: {
        series: 'LUNA',
        from: 1_651_395_600,
        to: 1_651_417_200,
        seconds: 21_600,
        firstStep: 10,
        steps: 5,
      },
      list: [
        {
          series: 'LUNA',
          from: 1_651_395_600,
          to: 1_651_417_200,
          seconds: 21_600,
          firstStep: 10,
          steps: 5,
        },
      ],
      unlisted: 0,
    })
    expect(summary.warnings.map((w) => [w.code, w.step ?? null, w.token])).toEqual([
      ['PRICE_FORWARD_FILLED', null, 'LUNA'],
      ['PRICE_JUMP', 15, 'LUNA'],
    ])
  })
  it('summary.md: Data and Warnings sections in words', async () => {
    const outcome = await run()
    const md = formatSummaryMarkdown({ ...outcome, version: '0.0.0', charts: [] })
    expect(md).toContain(
      '## Data\n\nA grid every 1 h from the first common time (gridOrigin start), prices in USDT; a price is carried forward at most 6 h (maxGap).',
    )
    expect(md).toContain(
      // file names as read are escaped in summary.md (issue 10's hostile text): \` is a literal `
      '- LUNA: LUNA from LUNAUSDT.csv (binance, quoted in USDT). Forward-filled: 1 gap, 5 grid points, longest 6 h (2022-05-01T09:00:00Z to 2022-05-01T15:00:00Z). Jumps: 1 step moved more than',
    )
    expect(md).toContain(
      '  - LUNA: no price from 2022-05-01T09:00:00Z to 2022-05-01T15:00:00Z (6 h); 5 grid points forward-filled',
    )
    expect(md).toContain('## Warnings\n\n- **PRICE_FORWARD_FILLED**: LUNA: 5 grid points in 1 gap')
    expect(md).toContain('- **PRICE_JUMP**: LUNA moved x171200 (5e-5 to 8.56')
  })
  it('a bootstrap run describes the history it resampled (role "history")', async () => {
    const { result } = await runScenario(
      loaded({
        name: 'boot',
        pool: { tokens: ['ETH', 'BTC', 'USDT'], weights: [0.4, 0.4, 0.2], swapFee: 0.003 },
        prices: {
          numeraire: 'USDT',
          model: 'bootstrap',
          files: { ETH: 'ETHUSDT.csv', BTC: 'btc-usd-max.csv' },
          blockLength: 2,
          horizon: '3d',
        },
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }],
      }),
    )
    expect(result.data?.role).toBe('history')
    expect(result.data?.tokens[1]!.series[0]!.retimedBy).toBe(-86_400)
    expect(result.warnings).toEqual([
      {
        code: 'QUOTE_TREATED_EQUAL',
        message:
          'BTC: btc-usd-max.csv is quoted in USD, used as USDT; the two were treated as equal (in the history the model resampled)',
        token: 'BTC',
      },
    ])
  })
  it('a synthetic run has no data section and an empty warnings list', async () => {
    const { result, seed } = await runScenario(
      loaded({
        name: 'gbm',
        pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: {
          numeraire: 'USDC',
          model: 'constant',
          start: { ETH: 2000 },
          dt: '1h',
          horizon: '2h',
        },
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }],
      }),
    )
    const summary = createSummary(result, 'gbm', seed, '0.0.0')
    expect(summary.data).toBeUndefined()
    expect(summary.warnings).toEqual([])
  })
})
