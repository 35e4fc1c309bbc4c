/**
 * The parameters a tuning searches over: numeric scenario fields named by the sweep's field paths
 * (`pool.swapFee`, `pool.schedule.strength`, `pool.weights[0]`, `agents[0].everySteps`), each a
 * range (`0.001..0.01`, `:log` for a log scale) or a list (`1,5,20`). Whether a field takes
 * integers is read from the scenario schema, so a new integer field of a future weight rule is
 * rounded without a change here.
 */
import { InputError, fmt } from '../../errors.js'
import { applyValues, parseFieldPath } from '../sweep/grid.js'
import { scenarioJsonSchemaText } from '../scenario/schema.js'
import type { Scenario } from '../scenario/schema.js'

/** One tuned field: a continuous range or a list of values. */
export interface TuneParam {
  /** The field path, as in a sweep: `pool.swapFee`, `pool.weights[0]`. */
  field: string
  /** Integer field (from the schema): range values are rounded to integers. */
  isInteger: boolean
  /** `range`: from `low` to `high` (log scale when `isLog`); `list`: one of `values`. */
  kind: 'range' | 'list'
  low: number
  high: number
  isLog: boolean
  /** The values of a list (ascending as written); empty for a range. */
  values: number[]
}

/** Top-level scenario sections a tuned field may live in. */
const TUNABLE_SECTIONS = ['pool', 'prices', 'agents']
/** Fields the walk-forward sets itself (the window's first and last time). */
const RESERVED_FIELDS = ['prices.start', 'prices.end', 'prices.model']

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`
const RANGE = new RegExp(`^(${NUMBER})\\.\\.(${NUMBER})(:log)?$`)
const LIST = new RegExp(`^${NUMBER}(,${NUMBER})*$`)

function bad(spec: string, detail: string): InputError {
  return new InputError('BAD_OPTION', { path: '--params' }, `"${spec}": ${detail}`)
}

/**
 * Parses one `--params` entry: `field=low..high`, `field=low..high:log` or `field=a,b,c`.
 * @param spec - the entry as typed
 * @returns the parameter, integer or not as the schema says
 * @throws {InputError} `BAD_OPTION` (path `--params`) for a malformed entry, an unknown or
 *   non-numeric field, a field outside pool/prices/agents, an empty or inverted range, a log
 *   range not above 0, or a non-integer value of an integer field
 * @example parseTuneParam('pool.swapFee=0.001..0.01:log') // { kind: 'range', isLog: true, … }
 */
export function parseTuneParam(spec: string): TuneParam {
  const eq = spec.indexOf('=')
  if (eq < 0)
    throw bad(
      spec,
      'expected field=low..high, field=low..high:log or field=a,b,c (e.g. pool.swapFee=0.001..0.01)',
    )
  const field = spec.slice(0, eq).trim()
  const text = spec.slice(eq + 1).replace(/\s+/g, '')
  const keys = parseFieldPath(field)
  if (!keys || typeof keys[0] !== 'string')
    throw bad(spec, `"${field}" is not a field path: expected e.g. pool.swapFee or pool.weights[0]`)
  if (!TUNABLE_SECTIONS.includes(keys[0]))
    throw bad(spec, `"${keys[0]}" cannot be tuned: expected a field of pool, prices or agents`)
  if (RESERVED_FIELDS.includes(field))
    throw bad(spec, `${field} is set by the walk-forward windows (--train, --test)`)
  const type = schemaNumberType(keys)
  if (type === undefined) throw bad(spec, `${field} is not a numeric field of the scenario schema`)
  const isInteger = type === 'integer'
  const range = RANGE.exec(text)
  if (range) {
    const low = Number(range[1])
    const high = Number(range[2])
    const isLog = range[3] !== undefined
    if (!(low < high)) throw bad(spec, `expected low < high, found ${fmt(low)}..${fmt(high)}`)
    if (isLog && low <= 0)
      throw bad(spec, `a log range needs low > 0, found ${fmt(low)} (drop ":log" or raise low)`)
    if (isInteger && Math.ceil(low) > Math.floor(high))
      throw bad(spec, `${field} takes integers: the range holds none`)
    return { field, isInteger, kind: 'range', low, high, isLog, values: [] }
  }
  if (LIST.test(text)) {
    const values = text.split(',').map(Number)
    const odd = values.find((v) => isInteger && !Number.isInteger(v))
    if (odd !== undefined) throw bad(spec, `${field} takes integers, found ${fmt(odd)}`)
    if (new Set(values).size !== values.length) throw bad(spec, 'a value is listed twice')
    return {
      field,
      isInteger,
      kind: 'list',
      low: Math.min(...values),
      high: Math.max(...values),
      isLog: false,
      values,
    }
  }
  throw bad(
    spec,
    `expected low..high, low..high:log or a list a,b,c of numbers after "=", found "${text}"`,
  )
}

/** Parses every entry and refuses a field given twice. */
export function parseTuneParams(specs: readonly string[]): TuneParam[] {
  if (specs.length === 0)
    throw new InputError(
      'BAD_OPTION',
      { path: '--params' },
      'expected at least one field to tune, e.g. --params pool.swapFee=0.001..0.01',
    )
  const params = specs.map(parseTuneParam)
  const seen = new Set<string>()
  for (const p of params) {
    if (seen.has(p.field)) throw bad(p.field, 'the field is given twice')
    seen.add(p.field)
  }
  return params
}

/**
 * The value of a parameter at a point u of [0, 1]: linear or logarithmic in the range (rounded
 * for integers), or the list entry floor(u · n) (the last one at u = 1).
 * @param param - the parameter
 * @param u - position in [0, 1] (clamped)
 * @returns the field's value
 */
export function valueAt(param: TuneParam, u: number): number {
  const t = Math.min(1, Math.max(0, u))
  if (param.kind === 'list')
    return param.values[Math.min(param.values.length - 1, Math.floor(t * param.values.length))]!
  // the ends exactly, not through exp(log(x)): the user typed them
  const raw =
    t === 0
      ? param.low
      : t === 1
        ? param.high
        : param.isLog
          ? Math.exp(Math.log(param.low) + t * (Math.log(param.high) - Math.log(param.low)))
          : param.low + t * (param.high - param.low)
  if (!param.isInteger) return raw
  // rounding may step outside [low, high] at a fractional end: keep the integers inside
  return Math.min(Math.floor(param.high), Math.max(Math.ceil(param.low), Math.round(raw)))
}

/**
 * The grid values of a parameter: a list's values, or `steps` points of a range spread evenly
 * (evenly in log for `:log`), integers rounded and repeats dropped.
 * @param param - the parameter
 * @param steps - points per range, >= 2
 * @returns the values in ascending order
 */
export function gridValues(param: TuneParam, steps: number): number[] {
  if (param.kind === 'list') return [...param.values]
  const out: number[] = []
  for (let i = 0; i < steps; i++) {
    const v = valueAt(param, i / (steps - 1))
    if (!out.includes(v)) out.push(v)
  }
  return out
}

/**
 * The field values one evaluation writes into the scenario: the tuned fields, except that tuned
 * entries of `pool.weights` become the whole weight list, the other weights scaled so that the
 * list sums to 1 (a 2-token pool tuned on `pool.weights[0]` gets `[w, 1 - w]`).
 * @param base - the validated scenario
 * @param params - the tuned parameters
 * @param values - one value per parameter
 * @returns `[field, value]` pairs for `applyValues`
 */
export function fieldValues(
  base: Scenario,
  params: readonly TuneParam[],
  values: readonly number[],
): [string, unknown][] {
  const out: [string, unknown][] = []
  const tunedWeights = new Map<number, number>()
  params.forEach((p, i) => {
    const m = /^pool\.weights\[(\d+)\]$/.exec(p.field)
    if (m) tunedWeights.set(Number(m[1]), values[i]!)
    else out.push([p.field, values[i]!])
  })
  if (tunedWeights.size > 0) {
    const weights = [...base.pool.weights]
    let tunedSum = 0
    let restSum = 0
    weights.forEach((w, k) => {
      if (tunedWeights.has(k)) tunedSum += tunedWeights.get(k)!
      else restSum += w
    })
    const scale = restSum > 0 ? (1 - tunedSum) / restSum : 0
    out.push([
      'pool.weights',
      weights.map((w, k) => (tunedWeights.has(k) ? tunedWeights.get(k)! : w * scale)),
    ])
  }
  return out
}

/**
 * Checks that the scenario accepts the parameters at their lowest and highest values (each
 * alone), so that a typo in a field (`pool.schedule.strenght`) or a range the field refuses is
 * an error before anything runs.
 * @param base - the validated scenario
 * @param params - the tuned parameters
 * @param check - validates a plain scenario, throwing an InputError naming the field
 * @throws {InputError} `BAD_OPTION` naming the entry and the scenario's complaint
 */
export function checkTuneParams(
  base: Scenario,
  params: readonly TuneParam[],
  check: (raw: unknown) => void,
): void {
  for (const p of params) {
    for (const u of [0, 1]) {
      const values = params.map((q) => (q === p ? valueAt(q, u) : valueAt(q, 0.5)))
      try {
        check(applyValues(base, fieldValues(base, params, values)))
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        throw bad(
          `${p.field}=${fmt(valueAt(p, u))}`,
          `the scenario refuses this value: ${error.message}`,
        )
      }
    }
  }
}

/** JSON-schema node, as much of it as the walk below reads. */
interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  prefixItems?: SchemaNode[]
  anyOf?: SchemaNode[]
  oneOf?: SchemaNode[]
  allOf?: SchemaNode[]
}

let schemaRoot: SchemaNode | undefined

/**
 * `'integer'` or `'number'` when every schema branch the keys can reach is numeric (integer only
 * when all are integers); undefined when the path reaches no number.
 */
function schemaNumberType(keys: readonly (string | number)[]): 'integer' | 'number' | undefined {
  schemaRoot ??= JSON.parse(scenarioJsonSchemaText()) as SchemaNode
  let nodes = expand([schemaRoot])
  for (const key of keys) {
    const next: SchemaNode[] = []
    for (const node of nodes) {
      if (typeof key === 'number') {
        const item = node.prefixItems?.[key] ?? node.items
        if (item) next.push(item)
      } else {
        const child = node.properties?.[key]
        if (child) next.push(child)
        else if (typeof node.additionalProperties === 'object') next.push(node.additionalProperties)
      }
    }
    nodes = expand(next)
  }
  const types = nodes.flatMap((n) => (Array.isArray(n.type) ? n.type : n.type ? [n.type] : []))
  const numeric = types.filter((t) => t === 'integer' || t === 'number')
  if (numeric.length === 0) return undefined
  return numeric.every((t) => t === 'integer') ? 'integer' : 'number'
}

/** The nodes with their unions opened. */
function expand(nodes: readonly SchemaNode[]): SchemaNode[] {
  return nodes.flatMap((n) => {
    const branches = [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]
    return branches.length > 0 ? [n, ...expand(branches)] : [n]
  })
}
