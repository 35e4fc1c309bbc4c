import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { createScenario } from '../../../src/sim/scenario/create.js'
import {
  fieldValues,
  gridValues,
  parseTuneParam,
  parseTuneParams,
  valueAt,
} from '../../../src/sim/tune/params.js'

describe('parseTuneParam', () => {
  it('reads ranges, log ranges and lists, integer or not as the schema says', () => {
    expect(parseTuneParam('pool.swapFee=0.001..0.01')).toEqual({
      field: 'pool.swapFee',
      isInteger: false,
      kind: 'range',
      low: 0.001,
      high: 0.01,
      isLog: false,
      values: [],
    })
    expect(parseTuneParam('pool.swapFee=1e-4..0.01:log')).toMatchObject({
      low: 0.0001,
      isLog: true,
    })
    expect(parseTuneParam('pool.schedule.lookbackSteps=7,14,28')).toMatchObject({
      isInteger: true,
      kind: 'list',
      values: [7, 14, 28],
      low: 7,
      high: 28,
    })
    expect(parseTuneParam('pool.schedule.strength=0..5').isInteger).toBe(false)
    expect(parseTuneParam('agents[0].everySteps=1..10').isInteger).toBe(true)
    expect(parseTuneParam('pool.weights[0]=0.2..0.8').isInteger).toBe(false)
  })

  const cases: [string, string][] = [
    [
      'pool.swapFee',
      '"pool.swapFee": expected field=low..high, field=low..high:log or field=a,b,c (e.g. pool.swapFee=0.001..0.01)',
    ],
    [
      'pool.swapFee=0.01..0.001',
      '"pool.swapFee=0.01..0.001": expected low < high, found 0.01..0.001',
    ],
    [
      'pool.swapFee=0..0.01:log',
      '"pool.swapFee=0..0.01:log": a log range needs low > 0, found 0 (drop ":log" or raise low)',
    ],
    [
      'pool.swapFee=cheap',
      '"pool.swapFee=cheap": expected low..high, low..high:log or a list a,b,c of numbers after "=", found "cheap"',
    ],
    [
      'pool.tokens[0]=1..2',
      '"pool.tokens[0]=1..2": pool.tokens[0] is not a numeric field of the scenario schema',
    ],
    [
      'pool.swapFeee=0..1',
      '"pool.swapFeee=0..1": pool.swapFeee is not a numeric field of the scenario schema',
    ],
    [
      'seed=1..5',
      '"seed=1..5": "seed" cannot be tuned: expected a field of pool, prices or agents',
    ],
    [
      'prices.start=1..5',
      '"prices.start=1..5": prices.start is set by the walk-forward windows (--train, --test)',
    ],
    [
      'pool.schedule.everySteps=1.5,3',
      '"pool.schedule.everySteps=1.5,3": pool.schedule.everySteps takes integers, found 1.5',
    ],
    [
      'pool.schedule.everySteps=1.2..1.8',
      '"pool.schedule.everySteps=1.2..1.8": pool.schedule.everySteps takes integers: the range holds none',
    ],
    [
      'pool..swapFee=1..2',
      '"pool..swapFee=1..2": "pool..swapFee" is not a field path: expected e.g. pool.swapFee or pool.weights[0]',
    ],
  ]
  for (const [spec, message] of cases)
    it(`refuses ${spec}`, () => {
      const parse = () => parseTuneParam(spec)
      expect(parse).toThrow(InputError)
      expect(parse).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }))
      expect(parse).toThrow(`--params: ${message}`)
    })

  it('refuses no parameters and a field given twice', () => {
    expect(() => parseTuneParams([])).toThrow(
      '--params: expected at least one field to tune, e.g. --params pool.swapFee=0.001..0.01',
    )
    expect(() => parseTuneParams(['pool.swapFee=0..0.01', 'pool.swapFee=0.1'])).toThrow(
      '--params: "pool.swapFee": the field is given twice',
    )
  })
})

describe('valueAt and gridValues', () => {
  it('spreads grid points evenly, in log for :log, the ends exact', () => {
    expect(gridValues(parseTuneParam('pool.swapFee=0.001..0.005'), 5)).toEqual([
      0.001, 0.002, 0.003, 0.004, 0.005,
    ])
    const log = gridValues(parseTuneParam('pool.swapFee=0.0001..0.01:log'), 3)
    expect(log[0]).toBe(0.0001)
    expect(log[1]).toBeCloseTo(0.001, 15) // geometric middle: sqrt(1e-4 · 1e-2); exp/log rounding
    expect(log[2]).toBe(0.01)
  })

  it('rounds integer fields and drops repeats', () => {
    // 1 + 3 i / 5 for i = 0 … 5: 1, 1.6, 2.2, 2.8, 3.4, 4 → 1, 2, 2, 3, 3, 4
    expect(gridValues(parseTuneParam('pool.schedule.everySteps=1..4'), 6)).toEqual([1, 2, 3, 4])
  })

  it('maps [0, 1] onto a list by equal shares', () => {
    const p = parseTuneParam('pool.schedule.lookbackSteps=7,14,28')
    expect([0, 0.33, 0.34, 0.66, 0.67, 1].map((u) => valueAt(p, u))).toEqual([7, 7, 14, 14, 28, 28])
  })
})

describe('fieldValues', () => {
  it('keeps the weights summing to 1 when some are tuned', () => {
    const base = createScenario({
      name: 'x',
      pool: { tokens: ['A', 'B', 'C'], weights: [0.5, 0.3, 0.2], swapFee: 0.003 },
      prices: {
        model: 'constant',
        numeraire: 'C',
        start: { A: 1, B: 1, C: 1 },
        dt: '1d',
        horizon: '2d',
      },
    })
    const params = parseTuneParams(['pool.weights[0]=0.2..0.8', 'pool.swapFee=0.001..0.01'])
    const pairs = fieldValues(base, params, [0.6, 0.002])
    expect(pairs.length).toBe(2)
    expect(pairs[0]).toEqual(['pool.swapFee', 0.002])
    expect(pairs[1]![0]).toBe('pool.weights')
    const v2 = pairs[1]![1]
    // the others keep their 3 : 2 ratio in the remaining 0.4
    const w = v2 as number[]
    expect(w[0]).toBe(0.6)
    expect(w[1]).toBeCloseTo(0.24, 15)
    expect(w[2]).toBeCloseTo(0.16, 15)
  })
})
