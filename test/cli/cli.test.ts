/**
 * End to end: the BUILT binary (`npm test` builds before vitest), spawned in a temporary folder
 * as a user would run it. Runs use the ten-day fixture and --no-charts except in the chart test.
 */
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'scenarios')
const VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version

/** A scenario missing the comma after line 3: the error sits at line 4, column 3. */
const BAD_JSON =
  '{\n  "name": "bad-json",\n  "description": "a comma is missing after this line"\n  "pool": {}\n}\n'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `amm-sim args…` in `cwd` with CI set (no progress bar, as in a pipe). */
function amm(cwd: string, ...args: string[]): Run {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

/** A fresh working folder holding copies of the fixture scenarios and price files. */
function workdir(): string {
  const dir = tempDir('amm-cli-')
  for (const name of readdirSync(FIXTURES))
    copyFileSync(path.join(FIXTURES, name), path.join(dir, name))
  // written here, not shipped: a file that is not JSON would fail the formatter's check
  writeFileSync(path.join(dir, 'bad-json.json'), BAD_JSON)
  return dir
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
})

describe('amm-sim run', () => {
  it('writes summary.json, summary.md and timeseries.csv to out/<name>/ and exits 0', () => {
    const dir = workdir()
    const run = amm(dir, 'run', 'small.json', '--no-charts')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^small: report in out\/small\/summary\.md\n {2}LP [\d,]+ USDC vs HODL/,
    )
    expect(readdirSync(path.join(dir, 'out', 'small')).sort()).toEqual([
      'summary.json',
      'summary.md',
      'timeseries.csv',
    ])
    const summary = JSON.parse(
      readFileSync(path.join(dir, 'out/small/summary.json'), 'utf8'),
    ) as Record<string, unknown>
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'version',
      'metrics',
      'benchmarks',
      'warnings',
    ])
    expect(summary.warnings).toEqual([])
    expect(summary).toMatchObject({ scenario: 'small', seed: 7, version: VERSION })
    expect(Object.keys(summary.benchmarks as object)).toEqual(['hodl', 'constant-mix'])
    const csv = readFileSync(path.join(dir, 'out/small/timeseries.csv'), 'utf8').split('\n')
    expect(csv[0]!.split(',')[0]).toBe('time')
    expect(csv[0]).toContain('lpValue')
    expect(csv[0]).toContain('price.ETH')
  })

  it('runs the bundled exact-v3 scenario end to end with the exact-vs-float section', () => {
    const dir = workdir()
    const run = amm(dir, 'run', 'stablecoin-depeg', '--no-charts')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const out = path.join(dir, 'out', 'stablecoin-depeg')
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as {
      metrics: { trades: number }
      exactCheck: Record<string, unknown> & {
        amountOut: { maxAbs: number; rms: number; count: number }
      }
    }
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'version',
      'metrics',
      'benchmarks',
      'warnings',
      'exactCheck',
    ])
    expect(Object.keys(summary.exactCheck)).toEqual([
      'math',
      'decimals',
      'swapFee',
      'balancesRaw',
      'trades',
      'shrunk',
      'skipped',
      'reverts',
      'amountOut',
      'balances',
      'value',
    ])
    expect(summary.exactCheck).toMatchObject({ math: 'exact-v3', decimals: [6, 18, 6] })
    expect(summary.exactCheck.trades).toBe(summary.metrics.trades)
    expect(summary.exactCheck.amountOut.count).toBe(summary.metrics.trades)
    // 6-decimal USDC/USDT: the exact pool floors amounts out to 1 raw unit (1e-6 token), so the
    // float model's relative difference is about 1e-6 / amount out. Measured 2.1e-6 at worst (an
    // amount out of ~0.5 token, one swap of a two-swap arbitrage) and 1.7e-8 RMS (noise trades of
    // ~20,000): bounds 5x and 6x above, so a float kernel off by 1e-5 fails here.
    expect(summary.exactCheck.amountOut.maxAbs).toBeGreaterThan(0)
    expect(summary.exactCheck.amountOut.maxAbs).toBeLessThan(1e-5)
    expect(summary.exactCheck.amountOut.rms).toBeLessThan(1e-7)
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8')
    expect(md).toContain('exact-v3 math')
    expect(md).toContain('## Exact math vs float')
    expect(md).toContain('| Quantity | Largest | Typical (RMS) | Mean | Over |')
    expect(md).toMatch(/\| Value of the float shadow pool \| \d\.\d\de-\d+ \|/)
  })

  it('gives byte-identical reports for the same scenario and seed', () => {
    const dir = workdir()
    expect(amm(dir, 'run', 'small.json', '--no-charts', '--out', 'a').code).toBe(0)
    expect(amm(dir, 'run', 'small.json', '--no-charts', '--out', 'b').code).toBe(0)
    for (const file of ['summary.json', 'summary.md', 'timeseries.csv'])
      expect(readFileSync(path.join(dir, 'b/small', file)), file).toEqual(
        readFileSync(path.join(dir, 'a/small', file)),
      )
    // and another seed gives other numbers
    expect(amm(dir, 'run', 'small.json', '--no-charts', '--out', 'c', '--seed', '8').code).toBe(0)
    expect(readFileSync(path.join(dir, 'c/small/summary.json'), 'utf8')).not.toBe(
      readFileSync(path.join(dir, 'a/small/summary.json'), 'utf8'),
    )
  })

  it('prints the summary JSON with --json, the same as summary.json', () => {
    const dir = workdir()
    const run = amm(dir, 'run', 'small.json', '--no-charts', '--json', '--seed', '3')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(readFileSync(path.join(dir, 'out/small/summary.json'), 'utf8'))
    expect(JSON.parse(run.stdout)).toMatchObject({ seed: 3 })
  })

  it('leaves the earlier report intact when a later run fails', () => {
    const dir = workdir()
    expect(amm(dir, 'run', 'historical.json', '--no-charts').code).toBe(0)
    const before = readFileSync(path.join(dir, 'out/historical/summary.json'))
    const run = amm(dir, 'run', 'historical.json', '--no-charts', '--prices', 'prices-bad-row.csv')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      // the file as the user wrote it, relative to the working directory, not made absolute
      'error: prices-bad-row.csv:5:2: price "abc" is not a positive number\n',
    )
    expect(readFileSync(path.join(dir, 'out/historical/summary.json'))).toEqual(before)
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['historical'])
  })

  it('names the scenario, its JSON path or --prices for a price file that cannot be opened', () => {
    const dir = workdir()
    mkdirSync(path.join(dir, 'scenarios'))
    const scenario = JSON.parse(readFileSync(path.join(dir, 'historical.json'), 'utf8')) as {
      prices: Record<string, unknown>
    }
    scenario.prices.file = 'data/nope.csv'
    writeFileSync(path.join(dir, 'scenarios', 'x.json'), JSON.stringify(scenario))
    const inScenario = amm(dir, 'run', 'scenarios/x.json', '--no-charts')
    expect(inScenario.code).toBe(2)
    expect(inScenario.stderr).toBe(
      `error: scenarios/x.json: prices.file: data/nope.csv not found (resolved to ${path.join(dir, 'scenarios', 'data', 'nope.csv')})\n`,
    )
    const validate = amm(dir, 'validate', 'scenarios/x.json')
    expect(validate.code).toBe(2)
    expect(validate.stderr).toBe(inScenario.stderr)
    const option = amm(dir, 'run', 'small.json', '--no-charts', '--prices', 'ETH=eth-nope.csv')
    expect(option.code).toBe(2)
    expect(option.stderr).toBe(
      `error: --prices: eth-nope.csv (for ETH) not found (resolved to ${path.join(dir, 'eth-nope.csv')})\n`,
    )
    const imported = amm(dir, 'import', 'nope.csv')
    expect(imported.code).toBe(2)
    expect(imported.stderr).toBe(
      `error: nope.csv: not found (resolved to ${path.join(dir, 'nope.csv')})\n`,
    )
    expect(existsSync(path.join(dir, 'out'))).toBe(false)
  })

  it('exits 1 with REPORT_WRITE when the report folder cannot be created', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'blocker'), '')
    const run = amm(dir, 'run', 'small.json', '--no-charts', '--out', 'blocker')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^error: REPORT_WRITE: cannot write the report in blocker\/small: (ENOTDIR|EEXIST)/,
    )
    expect(run.stderr.split('\n').length).toBe(2) // one line, no stack trace without --debug
    const debug = amm(dir, 'run', 'small.json', '--no-charts', '--out', 'blocker', '--debug')
    expect(debug.stderr).toMatch(/\n {4}at /)
  })

  it('replays historical CSVs given with --prices, one per token or one wide file', () => {
    const dir = workdir()
    const run = amm(dir, 'run', 'small.json', '--no-charts', '--prices', 'ETH=ETHUSDT-1h.csv')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const csv = readFileSync(path.join(dir, 'out/small/timeseries.csv'), 'utf8').split('\n')
    const header = csv[0]!.split(',')
    const first = csv[1]!.split(',')
    // the file's first close (2300 at 2024-01-01T00:00Z), not the scenario's GBM start of 2000
    expect(Number(first[header.indexOf('price.ETH')])).toBe(2300)
    expect(Number(first[header.indexOf('time')])).toBe(Date.UTC(2024, 0, 1) / 1000)
    const wide = amm(
      dir,
      'run',
      'historical.json',
      '--no-charts',
      '--prices',
      'prices-wide.csv',
      '--json',
    )
    expect(wide.code).toBe(0)
    expect(JSON.parse(wide.stdout)).toMatchObject({ scenario: 'historical' })
  })

  it('renders the five charts as 1000x500 PNGs and links them from summary.md', () => {
    const dir = workdir()
    const run = amm(dir, 'run', 'small.json')
    expect(run.code).toBe(0)
    const charts = readdirSync(path.join(dir, 'out/small/charts')).sort()
    expect(charts).toEqual([
      'fees-lvr.png',
      'impermanent-loss.png',
      'prices.png',
      'value.png',
      'weights.png',
    ])
    const md = readFileSync(path.join(dir, 'out/small/summary.md'), 'utf8')
    for (const chart of charts) {
      expect(md).toContain(`](charts/${chart})`)
      const png = readFileSync(path.join(dir, 'out/small/charts', chart))
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 500])
    }
  })
})

