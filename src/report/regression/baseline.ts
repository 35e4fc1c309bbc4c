/**
 * Regression baselines: one small JSON file per scenario (`baselines/<name>.json`), written so
 * that a diff reads well in review. Keys in a fixed order: the header (format, scenario, package
 * version, seed, scenario hash), the figures in summary.json's order, then the scenario itself
 * with its keys sorted, so the report can name the fields that changed since the baseline.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, RunError } from '../../errors.js'
import type { Scenario } from '../../sim/scenario/schema.js'
import type { JsonValue, Summary } from '../summary.js'
import type { SampleStats } from './statistics.js'

/** The `format` field of every baseline file; a new shape gets a new number. */
export const BASELINE_FORMAT = 'amm-sim-baseline/1'

/** The content of a baseline file. */
export interface Baseline {
  format: typeof BASELINE_FORMAT
  scenario: string
  /** Package version that wrote the baseline. */
  version: string
  seed: number
  /** `sha256:` and the hex digest of the canonical scenario JSON (sorted keys). */
  scenarioHash: string
  /** Monte Carlo checks only: the number of paths per cell (seeds derived from `seed`). */
  paths?: number
  /** Sweeps of several cells: each cell's parameters (`pool.swapFee=0.003`), by index. */
  cells?: string[]
  /**
   * Figure name → value (`null` for a non-finite figure), in summary.json's order; for a
   * Monte Carlo check, the mean over the paths.
   */
  figures: Record<string, number | null>
  /** Monte Carlo checks only: figure name → { n, mean, sd } over the paths. */
  samples?: Record<string, SampleStats>
  /** The validated scenario (defaults filled in, `$schema` dropped), keys sorted. */
  definition: JsonValue
}

/**
 * Every number of a summary's metrics and benchmarks as one flat, ordered list of figures:
 * `lpValue`, `weightDeviation.mean`, `benchmarks.hodl.value`, … in summary.json's key order.
 * @param summary - from `createSummary`
 * @returns figure name → number, or `null` where summary.json has `null`
 * @example flattenFigures(summary)['benchmarks.hodl.value']
 */
export function flattenFigures(
  summary: Pick<Summary, 'metrics' | 'benchmarks'>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  const visit = (prefix: string, value: JsonValue): void => {
    if (typeof value === 'number' || value === null) out[prefix] = value
    else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(`${prefix}[${i}]`, item)
    } else if (typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(`${prefix}.${key}`, item)
    // strings and booleans are labels, not figures
  }
  for (const [key, value] of Object.entries(summary.metrics)) visit(key, value)
  for (const [name, figures] of Object.entries(summary.benchmarks))
    visit(`benchmarks.${name}`, figures)
  return out
}

/**
 * A scenario as canonical JSON data: keys sorted at every level, `$schema` dropped (an editor's
 * hint, not part of the run).
 * @param scenario - a validated scenario
 * @returns plain data whose `JSON.stringify` is the same for equal scenarios
 * @example canonicalScenario(scenario).name // 'eth-usdc-50-50'
 */
export function canonicalScenario(scenario: Scenario): JsonValue {
  const rest: Record<string, unknown> = { ...scenario }
  delete rest.$schema
  return sortKeys(rest as JsonValue)
}

/**
 * The hash a baseline records of its scenario.
 * @param definition - from {@link canonicalScenario}
 * @returns `sha256:` and 64 hex digits
 * @example scenarioHash(canonicalScenario(scenario)).startsWith('sha256:') // true
 */
export function scenarioHash(definition: JsonValue): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(definition)).digest('hex')}`
}

/**
 * The figures of one regression run: a deterministic run's summary.json figures, or a Monte
 * Carlo run's per-figure samples (then `figures` holds their means).
 */
export interface RegressionRun {
  scenario: string
  seed: number
  version: string
  figures: Record<string, number | null>
  /** Monte Carlo only: the number of paths and each figure's sample summary. */
  paths?: number
  samples?: Record<string, SampleStats>
  /** Sweeps of several cells: each cell's parameters, by index. */
  cells?: string[]
}

/**
 * The {@link RegressionRun} of a deterministic run.
 * @param summary - summary.json's object
 * @returns its figures, flattened
 * @example regressionRunOf(summary).figures.lvr
 */
export function regressionRunOf(summary: Summary): RegressionRun {
  return {
    scenario: summary.scenario,
    seed: summary.seed,
    version: summary.version,
    figures: flattenFigures(summary),
  }
}

/**
 * A baseline from a run and its scenario.
 * @param run - summary.json's object, or a {@link RegressionRun} (Monte Carlo runs)
 * @param scenario - the validated scenario that ran
 * @returns the baseline, keys in file order
 * @example formatBaselineJson(createBaseline(summary, outcome.scenario))
 */
export function createBaseline(run: Summary | RegressionRun, scenario: Scenario): Baseline {
  const r = 'metrics' in run ? regressionRunOf(run) : run
  const definition = canonicalScenario(scenario)
  return {
    format: BASELINE_FORMAT,
    scenario: r.scenario,
    version: r.version,
    seed: r.seed,
    scenarioHash: scenarioHash(definition),
    ...(r.paths !== undefined ? { paths: r.paths } : {}),
    ...(r.cells !== undefined ? { cells: r.cells } : {}),
    figures: r.figures,
    ...(r.samples !== undefined ? { samples: r.samples } : {}),
    definition,
  }
}

/**
 * A baseline file's text: two-space indent, final newline, keys in {@link Baseline}'s order.
 * @param baseline - from {@link createBaseline}
 * @returns the file's contents
 * @example formatBaselineJson(baseline).startsWith('{\n  "format"') // true
 */
export function formatBaselineJson(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`
}

