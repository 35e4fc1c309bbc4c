/**
 * Scenario validation: the zod schema first, then the rules that tie fields together (one
 * weight per token, weights summing to 1, a price for every token, …). Every problem becomes an
 * {@link InputError} naming the file, the JSON path, what was expected and what was found.
 */
import type { z } from 'zod'
import { InputError, fmt } from '../../errors.js'
import type { InputErrorCode } from '../../errors.js'
import { formatDuration, parseDuration, startTimeSeconds } from './duration.js'
import { locateJsonSyntaxError } from './jsonSyntax.js'
import { EXACT_SWAP_FEE_BOUNDS, V3_SWAP_FEE_STEP, toFixed18 } from '../engine/exactPool.js'
import { MIN_SWAP_FEE, MIN_WEIGHT } from '../../pool/float/checks.js'
import { MAX_PRICE, MIN_PRICE } from '../engine/runSimulation.js'
import { SECONDS_PER_YEAR } from '../prices/synthetic/source.js'
import { scenarioSchema } from './schema.js'
import { sweepProblems } from '../sweep/grid.js'
import { sameBlocksProblem } from '../agents/blocks.js'
import { compileSwapFeeRule } from '../strategies/fees/swapFeeRule.js'
export { MAX_INITIAL_VALUE } from './schema.js'
import type { Scenario, ScenarioPrices } from './schema.js'
import { MAX_NOISE_TRADES, MAX_STEPS, MAX_TIME, MIN_TIME, noiseTradesProblem } from './limits.js'

// The limits live in limits.ts, which loads without the schema (a sweep's worker threads need
// them, not zod); importers of this module keep finding them here.
export { MAX_NOISE_TRADES, MAX_STEPS, MAX_TIME, MIN_TIME, noiseTradesProblem }

/** Tolerance on the sum of weights: float rounding of decimal inputs like 0.1 + 0.2 + 0.7. */
export const WEIGHT_SUM_TOLERANCE = 1e-9
/**
 * Standard deviations of the Brownian part a synthetic path must stay representable for: at
 * 10 sigma a Gaussian excursion has probability ~1.5e-23 per path. Checked on the log price:
 * `|ln S0| + |mu - sigma^2/2| T + 10 sigma sqrt(T)` (+ jumps) within `ln(MAX_PRICE)`.
 */
export const PRICE_RANGE_SIGMAS = 10

/** U+FEFF, the byte-order mark some editors put at the start of a UTF-8 file. */
const BYTE_ORDER_MARK = '\uFEFF'

/** One validation problem: where (JSON path), which code, and the sentence after the path. */
interface Problem {
  code: InputErrorCode
  path: string
  detail: string
}

/**
 * Parses and validates the text of a scenario file.
 * @param text - the file's contents; a leading byte-order mark (U+FEFF) is skipped
 * @param file - the name to print in errors (as the user typed it)
 * @returns the validated scenario with defaults filled in
 * @throws {InputError} `JSON_SYNTAX` with line:column; `SCENARIO_INVALID` or `WEIGHT_MIN` with
 *   the JSON path of the first problem (`values.problems` lists every problem found)
 * @example parseScenario('{"name": "x", …}', 'scenarios/x.json')
 */
