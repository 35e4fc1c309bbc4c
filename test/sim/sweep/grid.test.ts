import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { validateScenario } from '../../../src/sim/scenario/validate.js'
import { cellCount, cellValues, parseFieldPath, sweepAxes } from '../../../src/sim/sweep/grid.js'
import { cellScenario } from '../../../src/sim/sweep/task.js'

/** A small valid scenario with a sweep merged in. */
function scenario(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'grid',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2500 },
      volatility: { ETH: 0.7 },
      dt: '1d',
      horizon: '10d',
    },
    ...extra,
  }
}

/** Asserts that validation throws an InputError with this code and whole message. */
function expectInvalid(raw: unknown, code: string, message: string): void {
  let caught: unknown
  try {
    validateScenario(raw, 'x.json')
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InputError)
  expect(caught).toMatchObject({ code, message })
}

describe('sweep grid', () => {
  it('reads field paths with dots and indices', () => {
    expect(parseFieldPath('prices.volatility.ETH')).toEqual(['prices', 'volatility', 'ETH'])
    expect(parseFieldPath('pool.weights[1]')).toEqual(['pool', 'weights', 1])
    expect(parseFieldPath('pool..x')).toBeUndefined()
  })

  it('crosses fields, zips groups, the last axis fastest', async () => {
    const s = validateScenario(
      scenario({
        sweep: {
          'pool.swapFee': [0.001, 0.003, 0.01],
          'pool.weights': [
            [0.5, 0.5],
            [0.8, 0.2],
          ],
          'prices.volatility.ETH': [0.4, 0.8],
          zip: [['pool.weights', 'prices.volatility.ETH']],
        },
      }),
      'x.json',
    )
    const axes = sweepAxes(s)
    expect(axes.map((a) => a.fields)).toEqual([
      ['pool.swapFee'],
      ['pool.weights', 'prices.volatility.ETH'],
    ])
    expect(cellCount(axes)).toBe(6)
    expect(cellValues(axes, 0)).toEqual([
      ['pool.swapFee', 0.001],
      ['pool.weights', [0.5, 0.5]],
      ['prices.volatility.ETH', 0.4],
    ])
    expect(cellValues(axes, 5)).toEqual([
      ['pool.swapFee', 0.01],
      ['pool.weights', [0.8, 0.2]],
      ['prices.volatility.ETH', 0.8],
    ])
    const cell = await cellScenario(s, 'x.json', 3)
    expect(cell.pool.swapFee).toBe(0.003)
    expect(cell.pool.weights).toEqual([0.8, 0.2])
    expect(cell.prices).toMatchObject({ volatility: { ETH: 0.8 } })
    expect(cell.sweep).toBeUndefined()
  })

  it('checks each value as the plain field, naming the sweep entry', () => {
    expectInvalid(
      scenario({ sweep: { 'pool.swapFee': [0.003, 0.2] } }),
      'SCENARIO_INVALID',
      'x.json: sweep["pool.swapFee"][1]: 0.2 is above the maximum 0.1',
    )
    expectInvalid(
      scenario({
        sweep: {
          'pool.weights': [
            [0.5, 0.5],
            [0.995, 0.005],
          ],
        },
      }),
      'WEIGHT_MIN',
      'x.json: sweep["pool.weights"][1][1]: 0.005 is below the 1% minimum',
    )
  })

  it('refuses zip groups of unequal lengths and fixed fields', () => {
    expectInvalid(
      scenario({
        sweep: {
          'pool.swapFee': [0.001, 0.003],
          'prices.volatility.ETH': [0.4],
          zip: [['pool.swapFee', 'prices.volatility.ETH']],
        },
      }),
      'SCENARIO_INVALID',
      'x.json: sweep.zip[0]: the fields of a zip group move together: expected lists of one length, found lengths 2, 1',
    )
    expectInvalid(
      scenario({ sweep: { seed: [1, 2] } }),
      'SCENARIO_INVALID',
      'x.json: sweep["seed"]: "seed" cannot be swept: expected a field of pool, prices or agents',
    )
  })

  it('names the cell when only a combination is invalid', () => {
    // fee 0 is valid with float math and exact-v3 valid with a 0.3 % fee; together they are not
    expectInvalid(
      scenario({ sweep: { 'pool.swapFee': [0, 0.003], 'pool.math': ['float', 'exact-v3'] } }),
      'SCENARIO_INVALID',
      'x.json: sweep (cell 1: pool.swapFee = 0, pool.math = "exact-v3"): pool.swapFee: exact-v3 pools accept a swap fee from 1e-5 to 0.1, found 0',
    )
  })

  it('names the other field when a value breaks a cross-field rule', () => {
    expectInvalid(
      scenario({
        sweep: {
          'pool.tokens': [
            ['ETH', 'USDC'],
            ['ETH', 'BTC', 'USDC'],
          ],
        },
      }),
      'SCENARIO_INVALID',
      'x.json: sweep["pool.tokens"][1] (at pool.weights): expected 3 weights (one per token), found 2',
    )
  })

  it('refuses Monte Carlo paths over a price file and windows over a model', () => {
    expectInvalid(
      scenario({ windows: { length: '90d', every: '30d' } }),
      'SCENARIO_INVALID',
      'x.json: windows: rolling windows need historical prices: expected prices.model "csv", found "gbm"',
    )
  })
  it('refuses a compareTo that names no cell, naming its JSON path', () => {
    const sweep = {
      'pool.swapFee': [0.001, 0.003],
      'pool.swapFeeRule': [{ type: 'fixed' }, { type: 'fixed' }],
      'pool.weights': [
        [0.5, 0.5],
        [0.8, 0.2],
      ],
      zip: [['pool.swapFee', 'pool.swapFeeRule']],
    }
    const common = { sweep, commonPaths: true }
    expectInvalid(
      scenario({ ...common, compareTo: { 'pool.fee': 0.003 } }),
      'SCENARIO_INVALID',
      'x.json: compareTo["pool.fee"]: "pool.fee" is not a swept field: expected one of "pool.swapFee", "pool.swapFeeRule", "pool.weights"',
    )
    expectInvalid(
      scenario({ ...common, compareTo: { 'pool.swapFee': 0.002 } }),
      'SCENARIO_INVALID',
      'x.json: compareTo["pool.swapFee"]: 0.002 is not among the swept values: expected one of 0.001, 0.003',
    )
    expectInvalid(
      scenario({ ...common, compareTo: { 'pool.weights': [0.2, 0.8] } }),
      'SCENARIO_INVALID',
      'x.json: compareTo["pool.weights"]: [0.2,0.8] is not among the swept values: expected one of [0.5,0.5], [0.8,0.2]',
    )
    expectInvalid(
      scenario({
        ...common,
        sweep: { ...sweep, 'pool.swapFeeRule': [{ type: 'fixed' }, { type: 'volatility' }] },
        compareTo: { 'pool.swapFee': 0.001, 'pool.swapFeeRule': { type: 'volatility' } },
      }),
      'SCENARIO_INVALID',
      'x.json: compareTo: no cell has pool.swapFee = 0.001 and pool.swapFeeRule = {"type":"volatility"}: these fields move together (a zip group); expected values at one position of their lists',
    )
    expectInvalid(
      scenario({ ...common, compareTo: {} }),
      'SCENARIO_INVALID',
      'x.json: compareTo: expected at least one swept field and its value, e.g. {"pool.swapFee": …}',
    )
    expectInvalid(
      scenario({ sweep, compareTo: { 'pool.swapFee': 0.003 } }),
      'SCENARIO_INVALID',
      'x.json: compareTo: the differences from a reference cell are paired by path: expected "commonPaths": true beside "compareTo"',
    )
    expectInvalid(
      scenario({ commonPaths: true, compareTo: { 'pool.swapFee': 0.003 } }),
      'SCENARIO_INVALID',
      'x.json: compareTo: names swept fields: expected a "sweep" with the fields it names',
    )
    expectInvalid(
      scenario({ sweep: { commonPaths: [true, false] } }),
      'SCENARIO_INVALID',
      'x.json: sweep["commonPaths"]: "commonPaths" cannot be swept: expected a field of pool, prices or agents',
    )
  })

  it("leaves commonPaths and compareTo out of each cell's plain scenario", async () => {
    const s = validateScenario(
      scenario({
        sweep: { 'pool.swapFee': [0.001, 0.003] },
        commonPaths: true,
        compareTo: { 'pool.swapFee': 0.003 },
      }),
      'x.json',
    )
    const cell = await cellScenario(s, 'x.json', 1)
    expect(cell.pool.swapFee).toBe(0.003)
    expect('commonPaths' in cell || 'compareTo' in cell).toBe(false)
  })
})
