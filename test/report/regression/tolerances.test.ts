import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TOLERANCES,
  FALLBACK_TOLERANCE,
  allowedChange,
  isWithinTolerance,
  resolveTolerance,
} from '../../../src/report/regression/tolerances.js'

describe('resolveTolerance', () => {
  it('gives flows, fractions and statistics different defaults', () => {
    expect(resolveTolerance('feeIncome')).toEqual({ relative: 1e-4, absolute: 1e-6 })
    expect(resolveTolerance('returnVsHodl')).toEqual({ relative: 0, absolute: 1e-6 })
    expect(resolveTolerance('trackingError')).toEqual({ relative: 1e-3, absolute: 1e-9 })
    expect(resolveTolerance('trades')).toEqual({ relative: 1e-3, absolute: 1 })
  })
  it('takes a benchmark figure and a sub-figure by their metric name', () => {
    expect(resolveTolerance('benchmarks.hodl.value')).toEqual(DEFAULT_TOLERANCES.value)
    expect(resolveTolerance('benchmarks.threshold.tradingCost')).toEqual(
      DEFAULT_TOLERANCES.tradingCost,
    )
    expect(resolveTolerance('weightDeviation.max')).toEqual(DEFAULT_TOLERANCES.weightDeviation)
    expect(resolveTolerance('somethingNew')).toEqual(FALLBACK_TOLERANCE)
  })
  it('takes per-arbitrageur figures as flows, blocks won as a count, overridable by part', () => {
    const flow = { relative: 1e-4, absolute: 1e-6 }
    expect(resolveTolerance('priorityFees')).toEqual(flow)
    expect(resolveTolerance('arbitrageurs[1].profit')).toEqual(flow)
    expect(resolveTolerance('arbitrageurs[0].blocksWon')).toEqual({ relative: 1e-3, absolute: 1 })
    const layer = { 'arbitrageurs.gasPaid': { relative: 0.5 }, arbitrageurs: { absolute: 2 } }
    expect(resolveTolerance('arbitrageurs[2].gasPaid', [layer])).toEqual({
      relative: 0.5,
      absolute: 2,
    })
    expect(resolveTolerance('arbitrageurs[2].profit', [layer])).toEqual({
      relative: 1e-4,
      absolute: 2,
    })
  })
  it('treats risk figures and information ratios as statistics, decomposition terms as fractions', () => {
    const statistic = { relative: 1e-3, absolute: 1e-9 }
    expect(resolveTolerance('risk.sharpeRatio')).toEqual(statistic)
    expect(resolveTolerance('benchmarks.hodl.risk.valueAtRisk')).toEqual(statistic)
    expect(resolveTolerance('benchmarks.hodl.informationRatio')).toEqual(statistic)
    expect(resolveTolerance('returnDecomposition.fees')).toEqual({ relative: 0, absolute: 1e-6 })
  })
  it('lets each layer override one part, the later layer and the whole name winning', () => {
    const scenario = { lvr: { relative: 0.01 }, value: { absolute: 5 } }
    const command = { lvr: { absolute: 2 }, 'benchmarks.hodl.value': { absolute: 7 } }
    expect(resolveTolerance('lvr', [scenario])).toEqual({ relative: 0.01, absolute: 1e-6 })
    expect(resolveTolerance('lvr', [scenario, command])).toEqual({ relative: 0.01, absolute: 2 })
    expect(resolveTolerance('benchmarks.hodl.value', [scenario, command])).toEqual({
      relative: 1e-6,
      absolute: 7,
    })
    expect(resolveTolerance('benchmarks.constant-mix.value', [scenario, command])).toEqual({
      relative: 1e-6,
      absolute: 5,
    })
    // `*` covers every figure, any more specific key of the same layer beats it
    const wide = { '*': { relative: 0.5 }, lvr: { relative: 0.2 } }
    expect(resolveTolerance('trades', [wide])).toEqual({ relative: 0.5, absolute: 1 })
    expect(resolveTolerance('lvr', [wide])).toEqual({ relative: 0.2, absolute: 1e-6 })
  })
})

describe('isWithinTolerance', () => {
  const tolerance = { relative: 0.01, absolute: 0.5 }
  it('holds up to max(absolute, relative * |baseline|), both sides', () => {
    expect(allowedChange(200, tolerance)).toBe(2)
    expect(allowedChange(-20, tolerance)).toBe(0.5)
    expect(isWithinTolerance(200, 202, tolerance)).toBe(true)
    expect(isWithinTolerance(200, 197.9, tolerance)).toBe(false)
    expect(isWithinTolerance(0, 0.5, tolerance)).toBe(true)
    expect(isWithinTolerance(0, -0.51, tolerance)).toBe(false)
  })
  it('holds for two non-finite figures only', () => {
    expect(isWithinTolerance(null, null, tolerance)).toBe(true)
    expect(isWithinTolerance(null, 1, tolerance)).toBe(false)
    expect(isWithinTolerance(1, null, tolerance)).toBe(false)
  })
})
