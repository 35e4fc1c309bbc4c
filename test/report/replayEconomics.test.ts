import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  replayEconomicsCharts,
  replayEconomicsJson,
  replayEconomicsMarkdown,
  writeReplayEconomics,
} from '../../src/report/replayEconomics.js'
import { analyseReplay, type ReplayFeed } from '../../src/sim/replay/economics.js'
import type { ReplayTrace } from '../../src/sim/replay/trace.js'
import { tempDir } from '../tempDir.js'

/** A 50/50 X/USD pool, 100 BPT; one arbitrage at X = 110 (500 USD in, 4.8 X out, fee 5 USD). */
const trace: ReplayTrace = {
  pool: {
    name: 'hand',
    protocol: 'v2',
    tokens: ['X', 'USD'],
    decimals: [18, 6],
    weights: [0.5, 0.5],
    swapFee: 0.01,
  },
  initialBalances: [100, 10_000],
  initialSupply: 100,
  events: [
    {
      kind: 'swap',
      block: 1,
      logIndex: 0,
      timestamp: 86_400,
      deltas: [-4.8, 500],
      balancesAfter: [95.2, 10_500],
      supplyAfter: 100,
      swap: { tokenIn: 1, tokenOut: 0, amountIn: 500, amountOut: 4.8, feeAmount: 5 },
    },
  ],
}
const feed: ReplayFeed = { numeraire: 'USD', series: [{ times: [0], prices: [110] }, null] }

describe('replay economics report', () => {
  const economics = analyseReplay(trace, feed)

  it('states the hand-computed figures in the Markdown section, with units', () => {
    const md = replayEconomicsMarkdown(economics, null)
    expect(md.startsWith('## Economics against the price feed\n')).toBe(true)
    // value 100 * 110 + 10,000 = 21,000 -> 95.2 * 110 + 10,500 = 20,972; per BPT / 100
    expect(md).toContain('| pool value, start → end | 21,000.00 USD → 20,972.00 USD |')
    expect(md).toContain('| LP value per BPT, start → end | 210.00 USD → 209.72 USD |')
    // fee 5 of 21,000; LVR 4.8 * 110 - 495 = 33 of 21,000
    expect(md).toContain(
      '| fees earned (fee · amount in, at the feed) | 5.00 USD (0.0238 % of value) |',
    )
    expect(md).toContain(
      '| LVR of the recorded trades (before fees) | 33.00 USD (0.157 % of value) |',
    )
    expect(md).toContain('| arbitrage share of volume | 100.00 % (1 swaps) |')
    // the event is priced from a point one day old: stale against the default 3,600 s
    expect(md).toContain('1 priced from a feed point older than 3600 s (oldest: 86400 s)')
    expect(md).not.toContain('Counterfactual')
  })

  it('writes JSON (no series), the series CSV and the Markdown into the folder', async () => {
    const dir = tempDir('amm-replay-econ-')
    const written = await writeReplayEconomics(dir, economics, null, { hasCharts: false })
    expect(written).toEqual(['economics.md', 'economics.json', 'economics-timeseries.csv'])
    expect(readdirSync(dir).sort()).toEqual([...written].sort())
    const json = JSON.parse(readFileSync(path.join(dir, 'economics.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(Object.keys(json)).toEqual([
      'pool',
      'numeraire',
      'basis',
      'startTime',
      'endTime',
      'events',
      'maxAge',
      'oldestPriceAge',
      'startBasket',
      'totals',
      'counterfactual',
    ])
    expect(json).toEqual(JSON.parse(JSON.stringify(replayEconomicsJson(economics, null))))
    const csv = readFileSync(path.join(dir, 'economics-timeseries.csv'), 'utf8').split('\n')
    expect(csv[0]).toBe(
      'time,poolValue,lpValuePerShare,hodlValuePerShare,returnVsHodl,feeIncome,lvr,volume,arbVolume,marketPnl,netFlows,price.X,price.USD',
    )
    expect(csv[2]!.split(',').slice(0, 2)).toEqual(['86400', '20972'])
  })

  it('draws value vs HODL, fees vs LVR and the arbitrage share, x in days', () => {
    const specs = replayEconomicsCharts(economics)
    expect(specs.map((s) => s.file)).toEqual([
      'replay-value.png',
      'replay-fees-lvr.png',
      'replay-arb-share.png',
    ])
    const fees = specs[1]!.config.data.datasets
    expect(fees.map((d) => d.data.at(-1))).toEqual([
      { x: 0, y: 5 },
      { x: 0, y: 33 },
    ])
  })
})
