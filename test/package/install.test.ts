/**
 * The packed package as a user installs it (`npm run test:package`, not part of `npm test`: the
 * two installs take a minute). `npm pack` of the built dist/, then a fresh ESM project and a
 * fresh CommonJS project (`npm init -y`) each `npm install` the tarball with `--omit=optional`
 * (no canvas) and import it every way a user does: `import`, `require()`, tsx, TypeScript with
 * moduleResolution node16, nodenext, bundler and node10, and tslab's own TypeScript 5.0.
 * Each script runs the same tiny scenario and prints one figure with a closed form: a fee-free
 * 50/50 pool, arbitraged every hour while ETH ramps from 2000 to 4000 USDC, ends worth
 * V0 * sqrt(4000 / 2000) (constant product: value = 2 sqrt(k p)).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const root = path.resolve(import.meta.dirname, '../..')
const bin = (name: string) => path.join(root, 'node_modules/.bin', name)
const LP_VALUE = 1e6 * Math.SQRT2
// Measured relative error 6e-16 after 100 float arbitrage steps; 1e-9 leaves room for other
// libm builds while a wrong formula (e.g. hodl 1.5e6) is off by 6 %.
const RELATIVE_TOLERANCE = 1e-9

interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end; the environment drops npm's own settings of `npm run`. */
function run(command: string, args: string[], cwd: string): Ran {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  )
  const result = spawnSync(command, args, { cwd, env: { ...env, CI: '1' }, encoding: 'utf8' })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Runs a command that must succeed; a failure shows its output. */
function ok(command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd)
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

/** The figure a script printed as `lpValue=<number>`, checked against the closed form. */
function expectLpValue(stdout: string): void {
  const match = /lpValue=(\S+)/.exec(stdout)
  expect(match, stdout).not.toBeNull()
  const lpValue = Number(match![1])
  expect(Math.abs(lpValue - LP_VALUE) / LP_VALUE).toBeLessThan(RELATIVE_TOLERANCE)
}

const SCENARIO_JS = `
const prices = createModelSource(
  { model: 'ramp', numeraire: 'USDC', start: { ETH: 2000, USDC: 1 }, end: { ETH: 4000 },
    dt: 3600, steps: 101 },
  1, 'prices')
const result = runSimulation({
  pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6 },
  prices, agents: [{ type: 'arbitrageur' }], benchmarks: [{ type: 'hodl' }], seed: 1 })
console.log('lpValue=' + result.metrics.lpValue)
`
// The same in TypeScript, with a line that must NOT type-check: if the package's types failed
// to resolve (everything \`any\`), the unused @ts-expect-error would fail the compile instead.
const SCENARIO_TS = `import { createModelSource, runSimulation, type SimulationResult } from 'amm-sim'
${SCENARIO_JS.replace('const result =', 'const result: SimulationResult =')}
// @ts-expect-error lpValue is a number
const wrong: string = result.metrics.lpValue
export { wrong }
`
const SCENARIO_JSON = {
  name: 'ramp',
  description: 'ETH doubles in a straight line',
  seed: 1,
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6 },
  prices: {
    numeraire: 'USDC',
    model: 'ramp',
    start: { ETH: 2000, USDC: 1 },
    end: { ETH: 4000 },
    dt: '1h',
    horizon: '100h',
  },
  agents: [{ type: 'arbitrageur' }],
  benchmarks: [{ type: 'hodl' }],
}

/** A fresh project: its package.json, then the tarball installed as a user does, canvas left out. */
function createProject(
  prefix: string,
  packageJson: Record<string, unknown> | 'npm init -y',
): string {
  const dir = tempDir(prefix)
  if (packageJson === 'npm init -y') ok('npm', ['init', '-y'], dir)
  else writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2))
  ok(
    'npm',
    ['install', tarball, '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline'],
    dir,
  )
  return dir
}

/** Compiles `file` in `dir` with the given compiler options (types from the project's own @types). */
function compile(tsc: string, dir: string, file: string, options: string[]): void {
  ok('node', [tsc, ...options, '--strict', '--target', 'es2022', file], dir)
}

let tarball = ''

beforeAll(() => {
  const packDir = tempDir('amm-pack-')
  const stdout = ok('npm', ['pack', '--pack-destination', packDir, '--silent'], root)
  tarball = path.join(packDir, stdout.trim().split('\n').at(-1)!)
  expect(existsSync(tarball)).toBe(true)
})

describe('the packed tarball', () => {
  it('ships dist with types and no source maps into the unshipped src/', () => {
    const list = ok('tar', ['tzf', tarball], root).split('\n')
    expect(list).toContain('package/dist/index.js')
    expect(list).toContain('package/dist/index.d.ts')
    expect(list).toContain('package/dist/cli/main.js')
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(list.filter((f) => f.startsWith('package/src/'))).toEqual([])
  })
})

