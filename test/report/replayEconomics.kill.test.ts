/**
 * The replay economics report (src/report/replayEconomics.ts) beyond replayEconomics.test.ts:
 * the whole Markdown section for a hand-made analysis (units, the per-unit basis, a funding start
 * event, the counterfactual and its fee table, the charts' images), the charts' points (days, the
 * arbitrage share per interval with volume), which files come with charts, and a folder that
 * cannot be written. Figures are written by hand from the formats of summary.md (`money`,
 * `percent`) and docs/replay-economics.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PALETTE } from '../../src/report/charts.js'
import {
  replayEconomicsCharts,
  replayEconomicsFiles,
  replayEconomicsMarkdown,
  writeReplayEconomics,
} from '../../src/report/replayEconomics.js'
import type { Counterfactual } from '../../src/sim/replay/counterfactual.js'
import type { ReplayEconomics } from '../../src/sim/replay/economics.js'
import { tempDir } from '../tempDir.js'
import { renderer } from './titleCanvas.js'

// each "PNG" is its chart's title; `renderer.isMissing` fails as without canvas (titleCanvas.ts)
vi.mock('chartjs-node-canvas', () => import('./titleCanvas.js'))
beforeEach(() => {
  renderer.isMissing = false
})

const START = 1_600_000_000 // 2020-09-13T12:26:40Z
const DAY = 86_400
const COLUMNS = [
  'time',
  'poolValue',
  'lpValuePerShare',
  'hodlValuePerShare',
  'returnVsHodl',
  'feeIncome',
  'lvr',
  'volume',
  'arbVolume',
  'marketPnl',
  'netFlows',
  'price.X',
  'price.US_D',
]
/** Columns by name, four points half a day apart; the other columns are zeros. */
const series: Record<string, number[]> = {
  time: [START, START + DAY / 2, START + DAY, START + (3 * DAY) / 2],
  lpValuePerShare: [210, 209, 209.5, 209.75],
  hodlValuePerShare: [210, 211, 212, 211],
  feeIncome: [0, 1, 3, 5],
  lvr: [0, 10, 20, 33],
  // no volume in the third interval; arbitrage 150 of 300, then 300 of 1200
  volume: [0, 300, 300, 1500],
  arbVolume: [0, 150, 150, 450],
}

/** A pool funded by its first priced event, LP value per unit (no BPT supply), a numeraire to escape. */
const economics: ReplayEconomics = {
  pool: { name: 'hand', tokens: ['X', 'US_D'], weights: [0.5, 0.5], swapFee: 0.01 },
  numeraire: 'US_D',
  basis: 'unit',
  startTime: START,
  endTime: START + DAY,
  events: {
    total: 9,
    analysed: 7,
    beforeFeed: 1,
    startEvent: 1,
    stale: 2,
    swaps: 5,
    joins: 1,
    exits: 1,
  },
  maxAge: 3600,
  oldestPriceAge: 7200,
  startBasket: [1, 100],
  totals: {
    poolValueStart: 21_000,
    poolValueEnd: 20_972.5,
    lpValuePerShareStart: 210,
    lpValuePerShare: 209.75,
    hodlValuePerShare: 211,
    returnVsHodl: -0.006,
    feeIncome: 5,
    lvr: 33,
    feeYield: 0.000238,
    lvrYield: 0.00157,
    volume: 1500,
    arbVolume: 450,
    arbShare: 0.3,
    trades: 5,
    arbTrades: 2,
    marketPnl: -12.5,
    netFlows: 100,
    protocolFees: 0.25,
    identityResidual: 1e-9,
  },
  series: {
    columns: COLUMNS,
    data: COLUMNS.map((c) => Float64Array.from(series[c] ?? [0, 0, 0, 0])),
  },
}

const run = (swapFee: number, returnVsHodl: number, fees: number[], trades: number) => ({
  swapFee,
  lpValue: 20_990,
  hodlValue: 21_100,
  returnVsHodl,
  feeIncome: fees[0]!,
  feeYield: fees[1]!,
  lvr: fees[2]!,
  lvrYield: fees[3]!,
  volume: 400,
  trades,
})
const counterfactual: Counterfactual = {
  step: 3600,
  startTime: START,
  endTime: START + DAY,
  steps: 25,
  initialValue: 21_000,
  real: {
    swapFee: 0.01,
    returnVsHodl: -0.006,
    feeIncome: 5,
    feeYield: 0.000238,
    lvr: 33,
    lvrYield: 0.00157,
    volume: 1500,
    trades: 5,
  },
  engine: run(0.01, -0.0052, [4, 0.0002, 20, 0.001], 3),
  lvrRatio: 0.637,
  fees: [
    run(0.003, -0.004, [2.5, 0.00012, 25, 0.0012], 7),
    run(0.05, -0.01, [10, 0.0005, 8, 0.0004], 1),
  ],
}

