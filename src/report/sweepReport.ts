/**
 * A sweep's folders: the report (`paths.csv`, `cells.csv`, `differences.csv` with
 * `commonPaths`, `sweep.json`, `summary.md`, `charts/*.png`, written atomically like a run's), a shard's partial result (`partial.json`
 * and its `paths.csv`), the merge of partials into the report an unsharded sweep writes, and the
 * journal of finished rows that `--resume` reads after an interrupted sweep.
 */
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, fmt } from '../errors.js'
import type { Scenario } from '../sim/scenario/schema.js'
import { validateScenario } from '../sim/scenario/validate.js'
import { assembleSweep } from '../sim/sweep/runSweep.js'
import type { Shard, SweepResult } from '../sim/sweep/runSweep.js'
import { pathsTable, sweepLayout } from '../sim/sweep/tables.js'
import type { SweepLayout, TaskRow } from '../sim/sweep/tables.js'
import { writeFolderAtomically } from './atomicWrite.js'
import { formatSweepCsv, formatSweepJson, parseSweepRows, sweepHash } from './sweepFiles.js'
import { renderSweepCharts, sweepChartSpecs } from './sweepCharts.js'
import { formatSweepMarkdown } from './sweepMarkdown.js'

/** Format tag of partial.json. */
const PARTIAL_FORMAT = 'amm-sim-sweep-partial/1'

/** Where and how to write a sweep's report. */
export interface SweepReportOptions {
  /** The report folder, e.g. `out/fee-sweep`. */
  dir: string
  /** The package version written into sweep.json. */
  version: string
  /** Render charts/*.png (needs the native canvas package); default true. */
  hasCharts?: boolean
  /** Stops the write before the old folder is replaced. */
  signal?: AbortSignal
}

/**
 * The folder a shard's partial result goes to: `<out>/<name>.shard-<i>-of-<n>`.
 * @param out - the parent folder
 * @param name - the scenario's name
 * @param shard - the shard
 * @returns the folder's path
 */
export function partialDir(out: string, name: string, shard: Shard): string {
  return path.join(out, `${name}.shard-${shard.index}-of-${shard.count}`)
}

/**
 * Writes a whole sweep's report folder atomically.
 * @param result - from `runSweep` without a shard, or from {@link mergeSweepPartials}
 * @param options - folder, version, charts
 * @returns the files written, relative to the folder
 * @throws {RunError} `RENDERER_MISSING`, `REPORT_WRITE`, `INTERRUPTED`
 */
export async function writeSweepReport(
  result: SweepResult,
  options: SweepReportOptions,
): Promise<string[]> {
  if (!result.tables.cells) throw new Error('unreachable: a shard result has no cells table')
  const files = new Map<string, string | Uint8Array>()
  files.set('paths.csv', formatSweepCsv(result.tables.paths))
  files.set('cells.csv', formatSweepCsv(result.tables.cells))
  if (result.tables.differences)
    files.set('differences.csv', formatSweepCsv(result.tables.differences))
  files.set('sweep.json', formatSweepJson(result, options.version))
  const specs = options.hasCharts === false ? [] : sweepChartSpecs(result)
  const pngs = specs.length > 0 ? await renderSweepCharts(specs) : new Map<string, Buffer>()
  files.set(
    'summary.md',
    formatSweepMarkdown(
      result,
      options.version,
      specs.map((s) => ({ file: s.file, title: s.title })),
    ),
  )
  for (const [file, png] of pngs) files.set(`charts/${file}`, png)
  await writeFolderAtomically(options.dir, files, { signal: options.signal })
  return [...files.keys()]
}

/**
 * Writes a shard's partial result atomically: `partial.json` (format, version, scenario hash,
 * seed, shard, task ids, the scenario) and `paths.csv` (its rows).
 * @param result - from `runSweep` with a shard
 * @param options - folder and version
 * @throws {RunError} `REPORT_WRITE`, `INTERRUPTED`
 */
export async function writeSweepPartial(
  result: SweepResult,
  options: Omit<SweepReportOptions, 'hasCharts'>,
): Promise<void> {
  if (!result.shard) throw new Error('unreachable: a partial needs a shard')
  const partial = {
    format: PARTIAL_FORMAT,
    version: options.version,
    scenarioHash: sweepHash(result.scenario, result.seed),
    seed: result.seed,
    shard: result.shard,
    pathsPerCell: result.layout.pathsPerCell,
    tasks: result.taskIds,
    scenario: result.scenario,
  }
  const files = new Map<string, string>([
    ['partial.json', `${JSON.stringify(partial, null, 2)}\n`],
    ['paths.csv', formatSweepCsv(result.tables.paths)],
  ])
  await writeFolderAtomically(options.dir, files, { signal: options.signal })
}

