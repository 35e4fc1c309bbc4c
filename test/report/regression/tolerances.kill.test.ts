/**
 * Tests added for the mutants of tolerances.ts that the first tests let through (docs/mutation.md,
 * `src/report/regression`): each default kind by a figure of its own, the sweep labels, and the
 * layers' lookup order.
 */
import { describe, expect, it } from 'vitest'
import { isWithinTolerance, resolveTolerance } from '../../../src/report/regression/tolerances.js'

const VALUE = { relative: 1e-6, absolute: 1e-6 }
const FLOW = { relative: 1e-4, absolute: 1e-6 }
const FRACTION = { relative: 0, absolute: 1e-6 }
const STATISTIC = { relative: 1e-3, absolute: 1e-9 }
const COUNT = { relative: 1e-3, absolute: 1 }
const CLOSED_FORM = { relative: 1e-9, absolute: 1e-12 }

describe('resolveTolerance, the defaults by kind', () => {
  it('gives values 1e-6 both ways, closed forms 1e-9 and 1e-12, a figure no default names the values', () => {
    expect(resolveTolerance('lpValue')).toEqual(VALUE)
    expect(resolveTolerance('benchmarks.hodl.value')).toEqual(VALUE)
    expect(resolveTolerance('impermanentLossClosedForm')).toEqual(CLOSED_FORM)
    expect(resolveTolerance('maxDrawdown')).toEqual(FRACTION)
    expect(resolveTolerance('lvr')).toEqual(FLOW)
    expect(resolveTolerance('rebalances')).toEqual(COUNT)
    expect(resolveTolerance('annualisedVolatility')).toEqual(STATISTIC)
    expect(resolveTolerance('notADefault')).toEqual(VALUE)
  })
  it('returns a copy: changing it leaves the defaults alone', () => {
    const first = resolveTolerance('lvr')
    first.relative = 0.5
    expect(resolveTolerance('lvr')).toEqual(FLOW)
  })
})

describe('resolveTolerance, sweep labels', () => {
  it("drops a cell's and a window's labels, however many: the figure's name chooses", () => {
    expect(resolveTolerance('[cell 2] feeIncome')).toEqual(FLOW)
    expect(resolveTolerance('[window 3] trades')).toEqual(COUNT)
    // historical-windows.json: several cells and rolling windows (was the values' fallback)
    expect(resolveTolerance('[cell 0] [window 0] trades')).toEqual(COUNT)
    expect(resolveTolerance('[cell 1] [window 4] returnVsHodl')).toEqual(FRACTION)
    expect(resolveTolerance('[cell 1] [window 4] benchmarks.hodl.value')).toEqual(VALUE)
    const layer = { feeIncome: { relative: 0.05 } }
    expect(resolveTolerance('[cell 0] [window 2] feeIncome', [layer])).toEqual({
      relative: 0.05,
      absolute: 1e-6,
    })
  })
  it('drops labels only at the start of the name', () => {
    // a bracket later in the name is part of it: `lv[x] r` is not `lvr` (a flow)
    expect(resolveTolerance('lv[x] r')).toEqual(VALUE)
    // without the space after the label, the name is not a label and a figure
    expect(resolveTolerance('[cell 0]trades')).toEqual(VALUE)
  })
})

describe('resolveTolerance, lookup keys', () => {
  it('reads a metric sub-figure by the metric name, and no other part', () => {
    // `weightDeviation.mean`: the metric's name; `mean` alone chooses nothing
    const layer = { mean: { relative: 0.5 }, weightDeviation: { absolute: 3 } }
    expect(resolveTolerance('weightDeviation.mean', [layer])).toEqual({
      relative: 1e-3,
      absolute: 3,
    })
  })
  it("reads a benchmark's figure by its figure name, a sub-figure by its metric too", () => {
    // `hodl` is the benchmark's name, not a figure's: a layer naming it changes nothing
    expect(resolveTolerance('benchmarks.hodl.lpValue', [{ hodl: { relative: 0.5 } }])).toEqual(
      VALUE,
    )
    const layer = { 'risk.sharpeRatio': { relative: 0.25 }, risk: { absolute: 4 } }
    expect(resolveTolerance('benchmarks.hodl.risk.sharpeRatio', [layer])).toEqual({
      relative: 0.25,
      absolute: 4,
    })
  })
  it('gives no figure the tolerance of an empty key', () => {
    // `benchmarks.hodl` has no figure name after the benchmark's: only `*` and the name itself
    const layer = { '': { relative: 0.7 } }
    expect(resolveTolerance('benchmarks.hodl', [layer])).toEqual(VALUE)
    // nor that of a key named after a part it lacks
    expect(resolveTolerance('benchmarks.hodl', [{ undefined: { relative: 0.7 } }])).toEqual(VALUE)
  })
  it('reads an array entry by `metric.sub`, then `metric`, the whole name before both', () => {
    const layer = {
      'arbitrageurs[1].profit': { relative: 0.3 },
      'arbitrageurs.profit': { relative: 0.2, absolute: 5 },
      arbitrageurs: { relative: 0.1, absolute: 6 },
    }
    expect(resolveTolerance('arbitrageurs[1].profit', [layer])).toEqual({
      relative: 0.3,
      absolute: 5,
    })
    expect(resolveTolerance('arbitrageurs[0].profit', [layer])).toEqual({
      relative: 0.2,
      absolute: 5,
    })
    expect(resolveTolerance('arbitrageurs[0].gasPaid', [layer])).toEqual({
      relative: 0.1,
      absolute: 6,
    })
  })
  it('applies the general key before the whole name within every layer, not the first only', () => {
    const wide = { '*': { relative: 0.5 }, lvr: { relative: 0.2 } }
    expect(resolveTolerance('lvr', [{}, wide])).toEqual({ relative: 0.2, absolute: 1e-6 })
    expect(resolveTolerance('lvr', [{}, {}, wide])).toEqual({ relative: 0.2, absolute: 1e-6 })
  })
  it('reads an array entry of any index, at the start of the name only', () => {
    expect(resolveTolerance('arbitrageurs[12].blocksWon')).toEqual(COUNT)
    // a deeper array is not a per-arbitrageur figure: `x` (no default) names it
    expect(resolveTolerance('x.arbitrageurs[0].blocksWon')).toEqual(VALUE)
  })
  it("takes a later part as the metric's name for benchmarks only", () => {
    // not a benchmark: `lvr` in third or fourth place is not the figure's metric
    expect(resolveTolerance('x.y.lvr')).toEqual(VALUE)
    expect(resolveTolerance('x.y.lvr.z')).toEqual(VALUE)
    expect(resolveTolerance('benchmarks.hodl.lvr.z')).toEqual(FLOW)
  })
  it('lets a later layer override a more specific key of an earlier one', () => {
    const scenario = { 'benchmarks.hodl.value': { relative: 0.3 } }
    const command = { '*': { relative: 0.01 } }
    expect(resolveTolerance('benchmarks.hodl.value', [scenario, command])).toEqual({
      relative: 0.01,
      absolute: 1e-6,
    })
  })
})

describe('isWithinTolerance, null against a number', () => {
  it('fails a figure that became non-finite or finite, even next to 0', () => {
    const tolerance = { relative: 0.01, absolute: 0.5 }
    expect(isWithinTolerance(null, 0, tolerance)).toBe(false)
    expect(isWithinTolerance(0, null, tolerance)).toBe(false)
    expect(isWithinTolerance(null, 0.1, tolerance)).toBe(false)
  })
})
