/**
 * `amm-sim tune` end to end: the BUILT binary spawned in a temporary folder on a 60-day daily
 * price file the test writes, charts skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
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

/** A folder with `eth.csv` (61 daily points of a fixed zig-zag walk) and `mini.json`. */
function setup(): string {
  const dir = tempDir('amm-tune-cli-')
  const rows: string[] = []
  let p = 2000
  for (let d = 0; d <= 60; d++) {
    p *= 1 + 0.04 * Math.sin(d * 1.7)
    rows.push(`${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)},${p},1`)
  }
  writeFileSync(path.join(dir, 'eth.csv'), `timestamp,ETH,USD\n${rows.join('\n')}\n`)
  writeFileSync(
    path.join(dir, 'mini.json'),
    JSON.stringify({
      name: 'mini',
      pool: { tokens: ['ETH', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: { numeraire: 'USD', model: 'csv', file: 'eth.csv', format: 'wide' },
      benchmarks: [
        { type: 'hodl' },
        { type: 'constant-mix' },
        { type: 'threshold', band: 0.05, costBps: 10 },
      ],
    }),
  )
  return dir
}

const ARGS = [
  'tune',
  'mini.json',
  '--objective',
  'returnVsHodl',
  '--train',
  '20d',
  '--test',
  '10d',
  // 5 x 5 grid points x 4 folds = 100 training runs: batches large enough for worker threads
  '--method',
  'grid',
  '--steps',
  '5',
  '--bootstrap-paths',
  '6',
  '--no-charts',
  '--params',
  'pool.swapFee=0.0005..0.02:log',
  'pool.weights[0]=0.3..0.7',
]

describe('amm-sim tune', () => {
  it('writes tune.json and tune.md, byte for byte the same on 1 and 2 workers', () => {
    const dir = setup()
    const one = amm(dir, ...ARGS, '--workers', '1', '--out', 'one')
    expect(one.stderr).toBe('')
    expect(one.code).toBe(0)
    expect(one.stdout).toMatch(
      /^mini: grid, 4 folds, 104 runs \(0 failed\); returnVsHodl out of sample -?\d+\.\d{3} %, in sample -?\d+\.\d{3} %, gap -?\d+\.\d{3} %; report in one\/mini-tune\/tune\.md\n$/,
    )
    const two = amm(dir, ...ARGS, '--workers', '2', '--out', 'two')
    expect(two.code).toBe(0)
    for (const file of ['tune.json', 'tune.md'])
      expect(readFileSync(path.join(dir, 'two/mini-tune', file), 'utf8')).toBe(
        readFileSync(path.join(dir, 'one/mini-tune', file), 'utf8'),
      )
    expect(existsSync(path.join(dir, 'one/mini-tune/charts'))).toBe(false)
    const json = JSON.parse(readFileSync(path.join(dir, 'one/mini-tune/tune.json'), 'utf8')) as {
      folds: { chosen: Record<string, number> }[]
      final: { params: Record<string, number>; bootstrap: { paths: number } }
      evaluations: { phase: string }[]
    }
    expect(json.folds.length).toBe(4)
    expect(json.final.params).toEqual(json.folds[3]!.chosen)
    expect(json.final.bootstrap.paths).toBe(6)
    expect(json.evaluations.filter((e) => e.phase === 'test').length).toBe(4)
    const md = readFileSync(path.join(dir, 'one/mini-tune/tune.md'), 'utf8')
    expect(md).toContain('| fold | LP (chosen) | hodl | constant-mix | threshold |')
  })

  it('refuses a bad --params with exit 2 and one line naming the entry', () => {
    const dir = setup()
    const run = amm(
      dir,
      'tune',
      'mini.json',
      '--objective',
      'lvr',
      '--train',
      '20d',
      '--test',
      '10d',
      '--params',
      'pool.swapFee=0.01..0.001',
      '--out',
      'bad',
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error: --params: "pool.swapFee=0.01..0.001": expected low < high, found 0.01..0.001\n',
    )
    expect(existsSync(path.join(dir, 'bad'))).toBe(false)
  })
})