const totalsLines = [
  '## Economics against the price feed',
  '',
  "From 2020-09-13T12:26:40Z to 2020-09-14T12:26:40Z; values in US\\_D at the feed's price at each event (the last feed point at or before it). Definitions: docs/replay-economics.md.",
  '',
  'Events: 7 analysed (5 swaps, 1 joins, 1 exits) of 9; 1 before the feed covered every token (not analysed); the first priced event funded the pool and is the start state. 2 priced from a feed point older than 3600 s (oldest: 7200 s).',
  '',
  '| figure | value |',
  '|---|---|',
  '| pool value, start → end | 21,000.00 US\\_D → 20,972.50 US\\_D |',
  '| LP value per unit (issued at value on joins), start → end | 210.00 US\\_D → 209.75 US\\_D |',
  '| HODL of the start basket per unit (issued at value on joins), end | 211.00 US\\_D |',
  '| LP return vs HODL | -0.600 % |',
  '| fees earned (fee · amount in, at the feed) | 5.00 US\\_D (0.0238 % of value) |',
  '| LVR of the recorded trades (before fees) | 33.00 US\\_D (0.157 % of value) |',
  // 5 - 33
  '| fees − LVR | -28.00 US\\_D |',
  '| volume (amount in at the feed) | 1,500.00 US\\_D in 5 swaps |',
  '| arbitrage share of volume | 30.00 % (2 swaps) |',
  '| market P&L of the holdings | -12.50 US\\_D |',
  '| LP flows (joins − exits) | 100.00 US\\_D |',
  '| protocol fees taken | 0.25 US\\_D |',
  '| identity residual (rounding) | 1e-9 US\\_D |',
]

const counterfactualLines = [
  '### Counterfactual: the same feed through the synthetic engine',
  '',
  'A pool with the real weights and fee, worth 21,000.00 US\\_D at the start, traded only by a perfect arbitrageur every 3600 s (25 points). Fees and LVR compared per unit of value (each trade over the pool value before it, summed), as the real pool changed size.',
  '',
  '| pool | swap fee | return vs HODL | fees | fees / value | LVR | LVR / value | swaps |',
  '|---|---|---|---|---|---|---|---|',
  '| real (recorded) | 1.00 % | -0.600 % | 5.00 US\\_D | 0.0238 % | 33.00 US\\_D | 0.157 % | 5 |',
  '| engine, arbitrageur only | 1.00 % | -0.520 % | 4.00 US\\_D | 0.0200 % | 20.00 US\\_D | 0.100 % | 3 |',
  '| engine, other fee | 0.300 % | -0.400 % | 2.50 US\\_D | 0.0120 % | 25.00 US\\_D | 0.120 % | 7 |',
  '| engine, other fee | 5.00 % | -1.00 % | 10.00 US\\_D | 0.0500 % | 8.00 US\\_D | 0.0400 % | 1 |',
  '',
]

describe('economics.md', () => {
  it('writes the totals with units, per unit issued, the funding start event', () => {
    expect(replayEconomicsMarkdown(economics, null)).toBe(`${totalsLines.join('\n')}\n`)
  })

  it('says per BPT and leaves out the funding event for a share basis starting at event 0', () => {
    const md = replayEconomicsMarkdown(
      { ...economics, basis: 'share', events: { ...economics.events, startEvent: 0 } },
      null,
    ).split('\n')
    expect(md[4]).toBe(
      'Events: 7 analysed (5 swaps, 1 joins, 1 exits) of 9; 1 before the feed covered every token (not analysed). 2 priced from a feed point older than 3600 s (oldest: 7200 s).',
    )
    expect(md[9]).toBe('| LP value per BPT, start → end | 210.00 US\\_D → 209.75 US\\_D |')
    expect(md[10]).toBe('| HODL of the start basket per BPT, end | 211.00 US\\_D |')
  })

  it('adds the counterfactual, its fee table and the LVR ratio, then the charts', () => {
    const charts = replayEconomicsCharts(economics)
    expect(replayEconomicsMarkdown(economics, counterfactual, charts)).toBe(
      [
        ...totalsLines,
        '',
        ...counterfactualLines,
        "A perfect arbitrageur would have taken 63.70 % of the real pool's LVR per unit of value.",
        '',
        '![Real pool: LP value vs HODL](charts/replay-value.png)',
        '',
        '![Real pool: cumulative fees vs LVR of the recorded trades](charts/replay-fees-lvr.png)',
        '',
        '![Real pool: arbitrage share of volume per interval](charts/replay-arb-share.png)',
        '',
      ].join('\n'),
    )
  })

  it('says so when the recorded trades had no positive LVR', () => {
    const md = replayEconomicsMarkdown(economics, { ...counterfactual, lvrRatio: null })
    expect(md).toBe(
      [
        ...totalsLines,
        '',
        ...counterfactualLines,
        'The recorded trades had no positive LVR: no ratio.',
        '',
      ].join('\n'),
    )
  })
})

