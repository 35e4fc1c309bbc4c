/**
 * A sweep's folders in process (issue 13, the mutation run on `src/report/sweepReport.ts`; the
 * CLI tests cover them end to end, outside the mutation run): the report folder and its files,
 * a shard's partial, the merge of partials back into the unsharded result and each refusal of
 * the merge, the `--resume` journal and the rows a resume keeps. Rows are made up here (figures
 * known by construction), not simulated.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AmmSimError } from '../../src/errors.js'
import { formatSweepCsv, parseSweepRows, sweepHash } from '../../src/report/sweepFiles.js'
import {
  journalFile,
  mergeSweepPartials,
  openJournal,
  partialDir,
  readDoneRows,
  writeSweepPartial,
  writeSweepReport,
} from '../../src/report/sweepReport.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { assembleSweep } from '../../src/sim/sweep/runSweep.js'
import type { SweepResult } from '../../src/sim/sweep/runSweep.js'
import type { TaskRow } from '../../src/sim/sweep/tables.js'
import { figureColumns } from '../../src/sim/sweep/task.js'
import { tempDir } from '../tempDir.js'

// The renderer stands in for chartjs-node-canvas: the native canvas cannot load in the worker
// threads the mutation run uses (it crashes the process). A "PNG" here is the chart's type and
// title, so each file can be traced to its configuration.
const renderer = vi.hoisted(() => ({ isMissing: false }))
vi.mock('chartjs-node-canvas', () => ({
  ChartJSNodeCanvas: class {
    constructor() {
      // a machine without the native canvas: the renderer cannot be made
      if (renderer.isMissing) throw new Error("Cannot find module 'canvas'")
    }
    renderToBuffer(config: { type: string; options: { plugins: { title: { text: string } } } }) {
      return Promise.resolve(Buffer.from(`${config.type}: ${config.options.plugins.title.text}`))
    }
  },
}))

const VERSION = '9.9.9-test'
const raw = {
  name: 'folders',
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
  prices: {
    numeraire: 'USDC',
    model: 'gbm',
    start: { ETH: 2500 },
    volatility: { ETH: 0.7 },
    dt: '1d',
    horizon: '10d',
  },
  benchmarks: [{ type: 'hodl' }],
  sweep: { 'pool.swapFee': [0.001, 0.01] },
  paths: 3,
}
const scenario = validateScenario(raw, 'folders.json')
const SEED = 77
const columns = figureColumns(scenario)
/** Task t (2 cells × 3 paths): every figure t + its column index / 8; task 4 failed. */
const rows: TaskRow[] = Array.from({ length: 6 }, (_, task) => ({
  task,
  cell: Math.floor(task / 3),
  path: task % 3,
  seed: 1000 + task,
  figures: task === 4 ? null : columns.map((_, c) => task + c / 8),
  error: task === 4 ? 'NON_FINITE: lpValue' : null,
}))
const whole = (): SweepResult => assembleSweep(scenario, SEED, 3, rows)
/** Shard i of n: tasks i - 1, i - 1 + n, … (the documented split). */
const shardOf = (index: number, count: number, seed = SEED): SweepResult =>
  assembleSweep(
    scenario,
    seed,
    3,
    rows.filter((r) => r.task % count === index - 1),
    { index, count },
  )

