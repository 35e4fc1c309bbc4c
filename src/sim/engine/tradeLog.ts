/**
 * The per-trade log of a run (`trades: true`): each executed swap appended as 9 numbers to one
 * growing Float64Array (doubled when full, so appends are amortised O(1) and nothing is allocated
 * per trade), turned into plain {@link Trade} objects once, after the run. Off by default: the
 * step loops read `e.tradeLog` once per chunk and log only inside the branch of an executed trade.
 */
import type { AgentSpec, Trade } from './types.js'

/** Numbers per logged trade: time, step, agent, tokenIn, tokenOut, amountIn, amountOut, valueIn, feePaid. */
const FIELDS = 9

/** The growing buffer of a run's trades. */
export interface TradeLog {
  data: Float64Array
  count: number
}

/** An empty log with room for `capacity` trades. */
export function createTradeLog(capacity = 1_024): TradeLog {
  return { data: new Float64Array(capacity * FIELDS), count: 0 }
}

/**
 * Appends one executed swap. Amounts in token units (fee included in `amountIn`), `valueIn` and
 * `feePaid` in numeraire units at the step's prices (what `volume` and `feeIncome` add up).
 */
export function logTrade(
  log: TradeLog,
  time: number,
  step: number,
  agent: number,
  tokenIn: number,
  tokenOut: number,
  amountIn: number,
  amountOut: number,
  valueIn: number,
  feePaid: number,
): void {
  let data = log.data
  const at = log.count * FIELDS
  if (at + FIELDS > data.length) {
    const grown = new Float64Array(data.length * 2)
    grown.set(data)
    data = grown
    log.data = grown
  }
  data[at] = time
  data[at + 1] = step
  data[at + 2] = agent
  data[at + 3] = tokenIn
  data[at + 4] = tokenOut
  data[at + 5] = amountIn
  data[at + 6] = amountOut
  data[at + 7] = valueIn
  data[at + 8] = feePaid
  log.count++
}

/** The log as plain trade objects, in execution order, tokens and agent types by name. */
export function tradesOf(
  log: TradeLog,
  tokens: readonly string[],
  agents: readonly AgentSpec[],
): Trade[] {
  // Stryker disable next-line ArrayDeclaration: every index below log.count is assigned, so an empty array grows to the same trades
  const trades = new Array<Trade>(log.count)
  const data = log.data
  for (let i = 0; i < log.count; i++) {
    const at = i * FIELDS
    const agent = data[at + 2]!
    trades[i] = {
      time: data[at]!,
      step: data[at + 1]!,
      agent,
      agentType: agents[agent]!.type,
      tokenIn: tokens[data[at + 3]!]!,
      tokenOut: tokens[data[at + 4]!]!,
      amountIn: data[at + 5]!,
      amountOut: data[at + 6]!,
      valueIn: data[at + 7]!,
      feePaid: data[at + 8]!,
    }
  }
  return trades
}
