import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import { analyseReplay, type ReplayFeed } from '../../../src/sim/replay/economics.js'
import type { ReplayEvent, ReplayTrace } from '../../../src/sim/replay/trace.js'
import { fcParams } from '../../arbitraries.js'

/** A 50/50 X/USD pool, fee 1 %, balances [100, 10,000], 100 BPT; X at 100, 110, 120 at t = 0, 100, 200. */
const pool = {
  name: 'hand',
  protocol: 'v1' as const,
  tokens: ['X', 'USD'],
  decimals: [18, 18],
  weights: [0.5, 0.5],
  swapFee: 0.01,
}
const feed: ReplayFeed = {
  numeraire: 'USD',
  series: [{ times: [0, 100, 200], prices: [100, 110, 120] }, null],
}
const event = (
  kind: ReplayEvent['kind'],
  timestamp: number,
  deltas: number[],
  balancesAfter: number[],
  supplyAfter: number | null,
  swap?: ReplayEvent['swap'],
): ReplayEvent => ({
  kind,
  block: timestamp,
  logIndex: 0,
  timestamp,
  deltas,
  balancesAfter,
  supplyAfter,
  ...(swap ? { swap } : {}),
})
/**
 * By hand: a noise swap (1 X in, 98 USD out, at X = 100), a 10 % join (at 110), an arbitrage
 * (500 USD in, 4.8 X out at 110, while the pool priced X at 10,892.2 / 111.1 = 98.04), a 10 %
 * exit (at 120).
 */
function handTrace(hasSupply = true): ReplayTrace {
  const s = (x: number) => (hasSupply ? x : null)
  return {
    pool,
    initialBalances: [100, 10_000],
    initialSupply: hasSupply ? 100 : null,
    events: [
      event('swap', 50, [1, -98], [101, 9_902], s(100), {
        tokenIn: 0,
        tokenOut: 1,
        amountIn: 1,
        amountOut: 98,
        feeAmount: 0.01,
      }),
      event('join', 150, [10.1, 990.2], [111.1, 10_892.2], s(110)),
      event('swap', 160, [-4.8, 500], [106.3, 11_392.2], s(110), {
        tokenIn: 1,
        tokenOut: 0,
        amountIn: 500,
        amountOut: 4.8,
        feeAmount: 5,
      }),
      event('exit', 250, [-10.63, -1_139.22], [95.67, 10_252.98], s(99)),
    ],
  }
}

