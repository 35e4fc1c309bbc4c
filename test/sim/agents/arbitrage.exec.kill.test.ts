/**
 * Tests written to kill the mutants StrykerJS left alive in the last part of
 * src/sim/agents/arbitrage.ts: `fillAmounts` (the amounts of a signature found by the sorted
 * search), `arbitrageTwoToken` and `executeArbitrage` (docs/mutation.md). Oracles: the
 * weighted-pool swap formulas worked by hand on round pools (equal weights at fee 0 give exact
 * quotients: out = B_o a / (B_i + a), in = B_i o / (B_o - o)), the band edge of the two-token
 * closed form, and the documented contracts at exact floating-point ties.
 */
import { describe, expect, it } from 'vitest'
import { computeOutGivenIn } from '../../../src/pool/float/swap.js'
import {
  MAX_RATIO,
  arbitrageTwoToken,
  createArbitrageScratch,
  executeArbitrage,
  prepareSortedSearch,
  scanSignatures,
  sortedFixedPoint,
} from '../../../src/sim/agents/arbitrage.js'
import { createRng } from '../../../src/sim/random.js'

/** The float `d` units in the last place away from `x` (x > 0). */
function ulpStep(x: number, d: number): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(d))
  return view.getFloat64(0)
}

describe('fillAmounts: no trade when the signature found does not pay', () => {
  it('a 2-token pool a hair outside the band: a positive profit with the trade written, or no trade with the amounts left 0', () => {
    // Token 0 in, token 1 out, gamma b_1 = a_0 (1 + delta) with delta <= 1e-12: the profit of
    // the trade, w0 w1 V delta^2 / 2 or so, is far below the rounding of its terms (about
    // 1e-16 V), so the profit fillAmounts computes is rounding noise, positive, zero or
    // negative, while the feasibility tests (in logarithms) pass. fillAmounts documents: "returns
    // its profit, or 0 (amounts left 0) when it is not positive".
    const rng = createRng(41, 'arb-exec-tie')
    let fixedPointZero = 0
    let trades = 0
    for (let trial = 0; trial < 2_000; trial++) {
      const w0 = 0.1 + 0.8 * rng.nextFloat()
      const weights = new Float64Array([w0, 1 - w0])
      const gamma = 1 - [0, 0.003, 0.01][trial % 3]!
      const balances = new Float64Array([1 + 1e4 * rng.nextFloat(), 1 + 1e4 * rng.nextFloat()])
      const delta = (trial % 2 === 0 ? 1e-12 : 1e-14) * rng.nextFloat()
      // Keys base_k = p_k R_k / w_k with p_0 = 1; no external costs (a = b = base).
      const base0 = balances[0]! / w0
      const base1 = (base0 * (1 + delta)) / gamma
      const scratch = createArbitrageScratch(2)
      scratch.keyBase.set([base0, base1])
      scratch.keyA.set([base0, base1])
      scratch.keyB.set([base0, base1])
      const ones = new Float64Array([1, 1])
      const zeros = new Float64Array(2)
      prepareSortedSearch(2, weights, ones, zeros, zeros, scratch)
      for (const step of [sortedFixedPoint, scanSignatures]) {
        const amounts = new Float64Array(2)
        const profit = step(2, balances, gamma, Math.log(gamma), scratch, amounts)
        if (profit > 0) {
          // The trade of the signature, token 0 in and token 1 out, by the closed form:
          // lambda = (a_0 / gamma)^w0 b_1^w1 = (a_0 / gamma) (1 + delta)^w1, so
          // Delta_0 = R_0 ((1 + delta)^w1 - 1) / gamma ~ R_0 w1 delta / gamma and
          // Lambda_1 = R_1 (1 - (1 + delta)^-w0) ~ R_1 w0 delta; to 64 ulp of the balances (the
          // rounding of lambda / a near 1).
          trades++
          expect(profit).toBeLessThan(1e-9)
          const tolerance = (k: number) => 64 * Number.EPSILON * balances[k]!
          expect(Math.abs(amounts[0]! - (balances[0]! * (1 - w0) * delta) / gamma)).toBeLessThan(
            tolerance(0),
          )
          expect(Math.abs(amounts[1]! + balances[1]! * w0 * delta)).toBeLessThan(tolerance(1))
        } else {
          // No trade: 0 from fillAmounts (or the fixed point's give-up, -1), amounts untouched.
          expect([0, -1]).toContain(profit)
          if (step === scanSignatures) expect(profit).toBe(0)
          if (step === sortedFixedPoint && profit === 0) fixedPointZero++
          expect(Object.is(amounts[0], 0) && Object.is(amounts[1], 0)).toBe(true)
        }
      }
    }
    // The fixed point returns 0 only through fillAmounts: a signature passed the feasibility
    // tests and its profit was not positive. Both outcomes occur many times.
    expect(fixedPointZero).toBeGreaterThan(200)
    expect(trades).toBeGreaterThan(200)
  })
})

