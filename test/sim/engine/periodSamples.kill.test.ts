/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/periodSamples.ts
 * (docs/mutation.md), on a hand-made engine state: which series each anchor and growth buffer
 * belongs to, which row samples a boundary (the first step at or after it), and one sample for
 * a gap that crosses several boundaries. Oracle: the documented definition, a boundary's value is
 * the series' value at the first step whose time is >= start + k * period, that value being the
 * anchor times the chunk's growth factors up to that row (multiplied here in the same order).
 */
import { describe, expect, it } from 'vitest'
import {
  BENCHMARK_CONSTANT_MIX,
  BENCHMARK_HODL,
  BENCHMARK_PERIODIC,
  BENCHMARK_THRESHOLD,
} from '../../../src/sim/benchmarks/benchmarks.js'
import {
  anchorPeriodSamples,
  createPeriodSamples,
  samplePeriods,
} from '../../../src/sim/engine/periodSamples.js'
import {
  ACC_SIZE,
  CONSTANT_MIX,
  HODL_PREVIOUS,
  LP_PREVIOUS,
  type EngineState,
} from '../../../src/sim/engine/state.js'

const CHUNK = 12
const START = 1_000
/** Benchmarks in an order where a wrong kind test or offset picks another series' numbers. */
const KINDS = [BENCHMARK_PERIODIC, BENCHMARK_HODL, BENCHMARK_THRESHOLD, BENCHMARK_CONSTANT_MIX]

/** The part of the engine state the samples read, every growth factor distinct. */
function engineState(): EngineState {
  const growth = (scale: number, length: number) =>
    Float64Array.from({ length }, (_, t) => 1 + scale * (t + 1))
  const acc = new Float64Array(ACC_SIZE)
  acc[LP_PREVIOUS] = 100
  acc[HODL_PREVIOUS] = 200
  acc[CONSTANT_MIX] = 300
  return {
    startTime: START,
    chunkSteps: CHUNK,
    acc,
    benchmarks: { names: ['p', 'h', 't', 'm'], kinds: Int32Array.from(KINDS) },
    benchmarkValues: Float64Array.from([400, -1, 500, -2]),
    lpGrowth: growth(0.001, CHUNK),
    hodlGrowth: growth(0.002, CHUNK),
    mixGrowth: growth(0.003, CHUNK),
    // benchmark b's factors at b * CHUNK + t; the HODL and constant-mix slots must not be read
    benchmarkGrowth: Float64Array.from({ length: KINDS.length * CHUNK }, (_, i) =>
      Math.floor(i / CHUNK) % 2 === 1 ? Number.NaN : 1 + 0.0001 * (i + 1),
    ),
  } as unknown as EngineState
}

/** Series j's growth buffer and offset, as the state documents them. */
function growthOf(e: EngineState, j: number): { growth: Float64Array; offset: number } {
  if (j === 0) return { growth: e.lpGrowth, offset: 0 }
  const kind = KINDS[j - 1]
  if (kind === BENCHMARK_HODL) return { growth: e.hodlGrowth, offset: 0 }
  if (kind === BENCHMARK_CONSTANT_MIX) return { growth: e.mixGrowth, offset: 0 }
  return { growth: e.benchmarkGrowth, offset: (j - 1) * CHUNK }
}

/** Series j's value at `row`: the anchor times the factors from `from` to `row`. */
function valueAt(e: EngineState, j: number, anchor: number, from: number, row: number): number {
  const { growth, offset } = growthOf(e, j)
  let value = anchor
  for (let t = from; t <= row; t++) value *= growth[offset + t]!
  return value
}

describe('period samples', () => {
  it('start every series at the initial value, next boundary 1', () => {
    const s = createPeriodSamples(engineState(), 25, 1e6)
    expect(s.period).toBe(25)
    expect(s.startTime).toBe(START)
    expect(s.next).toBe(1)
    expect(s.values).toEqual([[1e6], [1e6], [1e6], [1e6], [1e6]])
    expect(s.anchors).toHaveLength(5)
  })

  it('anchor the LP, HODL and constant mix on the sums, the vaults on their values', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 1e6)
    anchorPeriodSamples(s, e)
    // series: LP, then p (vault 400), h (HODL 200), t (vault 500), m (constant mix 300)
    expect(Array.from(s.anchors)).toEqual([100, 400, 200, 500, 300])
  })

  it('sample each boundary at the first step at or after it, replaying the growth factors', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 1e6)
    anchorPeriodSamples(s, e)
    // steps every 10 s from START; boundaries START + 25, + 50, + 75 fall on rows 3 (30 s),
    // 5 (50 s: exactly on it) and 8 (80 s); row 0 is step 0, not replayed (from = 1)
    const times = Float64Array.from({ length: 10 }, (_, t) => START + 10 * t)
    samplePeriods(s, e, times, 1, 10)
    const anchors = [100, 400, 200, 500, 300]
    for (let j = 0; j < 5; j++)
      expect(s.values[j], `series ${j}`).toEqual([
        1e6,
        ...[3, 5, 8].map((row) => valueAt(e, j, anchors[j]!, 1, row)),
      ])
    expect(s.next).toBe(4)
  })

  it('take no sample in a chunk before the next boundary, nor in an empty one', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 7)
    anchorPeriodSamples(s, e)
    samplePeriods(s, e, Float64Array.from([START, START + 10, START + 24.5]), 1, 3)
    samplePeriods(s, e, Float64Array.from([START + 30]), 1, 1)
    expect(s.values).toEqual([[7], [7], [7], [7], [7]])
    expect(s.next).toBe(1)
  })

  it('sample a boundary the last step of the chunk sits exactly on', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 1e6)
    anchorPeriodSamples(s, e)
    samplePeriods(s, e, Float64Array.from([START, START + 10, START + 25]), 1, 3)
    expect(s.values[0]).toEqual([1e6, valueAt(e, 0, 100, 1, 2)])
    expect(s.values[2]).toEqual([1e6, valueAt(e, 2, 200, 1, 2)])
    expect(s.next).toBe(2)
  })

  it('read only the rows of the chunk, not what the buffer holds past them', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 1e6)
    anchorPeriodSamples(s, e)
    // the engine reuses one times buffer: past a short last chunk it holds stale rows (here a
    // time far ahead at row count, and 0 after it), which must neither sample nor stop sampling
    const times = Float64Array.from([START, START + 10, START + 30, START + 1e9, 0])
    samplePeriods(s, e, times, 1, 3)
    expect(s.values[0]).toEqual([1e6, valueAt(e, 0, 100, 1, 2)])
    expect(s.next).toBe(2)
  })

  it('take one sample for a gap that crosses several boundaries, then go on from there', () => {
    const e = engineState()
    const s = createPeriodSamples(e, 25, 1e6)
    anchorPeriodSamples(s, e)
    // a chunk from row 0: 10 s, then a gap to 110 s (boundaries 25 ... 100 crossed), then 120,
    // 130 (boundary 125), 149 (none: 150 not reached)
    const times = Float64Array.from([10, 110, 120, 130, 149], (x) => START + x)
    samplePeriods(s, e, times, 0, 5)
    expect(s.next).toBe(6)
    expect(s.values[0]).toEqual([1e6, valueAt(e, 0, 100, 0, 1), valueAt(e, 0, 100, 0, 3)])
    expect(s.values[4]).toEqual([1e6, valueAt(e, 4, 300, 0, 1), valueAt(e, 4, 300, 0, 3)])
  })
})
