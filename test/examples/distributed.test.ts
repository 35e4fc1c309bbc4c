/**
 * The Kubernetes and GitHub Actions examples of `examples/distributed/`, run locally: the shell
 * commands are read from the YAML files (never retyped here) and run once per index as the Job
 * or the matrix would, with `amm-sim` on PATH as this checkout's build; the partials move as the
 * shared volume or the artifacts would move them; then the merge command of each file runs.
 * Both reports must equal, byte for byte, the report of the same sweep run unsharded.
 * (The Slurm example runs on a real one-node cluster in `npm run test:slurm`.)
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const EXAMPLES = path.join(ROOT, 'examples', 'distributed')
const SCENARIO = path.join(EXAMPLES, 'sweep-small.json')

/**
 * The block scalar (`key: |` or `- |`) on the first line at or after `from` that matches `start`,
 * dedented: its lines are those after the key that are indented deeper than the key's line.
 * Enough YAML for these files; a parser would be a new dependency for three lookups.
 */
function blockScalar(lines: string[], start: RegExp, from = 0): string {
  const at = lines.findIndex((line, i) => i >= from && start.test(line))
  if (at < 0) throw new Error(`no line matching ${String(start)}`)
  const keyIndent = /^ */.exec(lines[at]!)![0].length
  const body: string[] = []
  for (const line of lines.slice(at + 1)) {
    if (line.trim() !== '' && /^ */.exec(line)![0].length <= keyIndent) break
    body.push(line)
  }
  const indent = Math.min(
    ...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length),
  )
  return (
    body
      .map((l) => l.slice(indent))
      .join('\n')
      .trimEnd() + '\n'
  )
}

/** The one value matching `pattern`'s first group; fails if it occurs other than once. */
function only(text: string, pattern: RegExp): string {
  const found = [...text.matchAll(new RegExp(pattern.source, 'gm'))]
  expect(found.length, String(pattern)).toBe(1)
  return found[0]![1]!
}

/** A Kubernetes container's `- name: X` / `value: 'v'` environment entry. */
function envValue(yaml: string, name: string): string {
  return only(yaml, new RegExp(`- name: ${name}\\n\\s+value: '?([^'\\n]*)'?$`))
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort()
}

/** Runs a shell script; fails the test with its output when it exits non-zero. */
function shell(argv: string[], script: string, cwd: string, env: Record<string, string>): void {
  const run = spawnSync(argv[0]!, [...argv.slice(1), script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
  })
  expect(run.status, `${script}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0)
}

/** Asserts two report folders hold the same files with the same bytes. */
function expectSameReport(got: string, want: string): void {
  const files = filesUnder(want)
  expect(files).toContain(path.join('sweep-small', 'paths.csv'))
  expect(filesUnder(got)).toEqual(files)
  for (const file of files)
    expect(
      readFileSync(path.join(got, file)).equals(readFileSync(path.join(want, file))),
      file,
    ).toBe(true)
}

describe('examples/distributed, run locally', () => {
  const work = tempDir('amm-examples-')
  const bin = path.join(work, 'bin')
  const PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`
  const unsharded = path.join(work, 'unsharded')

  // the unsharded report both examples are compared with
  beforeAll(() => {
    // `amm-sim` as a user who installed the package would call it: this checkout's build
    mkdirSync(bin)
    writeFileSync(
      path.join(bin, 'amm-sim'),
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'cli', 'main.js')}" "$@"\n`,
    )
    chmodSync(path.join(bin, 'amm-sim'), 0o755)
    shell(['/bin/sh', '-c'], 'amm-sim sweep "$SCENARIO" --out "$OUT"', work, {
      PATH,
      SCENARIO,
      OUT: unsharded,
    })
  }, 120_000) // like testTimeout: one spawned sweep can take 10 s and more on a loaded machine

  it('Kubernetes: the Indexed Job per JOB_COMPLETION_INDEX, then the merge Job', () => {
    const sweepJob = readFileSync(path.join(EXAMPLES, 'kubernetes', 'sweep-job.yaml'), 'utf8')
    const mergeJob = readFileSync(path.join(EXAMPLES, 'kubernetes', 'merge-job.yaml'), 'utf8')
    const completions = Number(only(sweepJob, /^ {2}completions: (\d+)$/))
    expect(envValue(sweepJob, 'SHARDS')).toBe(String(completions))
    // the containers' file system is `root`: /shared and /config are folders in it
    const root = path.join(work, 'k8s')
    const inPod = (p: string): string => path.join(root, p)
    const scenarioInPod = envValue(sweepJob, 'SCENARIO')
    mkdirSync(path.dirname(inPod(scenarioInPod)), { recursive: true })
    cpSync(SCENARIO, inPod(scenarioInPod))
    const shardScript = blockScalar(sweepJob.split('\n'), /^\s+- \|$/)
    const sh = ['/bin/sh', '-c'] // the container's command
    expect(only(sweepJob, /^\s+command: (.+)$/)).toBe("['/bin/sh', '-c']")
    expect(only(mergeJob, /^\s+command: (.+)$/)).toBe("['/bin/sh', '-c']")
    // indices out of order: the Job gives no order
    for (let index = completions - 1; index >= 0; index--)
      shell(sh, shardScript, root, {
        PATH,
        JOB_COMPLETION_INDEX: String(index),
        SHARDS: envValue(sweepJob, 'SHARDS'),
        SCENARIO: inPod(scenarioInPod),
        SHARED: inPod(envValue(sweepJob, 'SHARED')),
      })
    const shared = inPod(envValue(mergeJob, 'SHARED'))
    shell(sh, blockScalar(mergeJob.split('\n'), /^\s+- \|$/), root, { PATH, SHARED: shared })
    expectSameReport(path.join(shared, 'report'), unsharded)
  })

  it('GitHub Actions: the shard step per matrix entry, artifacts moved, then the merge step', () => {
    const workflow = readFileSync(path.join(EXAMPLES, 'github-actions', 'sweep.yml'), 'utf8')
    const lines = workflow.split('\n')
    const shards = only(workflow, /^\s+shard: \[([^\]]*)\]$/)
      .split(',')
      .map((s) => s.trim())
    const env = {
      PATH,
      SCENARIO: only(workflow, /^ {2}SCENARIO: (.+)$/),
      SHARDS: only(workflow, /^ {2}SHARDS: (\d+)$/),
    }
    expect(env.SHARDS).toBe(String(shards.length))
    const shardStep = lines.findIndex((line) => line.trim() === '- name: Run shard')
    const mergeStep = lines.findIndex((line) => line.trim() === '- name: Merge')
    const bash = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'] // Actions' `run` shell
    const root = path.join(work, 'actions')
    const mergeWorkspace = path.join(root, 'merge')
    for (const shard of [...shards].reverse()) {
      // each matrix job checks the repository out on its own runner
      const workspace = path.join(root, `shard-${shard}`)
      cpSync(SCENARIO, path.join(workspace, env.SCENARIO))
      shell(bash, blockScalar(lines, /^\s+run: \|$/, shardStep), workspace, {
        ...env,
        SHARD: shard,
      })
      // upload-artifact of `partials/`, download-artifact with a pattern: partials/<name>/…
      cpSync(
        path.join(workspace, 'partials'),
        path.join(mergeWorkspace, 'partials', `partial-${shard}`),
        {
          recursive: true,
        },
      )
    }
    shell(bash, blockScalar(lines, /^\s+run: \|$/, mergeStep), mergeWorkspace, env)
    expectSameReport(path.join(mergeWorkspace, 'report'), unsharded)
  })
})
