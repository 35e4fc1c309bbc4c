/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/agents/blocks.ts
 * (docs/mutation.md).
 */
import { describe, expect, it } from 'vitest'
import { blockArrived, createBlockClock } from '../../../src/sim/agents/blocks.js'
import { createRng } from '../../../src/sim/random.js'

describe('blockArrived at the step time itself', () => {
  it('counts a block that arrives exactly at the step time in that step', () => {
    // "A block arrived up to `time`": the interval is closed at its end. The clock is plain
    // data, so its next arrival can be put on the step time exactly.
    const clock = createBlockClock(createRng(3, 'blocks', 0), 12)
    clock.next = 120
    expect(blockArrived(clock, 119.99999999999999)).toBe(false)
    expect(blockArrived(clock, 120)).toBe(true)
    expect(clock.next).toBeGreaterThan(120)
    expect(clock.blockSteps).toBe(1)
  })
})
