/**
 * End to end, through the BUILT binary (`npm test` builds before vitest): the import command's
 * row policies, duplicate scenario names, `--json` when a later scenario fails, and Ctrl-C.
 * Every file is written here, in a temporary folder; expectations are worked out by hand from
 * the rows written (line numbers count the header as line 1).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'
import { whenReady } from '../whenReady.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
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
  return { code: out.status, signal: out.signal, stdout: out.stdout, stderr: out.stderr }
}

/**
 * Runs `amm-sim args…` and sends `signal` once `readyFile` (relative to `cwd`) exists: the
 * event that says the run is where the test wants it. The work folder is watched (recursively:
 * the folder the file appears in does not exist yet when the run starts); no fixed delay is
 * involved, so a slow machine only makes the wait longer. Resolves when the process has exited.
 */
function ammInterruptedWhen(
  cwd: string,
  signal: NodeJS.Signals,
  readyFile: string,
  ...args: string[]
): Promise<Run & { wasReady: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CI: '1' },
    })
    let stdout = ''
    let stderr = ''
    let wasReady = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const wait = whenReady(cwd, () => existsSync(path.join(cwd, readyFile)))
    void wait.ready.then(() => {
      wasReady = true
      child.kill(signal)
    })
    child.on('error', reject)
    child.on('close', (code, killedBy) => {
      wait.close()
      resolve({ code, signal: killedBy, stdout, stderr, wasReady })
    })
  })
}

function workdir(): string {
  return tempDir('amm-cli-more-')
}

/** A 50/50 ETH/USDC GBM scenario named `name`: steps of `dt` over `horizon`. */
function scenario(name: string, horizon: string, dt = '1h'): string {
  return `${JSON.stringify(
    {
      name,
      description: 'A 50/50 ETH/USDC pool on GBM prices, for the CLI tests.',
      seed: 3,
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000, USDC: 1 },
        volatility: { ETH: 0.8 },
        dt,
        horizon,
      },
      seriesPoints: 10,
    },
    null,
    2,
  )}\n`
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
})

