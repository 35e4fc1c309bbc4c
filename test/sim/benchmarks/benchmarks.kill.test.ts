/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/benchmarks
 * (docs/mutation.md): the kernels at non-zero offsets, the band's strict edge, and every
 * validation message of compileBenchmarks.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  BENCHMARK_CONSTANT_MIX,
  BENCHMARK_HODL,
  BENCHMARK_PERIODIC,
  BENCHMARK_THRESHOLD,
  compileBenchmarks,
  isOutsideBand,
  rebalanceHoldings,
} from '../../../src/sim/benchmarks/benchmarks.js'
import type { BenchmarkSpec } from '../../../src/sim/engine/types.js'

describe('rebalanceHoldings at offsets', () => {
  it('reads holdings from `at` and prices from `offset`, and writes only its own slots', () => {
    // benchmark 1 of 2 in a flat holdings array (at = 2); prices of step 1 (offset = 2)
    const holdings = new Float64Array([7, 7, 4, 100, 7])
    const prices = new Float64Array([999, 999, 25, 1, 999])
    const weights = new Float64Array([0.5, 0.5])
    // V = 4 * 25 + 100 = 200; targets 100 each; gaps |100 - 100| + |100 - 100| = 0: no fee
    expect(rebalanceHoldings(2, holdings, 2, prices, 2, weights, 200, 0.01)).toBe(0)
    expect(Array.from(holdings)).toEqual([7, 7, 4, 100, 7])
    holdings.set([4, 0], 2)
    prices.set([50, 1], 2)
    // value 4 * 50 = 200; targets 100 and 100; gaps 100 + 100 = 200; notional 100; fee 1 at 1 %
    const fee = rebalanceHoldings(2, holdings, 2, prices, 2, weights, 200, 0.01)
    expect(fee).toBe(1)
    // h = w (V - fee) / p = 0.5 * 199 / 50 and 0.5 * 199 / 1
    expect(Array.from(holdings)).toEqual([7, 7, 1.99, 99.5, 7])
  })
})

describe('isOutsideBand', () => {
  const weights = new Float64Array([0.5, 0.5])
  it('is false on the band edge (strictly outside only) and true just beyond it', () => {
    // value weights 0.6 / 0.4 of V = 10: |6 - 5| = 1 = band * V at band 0.1 (0.1 * 10 === 1)
    const holdings = new Float64Array([0, 6, 4])
    const prices = new Float64Array([3, 1, 1])
    expect(isOutsideBand(2, holdings, 1, prices, 1, weights, 10, 0.1)).toBe(false)
    expect(isOutsideBand(2, holdings, 1, prices, 1, weights, 10, 0.09)).toBe(true)
  })
  it('checks every token, not only the first', () => {
    // three tokens: the first two on target, the third 0.2 off (and the gap made up by cash)
    const three = new Float64Array([1 / 3, 1 / 3, 1 / 3])
    const holdings = new Float64Array([1, 1, 1.6])
    const prices = new Float64Array([1, 1, 1])
    // V = 3, targets 1; gaps 0, 0, 0.6 > 0.1 * 3
    expect(isOutsideBand(3, holdings, 0, prices, 0, three, 3, 0.1)).toBe(true)
    expect(isOutsideBand(2, holdings, 0, prices, 0, three, 3, 0.1)).toBe(false)
  })
  it('reads holdings from `at` and prices from `offset`', () => {
    const holdings = new Float64Array([9, 9, 5, 5])
    const prices = new Float64Array([9, 1, 1])
    // slots 2..3 hold 5 and 5 at prices 1 and 1: V = 10, on target
    expect(isOutsideBand(2, holdings, 2, prices, 1, weights, 10, 0.01)).toBe(false)
  })
})

describe('compileBenchmarks', () => {
  it('compiles each kind with its parameters, by benchmark index', () => {
    const compiled = compileBenchmarks([
      { type: 'hodl' },
      { type: 'constant-mix', name: 'mix' },
      { type: 'periodic', everySteps: 7200, costBps: 10 },
      { type: 'threshold', band: 0.05, costBps: 30 },
    ])
    expect(compiled.names).toEqual(['hodl', 'mix', 'periodic', 'threshold'])
    expect(Array.from(compiled.kinds)).toEqual([
      BENCHMARK_HODL,
      BENCHMARK_CONSTANT_MIX,
      BENCHMARK_PERIODIC,
      BENCHMARK_THRESHOLD,
    ])
    // the kinds are the integers the step loop's switch reads
    expect([
      BENCHMARK_HODL,
      BENCHMARK_CONSTANT_MIX,
      BENCHMARK_PERIODIC,
      BENCHMARK_THRESHOLD,
    ]).toEqual([0, 1, 2, 3])
    expect(Array.from(compiled.everySteps)).toEqual([0, 0, 7200, 0])
    expect(Array.from(compiled.bands)).toEqual([0, 0, 0, 0.05])
    expect(Array.from(compiled.costs)).toEqual([0, 0, 0.001, 0.003])
  })

  it('accepts the edges: everySteps 1 and costBps 0', () => {
    const compiled = compileBenchmarks([{ type: 'periodic', everySteps: 1, costBps: 0 }])
    expect(Array.from(compiled.everySteps)).toEqual([1])
    expect(Array.from(compiled.costs)).toEqual([0])
  })

  const refusals: [string, BenchmarkSpec[], string][] = [
    [
      'a duplicate name',
      [{ type: 'hodl' }, { type: 'constant-mix', name: 'hodl' }],
      'benchmarks[1].name: duplicate benchmark name "hodl"; name one of them',
    ],
    [
      'everySteps 0',
      [{ type: 'periodic', everySteps: 0, costBps: 1 }],
      'benchmarks[0].everySteps: expected an integer >= 1, found 0',
    ],
    [
      'a band of 0',
      [{ type: 'threshold', band: 0, costBps: 1 }],
      'benchmarks[0].band: expected a fraction in (0, 1), found 0',
    ],
    [
      'a band of 1',
      [{ type: 'threshold', band: 1, costBps: 1 }],
      'benchmarks[0].band: expected a fraction in (0, 1), found 1',
    ],
    [
      'a negative periodic cost',
      [{ type: 'periodic', everySteps: 2, costBps: -1 }],
      'benchmarks[0].costBps: expected a finite number >= 0, found -1',
    ],
    [
      'an infinite threshold cost',
      [{ type: 'hodl' }, { type: 'threshold', band: 0.1, costBps: Infinity }],
      'benchmarks[1].costBps: expected a finite number >= 0, found Infinity',
    ],
    [
      'a NaN cost',
      [{ type: 'threshold', band: 0.1, costBps: NaN }],
      'benchmarks[0].costBps: expected a finite number >= 0, found NaN',
    ],
  ]
  it.each(refusals)('refuses %s with BAD_PARAMETER naming the field', (_, specs, message) => {
    const compile = () => compileBenchmarks(specs)
    expect(compile).toThrow(InputError)
    expect(compile).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER', message }))
  })
})