describe('economics charts', () => {
  const specs = () => replayEconomicsCharts(economics)
  const lineOf = (label: string, data: { x: number; y: number }[], colour: number) => ({
    label,
    data,
    borderColor: PALETTE[colour],
    backgroundColor: PALETTE[colour],
    borderDash: [],
    borderWidth: 2,
  })
  const days = [0, 0.5, 1, 1.5]
  const points = (ys: number[]) => ys.map((y, i) => ({ x: days[i]!, y }))

  it('draws LP value per unit against HODL, x in days since the start', () => {
    const value = specs()[0]!
    expect(value.file).toBe('replay-value.png')
    expect(value.title).toBe('Real pool: LP value vs HODL')
    expect(value.config.data.datasets).toEqual([
      lineOf('LP value per unit', points([210, 209, 209.5, 209.75]), 0),
      lineOf('HODL of the start basket per unit', points([210, 211, 212, 211]), 1),
    ])
    const scales = value.config.options!.scales!
    expect(scales.x!.title).toMatchObject({ text: 'Days since 2020-09-13' })
    expect(scales.y!.title).toMatchObject({ text: 'Value (US_D)' })
    const perBpt = replayEconomicsCharts({ ...economics, basis: 'share' })[0]!
    expect(perBpt.config.data.datasets.map((d) => d.label)).toEqual([
      'LP value per BPT',
      'HODL of the start basket per BPT',
    ])
  })

  it('draws cumulative fees against LVR', () => {
    const fees = specs()[1]!
    expect(fees.file).toBe('replay-fees-lvr.png')
    expect(fees.title).toBe('Real pool: cumulative fees vs LVR of the recorded trades')
    expect(fees.config.data.datasets).toEqual([
      lineOf('Fees earned', points([0, 1, 3, 5]), 2),
      lineOf('LVR', points([0, 10, 20, 33]), 3),
    ])
    expect(fees.config.options!.scales!.x!.title).toMatchObject({ text: 'Days since 2020-09-13' })
    expect(fees.config.options!.scales!.y!.title).toMatchObject({ text: 'Cumulative (US_D)' })
  })

  it('draws the arbitrage share of each interval with volume, in percent', () => {
    const share = specs()[2]!
    expect(share.file).toBe('replay-arb-share.png')
    expect(share.title).toBe('Real pool: arbitrage share of volume per interval')
    // (150 - 0) / (300 - 0) at day 0.5; no volume up to day 1; (450 - 150) / (1500 - 300) at 1.5
    expect(share.config.data.datasets).toEqual([
      lineOf(
        'Arbitrage share of volume',
        [
          { x: 0.5, y: 50 },
          { x: 1.5, y: 25 },
        ],
        4,
      ),
    ])
    expect(share.config.options!.scales!.x!.title).toMatchObject({ text: 'Days since 2020-09-13' })
    expect(share.config.options!.scales!.y!.title).toMatchObject({ text: 'Share (%)' })
  })
})

describe('economics files', () => {
  it('renders the three charts by default, each into charts/, shown in economics.md', async () => {
    const files = await replayEconomicsFiles(economics, null)
    expect([...files.keys()]).toEqual([
      'economics.md',
      'economics.json',
      'economics-timeseries.csv',
      'charts/replay-value.png',
      'charts/replay-fees-lvr.png',
      'charts/replay-arb-share.png',
    ])
    expect(Buffer.from(files.get('charts/replay-fees-lvr.png')!).toString()).toBe(
      'png: Real pool: cumulative fees vs LVR of the recorded trades',
    )
    expect(files.get('economics.md')).toContain(
      '\n\n![Real pool: LP value vs HODL](charts/replay-value.png)\n',
    )
  })

  it('needs no renderer without charts', async () => {
    renderer.isMissing = true
    const files = await replayEconomicsFiles(economics, null, { hasCharts: false })
    expect([...files.keys()]).toEqual([
      'economics.md',
      'economics.json',
      'economics-timeseries.csv',
    ])
    await expect(replayEconomicsFiles(economics, null)).rejects.toMatchObject({
      code: 'RENDERER_MISSING',
    })
  })

  it('fails with REPORT_WRITE naming the file when the folder cannot be made', async () => {
    const root = tempDir('amm-replay-econ-')
    const blocker = path.join(root, 'blocker')
    writeFileSync(blocker, 'a file, not a folder\n')
    const dir = path.join(blocker, 'pool')
    const file = path.join(dir, 'economics.md')
    const failure = writeReplayEconomics(dir, economics, null, { hasCharts: false })
    await expect(failure).rejects.toMatchObject({ code: 'REPORT_WRITE', values: { file } })
    const message = await failure.catch((error: unknown) => (error as Error).message)
    expect(message).toMatch(new RegExp(`^REPORT_WRITE: cannot write ${file}: ENOTDIR`))
    expect(readFileSync(blocker, 'utf8')).toBe('a file, not a folder\n')
  })
})
