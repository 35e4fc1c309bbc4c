import { describe, expect, it } from 'vitest'
import { computeOutGivenIn } from '../../../src/pool/float/swap.js'
import {
  arbitrageTwoToken,
  createArbitrageScratch,
  executeArbitrage,
  optimalArbitrage,
} from '../../../src/sim/agents/arbitrage.js'
import { createRng, type Rng } from '../../../src/sim/random.js'

interface Case {
  n: number
  balances: Float64Array
  weights: Float64Array
  prices: Float64Array
  swapFee: number
}

/** A random pool: 1 % to 99 % weights, balances at a market then prices moved up to +-40 %. */
function randomCase(rng: Rng, n: number, swapFee: number, spread = 0.4): Case {
  const raw = Array.from({ length: n }, () => 0.2 + rng.nextFloat())
  const total = raw.reduce((a, b) => a + b, 0)
  const weights = Float64Array.from(raw, (r) => r / total)
  const prices = Float64Array.from({ length: n }, () => Math.exp(3 * rng.nextNormal()))
  // Start at equilibrium p_k R_k / w_k = V, then move the market.
  const balances = Float64Array.from(weights, (w, k) => (w * 1e6) / prices[k]!)
  for (let k = 0; k < n; k++) prices[k] = prices[k]! * Math.exp(spread * (2 * rng.nextFloat() - 1))
  return { n, balances, weights, prices, swapFee }
}

/** Runs the closed form with no external costs. */
function optimum(c: Case, amounts: Float64Array) {
  const ones = new Float64Array(c.n).fill(1)
  const zeros = new Float64Array(c.n)
  const gamma = 1 - c.swapFee
  const scratch = createArbitrageScratch(c.n)
  const balances = Float64Array.from(c.balances)
  const profit = optimalArbitrage(
    c.n,
    balances,
    c.weights,
    c.prices,
    0,
    ones,
    ones,
    zeros,
    zeros,
    gamma,
    Math.log(gamma),
    scratch,
    amounts,
  )
  return { profit, scratch }
}

/**
 * Brute force: every signature (3^n - 2^(n+1) + 1 of them), each solved by theory.md's formulas
 * written out here (lambda, Delta, Lambda, profit), feasibility checked, best profit kept.
 */
function bruteForce(c: Case): { profit: number; amounts: number[]; signatures: number } {
  const { n, balances: R, weights: w, prices: p } = c
  const gamma = 1 - c.swapFee
  let best = { profit: 0, amounts: new Array<number>(n).fill(0) }
  let signatures = 0
  const roles = new Array<number>(n).fill(0) // 0 untouched, 1 in, 2 out
  const total = 3 ** n
  for (let code = 0; code < total; code++) {
    let rest = code
    for (let k = 0; k < n; k++) {
      roles[k] = rest % 3
      rest = Math.floor(rest / 3)
    }
    if (!roles.includes(1) || !roles.includes(2)) continue
    signatures++
    let WI = 0
    let WO = 0
    let logProduct = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 0) continue
      logProduct += w[k]! * Math.log((R[k]! * p[k]!) / w[k]!)
      if (roles[k] === 1) WI += w[k]!
      else WO += w[k]!
    }
    const lambda = Math.exp((logProduct - WI * Math.log(gamma)) / (WI + WO))
    const amounts = new Array<number>(n).fill(0)
    let feasible = true
    let profit = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 1) {
        const delta = (lambda * gamma * (w[k]! / p[k]!) - R[k]!) / gamma
        if (!(delta > 0)) feasible = false
        amounts[k] = delta
        profit -= p[k]! * delta
      } else if (roles[k] === 2) {
        const out = R[k]! - (lambda * w[k]!) / p[k]!
        if (!(out > 0)) feasible = false
        amounts[k] = -out
        profit += p[k]! * out
      }
    }
    if (feasible && profit > best.profit) best = { profit, amounts }
  }
  return { ...best, signatures }
}