describe('amm-sim import: row policies', () => {
  // line 2 ok, 3 no price, 4 and 5 share a time, 6 a bad price, 7 ok
  const ROWS = [
    'timestamp,ETH',
    '2024-01-01T00:00:00Z,2000',
    '2024-01-01T01:00:00Z,',
    '2024-01-01T02:00:00Z,2010',
    '2024-01-01T02:00:00Z,2011',
    '2024-01-01T03:00:00Z,abc',
    '2024-01-01T04:00:00Z,2020',
  ].join('\n')

  it('stops at the first bad row by default, naming file, line and column', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'rows.csv'), `${ROWS}\n`)
    const strict = amm(dir, 'import', 'rows.csv')
    expect(strict.code).toBe(2)
    expect(strict.stderr).toBe(
      'error: rows.csv:5:1: ETH at timestamp 2024-01-01T02:00:00Z repeats line 4; pass --duplicates first or --duplicates last to keep one row per time\n',
    )
    const last = amm(dir, 'import', 'rows.csv', '--duplicates', 'last')
    expect(last.code).toBe(2)
    expect(last.stderr).toBe('error: rows.csv:6:2: price "abc" is not a positive number\n')
  })

  it('--lenient --duplicates last skips and lists every row left out', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'rows.csv'), `${ROWS}\n`)
    const run = amm(dir, 'import', 'rows.csv', '--lenient', '--duplicates', 'last')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    // kept: 00:00 2000, 02:00 2011 (the last of lines 4-5), 04:00 2020: a 2 h grid, 3 points
    expect(run.stdout).toBe(
      [
        'file:    rows.csv (wide, 6 rows, 3 skipped)',
        'assets:  ETH (in USD)',
        'range:   2024-01-01T00:00:00Z to 2024-01-01T04:00:00Z (3 points)',
        'step:    2 h (median)',
        'gaps:    none',
        'skipped: 3 rows: 1 row without a price, skipped even without --lenient; 1 repeated timestamp; 1 bad row (--lenient)',
        '  line 3:2: NO_PRICE: no ETH price (empty cell)',
        '  line 4: DUPLICATE_TIMESTAMP: ETH at timestamp 2024-01-01T02:00:00Z repeats on line 5; the last is kept',
        '  line 6:2: BAD_PRICE: price "abc" is not a positive number',
        '',
      ].join('\n'),
    )
  })

  it('lists rows without a price even without --lenient: the first 10, then a count', () => {
    const dir = workdir()
    const hours = Array.from({ length: 17 }, (_, h) => String(h).padStart(2, '0'))
    // priced at 00-03 and 16; the twelve rows 04-15 (lines 6-17) have no price
    const rows = hours.map((h, i) => `2024-01-01T${h}:00:00,${i < 4 || i === 16 ? 2000 + i : ''}`)
    writeFileSync(path.join(dir, 'gaps.csv'), ['timestamp,ETH', ...rows, ''].join('\n'))
    // 03:00 to 16:00: 13 h without a price, more than the default one-step forward fill
    const run = amm(dir, 'import', 'gaps.csv', '--max-gap', '13h')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines.slice(5)).toEqual([
      'skipped: 12 rows: 12 rows without a price, skipped even without --lenient',
      ...[6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map(
        (line) => `  line ${line}:2: NO_PRICE: no ETH price (empty cell)`,
      ),
      '  ... and 2 more',
      // the grid's view of the same hole: 04:00 to 15:00 took 03:00's price
      'data:    ETH: ETH from gaps.csv (wide, quote not named, taken as USD). Forward-filled: 1 gap, 12 grid points, longest 13 h (2024-01-01T03:00:00Z to 2024-01-01T16:00:00Z).',
      'warning: PRICE_FORWARD_FILLED: ETH: 12 grid points in 1 gap took a price carried forward; the longest gap is 13 h (ETH from 2024-01-01T03:00:00Z to 2024-01-01T16:00:00Z)',
    ])
  })

  it('forward-fills one grid step by default, as scenarios do; a longer gap names --max-gap', () => {
    const dir = workdir()
    // hourly, 02:00 missing (one step: filled), then 05:00 to 07:00 missing (three steps)
    const rows = ['00', '01', '03', '04', '08', '09'].map((h) => `2024-01-01T${h}:00:00,2000`)
    writeFileSync(path.join(dir, 'holes.csv'), ['timestamp,ETH', ...rows, ''].join('\n'))
    const strict = amm(dir, 'import', 'holes.csv')
    expect(strict.code).toBe(2)
    expect(strict.stderr).toBe(
      'error: holes.csv: ETH has no price from 2024-01-01T04:00:00Z to 2024-01-01T08:00:00Z (14400 s), needed at 2024-01-01T06:00:00Z; forward-fill is limited to maxGap = 3600 s; pass --max-gap 3h (or longer) to forward-fill it\n',
    )
    // the suggested value is enough, and a gap of one step never needed it
    const filled = amm(dir, 'import', 'holes.csv', '--max-gap', '3h')
    // and exactly enough: a second less leaves 07:00 unfilled
    expect(amm(dir, 'import', 'holes.csv', '--max-gap', '10799s').code).toBe(2)
    expect(filled.stderr).toBe('')
    expect(filled.code).toBe(0)
    expect(filled.stdout.split('\n')[2]).toBe(
      'range:   2024-01-01T00:00:00Z to 2024-01-01T09:00:00Z (10 points)',
    )
    writeFileSync(
      path.join(dir, 'one-hole.csv'),
      ['timestamp,ETH', ...rows.slice(0, 4), ''].join('\n'),
    )
    expect(amm(dir, 'import', 'one-hole.csv').code).toBe(0)
  })

  it('--utc-offset shifts local labels to UTC; out of range is a usage error', () => {
    const dir = workdir()
    const rows = ['00', '01', '02'].map((h) => `2024-01-01T${h}:00:00,200${h.at(1)}`)
    writeFileSync(path.join(dir, 'local.csv'), ['timestamp,ETH', ...rows, ''].join('\n'))
    // labels at UTC+3: 00:00 local is 21:00 UTC the day before
    const east = amm(dir, 'import', 'local.csv', '--utc-offset', '3')
    expect(east.code).toBe(0)
    expect(east.stdout).toContain(
      '\nrange:   2023-12-31T21:00:00Z to 2023-12-31T23:00:00Z (3 points)\n',
    )
    // labels at UTC-5 (a negative number after the option, not a flag): 00:00 local is 05:00 UTC
    const west = amm(dir, 'import', 'local.csv', '--utc-offset', '-5')
    expect(west.code).toBe(0)
    expect(west.stdout).toContain(
      '\nrange:   2024-01-01T05:00:00Z to 2024-01-01T07:00:00Z (3 points)\n',
    )
    const bad = amm(dir, 'import', 'local.csv', '--utc-offset', '15')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      `error: option '--utc-offset <hours>' argument '15' is invalid. expected hours east of UTC from -14 to 14 (3, -5, 5.5), found "15"\n(add --help for usage)\n`,
    )
  })

  it('--sort accepts a file written as two runs; without it the order is an error', () => {
    const dir = workdir()
    const rows = ['02', '03', '00', '01'].map((h) => `2024-01-01T${h}:00:00Z,20${h}`)
    writeFileSync(path.join(dir, 'blocks.csv'), ['timestamp,ETH', ...rows, ''].join('\n'))
    const unsorted = amm(dir, 'import', 'blocks.csv')
    expect(unsorted.code).toBe(2)
    expect(unsorted.stderr).toBe(
      'error: blocks.csv:4:1: ETH at timestamp 2024-01-01T00:00:00Z is out of order: line 3 has 2024-01-01T03:00:00Z in an ascending file; pass --sort to sort the rows by time\n',
    )
    const sorted = amm(dir, 'import', 'blocks.csv', '--sort', '--out', 'sorted.csv')
    expect(sorted.code).toBe(0)
    expect(sorted.stdout).toContain(
      '\nrange:   2024-01-01T00:00:00Z to 2024-01-01T03:00:00Z (4 points)\n',
    )
    // the normalised file holds the four prices in time order
    const written = readFileSync(path.join(dir, 'sorted.csv'), 'utf8').trimEnd().split('\n')
    expect(written.slice(1).map((line) => Number(line.split(',')[1]))).toEqual([
      2000, 2001, 2002, 2003,
    ])
  })

  it('refuses an unknown duplicates policy', () => {
    const run = amm(workdir(), 'import', 'x.csv', '--duplicates', 'middle')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      "error: option '--duplicates <policy>' argument 'middle' is invalid. Allowed choices are error, first, last.\n(add --help for usage)\n",
    )
  })
})

