/**
 * Scenario validation: the zod schema first, then the rules that tie fields together (one
 * weight per token, weights summing to 1, a price for every token, …). Every problem becomes an
 * {@link InputError} naming the file, the JSON path, what was expected and what was found.
 */
import type { z } from 'zod'
import { InputError, fmt } from '../../errors.js'
import type { InputErrorCode } from '../../errors.js'
import { parseDuration } from './duration.js'
import { locateJsonSyntaxError } from './jsonSyntax.js'
import { EXACT_SWAP_FEE_BOUNDS, V3_SWAP_FEE_STEP, toFixed18 } from '../engine/exactPool.js'
import { MIN_SWAP_FEE, MIN_WEIGHT } from '../../pool/float/checks.js'
import { scenarioSchema } from './schema.js'
import { sweepProblems } from '../sweep/grid.js'
import type { Scenario, ScenarioPrices } from './schema.js'

/** Tolerance on the sum of weights: float rounding of decimal inputs like 0.1 + 0.2 + 0.7. */
export const WEIGHT_SUM_TOLERANCE = 1e-9
/** Most steps one run may have (memory is flat in steps, but time is not: ~10 s at 10 M/s). */
export const MAX_STEPS = 100_000_000

/** One validation problem: where (JSON path), which code, and the sentence after the path. */
interface Problem {
  code: InputErrorCode
  path: string
  detail: string
}

/**
 * Parses and validates the text of a scenario file.
 * @param text - the file's contents
 * @param file - the name to print in errors (as the user typed it)
 * @returns the validated scenario with defaults filled in
 * @throws {InputError} `JSON_SYNTAX` with line:column; `SCENARIO_INVALID` or `WEIGHT_MIN` with
 *   the JSON path of the first problem (`values.problems` lists every problem found)
 * @example parseScenario('{"name": "x", …}', 'scenarios/x.json')
 */
export function parseScenario(text: string, file: string): Scenario {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    const problem = locateJsonSyntaxError(text)
    if (!problem) throw new Error('unreachable: JSON.parse failed on text the scanner accepts')
    throw new InputError(
      'JSON_SYNTAX',
      { file, line: problem.line, column: problem.column },
      `not valid JSON: ${problem.detail}`,
      { ...problem },
    )
  }
  return validateScenario(raw, file)
}

/**
 * Validates a parsed scenario: the schema, then the cross-field rules.
 * @param raw - the parsed JSON document
 * @param file - the name to print in errors
 * @returns the scenario with defaults filled in
 * @throws {InputError} `SCENARIO_INVALID` or `WEIGHT_MIN` naming file, JSON path, expected and
 *   found; `values.problems` holds every problem's message
 * @example validateScenario(JSON.parse(text), 'scenarios/x.json')
 */
export function validateScenario(raw: unknown, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(raw)
  let problems = parsed.success
    ? crossFieldProblems(parsed.data)
    : parsed.error.issues.map((issue) => issueProblem(issue, raw))
  // A sweep's values are checked as the plain fields would be (sim/sweep/grid.ts).
  if (parsed.success && problems.length === 0)
    problems = sweepProblems(parsed.data, (plain) => {
      const cell = scenarioSchema.safeParse(plain)
      return cell.success
        ? crossFieldProblems(cell.data)
        : cell.error.issues.map((issue) => issueProblem(issue, plain))
    })
  const first = problems[0]
  if (first) {
    const messages = problems.map((p) => new InputError(p.code, { file, path: p.path }, p.detail))
    throw new InputError(first.code, { file, path: first.path }, first.detail, {
      problems: messages.map((error) => error.message),
    })
  }
  if (!parsed.success) throw new Error('unreachable: a failed parse without issues')
  return parsed.data
}