interface Partial {
  dir: string
  version: string
  scenarioHash: string
  seed: number
  shard: Shard
  pathsPerCell: number
  tasks: number[]
  scenario: unknown
}

async function readPartial(dir: string): Promise<Partial> {
  const file = path.join(dir, 'partial.json')
  let json: Partial
  try {
    json = { ...(JSON.parse(await readFile(file, 'utf8')) as Partial), dir }
  } catch (error) {
    throw new InputError(
      'PARTIAL_INVALID',
      { file },
      `not a sweep shard's partial.json: ${(error as Error).message}`,
    )
  }
  const record = json as unknown as Record<string, unknown>
  if (
    record.format !== PARTIAL_FORMAT ||
    typeof json.scenarioHash !== 'string' ||
    !Array.isArray(json.tasks)
  )
    throw new InputError(
      'PARTIAL_INVALID',
      { file },
      `expected format "${PARTIAL_FORMAT}" with scenarioHash and tasks`,
    )
  return json
}

/**
 * Merges the partial results of every shard of one sweep into the result the unsharded sweep
 * gives (any number of shards, in any order), ready for {@link writeSweepReport}.
 * @param dirs - the shard folders
 * @param version - this package's version: partials of another are refused
 * @returns the whole sweep's result
 * @throws {InputError} `PARTIAL_INVALID` (unreadable folder), `PARTIAL_MISMATCH` (another
 *   scenario, seed, version or shard count), `PARTIAL_DUPLICATE` (a shard twice),
 *   `PARTIAL_MISSING` (a shard absent)
 */
