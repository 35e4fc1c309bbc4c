/**
 * A scenario's sweep grid: the fields it moves (named by their JSON path, `"pool.swapFee"`,
 * `"prices.volatility.ETH"`, `"pool.weights[0]"`), the axes they form (a field alone, or a
 * `zip` group moving together) and the cells, the cartesian product of the axes in the order
 * the fields are first written, the last axis varying fastest. Cell k's scenario is the base
 * scenario with its values written in, validated as a plain scenario would be.
 */
import { fmt } from '../../errors.js'
import type { InputErrorCode } from '../../errors.js'
import { parseDuration } from '../scenario/duration.js'
import type { Scenario } from '../scenario/schema.js'

/** Most cells one sweep may have; each is validated when the scenario is read. */
export const MAX_CELLS = 10_000
/** Most (cell, path) tasks one sweep may have. */
export const MAX_TASKS = 10_000_000

/** Top-level fields a sweep may not move: identity, the sweep itself and the report's layout. */
const FIXED_FIELDS = [
  '$schema',
  'name',
  'description',
  'seed',
  'sweep',
  'paths',
  'windows',
  'benchmarks',
  'seriesPoints',
  'commonPaths',
  'compareTo',
]

/** One axis of the grid: fields that move together and the values they take, value by value. */
export interface SweepAxis {
  /** Field paths as written in `sweep`. */
  fields: string[]
  /** `values[i][f]`: the value of `fields[f]` at position i of the axis. */
  values: unknown[][]
}

/** A validation problem of a sweep, in the scenario validator's form. */
export interface SweepProblem {
  code: InputErrorCode
  path: string
  detail: string
}

/** Checks a plain scenario (no sweep) and returns its problems; the scenario validator's. */
export type ScenarioChecker = (raw: unknown) => SweepProblem[]

/**
 * Splits a field path into keys: `prices.volatility.ETH` → `['prices', 'volatility', 'ETH']`,
 * `pool.weights[1]` → `['pool', 'weights', 1]`; undefined when malformed.
 */
export function parseFieldPath(field: string): (string | number)[] | undefined {
  if (!/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+|\[\d+\])*$/.test(field)) return undefined
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : m[1]!,
  )
}

/** The axes of a scenario's sweep (none when it has no `sweep`): zip groups, then lone fields. */
export function sweepAxes(scenario: Pick<Scenario, 'sweep'>): SweepAxis[] {
  const sweep = scenario.sweep
  if (!sweep) return []
  const zip = sweep.zip ?? []
  const fields = Object.keys(sweep).filter((key) => key !== 'zip')
  const axes: SweepAxis[] = []
  const placed = new Set<string>()
  for (const field of fields) {
    if (placed.has(field)) continue
    const group = zip.find((g) => g.includes(field)) ?? [field]
    const members = group.filter((f) => fields.includes(f))
    members.forEach((f) => placed.add(f))
    const lists = members.map((f) => sweep[f] as unknown[])
    const length = Math.min(...lists.map((l) => l.length))
    axes.push({
      fields: members,
      values: Array.from({ length }, (_, i) => lists.map((l) => l[i])),
    })
  }
  return axes
}

/** Number of cells of a grid: the product of the axes' lengths (1 without a sweep). */
export function cellCount(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, axis) => n * axis.values.length, 1)
}

/**
 * The values of cell `cell`, field by field in the axes' order: the cell index read as a
 * mixed-radix number whose last digit is the last axis.
 */
export function cellValues(axes: readonly SweepAxis[], cell: number): [string, unknown][] {
  const positions: number[] = []
  let rest = cell
  for (let a = axes.length - 1; a >= 0; a--) {
    const length = axes[a]!.values.length
    positions[a] = rest % length
    rest = Math.floor(rest / length)
  }
  return axes.flatMap((axis, a) =>
    axis.fields.map((field, f): [string, unknown] => [field, axis.values[positions[a]!]![f]]),
  )
}

/**
 * A copy of `base` without its sweep fields (`sweep`, `paths`, `windows`, `commonPaths`,
 * `compareTo`) and with `values` written at their paths (missing
 * objects on the way are created). The caller validates the result.
 */
export function applyValues(base: Scenario, values: readonly [string, unknown][]): unknown {
  const plain: Record<string, unknown> = { ...base }
  delete plain.sweep
  delete plain.paths
  delete plain.windows
  delete plain.commonPaths
  delete plain.compareTo
  const out = structuredClone(plain) as Record<string | number, unknown>
  for (const [field, value] of values) {
    const keys = parseFieldPath(field)
    if (!keys) throw new Error(`unreachable: field path ${field} passed validation`)
    let node = out
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i]!
      const child = node[key]
      if (child === null || typeof child !== 'object') node[key] = {}
      node = node[key] as Record<string | number, unknown>
    }
    node[keys[keys.length - 1]!] = structuredClone(value)
  }
  return out
}