describe('a fresh ESM project ("type": "module"), installed with --omit=optional', () => {
  let dir = ''
  beforeAll(() => {
    dir = createProject('amm-esm-', { name: 'esm-check', private: true, type: 'module' })
  })

  it('imports the package and runs a scenario', () => {
    writeFileSync(
      path.join(dir, 'run.js'),
      `import { createModelSource, runSimulation } from 'amm-sim'\n${SCENARIO_JS}`,
    )
    expectLpValue(ok('node', ['run.js'], dir))
  })

  it('runs TypeScript through tsx', () => {
    writeFileSync(path.join(dir, 'tsx.ts'), SCENARIO_TS)
    expectLpValue(ok(bin('tsx'), ['tsx.ts'], dir))
  })

  it('type-checks with moduleResolution bundler and runs from node16 output', () => {
    writeFileSync(path.join(dir, 'typed.ts'), SCENARIO_TS)
    compile(bin('tsc'), dir, 'typed.ts', [
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      '--noEmit',
    ])
    compile(bin('tsc'), dir, 'typed.ts', ['--module', 'node16', '--outDir', 'node16'])
    expectLpValue(ok('node', ['node16/typed.js'], dir))
  })

  it('writes a report without charts, and says how to get them instead of crashing', () => {
    writeFileSync(path.join(dir, 'ramp.json'), JSON.stringify(SCENARIO_JSON))
    const amm = path.join(dir, 'node_modules/.bin/amm-sim')
    ok(amm, ['run', 'ramp.json', '--no-charts', '--out', 'out'], dir)
    const summary = JSON.parse(readFileSync(path.join(dir, 'out/ramp/summary.json'), 'utf8')) as {
      metrics: { lpValue: number }
    }
    expect(Math.abs(summary.metrics.lpValue - LP_VALUE) / LP_VALUE).toBeLessThan(RELATIVE_TOLERANCE)
    expect(readdirSync(path.join(dir, 'out/ramp')).sort()).toEqual([
      'summary.json',
      'summary.md',
      'timeseries.csv',
    ])

    const withCharts = run(amm, ['run', 'ramp.json', '--out', 'charted'], dir)
    expect(withCharts.status).toBe(1)
    expect(withCharts.stderr).toContain('RENDERER_MISSING: the chart renderer')
    expect(withCharts.stderr).toContain(
      'If it was left out (npm install --omit=optional), add it: npm install canvas chartjs-node-canvas;',
    )
    expect(withCharts.stderr).not.toMatch(/^\s+at /m) // one block, no stack trace
    expect(existsSync(path.join(dir, 'charted'))).toBe(false)
  })
})

describe('a fresh CommonJS project (npm init -y), installed with --omit=optional', () => {
  let dir = ''
  beforeAll(() => {
    dir = createProject('amm-cjs-', 'npm init -y')
    const packageJson = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      type?: string
    }
    expect(packageJson.type).toBe('commonjs')
  })

  it('require()s the package (Node >= 20.19 loads ES modules without top-level await)', () => {
    writeFileSync(
      path.join(dir, 'run.js'),
      `const { createModelSource, runSimulation } = require('amm-sim')\n${SCENARIO_JS}`,
    )
    expectLpValue(ok('node', ['run.js'], dir))
  })

  it('compiles TypeScript imports to require() with moduleResolution nodenext and node10', () => {
    writeFileSync(path.join(dir, 'typed.ts'), SCENARIO_TS)
    compile(bin('tsc'), dir, 'typed.ts', ['--module', 'nodenext', '--outDir', 'nodenext'])
    expect(readFileSync(path.join(dir, 'nodenext/typed.js'), 'utf8')).toContain(
      'require("amm-sim")',
    )
    expectLpValue(ok('node', ['nodenext/typed.js'], dir))
    compile(bin('tsc'), dir, 'typed.ts', [
      ...['--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop'],
      ...['--outDir', 'node10'],
    ])
    expectLpValue(ok('node', ['node10/typed.js'], dir))
  })

  // tslab (the TypeScript Jupyter kernel) type-checks with its own TypeScript 5.0 and these
  // options (tslab/dist/converter.js); the kernel itself is tested with the notebooks.
  const tslabTsc = path.join(
    run('npm', ['root', '-g'], root).stdout.trim(),
    'tslab/node_modules/@tslab/typescript-for-tslab/bin/tsc',
  )
  it.skipIf(!existsSync(tslabTsc))("type-checks under tslab's TypeScript 5.0", () => {
    expect(ok('node', [tslabTsc, '--version'], dir)).toContain('Version 5.0.')
    writeFileSync(path.join(dir, 'tslab.ts'), SCENARIO_TS)
    compile(tslabTsc, dir, 'tslab.ts', [
      ...['--module', 'esnext', '--moduleResolution', 'node', '--esModuleInterop'],
      ...['--skipLibCheck', '--lib', 'es2022', '--noEmit'],
    ])
  })
})