export async function mergeSweepPartials(
  dirs: readonly string[],
  version: string,
): Promise<SweepResult> {
  if (dirs.length === 0)
    throw new InputError(
      'PARTIAL_MISSING',
      { path: 'merge' },
      'expected the folders of every shard, found none',
    )
  const partials: Partial[] = []
  for (const dir of dirs) partials.push(await readPartial(dir))
  const first = partials[0]!
  for (const p of partials)
    if (p.shard.count !== first.shard.count)
      throw new InputError(
        'PARTIAL_MISMATCH',
        { file: path.join(p.dir, 'partial.json') },
        `shard ${p.shard.index} of ${p.shard.count}, but ${first.dir} is one of ${first.shard.count}`,
      )
  const seen = new Map<number, string>()
  for (const p of partials) {
    const other = seen.get(p.shard.index)
    if (other !== undefined)
      throw new InputError(
        'PARTIAL_DUPLICATE',
        { file: p.dir },
        `shard ${p.shard.index} of ${p.shard.count} is also ${other}`,
      )
    seen.set(p.shard.index, p.dir)
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter(
    (i) => !seen.has(i),
  )
  if (missing.length > 0)
    throw new InputError(
      'PARTIAL_MISSING',
      { path: 'merge' },
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${first.shard.count}`,
    )
  // after the shard checks, so that a missing shard is named even across a version change
  for (const p of partials) {
    const file = path.join(p.dir, 'partial.json')
    if (p.version !== version)
      throw new InputError(
        'PARTIAL_MISMATCH',
        { file },
        `written by amm-sim ${p.version}, this is ${version}: re-run the shard with this version`,
      )
    if (p.scenarioHash !== first.scenarioHash)
      throw new InputError(
        'PARTIAL_MISMATCH',
        { file },
        `a shard of another scenario or seed than ${path.join(first.dir, 'partial.json')}`,
      )
  }
  const scenario = validateScenario(first.scenario, path.join(first.dir, 'partial.json'))
  const layout = sweepLayout(scenario, first.pathsPerCell)
  const byId = new Map<number, TaskRow>()
  for (const p of partials) {
    const file = path.join(p.dir, 'paths.csv')
    let text: string
    try {
      // Stryker disable next-line StringLiteral: a Buffer instead of text parses the same: csv-parse and JSON.parse decode it as UTF-8
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new InputError('PARTIAL_INVALID', { file }, `cannot read: ${(error as Error).message}`)
    }
    for (const row of parseSweepRows(text, layout, file)) byId.set(row.task, row)
  }
  const tasks = layout.cells * layout.pathsPerCell
  if (byId.size !== tasks)
    throw new InputError(
      'PARTIAL_MISSING',
      { path: 'merge' },
      `the shards hold ${fmt(byId.size)} of the sweep's ${fmt(tasks)} tasks`,
    )
  const rows = Array.from({ length: tasks }, (_, id) => byId.get(id)!)
  return assembleSweep(scenario, first.seed, first.pathsPerCell, rows)
}

/** The journal file of a sweep folder (a dot file beside it, so it is never part of the report). */
export function journalFile(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.journal.csv`)
}

/**
 * Rows a `--resume` can keep: the successful rows of the journal and of a report already in
 * `dir` (or a partial there), when they were written for the same scenario and seed.
 * @param dir - the sweep's (or shard's) folder
 * @param scenario - the validated sweep scenario
 * @param seed - its seed
 * @param layout - the sweep's layout
 * @returns rows, possibly none
 */
export async function readDoneRows(
  dir: string,
  scenario: Scenario,
  seed: number,
  layout: SweepLayout,
): Promise<TaskRow[]> {
  const hash = sweepHash(scenario, seed)
  // Stryker disable next-line ArrayDeclaration: a string in rows has no error field (undefined), which the final filter on error === null drops
  const rows: TaskRow[] = []
  const text = await readFile(journalFile(dir), 'utf8').catch(() => undefined)
  if (text !== undefined && text.startsWith(`# ${hash}\n`)) {
    // a journal cut short by a kill ends in a partial line: keep whole lines only
    const body = text.slice(text.indexOf('\n') + 1)
    const whole = body.slice(0, body.lastIndexOf('\n') + 1)
    rows.push(...parseSweepRows(whole, layout, journalFile(dir)))
  }
  // Stryker disable next-line StringLiteral: a Buffer instead of text parses the same: csv-parse and JSON.parse decode it as UTF-8 (the mark hides 'sweep.json' emptied too, which the tests kill)
  const meta = await readFile(path.join(dir, 'sweep.json'), 'utf8').catch(() =>
    // Stryker disable next-line StringLiteral: the same (hides 'partial.json' emptied, killed too)
    readFile(path.join(dir, 'partial.json'), 'utf8').catch(() => undefined),
  )
  if (meta !== undefined && (JSON.parse(meta) as { scenarioHash?: string }).scenarioHash === hash) {
    // Stryker disable next-line StringLiteral: a Buffer instead of text parses the same: csv-parse and JSON.parse decode it as UTF-8 (hides 'paths.csv' emptied, killed too)
    const csv = await readFile(path.join(dir, 'paths.csv'), 'utf8').catch(() => undefined)
    if (csv !== undefined) rows.push(...parseSweepRows(csv, layout, path.join(dir, 'paths.csv')))
  }
  return rows.filter((r) => r.error === null)
}

/**
 * Opens the journal of a sweep folder: a hash line, the header, then rows appended as tasks
 * finish, so that a sweep interrupted or killed can `--resume`.
 * @param dir - the sweep's (or shard's) folder
 * @param scenario - the validated sweep scenario
 * @param seed - its seed
 * @param layout - the sweep's layout
 * @param keep - rows to write first (those a resume keeps)
 * @returns `append` for finished rows and `remove` once the report is written
 */
export async function openJournal(
  dir: string,
  scenario: Scenario,
  seed: number,
  layout: SweepLayout,
  keep: readonly TaskRow[] = [],
): Promise<{ append: (rows: TaskRow[]) => Promise<void>; remove: () => Promise<void> }> {
  const file = journalFile(dir)
  const lines = (rows: readonly TaskRow[]): string => {
    const csv = formatSweepCsv(pathsTable(layout, [...rows]))
    return csv.slice(csv.indexOf('\n') + 1)
  }
  await mkdir(path.dirname(file), { recursive: true })
  const header = formatSweepCsv(pathsTable(layout, []))
  await writeFile(file, `# ${sweepHash(scenario, seed)}\n${header}${lines(keep)}`)
  // appends one after another: batches finishing together never interleave their lines
  let queue = Promise.resolve()
  return {
    append: (rows) => (queue = queue.then(() => appendFile(file, lines(rows)))),
    remove: () => rm(file, { force: true }),
  }
}
