/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/agents/gas.ts
 * (docs/mutation.md). Oracle: the gas stream's own normals, drawn again from
 * `createRng(seed, 'gas', 0)` through a second set of noise buffers, draw by draw.
 */
import { describe, expect, it } from 'vitest'
import { gasSourceOf, nextGas } from '../../../src/sim/agents/gas.js'
import { createNoiseDraws, nextStandardNormal } from '../../../src/sim/agents/noise.js'
import { createRng } from '../../../src/sim/random.js'

describe('gasSourceOf and nextGas, draw by draw', () => {
  it('draws median exp(sigma Z), Z the next normal of the stream createRng(seed, "gas", 0)', () => {
    // A symmetric Z makes median / exp(sigma Z) look the same in distribution: only the draws
    // themselves tell median exp(sigma Z) apart.
    const source = gasSourceOf({ distribution: 'lognormal', median: 5, sigma: 0.5 }, 31)!
    const normals = createNoiseDraws(createRng(31, 'gas', 0))
    for (let step = 0; step < 2_000; step++) {
      const want = 5 * Math.exp(0.5 * nextStandardNormal(normals))
      expect(nextGas(source, step)).toBe(want)
    }
  })

  it('reads a time series spec as the series: the row in force at each time', () => {
    const source = gasSourceOf({ times: [0, 100, 250], gas: [4, 9, 2] }, 31)!
    const seen = [0, 99, 100, 249, 250, 1e6].map((time) => nextGas(source, time))
    expect(seen).toEqual([4, 4, 9, 9, 2, 2])
  })

  it('gives no source for a constant or no gas cost (nothing to draw)', () => {
    expect(gasSourceOf(3, 31)).toBeUndefined()
    expect(gasSourceOf(undefined, 31)).toBeUndefined()
  })
})
