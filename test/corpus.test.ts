/**
 * The bad-input corpus: every input a review found misleading or mishandled, with the outcome
 * now expected. One folder per case under `test/corpus/`, holding the input files and a
 * `case.json` (see {@link CorpusCase}); each case is copied to a temporary folder and run there
 * through the BUILT binary (`npm test` builds first), with CI set as in a pipe.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from './tempDir.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')
const CORPUS = path.join(ROOT, 'test', 'corpus')

/** `case.json`: the command, and what must hold of its outcome. */
interface CorpusCase {
  /** What the review found, and what is expected now. */
  about: string
  /** `amm-sim`'s arguments, run in the case's (copied) folder. */
  args: string[]
  /** Expected exit code. */
  exit: number
  /** Substrings that must appear on stderr / stdout. */
  stderr?: string[]
  stdout?: string[]
  /** Substrings that must appear in a written file, by path relative to the case folder. */
  files?: Record<string, string[]>
  /** Values that must be found in a written JSON file, by dotted path (`metrics.lvr`). */
  json?: Record<string, Record<string, unknown>>
}

/** The value at a dotted path (`a.b.0.c`), or undefined. */
function at(value: unknown, dotted: string): unknown {
  let node = value
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

const names = existsSync(CORPUS)
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : []

describe('bad-input corpus', () => {
  it('has cases', () => {
    expect(names.length).toBeGreaterThan(0)
  })
  for (const name of names) {
    const spec = JSON.parse(
      readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8'),
    ) as CorpusCase
    it(`${name}: ${spec.about}`, () => {
      const dir = path.join(tempDir('amm-corpus-'), name)
      cpSync(path.join(CORPUS, name), dir, { recursive: true })
      const run = spawnSync(process.execPath, [BIN, ...spec.args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      })
      const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
      expect(run.status, context).toBe(spec.exit)
      for (const text of spec.stderr ?? []) expect(run.stderr, context).toContain(text)
      for (const text of spec.stdout ?? []) expect(run.stdout, context).toContain(text)
      // bad input never shows a stack trace without --debug
      if (!spec.args.includes('--debug')) expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
      for (const [file, texts] of Object.entries(spec.files ?? {})) {
        const content = readFileSync(path.join(dir, file), 'utf8')
        for (const text of texts) expect(content, file).toContain(text)
      }
      for (const [file, values] of Object.entries(spec.json ?? {})) {
        const content = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown
        for (const [dotted, want] of Object.entries(values))
          expect(at(content, dotted), `${file}: ${dotted}`).toEqual(want)
      }
    })
  }
})