/** The error a promise rejects with (failing the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<AmmSimError> {
  try {
    await promise
  } catch (error) {
    return error as AmmSimError
  }
  throw new Error('expected a rejection')
}

describe('partialDir and journalFile', () => {
  it('name the shard folder <out>/<name>.shard-<i>-of-<n> and the journal a dot file beside the folder', () => {
    expect(partialDir('out', 'fee', { index: 2, count: 5 })).toBe(
      path.join('out', 'fee.shard-2-of-5'),
    )
    expect(journalFile(path.join('a', 'b', 'sweep'))).toBe(
      path.join('a', 'b', '.sweep.journal.csv'),
    )
  })
})

describe('writeSweepReport', () => {
  it('writes paths.csv, cells.csv, sweep.json and summary.md, the CSVs readable back', async () => {
    const dir = path.join(tempDir('amm-sweep-report-'), 'r')
    const files = await writeSweepReport(whole(), { dir, version: VERSION, hasCharts: false })
    expect(files).toEqual(['paths.csv', 'cells.csv', 'sweep.json', 'summary.md'])
    expect(readdirSync(dir).sort()).toEqual(['cells.csv', 'paths.csv', 'summary.md', 'sweep.json'])
    const result = whole()
    const paths = readFileSync(path.join(dir, 'paths.csv'), 'utf8')
    expect(parseSweepRows(paths, result.layout, 'paths.csv')).toEqual(rows)
    const cells = readFileSync(path.join(dir, 'cells.csv'), 'utf8')
    expect(cells.split('\n')[0]).toBe(result.tables.cells!.columns.join(','))
    expect(cells.split('\n')).toHaveLength(result.tables.cells!.data[0]!.length + 2)
    const json = JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as {
      scenarioHash: string
      version: string
    }
    expect(json.scenarioHash).toBe(sweepHash(scenario, SEED))
    expect(json.version).toBe(VERSION)
    const md = readFileSync(path.join(dir, 'summary.md'), 'utf8')
    expect(md).not.toContain('](charts/')
  })

  it('adds differences.csv after cells.csv for a commonPaths sweep', async () => {
    const common = validateScenario({ ...raw, commonPaths: true }, 'common.json')
    const result = assembleSweep(common, SEED, 3, rows)
    const dir = path.join(tempDir('amm-sweep-report-'), 'r')
    const files = await writeSweepReport(result, { dir, version: VERSION, hasCharts: false })
    expect(files).toEqual(['paths.csv', 'cells.csv', 'differences.csv', 'sweep.json', 'summary.md'])
    const differences = readFileSync(path.join(dir, 'differences.csv'), 'utf8')
    expect(differences.split('\n')[0]).toBe(result.tables.differences!.columns.join(','))
  })

  it('renders the charts by default, after summary.md, which links them', async () => {
    const dir = path.join(tempDir('amm-sweep-report-'), 'r')
    const files = await writeSweepReport(whole(), { dir, version: VERSION })
    expect(files).toEqual([
      'paths.csv',
      'cells.csv',
      'sweep.json',
      'summary.md',
      'charts/metric-vs-parameter.png',
      'charts/distribution.png',
    ])
    expect(readFileSync(path.join(dir, 'charts', 'metric-vs-parameter.png'), 'utf8')).toBe(
      'line: Mean returnVsHodl (%) against pool.swapFee; bands: 95 % CI',
    )
    expect(readFileSync(path.join(dir, 'charts', 'distribution.png'), 'utf8')).toBe(
      'line: returnVsHodl (%) per path: share of paths per bin',
    )
    const md = readFileSync(path.join(dir, 'summary.md'), 'utf8')
    expect(md).toContain('](charts/metric-vs-parameter.png)')
    expect(md).toContain('](charts/distribution.png)')
  })

  it('without the renderer: hasCharts false never loads it; by default RENDERER_MISSING, nothing written', async () => {
    const root = tempDir('amm-sweep-report-')
    renderer.isMissing = true
    try {
      const files = await writeSweepReport(whole(), {
        dir: path.join(root, 'plain'),
        version: VERSION,
        hasCharts: false,
      })
      expect(files).toEqual(['paths.csv', 'cells.csv', 'sweep.json', 'summary.md'])
      const error = await failure(
        writeSweepReport(whole(), { dir: path.join(root, 'charts'), version: VERSION }),
      )
      expect(error.code).toBe('RENDERER_MISSING')
      expect(readdirSync(root)).toEqual(['plain'])
    } finally {
      renderer.isMissing = false
    }
  })

  it('an aborted signal writes nothing: INTERRUPTED, the old folder kept', async () => {
    const dir = path.join(tempDir('amm-sweep-report-'), 'r')
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'old.txt'), 'old')
    const controller = new AbortController()
    controller.abort()
    const error = await failure(
      writeSweepReport(whole(), {
        dir,
        version: VERSION,
        hasCharts: false,
        signal: controller.signal,
      }),
    )
    expect(error.code).toBe('INTERRUPTED')
    expect(readdirSync(dir)).toEqual(['old.txt'])
    const partialError = await failure(
      writeSweepPartial(shardOf(1, 2), { dir, version: VERSION, signal: controller.signal }),
    )
    expect(partialError.code).toBe('INTERRUPTED')
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })

  it('refuses a shard result, which has no cells table', async () => {
    const error = await failure(
      writeSweepReport(shardOf(1, 2), { dir: 'never-written', version: VERSION }),
    )
    expect(error.message).toBe('unreachable: a shard result has no cells table')
    expect(existsSync('never-written')).toBe(false)
  })
})

describe('writeSweepPartial', () => {
  it('writes partial.json (format, version, hash, seed, shard, tasks, scenario) and its paths.csv', async () => {
    const dir = path.join(tempDir('amm-sweep-partial-'), 'p')
    await writeSweepPartial(shardOf(2, 2), { dir, version: VERSION })
    expect(readdirSync(dir).sort()).toEqual(['partial.json', 'paths.csv'])
    const text = readFileSync(path.join(dir, 'partial.json'), 'utf8')
    const expected = {
      format: 'amm-sim-sweep-partial/1',
      version: VERSION,
      scenarioHash: sweepHash(scenario, SEED),
      seed: SEED,
      shard: { index: 2, count: 2 },
      pathsPerCell: 3,
      tasks: [1, 3, 5],
      scenario,
    }
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`)
    const paths = readFileSync(path.join(dir, 'paths.csv'), 'utf8')
    expect(parseSweepRows(paths, whole().layout, 'paths.csv')).toEqual(
      rows.filter((r) => r.task % 2 === 1),
    )
  })

  it('refuses a result without a shard', async () => {
    const error = await failure(writeSweepPartial(whole(), { dir: 'never', version: VERSION }))
    expect(error.message).toBe('unreachable: a partial needs a shard')
  })
})

describe('mergeSweepPartials', () => {
  /** Writes shards `indexes` of `count` under a fresh folder; returns their folders. */
  async function partials(indexes: number[], count: number, seed = SEED): Promise<string[]> {
    const root = tempDir('amm-sweep-merge-')
    const dirs: string[] = []
    for (const index of indexes) {
      const dir = partialDir(root, 'folders', { index, count })
      await writeSweepPartial(shardOf(index, count, seed), { dir, version: VERSION })
      dirs.push(dir)
    }
    return dirs
  }

  it('gives the unsharded result from the shards in any order', async () => {
    const dirs = await partials([3, 1, 2], 3)
    const merged = await mergeSweepPartials(dirs, VERSION)
    const expected = whole()
    expect(merged.rows).toEqual(rows)
    expect(merged.seed).toBe(SEED)
    expect(merged.tasks).toBe(6)
    expect(merged.taskIds).toEqual([0, 1, 2, 3, 4, 5])
    expect(merged.shard).toBeUndefined()
    expect(merged.tables).toEqual(expected.tables)
    expect(merged.failures).toEqual([rows[4]])
    expect(merged.layout.pathsPerCell).toBe(3)
    expect(merged.scenario).toEqual(scenario)
  })

  it('refuses no folder at all', async () => {
    const error = await failure(mergeSweepPartials([], VERSION))
    expect(error.code).toBe('PARTIAL_MISSING')
    expect(error.message).toBe('merge: expected the folders of every shard, found none')
  })

  it('refuses a folder without a readable partial.json', async () => {
    const root = tempDir('amm-sweep-merge-')
    const file = path.join(root, 'partial.json')
    const missing = await failure(mergeSweepPartials([root], VERSION))
    expect(missing.code).toBe('PARTIAL_INVALID')
    expect(missing.message).toMatch(
      new RegExp(`^${escape(file)}: not a sweep shard's partial\\.json: ENOENT`),
    )
    writeFileSync(file, '{ not json')
    const broken = await failure(mergeSweepPartials([root], VERSION))
    expect(broken.code).toBe('PARTIAL_INVALID')
    expect(broken.message).toMatch(
      new RegExp(`^${escape(file)}: not a sweep shard's partial\\.json: .*JSON`),
    )
  })

  it('refuses a partial.json of another format, without a hash or without tasks', async () => {
    const [dir] = await partials([1], 1)
    const file = path.join(dir!, 'partial.json')
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    const expected = `${file}: expected format "amm-sim-sweep-partial/1" with scenarioHash and tasks`
    for (const bad of [
      { ...good, format: 'amm-sim-sweep-partial/2' },
      { ...good, scenarioHash: 12 },
      { ...good, tasks: '0,1' },
    ]) {
      writeFileSync(file, JSON.stringify(bad))
      const error = await failure(mergeSweepPartials([dir!], VERSION))
      expect(error.code).toBe('PARTIAL_INVALID')
      expect(error.message).toBe(expected)
    }
    // the file as written merges: each refusal above is its own field's
    writeFileSync(file, JSON.stringify(good))
    expect((await mergeSweepPartials([dir!], VERSION)).rows).toEqual(rows)
  })

  it('refuses a partial whose scenario does not validate, naming its partial.json', async () => {
    const [dir] = await partials([1], 1)
    const file = path.join(dir!, 'partial.json')
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      scenario: { pool: { weights: number[] } }
    }
    json.scenario.pool.weights = [0.7, 0.7]
    writeFileSync(file, JSON.stringify(json))
    const error = await failure(mergeSweepPartials([dir!], VERSION))
    expect(error).toBeInstanceOf(AmmSimError)
    expect(error.message.startsWith(`${file}: `)).toBe(true)
  })

  it('refuses shards of different counts, naming both', async () => {
    const [a] = await partials([1], 2)
    const [b] = await partials([2], 3)
    const error = await failure(mergeSweepPartials([a!, b!], VERSION))
    expect(error.code).toBe('PARTIAL_MISMATCH')
    expect(error.message).toBe(
      `${path.join(b!, 'partial.json')}: shard 2 of 3, but ${a} is one of 2`,
    )
  })

  it('refuses a shard given twice, naming both folders', async () => {
    const [a, b] = await partials([1, 2], 2)
    const root = tempDir('amm-sweep-merge-')
    const copy = path.join(root, 'copy')
    mkdirSync(copy)
    for (const f of ['partial.json', 'paths.csv'])
      writeFileSync(path.join(copy, f), readFileSync(path.join(a!, f)))
    const error = await failure(mergeSweepPartials([a!, b!, copy], VERSION))
    expect(error.code).toBe('PARTIAL_DUPLICATE')
    expect(error.message).toBe(`${copy}: shard 1 of 2 is also ${a}`)
  })

  it('refuses missing shards, naming them: one, or several', async () => {
    const [a] = await partials([2], 2)
    const one = await failure(mergeSweepPartials([a!], VERSION))
    expect(one.code).toBe('PARTIAL_MISSING')
    expect(one.message).toBe('merge: missing shard 1 of 2')
    const [b] = await partials([2], 4)
    const several = await failure(mergeSweepPartials([b!], VERSION))
    expect(several.message).toBe('merge: missing shards 1, 3, 4 of 4')
  })

  it('refuses a partial of another version, even the second one', async () => {
    const dirs = await partials([1, 2], 2)
    const file = path.join(dirs[1]!, 'partial.json')
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(file, JSON.stringify({ ...json, version: '0.0.1' }))
    const error = await failure(mergeSweepPartials(dirs, VERSION))
    expect(error.code).toBe('PARTIAL_MISMATCH')
    expect(error.message).toBe(
      `${file}: written by amm-sim 0.0.1, this is ${VERSION}: re-run the shard with this version`,
    )
  })

  it('refuses a shard of another seed, naming the first shard', async () => {
    const [a] = await partials([1], 2)
    const [b] = await partials([2], 2, SEED + 1)
    const error = await failure(mergeSweepPartials([a!, b!], VERSION))
    expect(error.code).toBe('PARTIAL_MISMATCH')
    expect(error.message).toBe(
      `${path.join(b!, 'partial.json')}: a shard of another scenario or seed than ${path.join(a!, 'partial.json')}`,
    )
  })

  it('refuses a shard without paths.csv, or whose rows do not cover the sweep', async () => {
    const dirs = await partials([1, 2], 2)
    const csv = path.join(dirs[0]!, 'paths.csv')
    const text = readFileSync(csv, 'utf8')
    // one row dropped: 5 of 6 tasks
    writeFileSync(csv, text.split('\n').slice(0, -2).join('\n') + '\n')
    const short = await failure(mergeSweepPartials(dirs, VERSION))
    expect(short.code).toBe('PARTIAL_MISSING')
    expect(short.message).toBe("merge: the shards hold 5 of the sweep's 6 tasks")
    const { rmSync } = await import('node:fs')
    rmSync(csv)
    const missing = await failure(mergeSweepPartials(dirs, VERSION))
    expect(missing.code).toBe('PARTIAL_INVALID')
    expect(missing.message).toMatch(new RegExp(`^${escape(csv)}: cannot read: ENOENT`))
  })
})