/** Profit of a trade vector x (x > 0 paid in, x < 0 taken out) with the last token's amount set by the invariant. */
function profitOf(c: Case, x: number[]): number {
  const { n, balances: R, weights: w, prices: p } = c
  const gamma = 1 - c.swapFee
  let logAfter = 0
  let logBefore = 0
  let profit = 0
  for (let k = 0; k < n - 1; k++) {
    const amount = x[k]!
    const effective = R[k]! + (amount > 0 ? gamma * amount : amount)
    if (!(effective > 0)) return -Infinity
    logAfter += w[k]! * Math.log(effective)
    logBefore += w[k]! * Math.log(R[k]!)
    profit -= p[k]! * amount
  }
  const last = n - 1
  logBefore += w[last]! * Math.log(R[last]!)
  const effectiveLast = Math.exp((logBefore - logAfter) / w[last]!)
  const amountLast =
    effectiveLast >= R[last]! ? (effectiveLast - R[last]!) / gamma : effectiveLast - R[last]!
  return profit - p[last]! * amountLast
}

/** Nelder-Mead maximisation from the origin: a numerical optimiser that knows nothing of signatures. */
function nelderMead(f: (x: number[]) => number, dim: number, scale: number): number {
  let simplex = [new Array<number>(dim).fill(0)]
  for (let d = 0; d < dim; d++) simplex.push(simplex[0]!.map((v, i) => (i === d ? scale : v)))
  let values = simplex.map(f)
  for (let iter = 0; iter < 4000; iter++) {
    const order = values.map((v, i) => i).sort((a, b) => values[b]! - values[a]!)
    simplex = order.map((i) => simplex[i]!)
    values = order.map((i) => values[i]!)
    const centroid = new Array<number>(dim).fill(0)
    for (let i = 0; i < dim; i++)
      for (let d = 0; d < dim; d++) centroid[d]! += simplex[i]![d]! / dim
    const worst = simplex[dim]!
    const point = (t: number) => centroid.map((c, d) => c + t * (c - worst[d]!))
    const reflected = point(1)
    const fr = f(reflected)
    if (fr > values[0]!) {
      const expanded = point(2)
      const fe = f(expanded)
      simplex[dim] = fe > fr ? expanded : reflected
      values[dim] = Math.max(fe, fr)
    } else if (fr > values[dim - 1]!) {
      simplex[dim] = reflected
      values[dim] = fr
    } else {
      const contracted = point(-0.5)
      const fc = f(contracted)
      if (fc > values[dim]!) {
        simplex[dim] = contracted
        values[dim] = fc
      } else {
        for (let i = 1; i <= dim; i++)
          simplex[i] = simplex[i]!.map((v, d) => simplex[0]![d]! + 0.5 * (v - simplex[0]![d]!))
        values = simplex.map(f)
      }
    }
  }
  return Math.max(...values)
}

/**
 * The closed form's amount of a token against the enumeration's, to a tolerance tied to that
 * token's own amount: AMOUNT_RELATIVE of it, plus a floor of AMOUNT_FLOOR ulp of its balance.
 * The floor is the conditioning of `Delta = R (gamma lambda / a - 1) / gamma`: lambda / a is
 * near 1 at small moves, so its rounding (a few ulp, two routes to lambda) becomes an absolute
 * error of a few ulp of R in the amount, whatever the amount's size. Measured over these tests
 * (760 pools, 2-8 tokens): at most 31 ulp of R, so 64 leaves a factor 2. The old bound,
 * 1e-9 (1 + |amount|) R, let a cheap token's amount be 8 % off (issue 13).
 */
const AMOUNT_RELATIVE = 1e-12
const AMOUNT_FLOOR = 64
function expectAmountClose(got: number, want: number, balance: number): void {
  const difference = Math.abs(got - want)
  expect(difference).toBeLessThanOrEqual(
    AMOUNT_RELATIVE * Math.abs(want) + AMOUNT_FLOOR * Number.EPSILON * balance,
  )
}