/**
 * The sweep's own rules and every value checked as the plain field would be. A value's problem
 * names the sweep entry (`sweep["pool.swapFee"][2]: 0.2 is above the maximum 0.1`); a problem
 * that only a combination has names the cell and its values.
 * @param s - the validated scenario (its plain fields valid)
 * @param check - validates a plain scenario and returns its problems
 * @returns the problems, in the order a reader fixes them
 */
export function sweepProblems(s: Scenario, check: ScenarioChecker): SweepProblem[] {
  const problems: SweepProblem[] = []
  const add = (path: string, detail: string, code: InputErrorCode = 'SCENARIO_INVALID') =>
    problems.push({ code, path, detail })
  checkPathFields(s, add)
  if (s.compareTo !== undefined && s.commonPaths !== true)
    add(
      'compareTo',
      'the differences from a reference cell are paired by path: expected "commonPaths": true beside "compareTo"',
    )
  const sweep = s.sweep
  if (!sweep) {
    if (s.compareTo !== undefined)
      add('compareTo', 'names swept fields: expected a "sweep" with the fields it names')
    return problems
  }
  const fields = Object.keys(sweep).filter((key) => key !== 'zip')
  if (fields.length === 0) add('sweep', 'expected at least one field path with a list of values')
  for (const field of fields) {
    const keys = parseFieldPath(field)
    const entry = `sweep[${JSON.stringify(field)}]`
    if (!keys || typeof keys[0] !== 'string')
      add(entry, 'expected a field path such as "pool.swapFee" or "prices.volatility.ETH"')
    else if (FIXED_FIELDS.includes(keys[0]))
      add(entry, `"${keys[0]}" cannot be swept: expected a field of pool, prices or agents`)
  }
  const zipped = new Set<string>()
  ;(sweep.zip ?? []).forEach((group, g) => {
    const lengths = new Set<number>()
    group.forEach((field, f) => {
      if (!fields.includes(field))
        add(
          `sweep.zip[${g}][${f}]`,
          `"${field}" is not a swept field: expected one of ${fields.map((x) => JSON.stringify(x)).join(', ')}`,
        )
      else if (zipped.has(field))
        add(`sweep.zip[${g}][${f}]`, `"${field}" is already in a zip group`)
      else lengths.add((sweep[field] as unknown[]).length)
      zipped.add(field)
    })
    if (lengths.size > 1)
      add(
        `sweep.zip[${g}]`,
        `the fields of a zip group move together: expected lists of one length, found lengths ${[...lengths].join(', ')}`,
      )
  })
  if (problems.length > 0) return problems
  if (s.compareTo !== undefined) {
    const match = compareToPositions(sweepAxes(s), s.compareTo)
    if ('path' in match) add(match.path, match.detail)
  }
  if (problems.length > 0) return problems

  // Each value alone, the other fields at their base values.
  for (const field of fields) {
    ;(sweep[field] as unknown[]).forEach((value, i) => {
      for (const p of check(applyValues(s, [[field, value]])))
        add(renamePath(p.path, field, `sweep[${JSON.stringify(field)}][${i}]`), p.detail, p.code)
    })
  }
  if (problems.length > 0) return problems

  const axes = sweepAxes(s)
  const cells = cellCount(axes)
  if (cells > MAX_CELLS)
    return [
      {
        code: 'SCENARIO_INVALID',
        path: 'sweep',
        detail: `${fmt(cells)} cells is above the maximum ${fmt(MAX_CELLS)}`,
      },
    ]
  const tasks = cells * (s.paths ?? 1)
  if (tasks > MAX_TASKS)
    add(
      'paths',
      `${fmt(cells)} cells × ${fmt(s.paths ?? 1)} paths is above the maximum ${fmt(MAX_TASKS)} tasks`,
    )
  // Then each combination: cross-field rules (weights per token, …) may fail only together.
  for (let cell = 0; cell < cells && problems.length === 0; cell++) {
    const values = cellValues(axes, cell)
    const label = values.map(([f, v]) => `${f} = ${JSON.stringify(v)}`).join(', ')
    for (const p of check(applyValues(s, values)))
      add(`sweep (cell ${cell}: ${label})`, `${p.path}: ${p.detail}`, p.code)
  }
  return problems
}

/** `pool.weights[1]` under the field `pool.weights` becomes `sweep["pool.weights"][i][1]`. */
function renamePath(path: string, field: string, entry: string): string {
  if (path === field) return entry
  if (path.startsWith(`${field}.`) || path.startsWith(`${field}[`))
    return `${entry}${path.slice(field.length)}`
  return `${entry} (at ${path})`
}