describe('arbitrageTwoToken on the band edge', () => {
  it('returns +0, no trade, when gamma b / a is exactly 1 in either direction', () => {
    // base_k = p_k R_k / w_k: 100 / 0.5 = 200 for both, fee 0 and no external costs, so
    // edge01 = edge10 = 1 exactly; and 4 * 25 / 0.25 = 4 * 75 / 0.75 = 400. Inside the closed
    // band [gamma, 1 / gamma]: no token in, the result 0 (not -0, a trade of token 1 of size 0).
    const cases = [
      [100, 100, 0.5, 1, 1],
      [25, 75, 0.25, 4, 4],
    ] as const
    for (const [r0, r1, w0, p0, p1] of cases) {
      const signed = arbitrageTwoToken(r0, r1, w0, p0, p1, 1, 1, 1, 1, 1)
      expect(Object.is(signed, 0)).toBe(true)
    }
    // With costs and a fee on the edge of the no-trade band of token 1 in: gamma b_0 = a_1,
    // gamma = 0.5, sell0 = 1, buy1 = 1 (all powers of two: exact).
    const signed = arbitrageTwoToken(100, 50, 0.5, 1, 1, 2, 1, 1, 1, 0.5)
    expect(Object.is(signed, 0)).toBe(true)
  })
})

describe('executeArbitrage: exact ties on its thresholds', () => {
  it('the last exact-in swap buying exactly 30 % of the out balance is not capped', () => {
    // 90/10 pool of 100 and 100, fee 0.3 %: out = 100 (1 - (100 / (100 + gamma a))^9) = 30 at
    // a = 100 ((1 / 0.7)^(1/9) - 1) / gamma; the float a whose swap pays exactly 30 (= 0.3 * 100
    // in floats) is searched within 200 ulp of it. The cap is "above 30 %": not reached.
    const swapFee = 0.003
    const start = (100 * ((1 / 0.7) ** (1 / 9) - 1)) / (1 - swapFee)
    let amountIn = NaN
    for (let d = 0; d <= 200 && Number.isNaN(amountIn); d++) {
      for (const x of [ulpStep(start, d), ulpStep(start, -d)]) {
        if (computeOutGivenIn(100, 0.9, 100, 0.1, x, swapFee) === MAX_RATIO * 100) amountIn = x
      }
    }
    expect(amountIn).toBeGreaterThan(4)
    expect(amountIn).toBeLessThan(4.1)
    const balances = new Float64Array([100, 100])
    const order = new Int32Array([0, 1])
    const log = new Float64Array(16)
    const count = executeArbitrage(
      2,
      balances,
      new Float64Array([0.9, 0.1]),
      swapFee,
      new Float64Array([amountIn, -1]),
      order,
      order,
      log,
    )
    expect(count).toBe(1) // one swap, not capped
    expect(Array.from(log.subarray(0, 4))).toEqual([0, 1, amountIn, 30])
    expect(Array.from(balances)).toEqual([100 + amountIn, 70])
  })

  it('an exact-out swap that spends the in-token to the last unit moves on to the next in- and out-token', () => {
    // Four tokens of 100 at 25 % each, fee 0. Tokens 0 (25) and 1 (10) in, 2 (20) and 3 out;
    // outOrder [0, 1, 3, 2] is read from the end, so token 2 is filled first, exactly:
    // in = 100 * 20 / (100 - 20) = 25, all of token 0. Token 1 then buys token 3 with its
    // 10 (the last out-token, exact in): 100 * 10 / (100 + 10) = 1000 / 110.
    const balances = new Float64Array([100, 100, 100, 100])
    const weights = new Float64Array([0.25, 0.25, 0.25, 0.25])
    const log = new Float64Array(32)
    const count = executeArbitrage(
      4,
      balances,
      weights,
      0,
      new Float64Array([25, 10, -20, -5]),
      new Int32Array([0, 1, 2, 3]),
      new Int32Array([0, 1, 3, 2]),
      log,
    )
    expect(count).toBe(2)
    expect(Array.from(log.subarray(0, 8))).toEqual([0, 2, 25, 20, 1, 3, 10, 1000 / 110])
    expect(Array.from(balances)).toEqual([125, 110, 80, 100 - 1000 / 110])
  })
})

describe('executeArbitrage: the 30 % scale set by the token that binds most', () => {
  it('scales every amount by the smallest limit / size, whichever token comes first', () => {
    // 50/50 pool of 100 and 100, fee 0, limits 30. Sizes 60 in (30 / 60 = 0.5) and 40 out
    // (0.75): the scale is 0.5 (1 - 1e-12) in either order of the tokens.
    for (const flip of [false, true]) {
      const balances = new Float64Array([100, 100])
      const amounts = new Float64Array(flip ? [-40, 60] : [60, -40])
      const order = new Int32Array([0, 1])
      const log = new Float64Array(16)
      const count = executeArbitrage(
        2,
        balances,
        new Float64Array([0.5, 0.5]),
        0,
        amounts,
        order,
        order,
        log,
      )
      const scale = 0.5 * (1 - 1e-12)
      expect(count).toBe(-2) // one swap, capped
      expect(Array.from(amounts)).toEqual(
        flip ? [-40 * scale, 60 * scale] : [60 * scale, -40 * scale],
      )
      const amountIn = 60 * scale
      expect(log[2]).toBe(amountIn)
      // The last out-token takes what the input buys: 100 a / (100 + a).
      expect(Math.abs(log[3]! / ((100 * amountIn) / (100 + amountIn)) - 1)).toBeLessThan(1e-15)
    }
  })
})
