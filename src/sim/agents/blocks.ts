/**
 * Random block times for the arbitrageur: blocks arrive as a Poisson process of mean interval
 * `meanInterval` seconds (Milionis, Moallemi & Roughgarden 2023, "Automated market making and
 * arbitrage profits in the presence of fees", arXiv 2305.14604), and the arbitrageur acts at the
 * end of each step that holds at least one block. Arrival gaps come from the clock's own stream,
 * `createRng(seed, 'blocks', 0)`, read through the noise traders' buffers (same order of draws).
 * Fixed block times need no clock: a grid of `dt` = block time and `everySteps`.
 */
import { fmt } from '../../errors.js'
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

/** How an arbitrageur meets its blocks, as the scenario and the engine spell it. */
interface ArbitrageurBlocks {
  everySteps?: number
  blocks?: { meanInterval: number }
}

/** An arbitrageur's blocks in words, for messages: `everySteps 2`, `poisson blocks of mean interval 12 s`. */
function blocksText(agent: ArbitrageurBlocks): string {
  return agent.blocks === undefined
    ? `everySteps ${agent.everySteps ?? 1}`
    : `poisson blocks of mean interval ${fmt(agent.blocks.meanInterval)} s`
}

/**
 * Competing arbitrageurs act in the same blocks (one block clock, on the first one's stream,
 * serves them all): what is wrong with a later one's `everySteps` or `blocks`, else undefined.
 * The scenario validator and the engine both report it, in these words.
 * @param first - the first arbitrageur and its index in `agents`
 * @param agent - a later arbitrageur and its index
 * @returns the JSON path and the sentence, with the expected and found `everySteps` where those differ
 * @example sameBlocksProblem({ everySteps: 1 }, 0, { everySteps: 2 }, 2)?.path // 'agents[2].everySteps'
 */
export function sameBlocksProblem(
  first: ArbitrageurBlocks,
  firstIndex: number,
  agent: ArbitrageurBlocks,
  index: number,
): { path: string; detail: string; values?: { expected: number; found: number } } | undefined {
  const why = `competing arbitrageurs act in the same blocks (agents[${firstIndex}] has ${blocksText(first)}); give every arbitrageur the same everySteps and blocks`
  const expected = first.everySteps ?? 1
  const found = agent.everySteps ?? 1
  if (found !== expected)
    return {
      path: `agents[${index}].everySteps`,
      detail: `expected ${expected}, found ${found}: ${why}`,
      values: { expected, found },
    }
  if (blocksText(agent) !== blocksText(first))
    return {
      path: `agents[${index}].blocks`,
      detail: `expected ${blocksText(first)}, found ${blocksText(agent)}: ${why}`,
    }
  return undefined
}