/** `paths` and `windows`: Monte Carlo paths need a random model; windows need a price file. */
function checkPathFields(
  s: Scenario,
  add: (path: string, detail: string, code?: InputErrorCode) => void,
): void {
  const isFile = s.prices.model === 'csv'
  if (s.windows !== undefined) {
    if (!isFile)
      add(
        'windows',
        `rolling windows need historical prices: expected prices.model "csv", found "${s.prices.model}"`,
      )
    if (s.paths !== undefined)
      add('paths', 'with windows the paths are the windows: expected no "paths"')
    const length = parseDuration(s.windows.length)!
    const every = parseDuration(s.windows.every)!
    if (length <= 0) add('windows.length', `expected a positive duration, found ${fmt(length)} s`)
    if (every <= 0) add('windows.every', `expected a positive duration, found ${fmt(every)} s`)
  } else if (isFile && (s.paths ?? 1) > 1)
    add(
      'paths',
      `a price file is one path: expected no "paths" with prices.model "csv", found ${fmt(s.paths!)} (use "windows" for rolling backtests, or prices.model "bootstrap" for resamples)`,
    )
}

/** Two JSON values equal field by field (object keys in any order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  )
}

/**
 * The axis positions a scenario's `compareTo` fixes: per axis, the first position where every
 * field it names takes its value, or undefined for an axis it does not name; or the problem.
 * @param axes - the sweep's axes
 * @param compareTo - swept field path → value
 * @returns the positions, or the JSON path and detail of the first problem
 */
export function compareToPositions(
  axes: readonly SweepAxis[],
  compareTo: Record<string, unknown>,
): { positions: (number | undefined)[] } | { path: string; detail: string } {
  const fields = Object.keys(compareTo)
  const swept = axes.flatMap((a) => a.fields)
  if (fields.length === 0)
    return {
      path: 'compareTo',
      detail: `expected at least one swept field and its value, e.g. {${JSON.stringify(swept[0] ?? 'pool.swapFee')}: …}`,
    }
  for (const field of fields) {
    const path = `compareTo[${JSON.stringify(field)}]`
    const axis = axes.find((a) => a.fields.includes(field))
    if (!axis)
      return {
        path,
        detail: `"${field}" is not a swept field: expected one of ${swept.map((f) => JSON.stringify(f)).join(', ')}`,
      }
    const f = axis.fields.indexOf(field)
    if (!axis.values.some((v) => sameValue(v[f], compareTo[field])))
      return {
        path,
        detail: `${JSON.stringify(compareTo[field])} is not among the swept values: expected one of ${axis.values.map((v) => JSON.stringify(v[f])).join(', ')}`,
      }
  }
  const positions = axes.map((axis) => {
    const named = axis.fields.filter((field) => fields.includes(field))
    if (named.length === 0) return undefined
    const at = axis.values.findIndex((v) =>
      named.every((field) => sameValue(v[axis.fields.indexOf(field)], compareTo[field])),
    )
    return at < 0 ? null : at
  })
  const clash = positions.indexOf(null)
  if (clash >= 0) {
    const named = axes[clash]!.fields.filter((field) => fields.includes(field))
    return {
      path: 'compareTo',
      detail: `no cell has ${named.map((f) => `${f} = ${JSON.stringify(compareTo[f])}`).join(' and ')}: these fields move together (a zip group); expected values at one position of their lists`,
    }
  }
  return { positions: positions as (number | undefined)[] }
}

/**
 * The reference cell of every cell, for the paired differences of a `commonPaths` sweep: cell 0
 * without `compareTo`; with it, the cell whose axes named by `compareTo` take its values and
 * whose other axes keep the compared cell's own positions.
 * @param scenario - the validated sweep scenario
 * @returns per cell, the index of its reference cell (itself when it is its own reference)
 * @example referenceCells(feeTimesWeights) // [2, 3, 2, 3, 2, 3] with compareTo {"pool.swapFee": 0.003}
 */
export function referenceCells(scenario: Pick<Scenario, 'sweep' | 'compareTo'>): number[] {
  const axes = sweepAxes(scenario)
  const cells = cellCount(axes)
  if (scenario.compareTo === undefined) return Array.from({ length: cells }, () => 0)
  const match = compareToPositions(axes, scenario.compareTo)
  if ('path' in match) throw new Error(`unreachable: compareTo passed validation: ${match.detail}`)
  return Array.from({ length: cells }, (_, cell) => {
    // the cell index is mixed radix, the last axis fastest (cellValues); fix the named digits
    let rest = cell
    const digits: number[] = []
    for (let a = axes.length - 1; a >= 0; a--) {
      const length = axes[a]!.values.length
      digits[a] = match.positions[a] ?? rest % length
      rest = Math.floor(rest / length)
    }
    return digits.reduce((index, digit, a) => index * axes[a]!.values.length + digit, 0)
  })
}