describe('amm-sim import: dates, symbols and ranges (issue 10)', () => {
  const DAYS = 'timestamp,price\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n'
  it('refuses a --start that is not a time and a --symbol that is not one, as option errors', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'ETHUSDT.csv'), DAYS)
    const start = amm(dir, 'import', 'ETHUSDT.csv', '--start', '1/2/2024')
    expect(start.code).toBe(2)
    expect(start.stderr).toBe(
      "error: option '--start <time>' argument '1/2/2024' is invalid. expected an ISO date or date-time (2021-01-31, 2021-01-31T12:00Z) or Unix seconds, found \"1/2/2024\"\n(add --help for usage)\n",
    )
    const symbol = amm(dir, 'import', 'ETHUSDT.csv', '--symbol', 'ETH USD')
    expect(symbol.code).toBe(2)
    expect(symbol.stderr).toBe(
      "error: option '--symbol <symbol>' argument 'ETH USD' is invalid. expected a symbol such as ETH or a pair such as ETH/USD, found \"ETH USD\"\n(add --help for usage)\n",
    )
  })
  it('names --start when it is before the data, and --date-format problems by the flag', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'ETHUSDT.csv'), DAYS)
    const early = amm(dir, 'import', 'ETHUSDT.csv', '--start', '2023-12-31')
    expect(early.code).toBe(2)
    expect(early.stderr).toBe(
      'error: --start: start 2023-12-31T00:00:00Z is before ETH/USDT (ETHUSDT.csv) begins at 2024-01-01T00:00:00Z\n',
    )
    const wrong = amm(dir, 'import', 'ETHUSDT.csv', '--date-format', 'DD.MM.YYYY')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toBe(
      'error: ETHUSDT.csv:2:1: timestamp "2024-01-01" does not match the date format "DD.MM.YYYY" (or is no real date); pass --date-format with the layout of the time cells, such as "DD.MM.YYYY HH:mm"\n',
    )
  })
})