describe('bad input exits 2 with one readable block on stderr', () => {
  const dir = workdir()
  it.each([
    [
      'bad JSON, with line:column',
      ['run', 'bad-json.json'],
      `error: bad-json.json:4:3: not valid JSON: expected ',' or '}' after a property value, found '"pool"'\n`,
    ],
    [
      'a weight below 1 %',
      ['run', 'weight-min.json'],
      'error: weight-min.json: pool.weights[2]: 0.004 is below the 1% minimum\n',
    ],
    [
      'weights not summing to 1',
      ['validate', 'weight-sum.json'],
      'error: weight-sum.json: pool.weights: weights sum to 1.1, expected 1\n',
    ],
    [
      'an unknown model',
      ['run', 'unknown-model.json'],
      'error: unknown-model.json: prices.model: unknown model "brownian": expected one of "gbm", "jump-diffusion", "regime-switching", "ou", "bootstrap", "constant", "ramp", "step", "mixed", "csv"\n',
    ],
    [
      'a missing file',
      ['run', 'nope.json'],
      'error: nope.json: file not found, and no bundled scenario has that name (amm-sim list shows them)\n',
    ],
    [
      'a bad --seed',
      ['run', 'small.json', '--seed', 'abc'],
      `error: option '-s, --seed <n>' argument 'abc' is invalid. expected an integer from 0 to 4294967295, found "abc"\n(add --help for usage)\n`,
    ],
    [
      'a seed above 2^32 - 1',
      ['run', 'small.json', '--seed', '4294967296'],
      `error: option '-s, --seed <n>' argument '4294967296' is invalid. expected an integer from 0 to 4294967295, found "4294967296"\n(add --help for usage)\n`,
    ],
    [
      'an unknown command',
      ['frobnicate'],
      "error: unknown command 'frobnicate'\n(add --help for usage)\n",
    ],
  ])('%s', (_what, args, stderr) => {
    const run = amm(dir, ...args)
    expect(run.stderr).toBe(stderr)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(existsSync(path.join(dir, 'out'))).toBe(false)
  })
})