export function parseScenario(text: string, file: string): Scenario {
  // A UTF-8 byte-order mark (editors on Windows write one) is not content, as in the CSV
  // readers; dropping it before parsing keeps line:column where an editor shows them.
  const json = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    const problem = locateJsonSyntaxError(json)
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
 *   found; `values.problems` holds every problem's message. Beyond the schema: at most one
 *   arbitrageur, MAX_TIME, MAX_NOISE_TRADES and the price range at PRICE_RANGE_SIGMAS
 * @example validateScenario(JSON.parse(text), 'scenarios/x.json')
 */
export function validateScenario(raw: unknown, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(raw)
  let problems = parsed.success
    ? crossFieldProblems(parsed.data)
    : // an unknown key first: a misspelt field also shows as a missing one ("wieghts" and
      // "weights"), and "did you mean" is the message that explains both
      [...parsed.error.issues]
        .sort((a, b) => unknownFirst(a) - unknownFirst(b))
        .map((issue) => issueProblem(issue, raw))
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

const unknownFirst = (issue: z.core.$ZodIssue) => (issue.code === 'unrecognized_keys' ? 0 : 1)

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

/**
 * The value at a JSON path of parsed input, or undefined where the path leaves it.
 * @param root - parsed JSON
 * @param path - keys and indices, as zod reports them
 * @returns the value there
 */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

/**
 * A found value in words, for error messages: numbers as written, strings quoted (cut at 40
 * characters), containers by kind.
 * @param value - any parsed JSON value
 * @returns e.g. `0.3`, `"ETH"`, `an array of 3`, `nothing`
 */
export function describeFound(value: unknown): string {
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
        : problem(`expected ${issue.expected}, found ${describeFound(found)}`)
    case 'too_small':
      if (issue.origin === 'array')
        return problem(
          `expected at least ${fmt(Number(issue.minimum))} items, found ${describeFound(found)}`,
        )
      if (issue.origin === 'string') return problem('expected a non-empty string, found ""')
      if (isWeightPath(issue.path) && Number(issue.minimum) === MIN_WEIGHT)
        return problem(`${describeFound(found)} is below the 1% minimum`, 'WEIGHT_MIN')
      return problem(
        `${describeFound(found)} is below the minimum ${fmt(Number(issue.minimum))}` +
          (issue.inclusive ? '' : ' (exclusive)'),
      )
    case 'too_big':
      if (issue.origin === 'array')
        return problem(
          `expected at most ${fmt(Number(issue.maximum))} items, found ${describeFound(found)}`,
        )
      if (issue.origin === 'string')
        return problem(`expected at most ${fmt(Number(issue.maximum))} characters`)
      return problem(`${describeFound(found)} is above the maximum ${fmt(Number(issue.maximum))}`)
    case 'invalid_value':
      return problem(
        `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeFound(found)}`,
      )
    case 'unrecognized_keys': {
      // one unknown key: point at it; several: point at their object and list them; each with
      // the known key it most likely misspells, if one is close
      const known = knownKeys(raw, issue.path)
      const expected = known ? known.join(', ') : 'the documented fields'
      if (issue.keys.length === 1) {
        const key = issue.keys[0]!
        const guess = known && closestKey(key, known)
        return {
          code: 'SCENARIO_INVALID',
          path: formatJsonPath([...issue.path, key]),
          detail: `unknown field${guess ? `; did you mean ${formatJsonPath([...issue.path, guess])}?` : ':'} expected one of ${expected}`,
        }
      }
      const listed = issue.keys.map((key) => {
        const guess = known && closestKey(key, known)
        return `${JSON.stringify(key)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`
      })
      return {
        code: 'SCENARIO_INVALID',
        path: formatJsonPath(issue.path),
        detail: `unknown fields ${listed.join(', ')}: expected one of ${expected}`,
      }
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options
      if (options) {
        const list = options.map((o) => JSON.stringify(o)).join(', ')
        const kind = issue.path[issue.path.length - 1] === 'model' ? 'model' : 'type'
        return found === undefined
          ? problem(`required: expected one of ${list}`)
          : problem(`unknown ${kind} ${describeFound(found)}: expected one of ${list}`)
      }
      return problem(`${issue.message}, found ${describeFound(found)}`)
    }
    case 'invalid_format':
      return problem(`${issue.message}, found ${describeFound(found)}`)
    default:
      return problem(`${issue.message}, found ${describeFound(found)}`)
  }
}

/**
 * The known key an unknown one most likely misspells: the same letters in another case, else the
 * nearest by edit distance (insertions, deletions, substitutions and swaps of neighbours, case
 * ignored) if at most 2 edits and under half the key's length, else `undefined`. Ties go to the
 * first in schema order.
 */
function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  let best: string | undefined
  let bestDistance = Math.min(2, Math.ceil(key.length / 2) - 1)
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance === 0) return candidate
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * Optimal-string-alignment distance (Levenshtein plus a swap of two neighbours counting as one
 * edit: `wieghts` is 1 from `weights`), by the textbook dynamic programme over UTF-16 units.
 */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array<number>(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1)
      d[i * cols + j] = value
    }
  return d[rows * cols - 1]!
}