describe('optimalArbitrage', () => {
  it('matches the full enumeration of all 3^n - 2^(n+1) + 1 signatures on random pools (2-6 tokens)', () => {
    const rng = createRng(11, 'arb-brute')
    for (let trial = 0; trial < 600; trial++) {
      const n = 2 + (trial % 5)
      const fee = [0, 0.001, 0.003, 0.01, 0.05][trial % 5]!
      const c = randomCase(rng, n, fee)
      const brute = bruteForce(c)
      expect(brute.signatures).toBe(3 ** n - 2 ** (n + 1) + 1)
      const amounts = new Float64Array(n)
      const { profit } = optimum(c, amounts)
      // Same optimum: both are the closed form, so only rounding separates them. The profit is a
      // difference of terms of size p R / w = 1e6 here: 1e-8 absolute is ~1e-14 of those terms.
      expect(Math.abs(profit - brute.profit)).toBeLessThanOrEqual(
        Math.max(1e-9 * brute.profit, 1e-8),
      )
      for (let k = 0; k < n; k++) expectAmountClose(amounts[k]!, brute.amounts[k]!, c.balances[k]!)
    }
  })

  it('matches an 8-token enumeration (6,050 signatures) on a few pools', () => {
    const rng = createRng(12, 'arb-brute-8')
    for (let trial = 0; trial < 20; trial++) {
      const c = randomCase(rng, 8, trial % 2 === 0 ? 0 : 0.003)
      const brute = bruteForce(c)
      expect(brute.signatures).toBe(6_050)
      const amounts = new Float64Array(8)
      const { profit } = optimum(c, amounts)
      expect(Math.abs(profit - brute.profit)).toBeLessThanOrEqual(
        Math.max(1e-9 * brute.profit, 1e-8),
      )
      // each token's amount to its own tolerance, as above
      for (let k = 0; k < 8; k++) expectAmountClose(amounts[k]!, brute.amounts[k]!, c.balances[k]!)
    }
  })

  it('matches the enumeration near the fee band, where the search takes its series (3-8 tokens)', () => {
    // Market moves of at most +-0.6 % against a 0.3 % fee: the regime of 12-second steps, where
    // the keys' log ratios and lambda's come from logRatio / expRatio series rather than
    // Math.log / Math.exp. The enumeration uses Math.log and Math.exp only.
    const rng = createRng(17, 'arb-brute-near')
    let trades = 0
    for (let trial = 0; trial < 120; trial++) {
      const n = 3 + (trial % 6)
      const c = randomCase(rng, n, 0.003, 0.006)
      const brute = bruteForce(c)
      const amounts = new Float64Array(n)
      const { profit } = optimum(c, amounts)
      if (brute.profit > 0) trades++
      // Profits here are ~1e-5 of the terms p R / w = 1e6: the 1e-8 absolute floor is 1e-14 of those.
      expect(Math.abs(profit - brute.profit)).toBeLessThanOrEqual(
        Math.max(1e-9 * brute.profit, 1e-8),
      )
      for (let k = 0; k < n; k++) expectAmountClose(amounts[k]!, brute.amounts[k]!, c.balances[k]!)
    }
    // Most cases trade (a +-0.6 % move leaves a 0.3 % band for some pair), some do not.
    expect(trades).toBeGreaterThan(60)
    expect(trades).toBeLessThan(120)
  })

  it('is not beaten by a numerical optimiser on 3-token pools with fees', () => {
    const rng = createRng(13, 'arb-nelder-mead')
    for (let trial = 0; trial < 40; trial++) {
      const c = randomCase(rng, 3, [0, 0.003, 0.02][trial % 3]!, 0.3)
      const { profit } = optimum(c, new Float64Array(3))
      const scale = (0.05 * 1e6) / Math.max(...c.prices)
      const numeric = nelderMead((x) => profitOf(c, x), 2, scale)
      // The optimiser never beats the closed form (beyond rounding) and gets within 1e-6 of it.
      expect(numeric).toBeLessThanOrEqual(profit + 1e-6 * (1 + profit))
      expect(numeric).toBeGreaterThanOrEqual(profit - 1e-4 * (1 + profit))
    }
  })

  it('leaves B_i p_i / w_i equal across tokens after a fee-free arbitrage', () => {
    const rng = createRng(14, 'arb-equal')
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + (trial % 7)
      const c = randomCase(rng, n, 0, 0.1)
      const amounts = new Float64Array(n)
      const { scratch } = optimum(c, amounts)
      const balances = Float64Array.from(c.balances)
      const log = new Float64Array(8 * n)
      const result = executeArbitrage(
        n,
        balances,
        c.weights,
        0,
        amounts,
        scratch.orderA,
        scratch.orderB,
        log,
      )
      expect(result).toBeGreaterThanOrEqual(0) // no 30 % cap at +-10 % moves
      const levels = Array.from(balances, (b, k) => (b * c.prices[k]!) / c.weights[k]!)
      const mean = levels.reduce((a, b) => a + b, 0) / n
      // Every token trades at fee 0; sequential swaps land on the optimum up to rounding.
      for (const level of levels) expect(Math.abs(level / mean - 1)).toBeLessThan(1e-12)
    }
  })

  it('executes several-in/one-out optima exactly as pairwise swaps (with fees)', () => {
    const rng = createRng(15, 'arb-one-out')
    let checked = 0
    for (let trial = 0; trial < 400 && checked < 50; trial++) {
      const n = 3 + (trial % 4)
      const c = randomCase(rng, n, 0.003, 0.1)
      const amounts = new Float64Array(n)
      const { scratch } = optimum(c, amounts)
      const outs = Array.from(amounts).filter((a) => a < 0).length
      if (outs !== 1) continue
      checked++
      const ideal = Array.from(c.balances, (b, k) => b + amounts[k]!)
      const balances = Float64Array.from(c.balances)
      executeArbitrage(
        n,
        balances,
        c.weights,
        0.003,
        Float64Array.from(amounts),
        scratch.orderA,
        scratch.orderB,
        new Float64Array(8 * n),
      )
      for (let k = 0; k < n; k++) expect(Math.abs(balances[k]! / ideal[k]! - 1)).toBeLessThan(1e-12)
    }
    expect(checked).toBe(50)
  })

  it('finds nothing inside the fee band', () => {
    // 50/50, pool price 1, market 1.002: inside gamma = 0.997.
    const amounts = new Float64Array(2)
    const c = {
      n: 2,
      balances: new Float64Array([100, 100]),
      weights: new Float64Array([0.5, 0.5]),
      prices: new Float64Array([1.002, 1]),
      swapFee: 0.003,
    }
    expect(optimum(c, amounts).profit).toBe(0)
    expect(Array.from(amounts)).toEqual([0, 0])
  })
})

