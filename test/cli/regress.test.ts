/**
 * `amm-sim regress` end to end: the BUILT binary in a temporary folder, on a copy of the
 * ten-day fixture scenario.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const SMALL = path.join(ROOT, 'test', 'fixtures', 'scenarios', 'small.json')

function amm(cwd: string, args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', GITHUB_STEP_SUMMARY: '', ...env },
  })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

/** A folder with small.json and its baseline in baselines/. */
function withBaseline(): string {
  const dir = tempDir('amm-regress-')
  copyFileSync(SMALL, path.join(dir, 'small.json'))
  const made = amm(dir, ['regress', 'small.json', '--baseline', 'baselines', '--update'])
  expect(made.stdout).toBe('baselines/small.json: baseline created\n')
  expect(made.code).toBe(0)
  return dir
}

function setSwapFee(dir: string, swapFee: number): void {
  const file = path.join(dir, 'small.json')
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as { pool: { swapFee: number } }
  scenario.pool.swapFee = swapFee
  writeFileSync(file, JSON.stringify(scenario, null, 2))
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
})

describe('amm-sim regress', () => {
  it('passes an unchanged scenario: exit 0, the three report files, no failure in JUnit', () => {
    const dir = withBaseline()
    const run = amm(dir, ['regress', 'small.json', '--baseline', 'baselines'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^PASS: no regression: \d+ figures of 1 scenario within tolerance\n/)
    const report = JSON.parse(
      readFileSync(path.join(dir, 'out', 'regression', 'report.json'), 'utf8'),
    ) as { verdict: string; regressions: number }
    expect(report).toMatchObject({ verdict: 'pass', regressions: 0 })
    const md = readFileSync(path.join(dir, 'out', 'regression', 'report.md'), 'utf8')
    expect(md.split('\n')[0]).toBe('## amm-sim regress: PASS')
    const junit = readFileSync(path.join(dir, 'out', 'regression', 'junit.xml'), 'utf8')
    expect(junit).toContain('failures="0"')
    expect(junit).not.toContain('<failure')
  })

  it('fails a changed pool parameter with exit 1, naming scenario, figure and changed field', () => {
    const dir = withBaseline()
    setSwapFee(dir, 0.0025)
    const summaryFile = path.join(dir, 'step-summary.md')
    writeFileSync(summaryFile, 'earlier step\n')
    const run = amm(dir, ['regress', 'small.json', '--baseline', 'baselines', '--out', 'o'], {
      GITHUB_STEP_SUMMARY: summaryFile,
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^REGRESSION: \d+ regressions? in 1 of 1 scenario/)
    expect(run.stdout).toContain('  small: scenario changed since its baseline: pool.swapFee\n')
    expect(run.stdout).toMatch(/\n {2}small: feeIncome: [\d.]+ -> [\d.]+ \(-[\d.]+, -[\d.]+ %\)/)
    const md = readFileSync(path.join(dir, 'o', 'regression', 'report.md'), 'utf8')
    expect(md).toContain('- scenario `small` changed since its baseline: `pool.swapFee`')
    expect(md).toMatch(/\| small \| feeIncome \| .* \| \*\*REGRESSION\*\* \|/)
    // appended to the CI step summary, the earlier content kept
    expect(readFileSync(summaryFile, 'utf8')).toBe(`earlier step\n${md}`)
    const report = JSON.parse(
      readFileSync(path.join(dir, 'o', 'regression', 'report.json'), 'utf8'),
    ) as { regressions: number }
    const junit = readFileSync(path.join(dir, 'o', 'regression', 'junit.xml'), 'utf8')
    expect(junit.match(/<failure /g)).toHaveLength(report.regressions)
    expect(junit).toContain(`failures="${report.regressions}"`)
  })

  it('applies the scenario tolerances, and the command line over them', () => {
    const dir = withBaseline()
    const file = path.join(dir, 'small.json')
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    scenario.regress = { tolerances: { '*': { relative: 0.5, absolute: 1 } } }
    writeFileSync(file, JSON.stringify(scenario, null, 2))
    setSwapFee(dir, 0.0025)
    const loose = amm(dir, ['regress', 'small.json', '--baseline', 'baselines'])
    expect(loose.stdout).toContain(
      '  small: scenario changed since its baseline: pool.swapFee, regress\n',
    )
    expect(loose.code).toBe(0)
    const tight = amm(dir, [
      'regress',
      'small.json',
      '--baseline',
      'baselines',
      '--tolerance',
      'feeIncome.relative=0.001',
    ])
    expect(tight.code).toBe(1)
    expect(tight.stdout).toMatch(/^REGRESSION: 1 regression in 1 of 1 scenario/)
    expect(tight.stdout).toContain('  small: feeIncome: ')
  })

  it('refuses a scenario without a baseline with exit 2 and the command that makes one', () => {
    const dir = tempDir('amm-regress-')
    copyFileSync(SMALL, path.join(dir, 'small.json'))
    const run = amm(dir, ['regress', 'small.json', '--baseline', 'bl'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error: bl/small.json: no baseline for scenario "small"; make one with: amm-sim regress small.json --baseline bl --update\n',
    )
    expect(existsSync(path.join(dir, 'out'))).toBe(false)
  })

  it('rewrites a baseline with --update, says what changed, and then passes', () => {
    const dir = withBaseline()
    setSwapFee(dir, 0.0025)
    const update = amm(dir, ['regress', 'small.json', '--baseline', 'baselines', '--update'])
    expect(update.code).toBe(0)
    expect(update.stdout).toMatch(
      /^baselines\/small\.json: updated \(scenario fields changed: pool\.swapFee; \d+ figures changed, \d+ beyond tolerance\)\n {2}lpValue: /,
    )
    const baseline = JSON.parse(
      readFileSync(path.join(dir, 'baselines', 'small.json'), 'utf8'),
    ) as {
      definition: { pool: { swapFee: number } }
    }
    expect(baseline.definition.pool.swapFee).toBe(0.0025)
    expect(amm(dir, ['regress', 'small.json', '--baseline', 'baselines']).code).toBe(0)
    const again = amm(dir, ['regress', 'small.json', '--baseline', 'baselines', '--update'])
    expect(again.stdout).toBe('baselines/small.json: unchanged\n')
  })

  it('refuses a malformed --tolerance as a usage error', () => {
    const dir = withBaseline()
    const run = amm(dir, ['regress', 'small.json', '--baseline', 'baselines', '-t', 'lvr=0.1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'expected FIGURE.relative=X or FIGURE.absolute=X with X >= 0 (lvr.relative=0.01), found "lvr=0.1"',
    )
  })

  it('checks a Monte Carlo scenario statistically: other seeds pass, a lower fee fails', () => {
    const dir = tempDir('amm-regress-')
    const write = (seed: number, swapFee: number) => {
      writeFileSync(
        path.join(dir, 'mc.json'),
        JSON.stringify({
          name: 'mc',
          seed,
          pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee },
          prices: {
            numeraire: 'USDC',
            model: 'gbm',
            start: { ETH: 2000, USDC: 1 },
            volatility: { ETH: 0.6 },
            dt: '1h',
            horizon: '3d',
          },
          agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 200, medianSize: 2000 }],
          seriesPoints: 10,
          paths: 30,
        }),
      )
    }
    write(1, 0.003)
    expect(amm(dir, ['regress', 'mc.json', '--baseline', 'b', '--update']).code).toBe(0)
    const baseline = JSON.parse(readFileSync(path.join(dir, 'b', 'mc.json'), 'utf8')) as {
      paths: number
      samples: Record<string, { n: number }>
    }
    expect(baseline.paths).toBe(30)
    expect(baseline.samples.feeIncome!.n).toBe(30)
    write(2, 0.003) // other seeds: noise
    const other = amm(dir, ['regress', 'mc.json', '--baseline', 'b'])
    expect(other.stdout).toContain('  mc: scenario changed since its baseline: seed\n')
    expect(other.code).toBe(0)
    const md = readFileSync(path.join(dir, 'out', 'regression', 'report.md'), 'utf8')
    expect(md).toContain(
      "- `mc`: Monte Carlo, 30 paths against the baseline's 30; means compared by Welch's t-test, Holm-corrected at a family-wise false-alarm rate of 0.01",
    )
    write(2, 0.0025) // a real shift
    const shifted = amm(dir, ['regress', 'mc.json', '--baseline', 'b'])
    expect(shifted.code).toBe(1)
    expect(shifted.stdout).toMatch(/\n {2}mc: feeIncome: .*, p = [\d.e-]+\n/)
    const junit = readFileSync(path.join(dir, 'out', 'regression', 'junit.xml'), 'utf8')
    expect(junit).toContain('Welch t-test: t ')
  })

  it('compares a swept cell with its old self when a swept value changes', () => {
    const dir = tempDir('amm-regress-')
    const write = (fees: number[]) => {
      writeFileSync(
        path.join(dir, 'grid.json'),
        JSON.stringify({
          name: 'grid',
          pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
          prices: {
            numeraire: 'USDC',
            model: 'gbm',
            start: { ETH: 2000, USDC: 1 },
            volatility: { ETH: 0.6 },
            dt: '1h',
            horizon: '3d',
          },
          agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 200, medianSize: 2000 }],
          sweep: { 'pool.swapFee': fees },
          paths: 20,
          seriesPoints: 10,
        }),
      )
    }
    write([0.003, 0.01])
    expect(amm(dir, ['regress', 'grid.json', '--baseline', 'b', '--update']).code).toBe(0)
    write([0.0025, 0.01])
    const run = amm(dir, ['regress', 'grid.json', '--baseline', 'b'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      '  grid: scenario changed since its baseline: sweep.pool.swapFee[0]\n',
    )
    expect(run.stdout).toMatch(/\n {2}grid: \[cell 0\] feeIncome: .*, p = /)
    expect(run.stdout).not.toContain('[cell 1]')
    const md = readFileSync(path.join(dir, 'out', 'regression', 'report.md'), 'utf8')
    expect(md).toContain(
      '- `grid` cells: `[cell 0]` pool.swapFee=0.0025; `[cell 1]` pool.swapFee=0.01',
    )
  })
})
