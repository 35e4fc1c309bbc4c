/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/tradeLog.ts
 * (docs/mutation.md): the buffer's growth (a run logs more trades than the first capacity only
 * in long runs) and each field's place, checked on a log built trade by trade against the
 * plain objects the calls describe.
 */
import { describe, expect, it } from 'vitest'
import { createTradeLog, logTrade, tradesOf } from '../../../src/sim/engine/tradeLog.js'
import type { AgentSpec, Trade } from '../../../src/sim/engine/types.js'

const tokens = ['ETH', 'USDC', 'DAI']
const agents: AgentSpec[] = [
  { type: 'arbitrageur' },
  { type: 'noise', tradesPerDay: 1, medianSize: 100 },
]

/** Trade i, every field distinct from every other trade's and field's. */
function trade(i: number): Trade {
  const agent = i % 2
  return {
    time: 1_700_000_000 + 12 * i,
    step: 3 + i,
    agent,
    agentType: agents[agent]!.type,
    tokenIn: tokens[i % 3]!,
    tokenOut: tokens[(i + 1) % 3]!,
    amountIn: 1.5 + i,
    amountOut: 2.25 + 2 * i,
    valueIn: 3_000.5 + 10 * i,
    feePaid: 9.0015 + 0.03 * i,
  }
}

function append(log: ReturnType<typeof createTradeLog>, t: Trade): void {
  logTrade(
    log,
    t.time,
    t.step,
    t.agent,
    tokens.indexOf(t.tokenIn),
    tokens.indexOf(t.tokenOut),
    t.amountIn,
    t.amountOut,
    t.valueIn,
    t.feePaid,
  )
}

describe('trade log', () => {
  it('keeps every trade and field in order while growing from a capacity of one', () => {
    const log = createTradeLog(1)
    const want = Array.from({ length: 7 }, (_, i) => trade(i))
    for (const t of want) append(log, t)
    expect(log.count).toBe(7)
    // doubled when full: 1, 2, 4, 8 trades of room
    expect(log.data.length).toBe(8 * 9)
    expect(tradesOf(log, tokens, agents)).toEqual(want)
  })

  it('fills its first capacity without growing, then doubles it', () => {
    const log = createTradeLog(3)
    expect(log.data.length).toBe(27)
    for (let i = 0; i < 3; i++) append(log, trade(i))
    expect(log.data.length).toBe(27)
    append(log, trade(3))
    expect(log.data.length).toBe(54)
    expect(tradesOf(log, tokens, agents)).toEqual([0, 1, 2, 3].map(trade))
  })

  it('starts empty, with room for 1,024 trades by default', () => {
    const log = createTradeLog()
    expect(log.count).toBe(0)
    expect(log.data.length).toBe(1_024 * 9)
    expect(tradesOf(log, tokens, agents)).toEqual([])
  })
})
