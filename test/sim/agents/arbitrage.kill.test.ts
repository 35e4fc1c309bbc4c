/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/agents/arbitrage.ts
 * (docs/mutation.md). Oracles: the signatures' closed forms (theory.md) with external costs,
 * enumerated in full; the two-token band edge with costs on both tokens; the same prices read
 * at another offset.
 */
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { computeOutGivenIn } from '../../../src/pool/float/swap.js'
import {
  MAX_RATIO,
  arbitrageTwoToken,
  createArbitrageScratch,
  executeArbitrage,
  expRatio,
  logRatio,
  optimalArbitrage,
} from '../../../src/sim/agents/arbitrage.js'
import { createRng, type Rng } from '../../../src/sim/random.js'

interface Case {
  n: number
  balances: Float64Array
  weights: Float64Array
  prices: Float64Array
  /** External cost fraction e_k of each token (0 for the last, the numeraire). */
  costs: Float64Array
  swapFee: number
}

/** A random pool: 1 % to 99 % weights, balances at a market then prices moved by up to +-spread. */
function randomCase(rng: Rng, n: number, swapFee: number, spread: number, maxCost: number): Case {
  const raw = Array.from({ length: n }, () => 0.2 + rng.nextFloat())
  const total = raw.reduce((a, b) => a + b, 0)
  const weights = Float64Array.from(raw, (r) => r / total)
  const prices = Float64Array.from({ length: n }, () => Math.exp(3 * rng.nextNormal()))
  const balances = Float64Array.from(weights, (w, k) => (w * 1e6) / prices[k]!)
  for (let k = 0; k < n; k++) prices[k] = prices[k]! * Math.exp(spread * (2 * rng.nextFloat() - 1))
  const costs = Float64Array.from({ length: n }, (_, k) =>
    k === n - 1 ? 0 : maxCost * rng.nextFloat(),
  )
  return { n, balances, weights, prices, costs, swapFee }
}

/** optimalArbitrage on a case, the prices read at `offset` in `prices`. */
function optimum(c: Case, amounts: Float64Array, prices = c.prices, offset = 0): number {
  const buy = Float64Array.from(c.costs, (e) => 1 + e)
  const sell = Float64Array.from(c.costs, (e) => 1 - e)
  const gamma = 1 - c.swapFee
  return optimalArbitrage(
    c.n,
    Float64Array.from(c.balances),
    c.weights,
    prices,
    offset,
    buy,
    sell,
    buy.map(Math.log),
    sell.map(Math.log),
    gamma,
    Math.log(gamma),
    createArbitrageScratch(c.n),
    amounts,
  )
}

/**
 * Every signature (tokens in I, out O) by theory.md's closed form with the effective prices
 * `p (1 + e)` for tokens bought outside and paid in, `p (1 - e)` for tokens taken out and sold:
 * lambda = [prod (R p' / w)^w / gamma^W_I]^(1 / (W_I + W_O)), Delta_i = (lambda gamma w_i / p'_i
 * - R_i) / gamma, Lambda_j = R_j - lambda w_j / p'_j; the best feasible profit kept.
 */
function bruteForce(c: Case): { profit: number; amounts: number[] } {
  const { n, balances: R, weights: w, prices: p, costs: e } = c
  const gamma = 1 - c.swapFee
  let best = { profit: 0, amounts: new Array<number>(n).fill(0) }
  const roles = new Array<number>(n).fill(0) // 0 untouched, 1 in, 2 out
  for (let code = 0; code < 3 ** n; code++) {
    let rest = code
    for (let k = 0; k < n; k++) {
      roles[k] = rest % 3
      rest = Math.floor(rest / 3)
    }
    if (!roles.includes(1) || !roles.includes(2)) continue
    let WI = 0
    let WO = 0
    let logProduct = 0
    const effective = roles.map((role, k) => p[k]! * (role === 1 ? 1 + e[k]! : 1 - e[k]!))
    for (let k = 0; k < n; k++) {
      if (roles[k] === 0) continue
      logProduct += w[k]! * Math.log((R[k]! * effective[k]!) / w[k]!)
      if (roles[k] === 1) WI += w[k]!
      else WO += w[k]!
    }
    const lambda = Math.exp((logProduct - WI * Math.log(gamma)) / (WI + WO))
    const amounts = new Array<number>(n).fill(0)
    let feasible = true
    let profit = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 1) {
        const delta = (lambda * gamma * (w[k]! / effective[k]!) - R[k]!) / gamma
        if (!(delta > 0)) feasible = false
        amounts[k] = delta
        profit -= effective[k]! * delta
      } else if (roles[k] === 2) {
        const out = R[k]! - (lambda * w[k]!) / effective[k]!
        if (!(out > 0)) feasible = false
        amounts[k] = -out
        profit += effective[k]! * out
      }
    }
    if (feasible && profit > best.profit) best = { profit, amounts }
  }
  return best
}

