import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from './tempDir.js'

/**
 * House style 10: README examples run in a test. Every fenced block whose info string is exactly
 * `ts` is type-checked against the built package (dist/, as a user's project would see it) and
 * run with tsx from a scratch folder where `amm-sim` resolves to this package. A fragment that
 * cannot run alone is fenced as `ts no-run`.
 *
 * A block that prints says what: its `// prints: <text>` lines, in order, are its whole stdout,
 * one line each; `…` in them stands for any text (line breaks included), so a block quotes the
 * numbers a reader should see and elides the rest (docs/testing-report.md). A block that calls
 * `console.log` without a `// prints:` line fails.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)

/** What a block's `// prints:` lines say its stdout is, as a whole-text pattern; or undefined. */
function printedPattern(code: string): RegExp | undefined {
  const lines = [...code.matchAll(/^\s*\/\/ prints: ?(.*)$/gm)].map((m) => m[1]!.trimEnd())
  if (lines.length === 0) return undefined
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const body = lines.map((line) => line.split('…').map(escape).join('[\\s\\S]*?')).join('\\n')
  return new RegExp(`^${body}$`)
}

/** A scratch project: node_modules/amm-sim -> this package, the bundled data file beside. */
function scratchProject(): string {
  const dir = tempDir('amm-sim-readme-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'amm-sim'), 'dir')
  cpSync(join(ROOT, 'scenarios', 'data'), join(dir, 'scenarios', 'data'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
    skipLibCheck: true,
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }))
  blocks.forEach((code, i) => {
    writeFileSync(join(dir, `example-${i + 1}.ts`), code)
  })
  return dir
}

describe('README examples', () => {
  it('has runnable examples, each importing the package by name', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6)
    for (const code of blocks) expect(code).toContain("from 'amm-sim'")
  })

  const dir = scratchProject()

  it('type-check against the built package', () => {
    expect(existsSync(join(ROOT, 'dist', 'index.d.ts')), 'run `npm run build` first').toBe(true)
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  blocks.forEach((code, i) => {
    const firstLine = code.split('\n').find((line) => line.trim() !== '') ?? ''
    it(`example ${i + 1} runs (${firstLine.slice(0, 60)})`, () => {
      const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
      const run = spawnSync(process.execPath, [tsx, `example-${i + 1}.ts`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      const pattern = printedPattern(code)
      if (/console\.log/.test(code))
        expect(pattern, 'a block that prints has // prints: lines').toBeDefined()
      if (pattern) expect(run.stdout.trimEnd()).toMatch(pattern)
      else expect(run.stdout).toBe('')
    })
  })
})