describe('analyseReplay on a hand-made trace', () => {
  // Hand-computed figures; 1e-9 relative covers float sums of a few terms of size 1e4.
  const close = (got: number, want: number) => {
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)))
  }

  it('gives fees, LVR, volume, arbitrage share, market P&L and flows', () => {
    const r = analyseReplay(handTrace(), feed, { maxAge: 55, interval: 0 })
    const t = r.totals
    close(t.feeIncome, 0.01 * 100 + 5) // fee · p_in per swap
    close(t.lvr, 98 - 0.99 * 100 + (4.8 * 110 - 495)) // -1 + 33
    close(t.volume, 100 + 500)
    close(t.arbVolume, 500) // only the second swap: markout 528 - 500 > 0, gap shrinks
    close(t.arbShare, 500 / 600)
    expect([t.trades, t.arbTrades]).toEqual([2, 1])
    close(t.marketPnl, 101 * 10 + 106.3 * 10) // X 100 -> 110 held 101, 110 -> 120 held 106.3
    close(t.netFlows, 10.1 * 110 + 990.2 - (10.63 * 120 + 1_139.22))
    close(t.poolValueStart, 20_000)
    close(t.poolValueEnd, 95.67 * 120 + 10_252.98)
    close(t.feeYield, 1 / 20_000 + 5 / (111.1 * 110 + 10_892.2))
    close(t.lvrYield, -1 / 20_000 + 33 / (111.1 * 110 + 10_892.2))
    expect(Math.abs(t.identityResidual)).toBeLessThan(1e-9)
  })

  it('measures LP value per BPT against HODL of the starting per-share basket', () => {
    const r = analyseReplay(handTrace(), feed, { interval: 0 })
    expect(r.basis).toBe('share')
    expect(r.startBasket).toEqual([1, 100])
    close(r.totals.lpValuePerShareStart, 200)
    close(r.totals.lpValuePerShare, (95.67 * 120 + 10_252.98) / 99)
    close(r.totals.hodlValuePerShare, 1 * 120 + 100)
    close(r.totals.returnVsHodl, (95.67 * 120 + 10_252.98) / 99 / 220 - 1)
  })

  it('unitises at value when the supply is unknown, and agrees with per-share on pro-rata joins', () => {
    const r = analyseReplay(handTrace(false), feed, { interval: 0 })
    expect(r.basis).toBe('unit')
    // units: 20,000 at the start; +10 % on the join, -10 % on the exit: 19,800
    close(r.totals.lpValuePerShare, (95.67 * 120 + 10_252.98) / 19_800)
    close(r.totals.hodlValuePerShare, 0.005 * 120 + 0.5)
    close(r.totals.returnVsHodl, (95.67 * 120 + 10_252.98) / 99 / 220 - 1)
  })

  it('does not count a profitable swap that moves the pool away from the feed price as arbitrage', () => {
    // pool at the feed price (spot 10,000 / 100 = 100 = X's price); the trader gains 110 - 100
    // at the feed, but the pool ends further from it: a mispriced fill, not an arbitrage
    const away: ReplayTrace = {
      pool,
      initialBalances: [100, 10_000],
      initialSupply: 100,
      events: [
        event('swap', 50, [-1.1, 100], [98.9, 10_100], 100, {
          tokenIn: 1,
          tokenOut: 0,
          amountIn: 100,
          amountOut: 1.1,
          feeAmount: 1,
        }),
      ],
    }
    const t = analyseReplay(away, feed).totals
    expect([t.trades, t.arbTrades, t.arbVolume]).toEqual([1, 0, 0])
  })

  it('counts events priced from an old feed point and keeps the oldest age', () => {
    const r = analyseReplay(handTrace(), feed, { maxAge: 55 })
    expect(r.events.stale).toBe(1) // t = 160 priced from t = 100
    expect(r.oldestPriceAge).toBe(60)
    expect(analyseReplay(handTrace(), feed, { maxAge: 60 }).events.stale).toBe(0)
  })

  it('keeps one series point per interval (the last event in it) after the start point', () => {
    const every = analyseReplay(handTrace(), feed, { interval: 0 }).series
    expect(Array.from(every.data[0]!)).toEqual([50, 50, 150, 160, 250])
    const hourly = analyseReplay(handTrace(), feed, { interval: 100 }).series
    expect(Array.from(hourly.data[0]!)).toEqual([50, 50, 160, 250])
    const fees = hourly.data[hourly.columns.indexOf('feeIncome')]!
    expect(Array.from(fees)).toEqual([0, 1, 6, 6])
    expect(hourly.columns.slice(-2)).toEqual(['price.X', 'price.USD'])
  })

  it('starts after the feed does, and after the event that funds an empty pool', () => {
    const trace = handTrace()
    const funded: ReplayTrace = {
      ...trace,
      initialBalances: [0, 0],
      initialSupply: 0,
      events: [
        event('join', -10, [100, 10_000], [100, 10_000], 100),
        event('join', 10, [100, 10_000], [200, 20_000], 200),
      ],
    }
    const late = analyseReplay(funded, feed)
    expect(late.events).toMatchObject({ beforeFeed: 1, startEvent: 0, analysed: 1 })
    const empty = analyseReplay({ ...funded, events: funded.events.slice(1) }, feed)
    expect(empty.events).toMatchObject({ beforeFeed: 0, startEvent: 1, analysed: 0 })
    expect(empty.totals.poolValueStart).toBe(200 * 100 + 20_000)
  })

  it('refuses a feed that prices no event, naming both ranges', () => {
    const late: ReplayFeed = { numeraire: 'USD', series: [{ times: [1_000], prices: [1] }, null] }
    const run = () => analyseReplay(handTrace(), late)
    expect(run).toThrow(InputError)
    expect(run).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(run).toThrow(
      'feed: the feed prices no event: the events run 1970-01-01T00:00:50Z to 1970-01-01T00:04:10Z, ' +
        "the feed starts X from 1970-01-01T00:16:40Z; give a feed that covers the pool's history",
    )
  })

  it('refuses a feed with a series per token missing or prices out of order', () => {
    const short = () => analyseReplay(handTrace(), { numeraire: 'USD', series: [null] })
    expect(short).toThrow(InputError)
    expect(short).toThrow(
      'feed.series: expected one price series per pool token (2: X, USD), found 1',
    )
    const back: ReplayFeed = { numeraire: 'USD', series: [{ times: [0, 0], prices: [1, 1] }, null] }
    expect(() => analyseReplay(handTrace(), back)).toThrow(
      'feed.series[0] (X): expected strictly increasing times, found 1970-01-01T00:00:00Z after 1970-01-01T00:00:00Z',
    )
  })
})