/**
 * The tolerance of arbitrage.test.ts: 1e-12 of the token's own amount plus 64 ulp of its
 * balance (the rounding of lambda / a near 1, whatever the amount's size).
 */
function expectAmountClose(got: number, want: number, balance: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(
    1e-12 * Math.abs(want) + 64 * Number.EPSILON * balance,
  )
}

describe('optimalArbitrage with external costs on every token', () => {
  it('matches the full enumeration with effective prices p (1 + e) in, p (1 - e) out (2-6 tokens)', () => {
    const rng = createRng(21, 'arb-kill-costs')
    let trades = 0
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + (trial % 5)
      // Far from the band (+-40 %, Math.log / Math.exp) and near it (+-0.6 %, the series).
      const spread = trial % 2 === 0 ? 0.4 : 0.006
      const c = randomCase(rng, n, [0, 0.003, 0.01][trial % 3]!, spread, 0.004)
      const brute = bruteForce(c)
      const amounts = new Float64Array(n)
      const profit = optimum(c, amounts)
      if (brute.profit > 0) trades++
      // Profits are differences of terms p R / w of 1e6: 1e-8 absolute is 1e-14 of them.
      expect(Math.abs(profit - brute.profit)).toBeLessThanOrEqual(
        Math.max(1e-9 * brute.profit, 1e-8),
      )
      for (let k = 0; k < n; k++) expectAmountClose(amounts[k]!, brute.amounts[k]!, c.balances[k]!)
    }
    expect(trades).toBeGreaterThan(150)
  })

  it('reads the prices at priceOffset: the same optimum from a row of a larger array', () => {
    const rng = createRng(22, 'arb-kill-offset')
    for (let trial = 0; trial < 100; trial++) {
      const n = 2 + (trial % 7)
      const c = randomCase(rng, n, 0.003, 0.3, 0.002)
      // Three rows of prices; the case's prices in the middle one, other numbers around them.
      const rows = new Float64Array(3 * n)
      for (let k = 0; k < 3 * n; k++) rows[k] = Math.exp(rng.nextNormal())
      rows.set(c.prices, n)
      const direct = new Float64Array(n)
      const viaOffset = new Float64Array(n)
      expect(optimum(c, viaOffset, rows, n)).toBe(optimum(c, direct))
      expect(Array.from(viaOffset)).toEqual(Array.from(direct))
    }
  })
})

describe('arbitrageTwoToken with external costs on both tokens', () => {
  it('ends on the band edge of the effective prices: gamma x marginal price = p_in (1 + e_in) / (p_out (1 - e_out))', () => {
    // Token i paid in (bought outside at p_i (1 + e_i)), token o taken out (sold at
    // p_o (1 - e_o)): the arbitrage stops where one more unit in buys gamma (R_o / w_o) /
    // (R'_i / w_i) of token o, R'_i = R_i + gamma Delta the balance net of the fee, and that is
    // worth exactly its cost: gamma (R_o / w_o) / (R'_i / w_i) p_o (1 - e_o) = p_i (1 + e_i).
    const rng = createRng(23, 'arb-kill-two')
    const byToken = [0, 0]
    for (let trial = 0; trial < 400; trial++) {
      const swapFee = [0.0005, 0.003, 0.01][trial % 3]!
      const gamma = 1 - swapFee
      const w0 = 0.05 + 0.9 * rng.nextFloat()
      const weights = [w0, 1 - w0]
      const balances = [1 + 1e4 * rng.nextFloat(), 1 + 1e4 * rng.nextFloat()]
      const prices = [Math.exp(rng.nextNormal()), Math.exp(rng.nextNormal())]
      const e = [0.01 * rng.nextFloat(), 0.01 * rng.nextFloat()]
      const signed = arbitrageTwoToken(
        balances[0]!,
        balances[1]!,
        w0,
        prices[0]!,
        prices[1]!,
        1 + e[0]!,
        1 - e[0]!,
        1 + e[1]!,
        1 - e[1]!,
        gamma,
      )
      // Inside the band of the effective prices when neither direction pays.
      const level = (k: number) => (prices[k]! * balances[k]!) / weights[k]!
      const pays01 = (gamma * level(1) * (1 - e[1]!)) / (level(0) * (1 + e[0]!)) > 1
      const pays10 = (gamma * level(0) * (1 - e[0]!)) / (level(1) * (1 + e[1]!)) > 1
      if (!pays01 && !pays10) {
        expect(signed).toBe(0)
        continue
      }
      const i = signed > 0 ? 0 : 1
      const o = 1 - i
      expect(i).toBe(pays01 ? 0 : 1)
      byToken[i]!++
      const amountIn = Math.abs(signed)
      const out = computeOutGivenIn(
        balances[i]!,
        weights[i]!,
        balances[o]!,
        weights[o]!,
        amountIn,
        swapFee,
      )
      const netIn = balances[i]! + gamma * amountIn
      const marginal = (gamma * ((balances[o]! - out) / weights[o]!)) / (netIn / weights[i]!)
      const worth = (marginal * prices[o]! * (1 - e[o]!)) / (prices[i]! * (1 + e[i]!))
      expect(Math.abs(worth - 1)).toBeLessThan(1e-12)
    }
    // Both directions were exercised.
    expect(byToken[0]).toBeGreaterThan(50)
    expect(byToken[1]).toBeGreaterThan(50)
  })
})