/** `pool.weights[2]` from `['pool', 'weights', 2]`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out || '(top level)'
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

/** A found value in words: numbers as written, strings quoted, containers by kind. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'number') return fmt(value)
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  return typeof value === 'boolean' ? String(value) : typeof value
}

const isWeightPath = (path: readonly PropertyKey[]) =>
  path.some((key) => key === 'weights' || key === 'endWeights') &&
  typeof path[path.length - 1] === 'number'

function issueProblem(issue: z.core.$ZodIssue, raw: unknown): Problem {
  const found = valueAt(raw, issue.path)
  const path = formatJsonPath(issue.path)
  const problem = (detail: string, code: InputErrorCode = 'SCENARIO_INVALID'): Problem => ({
    code,
    path,
    detail,
  })
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined
        ? problem(`required: expected ${issue.expected}, found nothing`)
        : problem(`expected ${issue.expected}, found ${describe(found)}`)
    case 'too_small':
      if (issue.origin === 'array')
        return problem(
          `expected at least ${fmt(Number(issue.minimum))} items, found ${describe(found)}`,
        )
      if (issue.origin === 'string') return problem('expected a non-empty string, found ""')
      if (isWeightPath(issue.path) && Number(issue.minimum) === MIN_WEIGHT)
        return problem(`${describe(found)} is below the 1% minimum`, 'WEIGHT_MIN')
      return problem(
        `${describe(found)} is below the minimum ${fmt(Number(issue.minimum))}` +
          (issue.inclusive ? '' : ' (exclusive)'),
      )
    case 'too_big':
      if (issue.origin === 'array')
        return problem(
          `expected at most ${fmt(Number(issue.maximum))} items, found ${describe(found)}`,
        )
      if (issue.origin === 'string')
        return problem(`expected at most ${fmt(Number(issue.maximum))} characters`)
      return problem(`${describe(found)} is above the maximum ${fmt(Number(issue.maximum))}`)
    case 'invalid_value':
      return problem(
        `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describe(found)}`,
      )
    case 'unrecognized_keys': {
      // one unknown key: point at it; several: point at their object and list them
      const isOne = issue.keys.length === 1
      return {
        code: 'SCENARIO_INVALID',
        path: formatJsonPath(isOne ? [...issue.path, issue.keys[0]!] : issue.path),
        detail: `${isOne ? 'unknown field' : `unknown fields ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`}: expected one of ${knownKeys(raw, issue.path)}`,
      }
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options
      if (options) {
        const list = options.map((o) => JSON.stringify(o)).join(', ')
        const kind = issue.path[issue.path.length - 1] === 'model' ? 'model' : 'type'
        return found === undefined
          ? problem(`required: expected one of ${list}`)
          : problem(`unknown ${kind} ${describe(found)}: expected one of ${list}`)
      }
      return problem(`${issue.message}, found ${describe(found)}`)
    }
    case 'invalid_format':
      return problem(`${issue.message}, found ${describe(found)}`)
    default:
      return problem(`${issue.message}, found ${describe(found)}`)
  }
}

/** The keys the schema knows at an object path, for "unknown field" messages. */
function knownKeys(raw: unknown, path: readonly PropertyKey[]): string {
  let schema = unwrap(scenarioSchema, raw)
  for (let i = 0; i < path.length && schema; i++) {
    const key = path[i]!
    const def = schema.def ?? {}
    const child =
      typeof key === 'number' ? def.element : (schema.shape?.[key as string] ?? def.valueType)
    schema = unwrap(child, valueAt(raw, path.slice(0, i + 1)))
  }
  return schema?.shape ? Object.keys(schema.shape).join(', ') : 'the documented fields'
}

interface SchemaNode {
  def?: Record<string, unknown>
  shape?: Record<string, unknown>
}

/** Strips optional/default wrappers and picks a discriminated union's branch by `value`. */
function unwrap(schema: unknown, value: unknown): SchemaNode | undefined {
  let node = schema as SchemaNode | undefined
  for (let hop = 0; hop < 8 && node; hop++) {
    const def = node.def ?? {}
    if (def.innerType) node = def.innerType
    else if (Array.isArray(def.options) && typeof def.discriminator === 'string') {
      const tag = def.discriminator
      const wanted = (value as Record<string, unknown> | undefined)?.[tag]
      node = (def.options as SchemaNode[]).find((option) => {
        const literal = option.shape?.[tag] as { def?: { values?: unknown[] } } | undefined
        return literal?.def?.values?.includes(wanted) ?? false
      })
    } else return node
  }
  return node
}