/** The keys the schema knows at an object path, for "unknown field" messages. */
function knownKeys(raw: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let schema = unwrap(scenarioSchema, raw)
  for (let i = 0; i < path.length && schema; i++) {
    const key = path[i]!
    const def = schema.def ?? {}
    const child =
      typeof key === 'number' ? def.element : (schema.shape?.[key as string] ?? def.valueType)
    schema = unwrap(child, valueAt(raw, path.slice(0, i + 1)))
  }
  return schema?.shape ? Object.keys(schema.shape) : undefined
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

  checkSwapFeeRule(s, add)
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
  } else if (schedule !== undefined && 'updateInterval' in schedule)
    checkWeightRule(schedule, s.pool.weights, add)

  checkAgents(s, add)

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

/**
 * A dynamic-weight rule's own rules: an update interval above 0, feasible bounds (n x minWeight
 * <= 1 <= n x maxWeight, minWeight <= maxWeight), the pool's weights inside them, one cap per
 * token at increasing times.
 */
function checkWeightRule(
  schedule: Extract<Scenario['pool']['schedule'], { updateInterval: unknown }>,
  weights: readonly number[],
  add: (path: string, detail: string, code?: InputErrorCode) => void,
): void {
  const n = weights.length
  const at = 'pool.schedule'
  if (!(parseDuration(schedule.updateInterval)! > 0))
    add(`${at}.updateInterval`, 'expected a duration above 0, such as "1d", found 0')
  const minWeight = schedule.minWeight ?? 0.01
  const maxWeight = schedule.maxWeight ?? 0.99
  if (minWeight > maxWeight)
    add(
      `${at}.maxWeight`,
      `expected maxWeight >= minWeight (${fmt(minWeight)}), found ${fmt(maxWeight)}`,
    )
  else if (n * minWeight > 1 + 1e-12)
    add(
      `${at}.minWeight`,
      `infeasible bounds: ${n} tokens x minWeight ${fmt(minWeight)} = ${fmt(n * minWeight)} > 1; lower minWeight to at most ${fmt(1 / n)}`,
    )
  else if (n * maxWeight < 1 - 1e-12)
    add(
      `${at}.maxWeight`,
      `infeasible bounds: ${n} tokens x maxWeight ${fmt(maxWeight)} = ${fmt(n * maxWeight)} < 1; raise maxWeight to at least ${fmt(1 / n)}`,
    )
  else
    weights.forEach((w, k) => {
      if (w < minWeight || w > maxWeight)
        add(
          `pool.weights[${k}]`,
          `${fmt(w)} is outside the schedule's bounds [${fmt(minWeight)}, ${fmt(maxWeight)}]; change pool.weights or pool.schedule.minWeight/maxWeight`,
        )
    })
  if (schedule.type !== 'market-cap') return
  if ((schedule.caps === undefined) === (schedule.capsFile === undefined))
    add(
      `${at}.caps`,
      `expected either caps (a list of { time, caps }) or capsFile (a CSV), found ${schedule.caps === undefined ? 'neither' : 'both'}`,
    )
  let previous = -Infinity
  schedule.caps?.forEach((point, i) => {
    if (point.caps.length !== n)
      add(`${at}.caps[${i}].caps`, `expected ${n} caps (one per token), found ${point.caps.length}`)
    const time = parseDuration(point.time)!
    if (time <= previous)
      add(
        `${at}.caps[${i}].time`,
        `expected times in increasing order, found ${fmt(time)} s after ${fmt(previous)} s`,
      )
    previous = time
  })
}