describe('optimalArbitrage: the fast search answers, the sorted search is the fallback', () => {
  it('leaves the scratch orders as the identity, as the token-set search documents', () => {
    // The token-set (bit mask) search reaches a fixed point on every pool tried (over 7e5
    // random pools of 2-8 tokens, with and without external costs); the sorted search behind
    // it gives the same optimum, so a change that sends the work to it shows only in the
    // scratch orders it leaves sorted. executeArbitrage spends the in-tokens in that order.
    const rng = createRng(24, 'arb-kill-fast')
    let multi = 0
    for (let trial = 0; trial < 400; trial++) {
      const n = 3 + (trial % 6)
      // far from the band (Math.log, Math.exp) and near it (+-0.6 %: logRatio's and expRatio's series)
      const spread = trial % 4 < 2 ? 0.3 : 0.006
      const c = randomCase(rng, n, 0.003, spread, trial % 2 === 0 ? 0 : 0.002)
      const buy = Float64Array.from(c.costs, (e) => 1 + e)
      const sell = Float64Array.from(c.costs, (e) => 1 - e)
      const scratch = createArbitrageScratch(n)
      const amounts = new Float64Array(n)
      const profit = optimalArbitrage(
        n,
        Float64Array.from(c.balances),
        c.weights,
        c.prices,
        0,
        buy,
        sell,
        buy.map(Math.log),
        sell.map(Math.log),
        1 - c.swapFee,
        Math.log(1 - c.swapFee),
        scratch,
        amounts,
      )
      if (!(profit > 0)) continue
      if (Array.from(amounts).filter((a) => a > 0).length > 1) multi++
      const identity = Array.from({ length: n }, (_, k) => k)
      expect(Array.from(scratch.orderA)).toEqual(identity)
      expect(Array.from(scratch.orderB)).toEqual(identity)
    }
    expect(multi).toBeGreaterThan(20)
  })
})

