/**
 * End to end, through the BUILT binary: `amm-sim replay --prices` on the bundled V1 fixture
 * with a price feed the test writes (constant prices: every figure is then known by hand).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')

function amm(cwd: string, ...args: string[]) {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

/** Hourly `time,price` rows from 2020-12-07T00:00Z for 3 days at one price. */
function feed(dir: string, name: string, price: number): void {
  const start = Date.parse('2020-12-07T00:00:00Z') / 1e3
  const rows = Array.from({ length: 72 }, (_, i) => `${start + i * 3_600},${price}`)
  writeFileSync(path.join(dir, name), ['time,price', ...rows].join('\n') + '\n')
}

describe('amm-sim replay --prices', () => {
  it('writes the economics beside the replay report and prints the totals', () => {
    const dir = tempDir('amm-replay-econ-')
    cpSync(path.join(ROOT, 'examples', 'replay'), dir, { recursive: true })
    feed(dir, 'WETHUSD.csv', 600)
    feed(dir, 'DAIUSD.csv', 1)
    const run = amm(
      dir,
      'replay',
      'v1-weth-dai.json',
      '--out',
      'reports',
      '--prices',
      'WETHUSD.csv',
      'DAIUSD.csv',
      '--max-age',
      '2h',
      '--counterfactual',
      '--fee',
      '0.01',
      '--no-charts',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    // the fixture's events run 2020-12-07T13:40Z to 2020-12-09: all inside the hourly feed
    expect(lines).toContain(
      'price feed (USD): 263 events analysed, 0 before the feed, 0 priced from a point older than 7200 s',
    )
    // constant prices: the counterfactual pool never trades, so it is level with HODL
    expect(lines.find((l) => l.startsWith('counterfactual'))).toMatch(
      /^counterfactual \(perfect arbitrageur, fee 0\.25 %\): LP vs HODL 0 %, fees 0 % and LVR 0 % of value \(real: /,
    )
    expect(lines).toContain('  at fee 1 %: LP vs HODL 0 %, fees 0 %, LVR 0 % of value')
    expect(lines).toContain(`economics: ${path.join('reports', 'v1-weth-dai', 'economics.md')}`)
    const out = path.join(dir, 'reports', 'v1-weth-dai')
    for (const file of ['replay.md', 'economics.md', 'economics.json', 'economics-timeseries.csv'])
      expect(existsSync(path.join(out, file))).toBe(true)
    expect(existsSync(path.join(out, 'charts'))).toBe(false)
    const json = JSON.parse(readFileSync(path.join(out, 'economics.json'), 'utf8')) as {
      numeraire: string
      basis: string
      totals: { feeIncome: number; volume: number; marketPnl: number }
    }
    expect([json.numeraire, json.basis]).toEqual(['USD', 'share'])
    // at constant prices the holdings earn nothing from price moves, and every fee is
    // fee · amount in at 600 (WETH in) or 1 (DAI in): fees = 0.25 % of volume
    expect(json.totals.marketPnl).toBe(0)
    expect(Math.abs(json.totals.feeIncome / json.totals.volume - 0.0025)).toBeLessThan(1e-12)
  })

  it('names the pool token the feed has no series for, exit 2', () => {
    const dir = tempDir('amm-replay-econ-')
    cpSync(path.join(ROOT, 'examples', 'replay'), dir, { recursive: true })
    feed(dir, 'WETHUSD.csv', 600)
    const run = amm(dir, 'replay', 'v1-weth-dai.json', '--out', 'r', '--prices', 'WETHUSD.csv')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error: --prices: no price series for pool token DAI (in USD); found WETH/USD (WETHUSD.csv); add a file for DAI\n',
    )
  })
})
