/**
 * Values of the LP position and of each benchmark at risk-period boundaries (docs/risk-metrics.md),
 * for the risk metrics. Sampled after each chunk, never inside the step loop: each value is
 * replayed from its exact value at the chunk's start through the chunk's per-step growth factors
 * (the buffers the step loop fills anyway), so rounding builds up over one chunk at most
 * (4,096 products: below 1e-12 relative). A boundary's value is the value at the first step whose
 * time is at or after it (`start + k * period`).
 */
import { BENCHMARK_CONSTANT_MIX, BENCHMARK_HODL } from '../benchmarks/benchmarks.js'
import { CONSTANT_MIX, HODL_PREVIOUS, LP_PREVIOUS, type EngineState } from './state.js'

/** Period samples: series 0 is the LP position, series 1 + b benchmark b. */
export interface PeriodSamples {
  /** Seconds per period. */
  readonly period: number
  readonly startTime: number
  /** Index of the next boundary (1 after the start). */
  next: number
  /** One growing list of values per series. */
  readonly values: number[][]
  /** Each series' exact value at the start of the current chunk. */
  readonly anchors: Float64Array
}

/**
 * Starts the samples with every series at the initial value (step 0).
 * @param e - the engine state after step 0
 * @param period - seconds per period
 * @param initialValue - the LP's start value, numeraire units (every benchmark starts there)
 * @returns samples holding V_0 for each series
 */
export function createPeriodSamples(
  e: EngineState,
  period: number,
  initialValue: number,
): PeriodSamples {
  const count = 1 + e.benchmarks.names.length
  return {
    period,
    startTime: e.startTime,
    next: 1,
    values: Array.from({ length: count }, () => [initialValue]),
    anchors: new Float64Array(count),
  }
}

/**
 * Before a chunk runs: each series' exact value now (the LP value, the HODL value, the
 * constant-mix product, each vault's value).
 */
export function anchorPeriodSamples(s: PeriodSamples, e: EngineState): void {
  const acc = e.acc
  s.anchors[0] = acc[LP_PREVIOUS]!
  const kinds = e.benchmarks.kinds
  // Stryker disable next-line EqualityOperator: `b <= kinds.length` writes one past the end of the Float64Array anchors, which JavaScript ignores
  for (let b = 0; b < kinds.length; b++)
    s.anchors[1 + b] =
      kinds[b] === BENCHMARK_HODL
        ? acc[HODL_PREVIOUS]!
        : kinds[b] === BENCHMARK_CONSTANT_MIX
          ? acc[CONSTANT_MIX]!
          : e.benchmarkValues[b]!
}

/**
 * After a chunk ran rows `from` to `count - 1`: finds the boundaries the chunk crossed (none in
 * most chunks: then only one comparison), and for each series replays its value from the anchor
 * through the growth factors up to each boundary's row, in a tight loop per series.
 * @param times - the chunk's Unix seconds
 */
export function samplePeriods(
  s: PeriodSamples,
  e: EngineState,
  times: Float64Array,
  from: number,
  count: number,
): void {
  let boundary = s.startTime + s.next * s.period
  // times increase: a chunk whose last time is before the next boundary crosses none.
  // Both returns are shortcuts: without them the loop below finds no row and nothing is pushed.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut only: an empty chunk gives no row below
  if (count <= from) return
  // Stryker disable next-line ConditionalExpression: forced false skips a shortcut only (no row at or after the boundary below); forced true never samples and is killed by periodSamples.kill.test.ts
  if (times[count - 1]! < boundary) return
  const rows: number[] = []
  for (let t = from; t < count; t++)
    if (times[t]! >= boundary) {
      rows.push(t)
      // A gap in the data longer than a period crosses several boundaries: one sample for all.
      s.next = Math.floor((times[t]! - s.startTime) / s.period) + 1
      boundary = s.startTime + s.next * s.period
    }
  const kinds = e.benchmarks.kinds
  const chunk = e.chunkSteps
  for (let j = 0; j <= kinds.length; j++) {
    // Stryker disable next-line UnaryOperator,ConditionalExpression: kind is read only for j > 0 (j === 0 picks the LP first), so series 0's placeholder (-1, +1, or kinds[-1] when forced false) is never read; forced true is killed by periodSamples.kill.test.ts
    const kind = j === 0 ? -1 : kinds[j - 1]!
    const growth =
      j === 0
        ? e.lpGrowth
        : kind === BENCHMARK_HODL
          ? e.hodlGrowth
          : kind === BENCHMARK_CONSTANT_MIX
            ? e.mixGrowth
            : e.benchmarkGrowth
    const offset =
      j === 0 || kind === BENCHMARK_HODL || kind === BENCHMARK_CONSTANT_MIX ? 0 : (j - 1) * chunk
    const out = s.values[j]!
    let value = s.anchors[j]!
    let t = from
    for (const row of rows) {
      for (; t <= row; t++) value *= growth[offset + t]!
      out.push(value)
    }
  }
}