describe('executeArbitrage: one token in, several out', () => {
  it('pays the in-token in full, gives each out-token but the last exactly its amount, the last the rest', () => {
    // theory.md: with one token in and several out, the pairwise swaps pay the fee on inputs
    // already in the pool, so the last out-token (filled by an exact-in swap) gets a little
    // less than the ideal; the others get their ideal amounts exactly (exact-out swaps).
    const rng = createRng(25, 'arb-kill-one-in')
    let checked = 0
    for (let trial = 0; trial < 2_000 && checked < 40; trial++) {
      const n = 3 + (trial % 4)
      const c = randomCase(rng, n, 0.003, 0.1, 0)
      const amounts = new Float64Array(n)
      const profit = optimum(c, amounts)
      const ins = Array.from(amounts).filter((a) => a > 0).length
      const outs = Array.from(amounts).filter((a) => a < 0).length
      if (!(profit > 0) || ins !== 1 || outs < 2) continue
      checked++
      const order = Int32Array.from({ length: n }, (_, k) => k)
      const balances = Float64Array.from(c.balances)
      const log = new Float64Array(8 * n)
      const count = executeArbitrage(
        n,
        balances,
        c.weights,
        c.swapFee,
        Float64Array.from(amounts),
        order,
        order,
        log,
      )
      expect(count).toBe(outs) // one swap per out-token, no cap
      const last = Array.from(amounts).findIndex((a) => a < 0) // filled last (outOrder read from the end)
      for (let k = 0; k < n; k++) {
        const want = c.balances[k]! + amounts[k]!
        if (amounts[k] === 0) expect(balances[k]).toBe(c.balances[k])
        else if (k !== last) expect(Math.abs(balances[k]! / want - 1)).toBeLessThan(1e-12)
        else {
          // The last out-token: some of its ideal amount, most of it (the extra fee is small).
          const got = c.balances[k]! - balances[k]!
          expect(got).toBeGreaterThan(0.9 * -amounts[k]!)
          expect(got).toBeLessThanOrEqual(-amounts[k]! * (1 + 1e-12))
        }
      }
    }
    expect(checked).toBe(40)
  })

  it('skips an untouched token that sits between two out-tokens in the order', () => {
    // Token 0 in, 1 and 3 out, 2 untouched: the swaps go 0 -> 3 (exact out), 0 -> 1 (the rest).
    const balances = new Float64Array([100, 100, 100, 100])
    const weights = new Float64Array([0.25, 0.25, 0.25, 0.25])
    const amounts = new Float64Array([10, -3, 0, -3])
    const order = new Int32Array([0, 1, 2, 3])
    const log = new Float64Array(32)
    const count = executeArbitrage(4, balances, weights, 0.003, amounts, order, order, log)
    expect(count).toBe(2)
    expect(Array.from(log.subarray(0, 8))).toEqual([0, 3, log[2], 3, 0, 1, log[6], log[7]])
    expect(balances[2]).toBe(100)
    expect(balances[3]).toBe(97)
    expect(balances[0]).toBe(110)
  })
})

describe('executeArbitrage: nothing to do', () => {
  it('makes no swap when no token is paid in, or none taken out', () => {
    const weights = new Float64Array([0.5, 0.5])
    const order = new Int32Array([0, 1])
    for (const amounts of [
      [0, 0],
      [5, 0],
      [0, -5],
    ]) {
      const balances = new Float64Array([100, 100])
      const log = new Float64Array(16)
      expect(
        executeArbitrage(
          2,
          balances,
          weights,
          0.003,
          Float64Array.from(amounts),
          order,
          order,
          log,
        ),
      ).toBe(0)
      expect(Array.from(balances)).toEqual([100, 100])
      expect(Array.from(log)).toEqual(new Array<number>(16).fill(0))
    }
  })
})

describe('executeArbitrage: the 30 % limit at its edge', () => {
  // 50/50 pool of 100 and 100, fee 0: the input's limit is 30 % of its balance, MAX_RATIO * 100.
  const run = (amountIn: number) => {
    const balances = new Float64Array([100, 100])
    const order = new Int32Array([0, 1])
    const log = new Float64Array(16)
    const amounts = new Float64Array([amountIn, -1])
    const result = executeArbitrage(
      2,
      balances,
      new Float64Array([0.5, 0.5]),
      0,
      amounts,
      order,
      order,
      log,
    )
    return { result, amountIn: log[2]! }
  }

  it('lets an input of exactly 30 % through unscaled', () => {
    const limit = MAX_RATIO * 100
    expect(run(limit)).toEqual({ result: 1, amountIn: limit })
  })

  it('scales an input 5e-13 above 30 % to below it, and reports the cap', () => {
    const limit = MAX_RATIO * 100
    const { result, amountIn } = run(limit * (1 + 5e-13))
    expect(result).toBe(-2)
    expect(amountIn).toBeLessThanOrEqual(limit)
    expect(amountIn).toBeGreaterThan(limit * (1 - 2e-12))
  })
})

