/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/agents/noise.ts
 * (docs/mutation.md): the buffers' refill and the arrival gap, checked draw by draw against the
 * generator's own `nextFloat` / `nextNormal` sequence (fillFloat and fillNormal are documented
 * to give the same numbers as the repeated calls).
 */
import { describe, expect, it } from 'vitest'
import {
  NOISE_BUFFER,
  createNoiseDraws,
  nextArrivalGap,
  nextStandardNormal,
  nextUniform,
} from '../../../src/sim/agents/noise.js'
import { createRng } from '../../../src/sim/random.js'

/** `count` draws of `draw` from a generator. */
function take(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw)
}

describe('noise trader buffers', () => {
  it('fill uniforms then normals from the stream, and refill uniforms where the stream stands', () => {
    const reference = createRng(7, 'noise', 0)
    // createNoiseDraws fills NOISE_BUFFER uniforms, then NOISE_BUFFER normals; the first refill
    // of the uniforms continues the stream after both
    const first = take(NOISE_BUFFER, () => reference.nextFloat())
    take(NOISE_BUFFER, () => reference.nextNormal())
    const second = take(5, () => reference.nextFloat())
    const draws = createNoiseDraws(createRng(7, 'noise', 0))
    const got = take(NOISE_BUFFER + 5, () => nextUniform(draws))
    expect(got).toEqual([...first, ...second])
    expect(draws.uniformAt).toBe(5)
  })

  it('refill normals where the stream stands', () => {
    const reference = createRng(8, 'noise', 1)
    take(NOISE_BUFFER, () => reference.nextFloat())
    const first = take(NOISE_BUFFER, () => reference.nextNormal())
    const second = take(5, () => reference.nextNormal())
    const draws = createNoiseDraws(createRng(8, 'noise', 1))
    const got = take(NOISE_BUFFER + 5, () => nextStandardNormal(draws))
    expect(got).toEqual([...first, ...second])
    expect(draws.normalAt).toBe(5)
  })

  it('start at the first draw of each buffer', () => {
    const draws = createNoiseDraws(createRng(9, 'noise', 2))
    expect(draws.uniformAt).toBe(0)
    expect(draws.normalAt).toBe(0)
    expect(draws.uniforms).toHaveLength(NOISE_BUFFER)
    expect(draws.normals).toHaveLength(NOISE_BUFFER)
    expect(NOISE_BUFFER).toBe(4_096)
  })
})

describe('nextArrivalGap', () => {
  it('is -ln(1 - U) / rate for the next uniform U (inversion of the exponential)', () => {
    const reference = createRng(10, 'noise', 3)
    const draws = createNoiseDraws(createRng(10, 'noise', 3))
    for (let i = 0; i < 50; i++) {
      const u = reference.nextFloat()
      // nextFloat returns multiples of 2^-53, so 1 - u is exact and Math.log(1 - u) is within
      // about an ulp of ln(1 - u), as Math.log1p(-u) is: 1e-14 relative leaves libm margin
      const want = -Math.log(1 - u) / 0.25
      const got = nextArrivalGap(draws, 0.25)
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-14 * want)
    }
  })
})
