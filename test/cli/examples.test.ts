/**
 * Every command example in the README, in the guide (docs/*.md) and in every `--help` runs as
 * printed (issue 10: the documented `run historical-csv --prices ETHUSDT.csv` always exited 2;
 * issue 14 moved most of the README's examples into docs/). Each line is run by
 * bash in a fresh folder holding the files the examples name (`test/fixtures/examples/`, the
 * bundled `scenarios/`), with `amm-sim` (and `npx amm-sim`) on the PATH as the BUILT binary,
 * `pipefail` set so a pipe into `jq` fails with the command, from the same folder whichever
 * page prints it. Expected: exit 0; for the docs' transcripts (`$ amm-sim …` followed by
 * output), every printed line, in order (`...` skips).
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { docFiles } from '../docFiles.js'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'examples')
/** Commands whose `--help` carries examples. */
const COMMANDS = ['', 'run', 'validate', 'import', 'list']
/** A full run with charts takes seconds on a loaded machine; a few examples run several. */
const EXAMPLE_TIMEOUT_MS = 120_000

interface Example {
  /** Where it is printed: `README.md:21`, `docs/cli.md:139` or `amm-sim run --help`. */
  source: string
  command: string
  /** Lines a transcript in the docs shows after the command (`...` elides some). */
  output: string[]
}

/**
 * `amm-sim …` and `npx amm-sim …` lines of the sh blocks of README.md and docs/*.md, and their
 * `$ amm-sim` transcripts (in blocks without an info string).
 */
function readmeExamples(): Example[] {
  const out: Example[] = []
  for (const { file, lines } of docFiles()) {
    let fence: string | undefined
    lines.forEach((line, i) => {
      if (line.startsWith('```')) {
        fence = fence === undefined ? line.slice(3).trim() : undefined
        return
      }
      if (fence === 'sh' && /^(npx )?amm-sim( |$)/.test(line))
        out.push({ source: `${file}:${i + 1}`, command: line, output: [] })
      else if (fence === '' && line.startsWith('$ amm-sim ')) {
        const output: string[] = []
        for (let j = i + 1; j < lines.length && !/^(```|\$ )/.test(lines[j]!); j++)
          output.push(lines[j]!)
        out.push({ source: `${file}:${i + 1}`, command: line.slice(2), output })
      }
    })
  }
  return out
}

/** A folder with `amm-sim` and an `npx` that runs only `amm-sim`, both the built binary. */
function shims(): string {
  const bin = tempDir('amm-examples-bin-')
  writeFileSync(path.join(bin, 'amm-sim'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
  writeFileSync(
    path.join(bin, 'npx'),
    '#!/bin/sh\n[ "$1" = amm-sim ] || { echo "npx: only amm-sim here" >&2; exit 127; }\nshift\nexec amm-sim "$@"\n',
  )
  chmodSync(path.join(bin, 'amm-sim'), 0o755)
  chmodSync(path.join(bin, 'npx'), 0o755)
  return bin
}

/** Runs one shell line in `cwd` with the shims first on the PATH and CI set. */
function shell(line: string, cwd: string, bin: string) {
  const run = spawnSync('bash', ['-c', `set -o pipefail\n${line}`], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** A fresh working folder: the example files and a copy of the bundled scenarios. */
function workdir(): string {
  const dir = tempDir('amm-examples-')
  cpSync(FIXTURES, dir, { recursive: true })
  mkdirSync(path.join(dir, 'scenarios'))
  cpSync(path.join(ROOT, 'scenarios'), path.join(dir, 'scenarios'), { recursive: true })
  cpSync(path.join(ROOT, 'examples', 'replay'), path.join(dir, 'examples', 'replay'), {
    recursive: true,
  })
  return dir
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`)
})

describe('command examples', () => {
  const bin = shims()
  const helpExamples: Example[] = COMMANDS.flatMap((command) => {
    const help = shell(`amm-sim ${command} --help`, ROOT, bin)
    expect(help.code, help.stderr).toBe(0)
    const text = help.stdout.split('\nExamples:\n')[1] ?? ''
    return (
      text
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('amm-sim '))
        // a description follows the command after two or more spaces
        .map((line) => ({
          source: `amm-sim ${command} --help`.replace('  ', ' '),
          command: line.split(/ {2,}/)[0]!,
          output: [],
        }))
    )
  })
  // a command printed in several places runs once, named by all of them
  const examples: Example[] = []
  for (const example of [...readmeExamples(), ...helpExamples]) {
    const same = examples.find((e) => e.command === example.command && e.output.length === 0)
    if (same && example.output.length === 0) same.source += `, ${example.source}`
    else examples.push({ ...example })
  }

  it('finds the examples of the README, of docs/ and of every --help', () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(8)
    expect(readmeExamples().some((e) => e.source.startsWith('README.md:'))).toBe(true)
    expect(readmeExamples().some((e) => e.source.startsWith('docs/'))).toBe(true)
    for (const command of COMMANDS)
      expect(
        helpExamples.some((e) => e.source === `amm-sim ${command} --help`.replace('  ', ' ')),
        `amm-sim ${command} --help has examples`,
      ).toBe(true)
  })

  for (const example of examples)
    it(
      `${example.source}: ${example.command}`,
      () => {
        const run = shell(example.command, workdir(), bin)
        const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
        expect(run.code, context).toBe(0)
        // a transcript's lines appear in the output, in order
        const printed = run.stdout.split('\n')
        let at = 0
        for (const line of example.output.filter((l) => l !== '...' && l !== '')) {
          const found = printed.indexOf(line, at)
          expect(found, `${JSON.stringify(line)} in order\n${context}`).toBeGreaterThanOrEqual(0)
          at = found + 1
        }
      },
      EXAMPLE_TIMEOUT_MS,
    )
})