/**
 * A dynamic swap fee rule: min <= max, and an expression that parses and uses only what is
 * allowed (its code and column, from the compiler). Float maths only.
 */
function checkSwapFeeRule(
  s: Scenario,
  add: (path: string, detail: string, code?: InputErrorCode) => void,
): void {
  const rule = s.pool.swapFeeRule
  if (rule === undefined || rule.type === 'fixed') return
  if (s.pool.math !== 'float')
    add(
      'pool.swapFeeRule',
      `a dynamic swap fee runs on float maths only, found pool.math "${s.pool.math}"; use "float" or remove the rule`,
    )
  const { halfLife, ...rest } = rule
  try {
    compileSwapFeeRule(
      { ...rest, ...(halfLife !== undefined ? { halfLife: parseDuration(halfLife)! } : {}) },
      'pool.swapFeeRule',
    )
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const path = error.where.path ?? 'pool.swapFeeRule'
    add(path, error.message.slice(path.length + 2), error.code as InputErrorCode)
  }
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
  const start = startTimeSeconds(prices.startTime)
  if (start + horizon > MAX_TIME)
    add(
      prices.startTime === undefined ? 'prices.horizon' : 'prices.startTime',
      `the path would end at Unix time ${fmt(start + horizon)} s (startTime ${fmt(start)} + horizon ${fmt(horizon)} s), after ${MAX_TIME} (9999-12-31T23:59:59Z), the last time a report can write: expected startTime + horizon <= ${MAX_TIME}`,
    )
  if (prices.model !== 'bootstrap') checkPriceRange(prices, risky, horizon, add)
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

/**
 * The agents the engine runs: arbitrageurs that compete in the same blocks (equal `everySteps`
 * and `blocks`); noise traders whose expected trades over the horizon stay within
 * {@link MAX_NOISE_TRADES} (when the scenario states the horizon; a price file's is checked once
 * read, by {@link noiseTradesProblem}).
 */
function checkAgents(s: Scenario, add: (path: string, detail: string) => void): void {
  const first = s.agents.findIndex((agent) => agent.type === 'arbitrageur')
  const lead = s.agents[first]
  s.agents.forEach((agent, i) => {
    if (agent.type !== 'arbitrageur' || lead?.type !== 'arbitrageur' || i === first) return
    const problem = sameBlocksProblem(lead, first, agent, i)
    if (problem) add(problem.path, problem.detail)
  })
  if (s.prices.model === 'csv') return
  const problem = noiseTradesProblem(s.agents, parseDuration(s.prices.horizon)!)
  if (problem) add(problem.path, problem.detail)
}

/** `1e-431` for a power of ten given by its (real) exponent: for values float64 cannot hold. */
function powerOfTen(log10: number): string {
  return `1e${Math.round(log10)}`
}

/** One token's model as the range check needs it: a scenario model or a `mixed` asset. */
type TokenModel =
  | { model: 'constant' }
  | {
      model: 'gbm' | 'jump-diffusion' | 'regime-switching'
      drift?: number
      volatility: number
      jumpIntensity?: number
      jumpMean?: number
      jumpStdDev?: number
      crisisDrift?: number
      crisisVolatility?: number
    }
  | {
      model: 'ou'
      level?: number
      halfLife: string | number
      volatility: number
      shock?: { size: number }
    }
  | { model: 'ramp'; end: number }
  | { model: 'step'; factor: number }

/** Token `token`'s model and the JSON path prefix of its parameters, or undefined if incomplete. */
function tokenModel(
  prices: Exclude<ScenarioPrices, { model: 'csv' } | { model: 'bootstrap' }>,
  token: string,
): { spec: TokenModel; field: (name: string) => string } | undefined {
  if (prices.model === 'mixed') {
    const asset = prices.assets[token]
    if (asset === undefined) return undefined
    return { spec: asset, field: (name) => `prices.assets.${token}.${name}` }
  }
  const field = (name: string) => `prices.${name}.${token}`
  const of = (record: Record<string, number> | undefined) => record?.[token]
  switch (prices.model) {
    case 'constant':
      return { spec: { model: 'constant' }, field }
    case 'gbm':
    case 'jump-diffusion':
    case 'regime-switching': {
      const volatility = of(prices.volatility)
      if (volatility === undefined) return undefined
      const spec: TokenModel = { model: prices.model, volatility }
      const drift = of(prices.drift)
      if (drift !== undefined) spec.drift = drift
      if (prices.model === 'jump-diffusion') {
        spec.jumpIntensity = of(prices.jumpIntensity) ?? 0
        spec.jumpMean = of(prices.jumpMean) ?? 0
        spec.jumpStdDev = of(prices.jumpStdDev) ?? 0
      }
      if (prices.model === 'regime-switching') {
        spec.crisisDrift = of(prices.crisisDrift) ?? 0
        spec.crisisVolatility = of(prices.crisisVolatility) ?? 0
      }
      return { spec, field }
    }
    case 'ou': {
      const volatility = of(prices.volatility)
      const halfLife = prices.halfLife[token]
      if (volatility === undefined || halfLife === undefined) return undefined
      const level = of(prices.level)
      const shock = prices.shock?.[token]
      return {
        spec: {
          model: 'ou',
          volatility,
          halfLife,
          ...(level !== undefined ? { level } : {}),
          ...(shock !== undefined ? { shock } : {}),
        },
        field,
      }
    }
    case 'ramp': {
      const end = of(prices.end)
      return end === undefined ? undefined : { spec: { model: 'ramp', end }, field }
    }
    case 'step': {
      const factor = of(prices.factor)
      return factor === undefined ? undefined : { spec: { model: 'step', factor }, field }
    }
  }
}

/**
 * Synthetic models whose path is bound to leave [MIN_PRICE, MAX_PRICE] within the horizon. The
 * start price, a ramp's end, a step's price after it, an OU level must lie inside; a diffusion's
 * log price must stay inside at {@link PRICE_RANGE_SIGMAS} standard deviations: the trend
 * `(mu - sigma^2/2) T` plus 10 sigma sqrt(T), and for jumps their mean `lambda T |m|` plus 10
 * standard deviations of their sum `s sqrt(lambda T)`; an OU log price at 10 of its standard
 * deviations (at most `sigma sqrt(min(T, halfLife / (2 ln 2)))`) around the start and the level,
 * shifted by its shock.
 */
function checkPriceRange(
  prices: Exclude<ScenarioPrices, { model: 'csv' } | { model: 'bootstrap' }>,
  risky: readonly string[],
  horizon: number,
  add: (path: string, detail: string) => void,
): void {
  const logMax = Math.log(MAX_PRICE)
  const logMin = Math.log(MIN_PRICE)
  const years = horizon / SECONDS_PER_YEAR
  const range = `[${fmt(MIN_PRICE)}, ${fmt(MAX_PRICE)}]`
  const isInside = (price: number) => price >= MIN_PRICE && price <= MAX_PRICE
  for (const token of risky) {
    const start = prices.start[token]
    if (start === undefined) continue
    if (!isInside(start)) {
      add(`prices.start.${token}`, `${fmt(start)} is outside the price range ${range}`)
      continue
    }
    const found = tokenModel(prices, token)
    if (found === undefined) continue
    const { spec, field } = found
    const logStart = Math.log(start)
    /** A diffusion regime: log-price trend and 10-sigma spread over the horizon. */
    const diffusions: {
      driftPath: string
      volPath: string
      mu: number
      sigma: number
      jumps: number
    }[] = []
    switch (spec.model) {
      case 'constant':
        break
      case 'ramp':
        if (!isInside(spec.end))
          add(field('end'), `${fmt(spec.end)} is outside the price range ${range}`)
        break
      case 'step':
        if (!isInside(start * spec.factor))
          add(
            field('factor'),
            `${fmt(spec.factor)} takes ${token} from ${fmt(start)} to ${fmt(start * spec.factor)}, outside the price range ${range}`,
          )
        break
      case 'ou': {
        const level = spec.level ?? 1
        if (!isInside(level)) {
          add(field('level'), `${fmt(level)} is outside the price range ${range}`)
          break
        }
        const halfLifeYears = (parseDuration(spec.halfLife) ?? 0) / SECONDS_PER_YEAR
        const spread =
          PRICE_RANGE_SIGMAS *
          spec.volatility *
          Math.sqrt(Math.min(years, halfLifeYears / (2 * Math.LN2)))
        const shock = Math.log1p(spec.shock?.size ?? 0)
        const high = Math.max(logStart, Math.log(level)) + Math.max(shock, 0) + spread
        const low = Math.min(logStart, Math.log(level)) + Math.min(shock, 0) - spread
        if (high <= logMax && low >= logMin) break
        const reach = high > logMax ? high : low
        add(
          field('volatility'),
          `volatility ${fmt(spec.volatility)} around level ${fmt(level)} (half-life ${formatDuration(halfLifeYears * SECONDS_PER_YEAR)}) takes ${token} to about ${powerOfTen(reach / Math.LN10)} at ${PRICE_RANGE_SIGMAS} standard deviations, outside the price range ${range}; use a smaller volatility or shock`,
        )
        break
      }
      default: {
        let jumps = 0
        if (spec.model === 'jump-diffusion') {
          const expected = (spec.jumpIntensity ?? 0) * years
          jumps =
            expected * Math.abs(spec.jumpMean ?? 0) +
            PRICE_RANGE_SIGMAS * (spec.jumpStdDev ?? 0) * Math.sqrt(expected)
        }
        diffusions.push({
          driftPath: field('drift'),
          volPath: field('volatility'),
          mu: spec.drift ?? 0,
          sigma: spec.volatility,
          jumps,
        })
        if (spec.model === 'regime-switching')
          diffusions.push({
            driftPath: field('crisisDrift'),
            volPath: field('crisisVolatility'),
            mu: spec.crisisDrift ?? 0,
            sigma: spec.crisisVolatility ?? 0,
            jumps: 0,
          })
      }
    }
    for (const { driftPath, volPath, mu, sigma, jumps } of diffusions) {
      const trend = (mu - (sigma * sigma) / 2) * years
      const spread = PRICE_RANGE_SIGMAS * sigma * Math.sqrt(years) + jumps
      const high = logStart + Math.max(trend, 0) + spread
      const low = logStart + Math.min(trend, 0) - spread
      if (high <= logMax && low >= logMin) continue
      // blame the drift when it outweighs everything volatility contributes (sigma^2/2 and spread)
      const isDrift = Math.abs(mu) * years >= ((sigma * sigma) / 2) * years + spread
      const reach = high > logMax ? high : low
      add(
        isDrift ? driftPath : volPath,
        `drift ${fmt(mu)} and volatility ${fmt(sigma)} over ${formatDuration(horizon)} take ${token} from ${fmt(start)} to about ${powerOfTen(reach / Math.LN10)} (trend ${fmt(trend)} in log price, ${PRICE_RANGE_SIGMAS} standard deviations ${fmt(spread)}), outside the price range ${range} float64 holds with its digits: expected |drift - volatility^2/2| * years + ${PRICE_RANGE_SIGMAS} * volatility * sqrt(years) within ${fmt(Math.min(logMax - logStart, logStart - logMin))} of ln(start); use a smaller ${isDrift ? 'drift' : 'volatility'} or a shorter horizon`,
      )
    }
  }
}
