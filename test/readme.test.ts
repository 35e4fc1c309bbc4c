import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, docFiles, fencedBlocks } from './docFiles.js'
import { tempDir } from './tempDir.js'

/**
 * House style 10: README examples run in a test. Every fenced block of README.md and
 * docs/*.md whose info string is exactly `ts` is type-checked against the built package
 * (dist/, as a user's project would see it) and run with tsx from a scratch folder where
 * `amm-sim` resolves to this package and `scenarios/data/` holds the bundled price files (so a
 * path such as `scenarios/data/eth-btc-usd-2024-daily.csv` reads as from the repository's
 * root, wherever the page is). A fragment that cannot run alone is fenced as `ts no-run`.
 * A block fenced as `output` right after a `ts` block (only blank lines between) is what the
 * example prints: each of its lines must appear in the example's stdout, in order (`...`
 * elides some), as in the command transcripts of test/cli/examples.test.ts. Every example
 * that calls `console.log` has one (issue 14: every block asserts what it prints).
 */

/** One `ts` block: where it is, its code, and the printed lines its `output` block shows. */
interface TsExample {
  source: string
  code: string
  output: string[] | undefined
}

const examples: TsExample[] = docFiles().flatMap((doc) => {
  const blocks = fencedBlocks(doc)
  return blocks.flatMap((block, i) => {
    if (block.info !== 'ts') return []
    const next = blocks[i + 1]
    const isOutput =
      next?.info === 'output' &&
      doc.lines.slice(block.endLine, next.line - 1).every((line) => line.trim() === '')
    return [
      {
        source: `${doc.file}:${block.line}`,
        code: block.body.join('\n') + '\n',
        output: isOutput ? next.body : undefined,
      },
    ]
  })
})

/** A scratch project: node_modules/amm-sim -> this package, the bundled data files beside. */
function scratchProject(): string {
  const dir = tempDir('amm-sim-readme-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'amm-sim'), 'dir')
  cpSync(join(ROOT, 'scenarios', 'data'), join(dir, 'scenarios', 'data'), { recursive: true })
  cpSync(join(ROOT, 'examples', 'replay'), join(dir, 'examples', 'replay'), { recursive: true })
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
  examples.forEach(({ code }, i) => {
    writeFileSync(join(dir, `example-${i + 1}.ts`), code)
  })
  return dir
}

describe('README and docs/ examples', () => {
  it('has runnable examples, each importing the package by name', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12)
    expect(examples.some((e) => e.source.startsWith('README.md:'))).toBe(true)
    for (const { source, code } of examples) expect(code, source).toContain("from 'amm-sim'")
  })

  it('shows what each example that prints prints, in an output block', () => {
    const printing = examples.filter((e) => e.code.includes('console.log('))
    expect(printing.length).toBeGreaterThanOrEqual(10)
    expect(printing.filter((e) => e.output === undefined).map((e) => e.source)).toEqual([])
  })

  const dir = scratchProject()

  it('type-check against the built package', () => {
    expect(existsSync(join(ROOT, 'dist', 'index.d.ts')), 'run `npm run build` first').toBe(true)
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  examples.forEach(({ source, code, output }, i) => {
    const firstLine = code.split('\n').find((line) => line.trim() !== '') ?? ''
    it(`${source} runs (${firstLine.slice(0, 60)})`, () => {
      const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
      const run = spawnSync(process.execPath, [tsx, `example-${i + 1}.ts`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      // the output block's lines appear in what it printed, in order
      const printed = run.stdout.split('\n')
      let at = 0
      for (const line of (output ?? []).filter((l) => l !== '...' && l !== '')) {
        const found = printed.indexOf(line, at)
        expect(
          found,
          `${JSON.stringify(line)} in order\nstdout:\n${run.stdout}`,
        ).toBeGreaterThanOrEqual(0)
        at = found + 1
      }
    })
  })
})