/** The rules across fields, in the order a reader fixes them: pool, prices, schedule, benchmarks. */
function crossFieldProblems(s: Scenario): Problem[] {
  const problems: Problem[] = []
  const add = (path: string, detail: string, code: InputErrorCode = 'SCENARIO_INVALID') =>
    problems.push({ code, path, detail })
  const { tokens } = s.pool
  const quoted = (list: readonly string[]) => list.map((t) => JSON.stringify(t)).join(', ')

  if (s.pool.math !== 'float') checkExactPool(s, add)
  const duplicates = tokens.filter((t, i) => tokens.indexOf(t) !== i)
  if (duplicates.length > 0) add('pool.tokens', `duplicate token ${quoted(duplicates)}`)
  checkWeights(s.pool.weights, tokens.length, 'pool.weights', add)
  if (s.pool.swapFee > 0 && s.pool.swapFee < MIN_SWAP_FEE)
    add(
      'pool.swapFee',
      `${fmt(s.pool.swapFee)} is below the minimum ${fmt(MIN_SWAP_FEE)} (0 is allowed as a fee-free idealisation)`,
    )

  checkPrices(s.prices, tokens, add, quoted)

  const schedule = s.pool.schedule
  if (schedule?.type === 'linear') {
    checkWeights(schedule.endWeights, tokens.length, 'pool.schedule.endWeights', add)
    const start = parseDuration(schedule.startTime)!
    const end = parseDuration(schedule.endTime)!
    if (end <= start)
      add(
        'pool.schedule.endTime',
        `expected a time after startTime (${fmt(start)} s), found ${fmt(end)} s`,
      )
  } else if (schedule?.type === 'piecewise') {
    let previous = -Infinity
    schedule.points.forEach((point, i) => {
      checkWeights(point.weights, tokens.length, `pool.schedule.points[${i}].weights`, add)
      const time = parseDuration(point.time)!
      if (time <= previous)
        add(
          `pool.schedule.points[${i}].time`,
          `expected times in increasing order, found ${fmt(time)} s after ${fmt(previous)} s`,
        )
      previous = time
    })
  }

  const names = s.benchmarks.map((b) => b.name ?? b.type)
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i)
      add(
        `benchmarks[${i}]`,
        `a second benchmark keyed ${JSON.stringify(name)}: give each of the same type a distinct "name"`,
      )
  })
  return problems
}

/**
 * The exact maths' own rules: one decimal per token, the generation's swap-fee bounds (no fee-free
 * idealisation on chain), the V3 Vault's fee granularity of 1e-7, static weights only.
 */
function checkExactPool(
  s: Scenario,
  add: (path: string, detail: string, code?: InputErrorCode) => void,
): void {
  const { math, decimals, tokens, swapFee, schedule } = s.pool
  if (math === 'float') return
  if (decimals !== undefined && decimals.length !== tokens.length)
    add(
      'pool.decimals',
      `expected ${tokens.length} decimals (one per token), found ${decimals.length}`,
    )
  const [minFee, maxFee] = EXACT_SWAP_FEE_BOUNDS[math]
  if (swapFee < minFee || swapFee > maxFee)
    add(
      'pool.swapFee',
      `${math} pools accept a swap fee from ${fmt(minFee)} to ${fmt(maxFee)}, found ${fmt(swapFee)}`,
    )
  else if (math === 'exact-v3' && !isMultipleOfFeeStep(swapFee))
    add(
      'pool.swapFee',
      `the V3 Vault stores swap fees in steps of ${fmt(V3_SWAP_FEE_STEP)}, found ${fmt(swapFee)}`,
    )
  if (schedule !== undefined && schedule.type !== 'static')
    add(
      'pool.schedule',
      `weight schedules are not supported with exact math yet: expected "static", found ${JSON.stringify(schedule.type)}`,
    )
}

