/**
 * `amm-sim sweep`, `merge` and `run --cell --path` end to end: the BUILT binary spawned in a
 * temporary folder. Sweeps are small (a few cells × paths of a 10-day daily GBM) and skip charts.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'
import { whenReady } from '../whenReady.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const FILES = ['paths.csv', 'cells.csv', 'sweep.json', 'summary.md']

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function amm(cwd: string, ...args: string[]): Run {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

/** A fee × weights sweep of 4 cells × 5 paths; `extra` replaces top-level fields. */
function sweepScenario(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'mini-sweep',
    seed: 3,
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2500 },
      volatility: { ETH: 0.8 },
      dt: '1d',
      horizon: '10d',
    },
    agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 5, medianSize: 1000 }],
    sweep: {
      'pool.swapFee': [0.001, 0.01],
      'pool.weights': [
        [0.5, 0.5],
        [0.8, 0.2],
      ],
    },
    paths: 5,
    ...extra,
  })
}

function workdir(extra: Record<string, unknown> = {}): string {
  const dir = tempDir('amm-sweep-')
  writeFileSync(path.join(dir, 'mini.json'), sweepScenario(extra))
  return dir
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8')

/** paths.csv as records keyed by column (an error message is a quoted field). */
function pathRows(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true })
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
})

