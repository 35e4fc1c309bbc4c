/**
 * The sorted search of src/sim/agents/arbitrage.ts on its own: `optimalArbitrage` runs it only
 * when the token-set search reaches no fixed point, which takes a pool on the fee band's edge to
 * a few ulp (arbitrage.search.kill.test.ts builds such pools), so its steps are exported and
 * tested here directly on random pools. Oracle: every signature (tokens in I, out O) solved by
 * the closed form of the N-token arbitrage with fees (Willetts & Harrington 2024, arXiv
 * 2402.06731), in `arbitrageOracle.ts`, the most profitable feasible one kept; and the token-set
 * search (`optimalArbitrage`), which must give the same trade.
 */
import { describe, expect, it } from 'vitest'
import {
  createArbitrageScratch,
  optimalArbitrage,
  prepareSortedSearch,
  scanSignatures,
  sortedFixedPoint,
  type ArbitrageScratch,
} from '../../../src/sim/agents/arbitrage.js'
import { createRng, type Rng } from '../../../src/sim/random.js'
import { bruteForce, buyOf, sellOf } from './arbitrageOracle.js'

interface Pool {
  n: number
  balances: Float64Array
  weights: Float64Array
  prices: Float64Array
  /** External cost fraction e_k of each token: bought at p (1 + e), sold at p (1 - e). */
  costs: Float64Array
  swapFee: number
}

/**
 * A random pool of n tokens: weights of 1 % and more, balances at a market, then every price
 * moved by a factor e^(spread U), U uniform in (-1, 1); external costs up to maxCost (the last
 * token, the numeraire, none) or one cost for all tokens.
 */
function randomPool(
  rng: Rng,
  n: number,
  swapFee: number,
  spread: number,
  costs: 'none' | 'uniform' | 'mixed',
): Pool {
  const raw = Array.from({ length: n }, () => 0.02 + rng.nextFloat() ** 2)
  const total = raw.reduce((a, b) => a + b, 0)
  const weights = Float64Array.from(raw, (r) => r / total)
  const prices = Float64Array.from({ length: n }, () => Math.exp(2 * rng.nextNormal()))
  const balances = Float64Array.from(weights, (w, k) => (w * 1e6) / prices[k]!)
  for (let k = 0; k < n; k++) prices[k] = prices[k]! * Math.exp(spread * (2 * rng.nextFloat() - 1))
  const common = 0.01 * rng.nextFloat()
  const cost = Float64Array.from({ length: n }, (_, k) =>
    costs === 'none' ? 0 : costs === 'uniform' ? common : k === n - 1 ? 0 : 0.01 * rng.nextFloat(),
  )
  return { n, balances, weights, prices, costs: cost, swapFee }
}

/** bruteForce, computed once per pool (it reaches no code under test). */
const bruteResults = new WeakMap<Pool, ReturnType<typeof bruteForce>>()
function bruteOf(pool: Pool): ReturnType<typeof bruteForce> {
  let result = bruteResults.get(pool)
  if (result === undefined) {
    result = bruteForce({ ...pool, gamma: 1 - pool.swapFee })
    bruteResults.set(pool, result)
  }
  return result
}

/** The keys optimalArbitrage leaves in the scratch: p R / w, times 1 + e and 1 - e. */
function scratchWithKeys(pool: Pool): ArbitrageScratch {
  const scratch = createArbitrageScratch(pool.n)
  for (let k = 0; k < pool.n; k++) {
    const base = (pool.prices[k]! * pool.balances[k]!) / pool.weights[k]!
    scratch.keyBase[k] = base
    scratch.keyA[k] = base * (1 + pool.costs[k]!)
    scratch.keyB[k] = base * (1 - pool.costs[k]!)
  }
  return scratch
}

/** prepareSortedSearch on a fresh scratch with the pool's keys. */
function prepared(pool: Pool): ArbitrageScratch {
  const scratch = scratchWithKeys(pool)
  const buy = buyOf(pool)
  const sell = sellOf(pool)
  prepareSortedSearch(pool.n, pool.weights, buy, buy.map(Math.log), sell.map(Math.log), scratch)
  return scratch
}