/**
 * The dotted paths of the fields in which two canonical scenarios differ (`pool.swapFee`,
 * `agents[1]`, `prices.volatility.ETH`), sorted.
 * @param before - the baseline's `definition`
 * @param after - the scenario run now, from {@link canonicalScenario}
 * @returns the changed fields; empty when the scenarios are equal
 * @example changedFields({ pool: { swapFee: 0.003 } }, { pool: { swapFee: 0.0025 } }) // ['pool.swapFee']
 */
export function changedFields(before: JsonValue, after: JsonValue): string[] {
  const out: string[] = []
  const visit = (at: string, a: JsonValue | undefined, b: JsonValue | undefined): void => {
    if (isRecord(a) && isRecord(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      for (const key of keys) visit(at === '' ? key : `${at}.${key}`, a[key], b[key])
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (const [i, item] of a.entries()) visit(`${at}[${i}]`, item, b[i])
    } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(at === '' ? '(whole)' : at)
  }
  visit('', before, after)
  return out.sort()
}

/**
 * Reads a baseline file, checking its shape.
 * @param file - the file's path, as shown in messages
 * @returns the baseline
 * @throws {InputError} `BASELINE_MISSING` when there is no such file; `BASELINE_INVALID` when it is
 *   not JSON or not a baseline (wrong `format`, missing fields, non-numeric figures)
 * @example const baseline = await readBaseline('baselines/eth-usdc-50-50.json')
 */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string
  try {
    // Stryker disable next-line StringLiteral: without an encoding readFile gives a Buffer, which JSON.parse reads through toString(), UTF-8 as well
    text = await readFile(file, 'utf8')
  } catch {
    throw new InputError('BASELINE_MISSING', { file }, 'no baseline file', { file })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new InputError('BASELINE_INVALID', { file }, `not JSON: ${(error as Error).message}`)
  }
  return checkBaseline(data, file)
}

/**
 * Writes a baseline file all at once: into a temporary sibling, then renamed over the old one,
 * so an interrupted update never leaves half a file.
 * @param file - the baseline's path (its folder is created if missing)
 * @param baseline - from {@link createBaseline}
 * @throws {RunError} `REPORT_WRITE` naming the file and the system's reason
 * @example await writeBaseline('baselines/eth-usdc-50-50.json', baseline)
 */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true })
    await writeFile(temp, formatBaselineJson(baseline))
    await rename(temp, file)
  } catch (error) {
    // the temporary file may not exist, nor its folder (then rm fails with ENOTDIR): the
    // error to report is the write's
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: without force, rm of a missing file fails with ENOENT, which the catch ignores as well
    await rm(temp, { force: true }).catch(() => undefined)
    throw new RunError('REPORT_WRITE', `cannot write the baseline ${file}: ${String(error)}`, {
      file,
    })
  }
}

function checkBaseline(data: unknown, file: string): Baseline {
  const invalid = (where: string, detail: string) =>
    new InputError('BASELINE_INVALID', { file, path: where }, detail)
  if (!isRecord(data)) throw invalid('', 'expected a JSON object')
  if (data.format !== BASELINE_FORMAT)
    throw invalid('format', `expected "${BASELINE_FORMAT}", found ${JSON.stringify(data.format)}`)
  for (const key of ['scenario', 'version', 'scenarioHash'] as const)
    if (typeof data[key] !== 'string') throw invalid(key, 'expected a string')
  if (typeof data.seed !== 'number') throw invalid('seed', 'expected a number')
  if (!isRecord(data.figures)) throw invalid('figures', 'expected an object of numbers')
  for (const [name, value] of Object.entries(data.figures))
    if (typeof value !== 'number' && value !== null)
      throw invalid(`figures.${name}`, `expected a number or null, found ${JSON.stringify(value)}`)
  if (data.samples !== undefined) {
    if (!isRecord(data.samples)) throw invalid('samples', 'expected an object of { n, mean, sd }')
    for (const [name, value] of Object.entries(data.samples))
      if (
        !isRecord(value) ||
        typeof value.n !== 'number' ||
        value.n < 2 ||
        typeof value.mean !== 'number' ||
        typeof value.sd !== 'number'
      )
        throw invalid(`samples.${name}`, 'expected { n (>= 2), mean, sd } as numbers')
  }
  if (!('definition' in data)) throw invalid('definition', 'missing: the scenario of the baseline')
  return data as unknown as Baseline
}

function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (isRecord(value)) {
    const out: Record<string, JsonValue> = {}
    for (const key of Object.keys(value).sort())
      if (value[key] !== undefined) out[key] = sortKeys(value[key])
    return out
  }
  return value
}