describe('amm-sim sweep', () => {
  it('writes the same bytes with 1 and 2 workers', () => {
    const dir = workdir()
    const one = amm(dir, 'sweep', 'mini.json', '--workers', '1', '--out', 'one', '--no-charts')
    const two = amm(dir, 'sweep', 'mini.json', '--workers', '2', '--out', 'two', '--no-charts')
    expect(one.code, one.stderr).toBe(0)
    expect(two.code, two.stderr).toBe(0)
    expect(one.stdout).toBe(
      'mini-sweep: 4 cells × 5 paths = 20 tasks; 0 failed; report in one/mini-sweep/summary.md\n',
    )
    for (const file of FILES)
      expect(read(dir, `two/mini-sweep/${file}`)).toBe(read(dir, `one/mini-sweep/${file}`))
    const rows = pathRows(read(dir, 'one/mini-sweep/paths.csv'))
    expect(rows).toHaveLength(20)
    expect(rows.map((r) => `${r.cell}/${r.path}`).slice(0, 6)).toEqual([
      '0/0',
      '0/1',
      '0/2',
      '0/3',
      '0/4',
      '1/0',
    ])
    expect(rows[5]).toMatchObject({ 'pool.swapFee': '0.001', 'pool.weights[0]': '0.8', error: '' })
  })

  it('merges shards, in any order, into the unsharded bytes; run --cell --path gives its row', () => {
    const dir = workdir()
    expect(amm(dir, 'sweep', 'mini.json', '--workers', '1', '--no-charts').code).toBe(0)
    for (const i of [1, 2, 3]) {
      const shard = amm(
        dir,
        'sweep',
        'mini.json',
        '--shard',
        `${i}/3`,
        '--out',
        'parts',
        '--workers',
        '1',
      )
      expect(shard.code, shard.stderr).toBe(0)
    }
    const parts = [3, 1, 2].map((i) => `parts/mini-sweep.shard-${i}-of-3`)
    const merged = amm(dir, 'merge', ...parts, '--out', 'merged', '--no-charts')
    expect(merged.code, merged.stderr).toBe(0)
    for (const file of FILES)
      expect(read(dir, `merged/mini-sweep/${file}`)).toBe(read(dir, `out/mini-sweep/${file}`))

    const row = pathRows(read(dir, 'out/mini-sweep/paths.csv')).find(
      (r) => r.cell === '2' && r.path === '3',
    )!
    const alone = amm(
      dir,
      'run',
      'mini.json',
      '--cell',
      '2',
      '--path',
      '3',
      '--json',
      '--no-charts',
    )
    expect(alone.code, alone.stderr).toBe(0)
    const summary = JSON.parse(alone.stdout) as {
      seed: number
      metrics: Record<string, number>
      benchmarks: Record<string, Record<string, number>>
    }
    expect(String(summary.seed)).toBe(row.seed)
    for (const metric of ['lpValue', 'feeIncome', 'lvr', 'returnVsHodl', 'trades'])
      expect(String(summary.metrics[metric])).toBe(row[metric])
    expect(String(summary.benchmarks['constant-mix']!.value)).toBe(row['constant-mix.value'])
  })

  it('with commonPaths writes differences.csv, the same after a merge; run --cell --path gives its row', () => {
    const dir = workdir({ commonPaths: true, compareTo: { 'pool.swapFee': 0.01 } })
    const whole = amm(dir, 'sweep', 'mini.json', '--workers', '2', '--no-charts')
    expect(whole.code, whole.stderr).toBe(0)
    for (const i of [2, 1]) {
      const shard = amm(dir, 'sweep', 'mini.json', '--shard', `${i}/2`, '--out', 'parts')
      expect(shard.code, shard.stderr).toBe(0)
    }
    const parts = [1, 2].map((i) => `parts/mini-sweep.shard-${i}-of-2`)
    const merged = amm(dir, 'merge', ...parts, '--out', 'merged', '--no-charts')
    expect(merged.code, merged.stderr).toBe(0)
    for (const file of [...FILES, 'differences.csv'])
      expect(read(dir, `merged/mini-sweep/${file}`)).toBe(read(dir, `out/mini-sweep/${file}`))
    // cells (fee, weights): 0 (0.001, 50/50), 1 (0.001, 80/20), 2 (0.01, 50/50), 3 (0.01, 80/20);
    // each is compared with the cell of fee 0.01 and its own weights
    const differences = pathRows(read(dir, 'out/mini-sweep/differences.csv'))
    expect([...new Set(differences.map((r) => `${r.cell}>${r.referenceCell}`))]).toEqual([
      '0>2',
      '1>3',
    ])
    expect(differences.find((r) => r.cell === '1' && r.metric === 'hodlValue')).toMatchObject({
      paths: '5',
      meanDifference: '0',
      shareHigher: '0',
      shareLower: '0',
    })
    expect(read(dir, 'out/mini-sweep/summary.md')).toContain(
      '## Differences from the reference cell',
    )
    const json = JSON.parse(read(dir, 'out/mini-sweep/sweep.json')) as {
      differences: { cell: number; referenceCell: number }[]
    }
    expect(json.differences.map((d) => [d.cell, d.referenceCell])).toEqual([
      [0, 2],
      [1, 3],
    ])

    const rows = pathRows(read(dir, 'out/mini-sweep/paths.csv'))
    const row = rows.find((r) => r.cell === '3' && r.path === '2')!
    // one seed per path for every cell
    expect(rows.filter((r) => r.path === '2').map((r) => r.seed)).toEqual(Array(4).fill(row.seed))
    const alone = amm(
      dir,
      'run',
      'mini.json',
      '--cell',
      '3',
      '--path',
      '2',
      '--json',
      '--no-charts',
    )
    expect(alone.code, alone.stderr).toBe(0)
    const summary = JSON.parse(alone.stdout) as { seed: number; metrics: Record<string, number> }
    expect(String(summary.seed)).toBe(row.seed)
    for (const metric of ['lpValue', 'hodlValue', 'feeIncome', 'lvr', 'noiseTrades'])
      expect(String(summary.metrics[metric])).toBe(row[metric])

    writeFileSync(
      path.join(dir, 'bad.json'),
      sweepScenario({ commonPaths: true, compareTo: { 'pool.swapFee': 0.003 } }),
    )
    const bad = amm(dir, 'sweep', 'bad.json', '--no-charts')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      'bad.json: compareTo["pool.swapFee"]: 0.003 is not among the swept values: expected one of 0.001, 0.01',
    )
  })

  it('refuses to merge a missing, a duplicate or a foreign shard (exit 2)', () => {
    const dir = workdir()
    for (const i of [1, 2])
      expect(amm(dir, 'sweep', 'mini.json', '--shard', `${i}/2`, '--workers', '1').code).toBe(0)
    writeFileSync(path.join(dir, 'other.json'), sweepScenario({ seed: 4 }))
    expect(
      amm(dir, 'sweep', 'other.json', '--shard', '2/2', '--out', 'other', '--workers', '1').code,
    ).toBe(0)
    const one = 'out/mini-sweep.shard-1-of-2'
    const missing = amm(dir, 'merge', one)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('error: merge: missing shard 2 of 2\n')
    const twice = amm(dir, 'merge', one, one)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toBe(`error: ${one}: shard 1 of 2 is also ${one}\n`)
    const foreign = amm(dir, 'merge', one, 'other/mini-sweep.shard-2-of-2')
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toBe(
      `error: other/mini-sweep.shard-2-of-2/partial.json: a shard of another scenario or seed than ${one}/partial.json\n`,
    )
  })

  it('names a failing task, keeps the other rows and exits 1', () => {
    // A volatility that overflows the price is now refused by validation (exit 2); a momentum
    // schedule of strength 100 passes it and drains the pool during the run: NON_FINITE
    const dir = workdir({
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2500 },
        volatility: { ETH: 0.8 },
        dt: '1h',
        horizon: '365d',
      },
      agents: [{ type: 'arbitrageur' }],
      sweep: {
        'pool.schedule': [
          { type: 'static' },
          { type: 'momentum', everySteps: 1, lookbackSteps: 1, strength: 100 },
        ],
      },
      paths: 2,
    })
    const run = amm(dir, 'sweep', 'mini.json', '--workers', '2', '--no-charts')
    expect(run.code).toBe(1)
    const rows = pathRows(read(dir, 'out/mini-sweep/paths.csv'))
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    for (const [i, line] of lines.entries())
      expect(line).toMatch(
        new RegExp(
          `^task failed: cell 1, path ${i}, seed ${rows[2 + i]!.seed}: NON_FINITE: .* became non-finite at step \\d+ .*the momentum weight schedule \\(strength 100, everySteps 1, lookbackSteps 1\\) drove it there$`,
        ),
      )
    expect(rows.map((r) => r.error === '')).toEqual([true, true, false, false])
    expect(Number(rows[0]!.lpValue)).toBeGreaterThan(0)
    expect(read(dir, 'out/mini-sweep/summary.md')).toContain('## Failed tasks')
  })

  it('--resume keeps the tasks already written and gives the same bytes', () => {
    const dir = workdir()
    expect(amm(dir, 'sweep', 'mini.json', '--workers', '1', '--no-charts').code).toBe(0)
    const before = FILES.map((f) => read(dir, `out/mini-sweep/${f}`))
    const again = amm(dir, 'sweep', 'mini.json', '--resume', '--no-charts', '--workers', '1')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('(20 kept from an earlier run)')
    expect(FILES.map((f) => read(dir, `out/mini-sweep/${f}`))).toEqual(before)
    expect(existsSync(path.join(dir, 'out', '.mini-sweep.journal.csv'))).toBe(false)
  })
})