type Search = 'fixed point' | 'scan' | 'token sets'

/** One search on the pool: its profit and trade vector (amounts start at 0, as optimalArbitrage sets them). */
function search(pool: Pool, which: Search): { profit: number; amounts: Float64Array } {
  const gamma = 1 - pool.swapFee
  const balances = Float64Array.from(pool.balances)
  const amounts = new Float64Array(pool.n)
  let profit: number
  if (which === 'token sets') {
    const buy = buyOf(pool)
    const sell = sellOf(pool)
    profit = optimalArbitrage(
      pool.n,
      balances,
      pool.weights,
      pool.prices,
      0,
      buy,
      sell,
      buy.map(Math.log),
      sell.map(Math.log),
      gamma,
      Math.log(gamma),
      createArbitrageScratch(pool.n),
      amounts,
    )
  } else {
    const scratch = prepared(pool)
    const step = which === 'scan' ? scanSignatures : sortedFixedPoint
    profit = step(pool.n, balances, gamma, Math.log(gamma), scratch, amounts)
  }
  // The searches read the balances only.
  expect(Array.from(balances)).toEqual(Array.from(pool.balances))
  return { profit, amounts }
}

/**
 * Profits are differences of terms w p R / w of about 1e6: 1e-8 absolute is 1e-14 of them.
 * Amounts: 1e-12 of the amount plus 64 ulp of the token's balance (the rounding of
 * lambda / a near 1, whatever the amount's size).
 */
function expectSameTrade(
  got: { profit: number; amounts: ArrayLike<number> },
  want: { profit: number; amounts: ArrayLike<number> },
  pool: Pool,
): void {
  expect(Math.abs(got.profit - want.profit)).toBeLessThanOrEqual(Math.max(1e-9 * want.profit, 1e-8))
  for (let k = 0; k < pool.n; k++) {
    const g = got.amounts[k]!
    const w = want.amounts[k]!
    // Same role (in, out, untouched) exactly; the size to rounding.
    expect(Math.sign(g)).toBe(Math.sign(w))
    expect(Math.abs(g - w)).toBeLessThanOrEqual(
      1e-12 * Math.abs(w) + 64 * Number.EPSILON * pool.balances[k]!,
    )
  }
}

/** 2-8 tokens, fees 0 to 5 %, moves near the band (the series) and far from it, three cost kinds. */
function pools(seed: number, count: number): Pool[] {
  const rng = createRng(seed, 'arb-sorted')
  const kinds = ['none', 'mixed', 'uniform'] as const
  return Array.from({ length: count }, (_, trial) =>
    randomPool(
      rng,
      2 + (trial % 7),
      [0, 0.003, 0.01, 0.05][trial % 4]!,
      [0.006, 0.05, 0.4, 2][Math.floor(trial / 7) % 4]!,
      kinds[Math.floor(trial / 28) % 3]!,
    ),
  )
}

describe('the sorted search against every signature', () => {
  const cases = pools(31, 280)

  it('its fixed point finds the brute-force optimum on random pools of 2-8 tokens, as the token-set search does', () => {
    let trades = 0
    let multi = 0
    for (const pool of cases) {
      const brute = bruteOf(pool)
      const fixed = search(pool, 'fixed point')
      if (brute.profit > 0) {
        trades++
        if (brute.amounts.filter((a) => a !== 0).length > 2) multi++
        // A trade pays: the fixed point is reached (it gives up, -1, only without one).
        expectSameTrade(fixed, brute, pool)
      } else {
        // No trade pays: no signature is feasible, so no fixed point passes the feasibility
        // check and the search gives up (-1), leaving the amounts 0.
        expect(fixed.profit).toBe(-1)
        expect(Array.from(fixed.amounts)).toEqual(new Array<number>(pool.n).fill(0))
      }
      expectSameTrade(search(pool, 'token sets'), brute, pool)
    }
    expect(trades).toBeGreaterThan(200)
    expect(multi).toBeGreaterThan(150)
  })

  it('its scan of every (m, q) finds the same optimum, and nothing inside the band', () => {
    let trades = 0
    for (const pool of cases) {
      const brute = bruteOf(pool)
      if (brute.profit > 0) trades++
      expectSameTrade(search(pool, 'scan'), brute, pool)
    }
    expect(trades).toBeGreaterThan(200)
  })
})