describe('the journal and readDoneRows', () => {
  const layout = () => whole().layout
  const hash = sweepHash(scenario, SEED)
  const header = () =>
    formatSweepCsv({
      columns: whole().tables.paths.columns,
      data: whole().tables.paths.columns.map(() => []),
    })

  it('opens the journal (creating its folder): the hash line, the header, the rows kept', async () => {
    const dir = path.join(tempDir('amm-journal-'), 'deep', 'sweep')
    const journal = await openJournal(dir, scenario, SEED, layout(), [rows[0]!, rows[2]!])
    const text = readFileSync(journalFile(dir), 'utf8')
    const lines = text.split('\n')
    expect(lines[0]).toBe(`# ${hash}`)
    expect(`${lines[1]}\n`).toBe(header())
    expect(lines).toHaveLength(5) // hash, header, two rows, the empty string after the last \n
    expect(parseSweepRows(lines.slice(1).join('\n'), layout(), 'j')).toEqual([rows[0], rows[2]])
    await journal.remove()
    expect(existsSync(journalFile(dir))).toBe(false)
  })

  it('appends rows in call order, even without waiting, and starts empty without rows to keep', async () => {
    const dir = path.join(tempDir('amm-journal-'), 'sweep')
    const journal = await openJournal(dir, scenario, SEED, layout())
    expect(readFileSync(journalFile(dir), 'utf8')).toBe(`# ${hash}\n${header()}`)
    const first = journal.append([rows[5]!, rows[1]!])
    const second = journal.append([rows[3]!])
    await Promise.all([first, second])
    await journal.append([])
    const text = readFileSync(journalFile(dir), 'utf8')
    const body = text.slice(text.indexOf('\n') + 1)
    expect(parseSweepRows(body, layout(), 'j').map((r) => r.task)).toEqual([5, 1, 3])
    // remove twice: the second finds nothing and does not fail
    await journal.remove()
    await journal.remove()
  })

  it('keeps the successful rows of a journal, whole lines only, when its hash matches', async () => {
    const dir = path.join(tempDir('amm-journal-'), 'sweep')
    const journal = await openJournal(dir, scenario, SEED, layout(), [rows[0]!, rows[4]!])
    await journal.append([rows[1]!])
    // a kill cut the next line short
    const { appendFileSync } = await import('node:fs')
    appendFileSync(journalFile(dir), '1,0,1002,')
    expect(await readDoneRows(dir, scenario, SEED, layout())).toEqual([rows[0], rows[1]])
    // another seed: another hash, the journal is not read
    expect(await readDoneRows(dir, scenario, SEED + 1, layout())).toEqual([])
  })

  it("a report's paths.csv that cannot be read back is refused, naming the file and line", async () => {
    const dir = path.join(tempDir('amm-journal-'), 'sweep')
    await writeSweepReport(whole(), { dir, version: VERSION, hasCharts: false })
    const csv = path.join(dir, 'paths.csv')
    writeFileSync(csv, `${readFileSync(csv, 'utf8')}0,1\n`)
    const error = await failure(readDoneRows(dir, scenario, SEED, layout()))
    expect(error.code).toBe('PARTIAL_INVALID')
    expect(error.message.startsWith(`${csv}:8: `)).toBe(true)
  })

  it('reads nothing when there is neither journal nor report', async () => {
    const dir = path.join(tempDir('amm-journal-'), 'none')
    expect(await readDoneRows(dir, scenario, SEED, layout())).toEqual([])
  })

  it("keeps a finished report's successful rows, or a partial's, when the hash matches", async () => {
    const dir = path.join(tempDir('amm-journal-'), 'sweep')
    await writeSweepReport(whole(), { dir, version: VERSION, hasCharts: false })
    const done = rows.filter((r) => r.error === null)
    expect(await readDoneRows(dir, scenario, SEED, layout())).toEqual(done)
    expect(await readDoneRows(dir, scenario, SEED + 1, layout())).toEqual([])
    // with a journal too: the journal's rows first, then the report's
    await openJournal(dir, scenario, SEED, layout(), [rows[2]!])
    expect(await readDoneRows(dir, scenario, SEED, layout())).toEqual([rows[2], ...done])

    const shard = path.join(tempDir('amm-journal-'), 'shard')
    await writeSweepPartial(shardOf(1, 2), { dir: shard, version: VERSION })
    expect(await readDoneRows(shard, scenario, SEED, layout())).toEqual([rows[0], rows[2]])
    // the metadata without its paths.csv: nothing from the folder
    const { rmSync } = await import('node:fs')
    rmSync(path.join(shard, 'paths.csv'))
    expect(await readDoneRows(shard, scenario, SEED, layout())).toEqual([])
  })
})

/** A string as a literal RegExp source. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