describe('amm-sim sweep over rolling windows of a price file', () => {
  it('runs one path per window, and run --cell --path replays that window alone', () => {
    const dir = tempDir('amm-sweep-windows-')
    // 11 daily points, 2024-01-01 to 2024-01-11: windows of 4 days every 3 days start on days
    // 0, 3 and 6 (the next, day 9, would end after the last point)
    const prices = [100, 104, 98, 110, 120, 90, 95, 101, 99, 130, 125]
    const lines = prices.map((p, d) => `2024-01-${String(d + 1).padStart(2, '0')},${p},1`)
    writeFileSync(path.join(dir, 'eth.csv'), ['timestamp,ETH,USD', ...lines, ''].join('\n'))
    writeFileSync(
      path.join(dir, 'win.json'),
      JSON.stringify({
        name: 'win',
        pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: { numeraire: 'USD', model: 'csv', file: 'eth.csv', format: 'wide' },
        sweep: { 'pool.swapFee': [0.001, 0.01] },
        windows: { length: '4d', every: '3d' },
      }),
    )
    const run = amm(dir, 'sweep', 'win.json', '--workers', '1', '--no-charts')
    expect(run.code, run.stderr).toBe(0)
    const rows = pathRows(read(dir, 'out/win/paths.csv'))
    const day = 86_400
    const jan1 = 1_704_067_200
    expect(rows.map((r) => [r.cell, r.path, r.startTime, r.endTime])).toEqual(
      [0, 1].flatMap((cell) =>
        [0, 3, 6].map((start) => [
          String(cell),
          String(start / 3),
          String(jan1 + start * day),
          String(jan1 + (start + 4) * day),
        ]),
      ),
    )
    // HODL of a 50/50 pool over the window: V0/2 · (1 + p_end / p_start)
    const second = rows[1]!
    expect(Number(second.hodlValue) / 1e6).toBeCloseTo(0.5 * (1 + prices[7]! / prices[3]!), 12)
    const alone = amm(dir, 'run', 'win.json', '--cell', '0', '--path', '1', '--json', '--no-charts')
    expect(alone.code, alone.stderr).toBe(0)
    const summary = JSON.parse(alone.stdout) as { metrics: Record<string, number> }
    expect(String(summary.metrics.lpValue)).toBe(second.lpValue)
    const outside = amm(dir, 'run', 'win.json', '--cell', '0', '--path', '3', '--no-charts')
    expect(outside.code).toBe(2)
    expect(outside.stderr).toBe(
      'error: --path: expected a window from 0 to 2 (the file holds 3), found 3\n',
    )
  })
})