describe('executeArbitrage: the last out-token capped at 30 % of its balance', () => {
  // The last out-token takes what the remaining input buys (exact in); a heavy in-token buys
  // far more than 30 % of a light out-token, so that swap is cut to 30 % of the out-token's
  // balance as it stands and the input to what those 30 % cost. Oracle: Balancer's formulas
  // written out, in = B_i ((B_o / (B_o - out))^(w_o / w_i) - 1) / gamma.
  const swapFee = 0.003
  const gamma = 1 - swapFee
  const inGivenOut = (bIn: number, wIn: number, bOut: number, wOut: number, out: number) =>
    (bIn * ((bOut / (bOut - out)) ** (wOut / wIn) - 1)) / gamma

  it('two tokens: 30 of 100 out, the input what they cost, the cap reported', () => {
    // 25 in (gamma 25 < 30, under the in-limit) would buy 100 (1 - (100 / 124.925)^9) = 86.5.
    const balances = new Float64Array([100, 100])
    const weights = new Float64Array([0.9, 0.1])
    const order = new Int32Array([0, 1])
    const log = new Float64Array(16)
    const count = executeArbitrage(
      2,
      balances,
      weights,
      swapFee,
      new Float64Array([25, -1]),
      order,
      order,
      log,
    )
    const amountIn = inGivenOut(100, 0.9, 100, 0.1, 30)
    expect(amountIn).toBeLessThan(25)
    expect(count).toBe(-2) // one swap, capped
    expect(log[0]).toBe(0)
    expect(log[1]).toBe(1)
    expect(Math.abs(log[2]! / amountIn - 1)).toBeLessThan(1e-12)
    expect(log[3]).toBe(MAX_RATIO * 100)
    expect(balances[1]).toBe(100 - MAX_RATIO * 100)
    expect(Math.abs(balances[0]! / (100 + amountIn) - 1)).toBeLessThan(1e-14)
  })

  it('three tokens: the first out-token gets its amount, the last is capped at 30 % of its balance', () => {
    // Token 0 in (25), tokens 1 and 2 out (1 each); outOrder is read from the end, so token 2
    // gets exactly 1 (exact out), token 1 what the rest buys, capped at 30.
    const balances = new Float64Array([100, 100, 100])
    const weights = new Float64Array([0.8, 0.1, 0.1])
    const order = new Int32Array([0, 1, 2])
    const log = new Float64Array(24)
    const count = executeArbitrage(
      3,
      balances,
      weights,
      swapFee,
      new Float64Array([25, -1, -1]),
      order,
      order,
      log,
    )
    const first = inGivenOut(100, 0.8, 100, 0.1, 1)
    const second = inGivenOut(100 + first, 0.8, 100, 0.1, 30)
    expect(first + second).toBeLessThan(25)
    expect(count).toBe(-3) // two swaps, capped
    expect(Array.from(log.subarray(0, 2))).toEqual([0, 2])
    expect(log[3]).toBe(1)
    expect(Array.from(log.subarray(4, 6))).toEqual([0, 1])
    expect(log[7]).toBe(30)
    expect(Math.abs(log[6]! / second - 1)).toBeLessThan(1e-12)
    expect(balances[2]).toBe(99)
    expect(balances[1]).toBe(70)
    expect(Math.abs(balances[0]! / (100 + first + second) - 1)).toBeLessThan(1e-14)
  })
})

describe('expRatio and logRatio: e^s and ln x to about an ulp, series or not', () => {
  // Oracle: decimal.js at 60 digits, from the exact binary value of the argument.
  const D = Decimal.clone({ precision: 60 })
  const exact = (x: number) => new D(x.toPrecision(60))
  const limit = 2 ** -7 // where the series hand over to Math.exp / Math.log

  /** Arguments: a grid across (-limit, limit), the points next to +-limit, and far from 0. */
  const near = [
    ...Array.from({ length: 201 }, (_, k) => ((k - 100) / 100) * limit * (1 - 1e-9)),
    limit * (1 - 2 ** -20),
    -limit * (1 - 2 ** -20),
  ]
  const far = [limit, -limit, 0.01, -0.01, 0.5, -0.5, 2, -2, 20, -20]

  it('expRatio(s) is e^s within 2^-51 relative (two ulp near 1)', () => {
    for (const s of [...near, ...far]) {
      const want = exact(s).exp()
      const error = new D(expRatio(s)).minus(want).div(want).abs().toNumber()
      expect(error, `s = ${s}`).toBeLessThanOrEqual(2 ** -51)
    }
  })

  it('logRatio(x) is ln x within 2^-51 of |ln x|, near 1 (the series) and far from it', () => {
    for (const x of [
      ...near.map((u) => 1 + u),
      ...far.filter((s) => s > -1).map((s) => 1 + s),
      1e6,
    ]) {
      if (x === 1) {
        expect(logRatio(x)).toBe(0)
        continue
      }
      const want = exact(x).ln()
      const error = new D(logRatio(x)).minus(want).div(want).abs().toNumber()
      expect(error, `x = ${x}`).toBeLessThanOrEqual(2 ** -51)
    }
  })
})
