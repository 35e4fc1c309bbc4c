import { describe, expect, it } from 'vitest'
import { tuneWeightPaths } from '../../../src/sim/tune/weightPaths.js'

/** A series of two windows' points with ETH prices `eth` and USD at 1, pool weight `w`. */
function series(times: number[], eth: number[], w: number[]) {
  return {
    columns: ['time', 'weight.ETH', 'weight.USD', 'price.ETH', 'price.USD'],
    data: [times, w, w.map((x) => 1 - x), eth, eth.map(() => 1)].map((c) => Float64Array.from(c)),
  }
}

describe('tuneWeightPaths', () => {
  it('holds, mixes and band-rebalances by hand-computed weights', () => {
    const runs = [series([0, 1], [100, 200], [0.5, 0.6]), series([2, 3], [400, 100], [0.55, 0.5])]
    const paths = tuneWeightPaths(['ETH', 'USD'], runs, [0.5, 0.5], { band: 0.1, cost: 0 })
    expect(paths.times).toEqual([0, 1, 2, 3])
    expect(paths.pool).toEqual([0.5, 0.6, 0.55, 0.5])
    // HODL of 0.005 ETH and 0.5 USD: ETH share 0.005 p / (0.005 p + 0.5) = p / (p + 100)
    expect(paths.hodl).toEqual([0.5, 200 / 300, 400 / 500, 100 / 200])
    expect(paths.constantMix).toEqual([0.5, 0.5, 0.5, 0.5])
    // the vault leaves the 10 % band at p = 200 (2/3 - 1/2 > 0.1) and is reset to 1/2; at
    // p = 400 its share is 2/3 again: reset; at p = 100 (from 1/2 at 400): 0.2 / 1.2 = 1/6 -> reset
    expect(paths.threshold).toEqual([0.5, 0.5, 0.5, 0.5])
  })

  it('stays inside the band without trading', () => {
    const runs = [series([0, 1, 2], [100, 110, 120], [0.5, 0.5, 0.5])]
    const paths = tuneWeightPaths(['ETH', 'USD'], runs, [0.5, 0.5], { band: 0.1, cost: 0.001 })
    // 110/210 and 120/220 are within 0.1 of 1/2: the vault holds like HODL
    expect(paths.threshold).toEqual(paths.hodl)
    expect(paths.hodl[2]).toBeCloseTo(120 / 220, 15)
  })
})
