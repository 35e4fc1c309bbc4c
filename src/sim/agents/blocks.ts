/**
 * Random block times for the arbitrageur: blocks arrive as a Poisson process of mean interval
 * `meanInterval` seconds (Milionis, Moallemi & Roughgarden 2023, "Automated market making and
 * arbitrage profits in the presence of fees", arXiv 2305.14604), and the arbitrageur acts at the
 * end of each step that holds at least one block. Arrival gaps come from the clock's own stream,
 * `createRng(seed, 'blocks', 0)`, read through the noise traders' buffers (same order of draws).
 * Fixed block times need no clock: a grid of `dt` = block time and `everySteps`.
 */
import { createNoiseDraws, nextArrivalGap, type NoiseDraws } from './noise.js'
import type { Rng } from '../random.js'

/** The state of a Poisson block clock: plain data, advanced by {@link blockArrived}. */
export interface BlockClock {
  /** Blocks per second, > 0. */
  readonly rate: number
  readonly draws: NoiseDraws
  /** Time of the next block, seconds from the path start. */
  next: number
  /** Steps that held at least one block so far. */
  blockSteps: number
}

/**
 * A block clock positioned at its first arrival.
 * @param rng - the clock's own stream, `createRng(seed, 'blocks', 0)`
 * @param meanInterval - mean seconds between blocks, > 0
 * @returns the clock
 * @example const clock = createBlockClock(createRng(1, 'blocks', 0), 12)
 */
export function createBlockClock(rng: Rng, meanInterval: number): BlockClock {
  const draws = createNoiseDraws(rng)
  const rate = 1 / meanInterval
  return { rate, draws, next: nextArrivalGap(draws, rate), blockSteps: 0 }
}

/**
 * Whether a block arrived up to `time` since the last call; moves the clock past `time` (several
 * blocks in one step count as one: the arbitrageur acts once on the step's prices).
 * @param clock - advanced in place
 * @param time - seconds from the path start, non-decreasing from call to call
 * @returns true when the step holds at least one block
 */
export function blockArrived(clock: BlockClock, time: number): boolean {
  if (clock.next > time) return false
  let next = clock.next
  do next += nextArrivalGap(clock.draws, clock.rate)
  while (next <= time)
  clock.next = next
  clock.blockSteps++
  return true
}
