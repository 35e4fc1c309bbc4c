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
 * A copy of `base` without its sweep fields and with `values` written at their paths (missing
 * objects on the way are created). The caller validates the result.
 */
export function applyValues(base: Scenario, values: readonly [string, unknown][]): unknown {
  const plain: Record<string, unknown> = { ...base }
  delete plain.sweep
  delete plain.paths
  delete plain.windows
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
  const sweep = s.sweep
  if (!sweep) return problems
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