describe('amm-sim run: several scenarios', () => {
  it('refuses two scenarios of one name before running either (exit 2)', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'a.json'), scenario('same', '2d'))
    writeFileSync(path.join(dir, 'b.json'), scenario('same', '3d'))
    const run = amm(dir, 'run', 'a.json', 'b.json', '--no-charts')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `error: b.json: name: "same" is also the name of a.json: both reports would be written to ${path.join('out', 'same')}; rename one, or run them in separate calls\n`,
    )
    expect(run.stdout).toBe('')
    expect(existsSync(path.join(dir, 'out'))).toBe(false)
  })

  it('--json prints the summaries written before a failure, as an array; the error on stderr', () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'good.json'), scenario('good', '2d'))
    // valid as a file; its price file fails when the run reads it (line 3, column 2)
    writeFileSync(path.join(dir, 'bad.csv'), 'timestamp,ETH\n2024-01-01,2000\n2024-01-02,-1\n')
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({
        name: 'bad',
        description: 'Historical prices with a negative price.',
        pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: { numeraire: 'USD', model: 'csv', file: 'bad.csv', format: 'wide' },
      }),
    )
    const run = amm(dir, 'run', 'good.json', 'bad.json', '--no-charts', '--json')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: \S*bad\.csv:3:2: price "-1" is not a positive number\n$/)
    const printed = JSON.parse(run.stdout) as { scenario: string }[]
    expect(printed.map((s) => s.scenario)).toEqual(['good'])
    // what was printed is what was written
    expect(JSON.parse(readFileSync(path.join(dir, 'out/good/summary.json'), 'utf8'))).toEqual(
      printed[0],
    )
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['good'])
  })
})

describe('amm-sim run: interrupted', () => {
  /**
   * The signal must arrive while the long scenario runs. Its readiness event is the report of
   * the quick scenario run before it: once `out/quick/summary.json` exists, the handlers are
   * installed and the long run (100 million one-second steps: many seconds on any machine) has
   * started or is starting; either way it is interrupted before its report is written.
   */
  it('SIGINT: exit 130, one line on stderr, the old report intact, no temporary folder', async () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'quick.json'), scenario('quick', '2d'))
    writeFileSync(path.join(dir, 'long.json'), scenario('long', '2d'))
    expect(amm(dir, 'run', 'long.json', '--no-charts').code).toBe(0)
    const old = readFileSync(path.join(dir, 'out/long/summary.json'), 'utf8')
    writeFileSync(path.join(dir, 'long.json'), scenario('long', '1157d', '1s'))
    const run = await ammInterruptedWhen(
      dir,
      'SIGINT',
      'out/quick/summary.json',
      'run',
      'quick.json',
      'long.json',
      '--no-charts',
      '--json',
    )
    expect(run.wasReady).toBe(true)
    expect(run.signal).toBe(null)
    expect(run.code).toBe(130)
    expect(run.stderr).toBe(
      `interrupted (SIGINT): long stopped before its report was written; ${path.join('out', 'long')} is as it was\n`,
    )
    // the scenario finished before the signal is written and printed
    expect((JSON.parse(run.stdout) as { scenario: string }[]).map((s) => s.scenario)).toEqual([
      'quick',
    ])
    expect(readFileSync(path.join(dir, 'out/long/summary.json'), 'utf8')).toBe(old)
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['long', 'quick'])
  }, 90_000)

  it('SIGTERM: the same, exit 130', async () => {
    const dir = workdir()
    writeFileSync(path.join(dir, 'quick.json'), scenario('quick', '2d'))
    writeFileSync(path.join(dir, 'long.json'), scenario('long', '1157d', '1s'))
    const run = await ammInterruptedWhen(
      dir,
      'SIGTERM',
      'out/quick/summary.json',
      'run',
      'quick.json',
      'long.json',
      '--no-charts',
    )
    expect(run.wasReady).toBe(true)
    expect(run.signal).toBe(null)
    expect(run.code).toBe(130)
    expect(run.stderr).toBe(
      `interrupted (SIGTERM): long stopped before its report was written; ${path.join('out', 'long')} is as it was\n`,
    )
    // the quick scenario's two lines, nothing about the interrupted one
    expect(run.stdout.split('\n')[0]).toBe(
      `quick: report in ${path.join('out', 'quick', 'summary.md')}`,
    )
    expect(run.stdout).not.toContain('long')
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['quick'])
  }, 90_000)
})
