/**
 * Limits of a run that both validation and configuration check: steps, times, noise trades.
 * A module of its own so that configuring a run (a sweep's worker threads do it for every task)
 * does not load the scenario schema and zod with the validator.
 */
import { fmt } from '../../errors.js'
import { formatDuration } from './duration.js'
import type { Scenario } from './schema.js'

/** Most steps one run may have (memory is flat in steps, but time is not: ~10 s at 10 M/s). */
export const MAX_STEPS = 100_000_000
/**
 * Latest time any point of a path may have, Unix seconds: 9999-12-31T23:59:59Z, the last instant
 * with a four-digit year, which ISO 8601 dates, the CSV and Markdown reports can write. (JS
 * `Date` itself ends at 8.64e12 s; a `startTime` of 1e15 crashed after the whole simulation.)
 */
export const MAX_TIME = 253_402_300_799
/** Earliest time any point of a path may have: 0000-01-01T00:00:00Z (see {@link MAX_TIME}). */
export const MIN_TIME = -62_167_219_200
/**
 * Most noise trades one run may expect (Poisson mean, all noise traders together over the
 * horizon): 1e8, about the step bound, so a run finishes in minutes (noise trades cost ~100 ns
 * each). `tradesPerDay: 1e12` over a year would have run for weeks.
 */
export const MAX_NOISE_TRADES = 100_000_000

/**
 * Whether the noise traders would expect more than {@link MAX_NOISE_TRADES} trades over a
 * horizon: the JSON path of the busiest trader and the sentence to report, else undefined.
 * @param agents - the scenario's agents
 * @param horizon - seconds the path lasts
 * @returns where and what, or undefined when the run can finish
 * @example noiseTradesProblem([{ type: 'noise', tradesPerDay: 1e12, medianSize: 1 }], 86_400)
 */
export function noiseTradesProblem(
  agents: Scenario['agents'],
  horizon: number,
): { path: string; detail: string } | undefined {
  const days = horizon / 86_400
  let total = 0
  let busiest = -1
  agents.forEach((agent, i) => {
    if (agent.type !== 'noise') return
    total += agent.tradesPerDay * days
    const top = agents[busiest]
    if (busiest < 0 || (top?.type === 'noise' && agent.tradesPerDay > top.tradesPerDay)) busiest = i
  })
  if (!(total > MAX_NOISE_TRADES) || busiest < 0) return undefined
  const agent = agents[busiest]!
  const rate = agent.type === 'noise' ? agent.tradesPerDay : 0
  const others = total - rate * days
  const allowed = Math.max(0, (MAX_NOISE_TRADES - others) / days)
  return {
    path: `agents[${busiest}].tradesPerDay`,
    detail: `${fmt(rate)} trades a day over ${formatDuration(horizon)} expects ${fmt(total)} noise trades in all, above the ${fmt(MAX_NOISE_TRADES)} a run can finish: expected at most ${fmt(Math.floor(allowed))} a day here (or a shorter horizon)`,
  }
}