describe('prepareSortedSearch', () => {
  it('sorts the tokens by the buy key a and the sell key b, ties in index order', () => {
    const rng = createRng(32, 'arb-sorted-order')
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + (trial % 7)
      const pool = randomPool(
        rng,
        n,
        0.003,
        0.3,
        (['none', 'mixed', 'uniform'] as const)[trial % 3]!,
      )
      if (trial % 2 === 1) {
        // Ties: tokens 1 and n - 1 copy token 0 (same weight, balance, price and cost), so
        // equal keys, and the weights renormalized.
        for (const k of [1, n - 1]) {
          pool.weights[k] = pool.weights[0]!
          pool.balances[k] = pool.balances[0]!
          pool.prices[k] = pool.prices[0]!
          pool.costs[k] = pool.costs[0]!
        }
      }
      const scratch = prepared(pool)
      const key = (role: 'a' | 'b', k: number) =>
        (pool.prices[k]! *
          pool.balances[k]! *
          (role === 'a' ? 1 + pool.costs[k]! : 1 - pool.costs[k]!)) /
        pool.weights[k]!
      const indices = Array.from({ length: n }, (_, k) => k)
      const byA = [...indices].sort((i, j) => key('a', i) - key('a', j) || i - j)
      const byB = [...indices].sort((i, j) => key('b', i) - key('b', j) || i - j)
      expect(Array.from(scratch.orderA)).toEqual(byA)
      expect(Array.from(scratch.orderB)).toEqual(byB)
      for (let r = 0; r < n; r++) expect(scratch.rankB[byB[r]!]).toBe(r)
    }
  })

  it('takes ln a and ln b of every token, and their prefix and suffix sums', () => {
    const rng = createRng(33, 'arb-sorted-sums')
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + (trial % 7)
      const pool = randomPool(rng, n, 0.003, trial % 2 === 0 ? 0.006 : 1, 'mixed')
      const s = prepared(pool)
      const a = (k: number) =>
        (pool.prices[k]! * pool.balances[k]! * (1 + pool.costs[k]!)) / pool.weights[k]!
      const b = (k: number) =>
        (pool.prices[k]! * pool.balances[k]! * (1 - pool.costs[k]!)) / pool.weights[k]!
      const close = (got: number, want: number): void => {
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)))
      }
      for (let k = 0; k < n; k++) {
        close(s.logA[k]!, Math.log(a(k)))
        close(s.logB[k]!, Math.log(b(k)))
      }
      const w = pool.weights
      // m lowest by a (orderA[0..m-1]) and q highest by b (orderB[n-q..n-1]), from 0 to n.
      const inTokens = (m: number) => Array.from(s.orderA.subarray(0, m))
      const outTokens = (q: number) => Array.from(s.orderB.subarray(n - q))
      const sum = (tokens: number[], f: (k: number) => number) =>
        tokens.reduce((acc, k) => acc + f(k), 0)
      for (let r = 0; r <= n; r++) {
        close(
          s.preLog[r]!,
          sum(inTokens(r), (k) => w[k]! * Math.log(a(k))),
        )
        close(
          s.preWeight[r]!,
          sum(inTokens(r), (k) => w[k]!),
        )
        close(
          s.preValue[r]!,
          sum(inTokens(r), (k) => w[k]! * a(k)),
        )
        expect(s.preMaxRank[r]).toBe(Math.max(-1, ...inTokens(r).map((k) => s.rankB[k]!)))
        close(
          s.sufLog[r]!,
          sum(outTokens(r), (k) => w[k]! * Math.log(b(k))),
        )
        close(
          s.sufWeight[r]!,
          sum(outTokens(r), (k) => w[k]!),
        )
        close(
          s.sufValue[r]!,
          sum(outTokens(r), (k) => w[k]! * b(k)),
        )
      }
    }
  })
})