describe('arbitrageTwoToken', () => {
  it('moves the pool price to the band edge: market / pool = gamma or 1 / gamma', () => {
    const rng = createRng(16, 'arb-band')
    for (let trial = 0; trial < 500; trial++) {
      const fee = [0.0005, 0.003, 0.01, 0.03][trial % 4]!
      const gamma = 1 - fee
      const w0 = 0.05 + 0.9 * rng.nextFloat()
      const balances = [1 + 1e4 * rng.nextFloat(), 1 + 1e4 * rng.nextFloat()]
      const poolPrice = balances[1]! / (1 - w0) / (balances[0]! / w0) // token 1 per token 0
      const market = poolPrice * Math.exp(0.2 * (2 * rng.nextFloat() - 1))
      const signed = arbitrageTwoToken(balances[0]!, balances[1]!, w0, market, 1, 1, 1, 1, 1, gamma)
      const ratio = market / poolPrice
      if (ratio > gamma && ratio < 1 / gamma) {
        expect(signed).toBe(0)
        continue
      }
      const tokenIn = signed > 0 ? 0 : 1
      const amountIn = Math.abs(signed)
      const wIn = tokenIn === 0 ? w0 : 1 - w0
      const out = computeOutGivenIn(
        balances[tokenIn]!,
        wIn,
        balances[1 - tokenIn]!,
        1 - wIn,
        amountIn,
        fee,
      )
      // The marginal price of the last unit uses the input net of fee, B_in + gamma * a: it sits on
      // the band edge. Token 0 paid in when the pool overprices it: market / marginal = gamma.
      const marginal = [balances[0]!, balances[1]!]
      marginal[tokenIn] = marginal[tokenIn]! + gamma * amountIn
      marginal[1 - tokenIn] = marginal[1 - tokenIn]! - out
      const edge = marginal[1]! / (1 - w0) / (marginal[0]! / w0)
      const expected = tokenIn === 0 ? gamma : 1 / gamma
      expect(Math.abs(market / edge / expected - 1)).toBeLessThan(1e-12)
      // Balancer keeps the fee in the pool, so the spot price from balances ends just inside the band.
      balances[tokenIn] = balances[tokenIn]! + amountIn
      balances[1 - tokenIn] = balances[1 - tokenIn]! - out
      const spot = balances[1]! / (1 - w0) / (balances[0]! / w0)
      expect(market / spot).toBeGreaterThan(gamma)
      expect(market / spot).toBeLessThan(1 / gamma)
    }
  })

  it('widens the band by the external fee: pool / market = gamma (1 - e) or (1 + e) / gamma', () => {
    // Token 0 risky at price p, token 1 the numeraire (no external cost).
    const fee = 0.003
    const gamma = 1 - fee
    const e = 0.002
    for (const market of [0.9, 1.1]) {
      const balances = [500, 500]
      const signed = arbitrageTwoToken(
        balances[0]!,
        balances[1]!,
        0.5,
        market,
        1,
        1 + e,
        1 - e,
        1,
        1,
        gamma,
      )
      const tokenIn = signed > 0 ? 0 : 1
      const out = computeOutGivenIn(
        balances[tokenIn]!,
        0.5,
        balances[1 - tokenIn]!,
        0.5,
        Math.abs(signed),
        fee,
      )
      // Marginal price of the last unit: input net of the pool fee (see the test above).
      balances[tokenIn] = balances[tokenIn]! + gamma * Math.abs(signed)
      balances[1 - tokenIn] = balances[1 - tokenIn]! - out
      const poolPrice = balances[1]! / balances[0]!
      // Market below the pool: buy externally at p(1+e), pay in token 0: pool ends at p (1+e) / gamma.
      const expected = market < 1 ? (1 + e) / gamma : gamma * (1 - e)
      expect(Math.abs(poolPrice / market / expected - 1)).toBeLessThan(1e-12)
    }
  })
})