/** Whether a fee written in decimal is a whole number of V3 fee steps (1e11 in 18 decimals). */
function isMultipleOfFeeStep(swapFee: number): boolean {
  return toFixed18(swapFee) % 10n ** 11n === 0n
}

function checkWeights(
  weights: readonly number[],
  count: number,
  path: string,
  add: (path: string, detail: string, code?: InputErrorCode) => void,
): void {
  if (weights.length !== count) {
    add(path, `expected ${count} weights (one per token), found ${weights.length}`)
    return
  }
  const sum = weights.reduce((a, b) => a + b, 0)
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) add(path, `weights sum to ${fmt(sum)}, expected 1`)
}

function checkPrices(
  prices: ScenarioPrices,
  tokens: readonly string[],
  add: (path: string, detail: string) => void,
  quoted: (list: readonly string[]) => string,
): void {
  const { numeraire } = prices
  const risky = tokens.filter((t) => t !== numeraire)
  /** A by-token record: known tokens only; `required` tokens must appear. */
  const checkRecord = (
    field: string,
    record: Record<string, number> | undefined,
    required: readonly string[],
    allowed: readonly string[] = tokens,
  ) => {
    if (!record) return
    for (const key of Object.keys(record))
      if (!allowed.includes(key))
        add(
          `prices.${field}.${key}`,
          `not a token of this pool: expected one of ${quoted(allowed)}`,
        )
    const missing = required.filter((t) => record[t] === undefined)
    if (missing.length > 0)
      add(`prices.${field}`, `missing ${quoted(missing)}: expected a value for every token`)
  }

  if (prices.model === 'csv' || prices.model === 'bootstrap') {
    if ((prices.file === undefined) === (prices.files === undefined))
      add('prices', 'expected exactly one of "file" (one file, every token) or "files" (per token)')
    if (prices.files) {
      for (const key of Object.keys(prices.files))
        if (!tokens.includes(key))
          add(`prices.files.${key}`, `not a token of this pool: expected one of ${quoted(tokens)}`)
      const missing = risky.filter((t) => prices.files?.[t] === undefined)
      if (missing.length > 0)
        add('prices.files', `missing ${quoted(missing)}: expected a file for every token`)
    }
    if (prices.model === 'bootstrap') checkRecord('start', prices.start, [])
    if (prices.model === 'csv') return
  } else {
    checkRecord('start', prices.start, risky, [...tokens])
    const numerairePrice = prices.start[numeraire]
    if (numerairePrice !== undefined && numerairePrice !== 1)
      add(`prices.start.${numeraire}`, `the numeraire's price is 1, found ${fmt(numerairePrice)}`)
  }

  const horizon = parseDuration(prices.horizon)!
  const dt = 'dt' in prices ? parseDuration(prices.dt) : undefined
  if (dt !== undefined && dt <= 0) add('prices.dt', `expected a positive step, found ${fmt(dt)} s`)
  if (dt !== undefined && dt > 0) {
    if (horizon < dt)
      add(
        'prices.horizon',
        `expected at least one step (dt = ${fmt(dt)} s), found ${fmt(horizon)} s`,
      )
    if (horizon / dt > MAX_STEPS)
      add(
        'prices.dt',
        `${fmt(horizon / dt)} steps is above the maximum ${fmt(MAX_STEPS)}: use a larger dt`,
      )
  }
  // Per-model parameters (volatility per token, correlation matrix, …) are checked by the
  // model itself when the run is configured; here only what the scenario adds.
  switch (prices.model) {
    case 'ramp':
      checkRecord('end', prices.end, risky)
      break
    case 'step': {
      const at = parseDuration(prices.at)!
      if (at > horizon)
        add(
          'prices.at',
          `expected a time within the horizon (${fmt(horizon)} s), found ${fmt(at)} s`,
        )
      break
    }
    default:
      break
  }
}
