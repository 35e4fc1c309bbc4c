/**
 * `summary.json`: the run's figures for programs. Keys in a fixed order, numbers as numbers,
 * nothing that changes between two runs of the same scenario and seed (no wall time, host or
 * absolute path), so the file is byte-identical across runs.
 */
import type {
  BenchmarkResult,
  ExactCheck,
  Metrics,
  RunWarning,
  SimulationResult,
} from '../sim/engine/types.js'
import type { PricePathNotes } from '../sim/prices/types.js'

/** Metric keys in the order summary.json and summary.md list them (the engine issue's names). */
export const METRIC_ORDER = [
  'lpValue',
  'hodlValue',
  'returnVsHodl',
  'impermanentLoss',
  'impermanentLossClosedForm',
  'feeIncome',
  'lvr',
  'arbProfit',
  'volume',
  'trades',
  'trackingError',
  'weightDeviation',
  'maxDrawdown',
  'annualisedReturn',
  'annualisedVolatility',
] as const satisfies readonly (keyof Metrics)[]

/** Per-benchmark keys, in order. */
export const BENCHMARK_ORDER = [
  'value',
  'returnVsHodl',
  'tradingCost',
  'trackingError',
] as const satisfies readonly (keyof BenchmarkResult)[]

/** Keys of the exact-vs-float section (`exactCheck`), in order. */
export const EXACT_CHECK_ORDER = [
  'math',
  'decimals',
  'swapFee',
  'balancesRaw',
  'trades',
  'shrunk',
  'skipped',
  'reverts',
  'amountOut',
  'balances',
  'value',
] as const satisfies readonly (keyof ExactCheck)[]

/** Keys of the `data` section (historical prices), in order; each token's keys follow docs/cli.md (`data` in summary.json). */
export const DATA_ORDER = [
  'role',
  'gridOrigin',
  'step',
  'maxGap',
  'jumpMultiple',
  'jumpFloor',
  'tokens',
] as const satisfies readonly (keyof PricePathNotes)[]

/** Keys of each entry of `warnings`, in order (absent ones left out). */
export const WARNING_ORDER = [
  'code',
  'message',
  'step',
  'time',
  'token',
] as const satisfies readonly (keyof RunWarning)[]

/** A JSON value whose objects keep their insertion order when stringified. */
export type JsonValue =
  number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** The content of summary.json. */
export interface Summary {
  scenario: string
  seed: number
  version: string
  metrics: Record<string, JsonValue>
  benchmarks: Record<string, Record<string, JsonValue>>
  /** Historical prices only: how files became the path (provenance, gaps, jumps). */
  data?: Record<string, JsonValue>
  /** Always present; empty when there is nothing to warn about. */
  warnings: Record<string, JsonValue>[]
  /** Exact runs only (`pool.math` exact): the float model's error against the exact math. */
  exactCheck?: Record<string, JsonValue>
}

/**
 * Builds summary.json's object from a run: metrics in `METRIC_ORDER` (fields the engine
 * adds later follow, sorted by name), benchmarks in the scenario's order, for historical prices
 * the `data` section in `DATA_ORDER`, the `warnings` (always; keys in
 * `WARNING_ORDER`), and for exact runs the `exactCheck` section in `EXACT_CHECK_ORDER`.
 * @param result - the engine's result
 * @param scenario - the scenario's name
 * @param seed - the seed the run used
 * @param version - the package version
 * @returns plain data; non-finite numbers become `null` (JSON has no NaN)
 * @example formatSummaryJson(createSummary(result, 'eth-usdc-50-50', 42, '0.1.0'))
 */
export function createSummary(
  result: SimulationResult,
  scenario: string,
  seed: number,
  version: string,
): Summary {
  const benchmarks: Summary['benchmarks'] = {}
  for (const [name, benchmark] of Object.entries(result.benchmarks))
    benchmarks[name] = ordered(benchmark as unknown as Record<string, unknown>, BENCHMARK_ORDER)
  const summary: Summary = {
    scenario,
    seed,
    version,
    metrics: ordered(result.metrics as unknown as Record<string, unknown>, METRIC_ORDER),
    benchmarks,
    ...(result.data
      ? { data: ordered(result.data as unknown as Record<string, unknown>, DATA_ORDER) }
      : {}),
    warnings: result.warnings.map((warning) =>
      ordered(warning as unknown as Record<string, unknown>, WARNING_ORDER),
    ),
  }
  // Exact runs add their check last; float runs' summaries stay as they were, byte for byte.
  if (result.exactCheck)
    summary.exactCheck = ordered(
      result.exactCheck as unknown as Record<string, unknown>,
      EXACT_CHECK_ORDER,
    )
  return summary
}

/**
 * summary.json's text: two-space indent, a final newline.
 * @param summary - from {@link createSummary}
 * @returns the file's contents
 * @example formatSummaryJson(summary).startsWith('{\n  "scenario"') // true
 */
export function formatSummaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`
}

/** Copies `record` with `order` first, then the remaining keys sorted. */
function ordered(
  record: Record<string, unknown>,
  order: readonly string[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {}
  // Stryker disable next-line MethodExpression: without the filter the ordered keys come twice, and assigning a key again keeps its first place and value
  const rest = Object.keys(record)
    .filter((key) => !order.includes(key))
    .sort()
  for (const key of [...order, ...rest]) if (key in record) out[key] = toJson(record[key])
  return out
}

function toJson(value: unknown): JsonValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value
  // Stryker disable next-line ConditionalExpression: undefined falls through every branch to the final return null
  if (value === undefined) return null
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number>, (v) => toJson(v))
  if (Array.isArray(value)) return value.map(toJson)
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    return ordered(record, Object.keys(record))
  }
  return null
}