describe('analyseReplay against the engine', () => {
  it('gives the engine LVR and market P&L for a fee-free closed-form arbitrage trace', () => {
    // The test moves a fee-free 80/20 pool to each feed price by the closed form
    // x = k / (p (1 - w) / w)^(1 - w), y = p x (1 - w) / w (invariant x^w y^(1-w) = k kept);
    // the engine's every-step arbitrageur at fee 0 makes the same trades.
    const w = 0.8
    const times = Array.from({ length: 200 }, (_, i) => i * 3_600)
    let p = 2_000
    let seed = 7
    const prices = times.map(() => {
      seed = (seed * 48_271) % 2_147_483_647 // Lehmer generator: a fixed, independent path
      p *= Math.exp(0.02 * (seed / 2_147_483_647 - 0.5))
      return p
    })
    const v0 = 1_000_000
    let x = (w * v0) / prices[0]!
    let y = (1 - w) * v0
    const k = x ** w * y ** (1 - w)
    const events: ReplayEvent[] = []
    for (let i = 1; i < times.length; i++) {
      const xn = k / ((prices[i]! * (1 - w)) / w) ** (1 - w)
      const yn = (prices[i]! * xn * (1 - w)) / w
      const xIn = xn > x
      const swap = xIn
        ? { tokenIn: 0, tokenOut: 1, amountIn: xn - x, amountOut: y - yn, feeAmount: 0 }
        : { tokenIn: 1, tokenOut: 0, amountIn: yn - y, amountOut: x - xn, feeAmount: 0 }
      events.push(event('swap', times[i]!, [xn - x, yn - y], [xn, yn], 1, swap))
      x = xn
      y = yn
    }
    const trace: ReplayTrace = {
      pool: { ...pool, weights: [w, 1 - w], swapFee: 0 },
      initialBalances: [(w * v0) / prices[0]!, (1 - w) * v0],
      initialSupply: 1,
      events,
    }
    const r = analyseReplay(trace, {
      numeraire: 'USD',
      series: [{ times, prices }, null],
    })
    // the first swap is at times[1]; the analysis starts from the state before it, at prices[1]
    const engine = runSimulation({
      pool: { weights: [w, 1 - w], swapFee: 0, initialValue: v0 },
      prices: sourceFromPath({
        tokens: ['X', 'USD'],
        numeraire: 'USD',
        times: Float64Array.from(times),
        prices: Float64Array.from(prices.flatMap((q) => [q, 1])),
      }),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
    })
    const m = engine.metrics
    // 1e-9 relative: the same trades computed by two float routes over 199 steps
    expect(Math.abs(r.totals.lvr - m.lvr) / m.lvr).toBeLessThan(1e-9)
    expect(r.totals.lvr).toBeGreaterThan(0)
    expect(Math.abs(r.totals.poolValueEnd - m.lpValue) / m.lpValue).toBeLessThan(1e-9)
    // the engine's marketPnl counts the move to prices[1] too, which the replay's start skips
    const firstMove = ((w * v0) / prices[0]!) * (prices[1]! - prices[0]!)
    expect(Math.abs(r.totals.marketPnl + firstMove - m.marketPnl) / v0).toBeLessThan(1e-9)
    expect(r.totals.arbShare).toBe(1)
  })
})

describe('analyseReplay accounting identity', () => {
  it('pool value change = market P&L + fees − LVR + LP flows, on random traces', () => {
    // Random 3-token traces: swaps with fee, joins and exits of random sizes; prices random.
    const step = fc.record({
      kind: fc.constantFrom('swap', 'join', 'exit'),
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 1, max: 2 }),
      size: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
      ratio: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
      move: fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), {
        minLength: 3,
        maxLength: 3,
      }),
    })
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        let balances = [1_000, 2_000, 3_000]
        let supply = 100
        const price = [5, 1, 2]
        const times: number[] = [0]
        const series = [[...price]]
        const events: ReplayEvent[] = []
        steps.forEach((s, i) => {
          const t = (i + 1) * 60
          s.move.forEach((m, k) => (price[k]! *= Math.exp(m)))
          times.push(t)
          series.push([...price])
          const deltas = [0, 0, 0]
          let swap: ReplayEvent['swap']
          if (s.kind === 'swap') {
            const tokenIn = s.a
            const tokenOut = (s.a + s.b) % 3
            const amountIn = balances[tokenIn]! * s.size
            const amountOut = balances[tokenOut]! * s.size * s.ratio * 0.5
            deltas[tokenIn] = amountIn
            deltas[tokenOut] = -amountOut
            swap = { tokenIn, tokenOut, amountIn, amountOut, feeAmount: amountIn * 0.003 }
          } else {
            const sign = s.kind === 'join' ? 1 : -1
            deltas[s.a] = sign * balances[s.a]! * s.size
            supply *= 1 + sign * s.size * s.ratio * 0.3
          }
          balances = balances.map((x, k) => x + deltas[k]!)
          events.push(event(s.kind, t, deltas, [...balances], supply, swap))
        })
        const r = analyseReplay(
          {
            pool: {
              ...pool,
              tokens: ['A', 'B', 'C'],
              weights: [0.5, 0.3, 0.2],
              decimals: [18, 18, 18],
            },
            initialBalances: [1_000, 2_000, 3_000],
            initialSupply: 100,
            events,
          },
          {
            numeraire: 'USD',
            series: [0, 1, 2].map((k) => ({ times, prices: series.map((row) => row[k]!) })),
          },
        )
        const t = r.totals
        const lhs = t.poolValueEnd - t.poolValueStart
        const rhs = t.marketPnl + t.feeIncome - t.lvr + t.netFlows
        // rounding of sums of at most ~100 terms of size <= 1e5: 1e-7 absolute is generous
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-7)
        expect(t.arbVolume).toBeLessThanOrEqual(t.volume)
      }),
      fcParams(300),
    )
  })
})