describe('amm-sim validate, list, import, --help, --version', () => {
  it('validates good files (exit 0) and reports each bad one (exit 2)', () => {
    const dir = workdir()
    const ok = amm(dir, 'validate', 'small.json', 'historical.json')
    expect(ok).toEqual({
      code: 0,
      stdout: 'ok: small.json (small)\nok: historical.json (historical)\n',
      stderr: '',
    })
    const bad = amm(dir, 'validate', 'small.json', 'weight-min.json', 'bad-json.json')
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('ok: small.json (small)\n')
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(2)
  })

  it('lists the bundled scenarios with descriptions, the default marked', () => {
    const run = amm(workdir(), 'list')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(6)
    expect(lines.find((l) => l.startsWith('eth-usdc-50-50 '))).toMatch(/\(default\)$/)
  })

  it('imports a Binance file: assets, range, step, gaps; --out writes the wide CSV', () => {
    const dir = workdir()
    const run = amm(dir, 'import', 'ETHUSDT-1h.csv', '--format', 'binance', '--out', 'eth.csv')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[1]).toBe('assets:  ETH (in USDT)')
    // 48 hours, the hour 06:00 on 2 January missing: 47 rows, a 2 h gap, filled on the grid
    expect(lines[0]).toBe('file:    ETHUSDT-1h.csv (binance, 47 rows, 0 skipped)')
    expect(lines[2]).toBe('range:   2024-01-01T00:00:00Z to 2024-01-02T23:00:00Z (48 points)')
    expect(lines[3]).toBe('step:    1 h (median)')
    expect(lines[4]).toBe(
      'gaps:    1 above 1.5x the median step; largest 2 h in ETH/USDT from 2024-01-02T05:00:00Z to 2024-01-02T07:00:00Z (forward-filled)',
    )
    const csv = readFileSync(path.join(dir, 'eth.csv'), 'utf8').split('\n')
    expect(csv[0]).toBe('time,ETH')
    expect(csv[1]).toBe('2024-01-01T00:00:00Z,2300')
    expect(csv).toHaveLength(50) // header, 48 points, final newline
  })

  it('shows help with examples and exit codes on every command, exit 0', () => {
    const dir = workdir()
    for (const args of [
      ['--help'],
      ['run', '--help'],
      ['validate', '--help'],
      ['import', '--help'],
      ['list', '--help'],
    ]) {
      const run = amm(dir, ...args)
      expect(run.code, args.join(' ')).toBe(0)
      expect(run.stdout, args.join(' ')).toContain('Examples:')
      expect(run.stdout, args.join(' ')).toContain('2  bad input')
    }
  })

  it('shows the help on stderr and exits 2 when no command is given', () => {
    const run = amm(workdir())
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Usage: amm-sim \[options\] \[command\]/)
  })

  it('prints the package version', () => {
    expect(amm(workdir(), '--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
  })
})
