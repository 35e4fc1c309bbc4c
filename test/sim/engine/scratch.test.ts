/**
 * The scratch buffers reused from run to run (src/sim/engine/scratch.ts): a released buffer is
 * the next one taken of its length, zeroed; buffers of other lengths are apart; at most 32 are
 * kept per length. Lengths here are ones no engine run uses, so no other code shares them.
 */
import { describe, expect, it } from 'vitest'
import { releaseBuffers, takeBuffer } from '../../../src/sim/engine/scratch.js'

describe('scratch buffers', () => {
  it('gives a released buffer back zeroed, last released first, and a new one when none is left', () => {
    const a = takeBuffer(1_001)
    const b = takeBuffer(1_001)
    expect(a).not.toBe(b)
    a.fill(7)
    b.fill(9)
    releaseBuffers([a, b])
    const first = takeBuffer(1_001)
    const second = takeBuffer(1_001)
    expect(first).toBe(b)
    expect(second).toBe(a)
    expect([...first, ...second].every((v) => v === 0)).toBe(true)
    const third = takeBuffer(1_001)
    expect(third).not.toBe(a)
    expect(third).not.toBe(b)
    expect(third).toBeInstanceOf(Float64Array)
    expect(third.length).toBe(1_001)
    expect(third.every((v) => v === 0)).toBe(true)
  })

  it('keeps each length apart', () => {
    const short = takeBuffer(1_002)
    releaseBuffers([short])
    const other = takeBuffer(1_003)
    expect(other).not.toBe(short)
    expect(other.length).toBe(1_003)
    expect(takeBuffer(1_002)).toBe(short)
  })

  it('keeps at most 32 buffers of one length', () => {
    const buffers = Array.from({ length: 40 }, () => takeBuffer(1_004))
    releaseBuffers(buffers)
    const again = Array.from({ length: 40 }, () => takeBuffer(1_004))
    const reused = again.filter((buffer) => buffers.includes(buffer))
    expect(reused.length).toBe(32)
    // the first 32 released are the ones kept, taken back last released first
    expect(again.slice(0, 32)).toEqual(buffers.slice(0, 32).reverse())
    expect(again.slice(0, 32).every((buffer, i) => buffer === buffers[31 - i])).toBe(true)
  })
})
