/**
 * Reading scenario files: from a path or by the name of a bundled scenario. With `prices/csv/`
 * this is the only part of `sim/` that touches the file system.
 */
import { readFile, readdir } from 'node:fs/promises'
import { existsSync, statSync } from 'node:fs'
import { nonRegularKind } from '../prices/csv/format.js'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../../errors.js'
import type { Scenario } from './schema.js'
import { parseScenario } from './validate.js'

/**
 * Folder of the scenarios shipped with the package. The same relative hop works from
 * `src/sim/scenario/` (tests, tsx) and from `dist/sim/scenario/` (the built CLI).
 */
export const BUNDLED_SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url))

/** The bundled scenario `amm-sim run` runs when given none: fast, 50/50 ETH/USDC. */
export const DEFAULT_SCENARIO = 'eth-usdc-50-50'

/** A validated scenario and where it came from (relative file names resolve against `baseDir`). */
export interface LoadedScenario {
  scenario: Scenario
  /** The file as shown in messages: relative to the working directory when inside it. */
  file: string
  /** Absolute folder of the scenario file. */
  baseDir: string
}

/** A bundled scenario's name, one-line description and file. */
export interface BundledScenario {
  name: string
  description: string
  file: string
}

/**
 * Finds a scenario file: an existing path as given, else a bundled scenario of that name
 * (`eth-usdc-50-50` or `eth-usdc-50-50.json`).
 * @param nameOrPath - a path to a JSON file, or a bundled scenario's name
 * @returns the absolute path of the file
 * @throws {InputError} `FILE_NOT_FOUND` when neither exists, or the path (with a `/` or ending in
 *   `.json`) is a folder, FIFO, socket or device (`a FIFO (named pipe), not a regular file`)
 * @example resolveScenarioFile('eth-usdc-50-50') // '/…/scenarios/eth-usdc-50-50.json'
 */
export function resolveScenarioFile(nameOrPath: string): string {
  const direct = path.resolve(nameOrPath)
  if (existsSync(direct)) {
    // stat, never open: opening a FIFO would wait for a writer
    const kind = nonRegularKind(statSync(direct))
    if (kind === undefined) return direct
    if (nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json'))
      throw new InputError('FILE_NOT_FOUND', { file: nameOrPath }, `${kind}, not a regular file`, {
        kind,
      })
  }
  const bare = path.basename(nameOrPath, '.json')
  const bundled = path.join(BUNDLED_SCENARIO_DIR, `${bare}.json`)
  if (!nameOrPath.includes('/') && !nameOrPath.includes('\\') && existsSync(bundled)) return bundled
  throw new InputError(
    'FILE_NOT_FOUND',
    { file: nameOrPath },
    'file not found, and no bundled scenario has that name (amm-sim list shows them)',
  )
}

/**
 * Reads and validates a scenario file.
 * @param nameOrPath - a path to a JSON file, or a bundled scenario's name
 * @returns the scenario with defaults filled in, its display name and folder
 * @throws {InputError} `FILE_NOT_FOUND`, `FILE_EMPTY`, `JSON_SYNTAX` (line:column),
 *   `SCENARIO_INVALID`, `WEIGHT_MIN` (JSON path)
 * @example const { scenario } = await loadScenario('scenarios/eth-usdc-50-50.json')
 */
export async function loadScenario(nameOrPath: string): Promise<LoadedScenario> {
  const absolute = resolveScenarioFile(nameOrPath)
  const file = displayPath(absolute)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    throw new InputError('FILE_NOT_FOUND', { file }, `cannot read: ${(error as Error).message}`)
  }
  if (text.trim() === '') throw new InputError('FILE_EMPTY', { file }, 'the file is empty')
  return { scenario: parseScenario(text, file), file, baseDir: path.dirname(absolute) }
}

/**
 * The bundled scenarios, sorted by name, with their one-line descriptions.
 * @returns one entry per `scenarios/*.json`
 * @throws {InputError} when a bundled file does not validate (a packaging defect)
 * @example (await listBundledScenarios()).map((s) => s.name)
 */
export async function listBundledScenarios(): Promise<BundledScenario[]> {
  const names = (await readdir(BUNDLED_SCENARIO_DIR)).filter((n) => n.endsWith('.json')).sort()
  const out: BundledScenario[] = []
  for (const name of names) {
    const { scenario, file } = await loadScenario(path.join(BUNDLED_SCENARIO_DIR, name))
    out.push({ name: scenario.name, description: scenario.description ?? '', file })
  }
  return out
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute
}

/**
 * The scenario files of a folder: every `*.json` directly inside it, sorted by file name.
 * @param dir - the folder
 * @returns paths joined to `dir`
 * @throws {InputError} `FILE_NOT_FOUND` when the folder cannot be read or holds no `*.json`
 * @example await listScenarioFiles('scenarios') // ['scenarios/bal-weth-80-20.json', …]
 */
export async function listScenarioFiles(dir: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw new InputError(
      'FILE_NOT_FOUND',
      { file: dir },
      `cannot read the folder: ${(error as Error).message}`,
    )
  }
  const files = names.filter((n) => n.endsWith('.json')).sort()
  if (files.length === 0)
    throw new InputError(
      'FILE_NOT_FOUND',
      { file: dir },
      'no scenario files (*.json) in this folder',
    )
  return files.map((n) => path.join(dir, n))
}