describe('executeArbitrage: the 30 % limits', () => {
  // 50/50 pool of 100 and 100 at a 10 % fee. Balancer's in-limit is on the amount net of the fee:
  // amountIn * 0.9 <= 30, i.e. amountIn <= 33.33...; the gross rule would stop at 30.
  const run = (amountIn: number) => {
    const balances = new Float64Array([100, 100])
    const weights = new Float64Array([0.5, 0.5])
    // Token 0 in, token 1 out; the out amount is what the last (exact-in) swap pays anyway.
    const amounts = new Float64Array([amountIn, -1])
    const order = new Int32Array([0, 1])
    const log = new Float64Array(16)
    const result = executeArbitrage(2, balances, weights, 0.1, amounts, order, order, log)
    return { result, balances, log }
  }

  it('lets an input through whose net amount is within 30 %, even when the gross is above it', () => {
    const { result, balances, log } = run(32) // net 28.8 <= 30 < 32 gross
    expect(result).toBe(1) // one swap, no cap
    expect(log[2]).toBe(32)
    // x * y = k on the net input: 100 * 100 / (100 + 28.8).
    expect(balances[0]).toBe(132)
    expect(balances[1]).toBeCloseTo(10_000 / 128.8, 12)
  })

  it('scales an input whose net amount exceeds 30 % down to net 30 % and reports the cap', () => {
    const { result, balances, log } = run(40) // net 36 > 30
    expect(result).toBe(-2) // one swap, capped
    // Scaled by (30 / 36) (1 - 1e-12): the net input is 30 % of the balance, to 1e-12.
    expect(log[2]! * 0.9).toBeCloseTo(30, 9)
    expect(log[2]! * 0.9).toBeLessThanOrEqual(30)
    expect(balances[1]).toBeCloseTo(10_000 / 130, 9)
  })
})