describe('amm-sim sweep interrupted', () => {
  it('keeps finished rows on Ctrl-C (exit 130) and --resume completes to the same bytes', async () => {
    // 2 cells × 150 one-year hourly paths: long enough to be interrupted midway
    const dir = workdir({
      sweep: { 'pool.swapFee': [0.001, 0.01] },
      paths: 150,
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2500 },
        volatility: { ETH: 0.8 },
        dt: '1h',
        horizon: '365d',
      },
    })
    const journal = path.join(dir, 'out', '.mini-sweep.journal.csv')
    const child = spawn(
      process.execPath,
      [BIN, 'sweep', 'mini.json', '--workers', '1', '--no-charts'],
      {
        cwd: dir,
        env: { ...process.env, CI: '1' },
      },
    )
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        resolve(code)
      }),
    )
    // the event: the journal holds a first batch of rows (hash line, header, then rows)
    const hasRows = () =>
      existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 4
    // wait for that event: checked on every change the kernel reports under the work folder
    await whenReady(dir, hasRows).ready
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toBe(
      'interrupted (SIGINT): finished tasks are kept; run again with --resume to continue (out/mini-sweep is as it was)\n',
    )
    expect(existsSync(path.join(dir, 'out', 'mini-sweep'))).toBe(false)
    const resumed = amm(dir, 'sweep', 'mini.json', '--resume', '--workers', '2', '--no-charts')
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout).toMatch(/\((\d+) kept from an earlier run\)/)
    const fresh = amm(dir, 'sweep', 'mini.json', '--workers', '2', '--no-charts', '--out', 'fresh')
    expect(fresh.code, fresh.stderr).toBe(0)
    for (const file of FILES)
      expect(read(dir, `out/mini-sweep/${file}`)).toBe(read(dir, `fresh/mini-sweep/${file}`))
  }, 300_000)
})
