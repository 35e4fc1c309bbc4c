/**
 * The arbitrageur's profit-maximising trade against external prices, in closed form, and its
 * execution as pairwise swaps through the pool's own kernels. Everything here works on typed
 * arrays allocated once per run: the engine calls it inside the step loop.
 *
 * External venue costs: the arbitrageur buys the tokens it pays into the pool at `p_k (1 + e_k)`
 * and sells the tokens it takes out at `p_k (1 - e_k)`, where `e_k` is the external fee (0 for the
 * numeraire itself, which needs no trade). Replacing `p_k` by these effective prices in the
 * closed form of theory.md is exact, because each token enters the optimum only through its own
 * price and role. For two tokens the no-trade band widens from `gamma` to
 * `gamma (1 - e_out) / (1 + e_in)`.
 */
import { computeInGivenOut, computeOutGivenIn } from '../../pool/float/swap.js'

/** Balancer's per-swap limits: at most 30 % of the balance in may enter, 30 % of the balance out leave. */
export const MAX_RATIO = 0.3

/** Scratch arrays for {@link optimalArbitrage}, allocated once per run for `n` tokens. */
export interface ArbitrageScratch {
  /** Token indices sorted by the buy key `a_k` ascending. */
  readonly orderA: Int32Array
  /** Token indices sorted by the sell key `b_k` ascending. */
  readonly orderB: Int32Array
  /** Rank of each token in `orderB`. */
  readonly rankB: Int32Array
  /** `p_k R_k / w_k` by token, and the keys with external costs. */
  readonly keyBase: Float64Array
  readonly keyA: Float64Array
  readonly keyB: Float64Array
  /**
   * `ln a_k`, `ln b_k` up to one additive constant common to all tokens (the searches only
   * compare and average them, so it cancels); the mask search fills only the tokens it visits.
   */
  readonly logA: Float64Array
  readonly logB: Float64Array
  /** Prefix sums over `orderA` (index m = number of tokens in): sum w ln a, sum w, sum w a, max rank in orderB. */
  readonly preLog: Float64Array
  readonly preWeight: Float64Array
  readonly preValue: Float64Array
  readonly preMaxRank: Int32Array
  /** Suffix sums over `orderB` (index q = number of tokens out): sum w ln b, sum w, sum w b. */
  readonly sufLog: Float64Array
  readonly sufWeight: Float64Array
  readonly sufValue: Float64Array
}

/**
 * Allocates the scratch space of {@link optimalArbitrage}.
 * @param n - number of tokens, 2 to 8
 * @returns fresh arrays
 * @example const scratch = createArbitrageScratch(3)
 */
export function createArbitrageScratch(n: number): ArbitrageScratch {
  return {
    orderA: new Int32Array(n),
    orderB: new Int32Array(n),
    rankB: new Int32Array(n),
    keyBase: new Float64Array(n),
    keyA: new Float64Array(n),
    keyB: new Float64Array(n),
    logA: new Float64Array(n),
    logB: new Float64Array(n),
    preLog: new Float64Array(n + 1),
    preWeight: new Float64Array(n + 1),
    preValue: new Float64Array(n + 1),
    preMaxRank: new Int32Array(n + 1),
    sufLog: new Float64Array(n + 1),
    sufWeight: new Float64Array(n + 1),
    sufValue: new Float64Array(n + 1),
  }
}

/**
 * Sorts `order` (a permutation of 0..n-1) by `key` ascending: insertion sort, n <= 8. Ties keep
 * index order, so sorting a and b (= a times one common factor) gives the same permutation.
 */
function sortByKey(order: Int32Array, key: Float64Array, n: number): void {
  // Stryker disable next-line EqualityOperator: `k <= n` writes order[n], past the Int32Array's end: ignored
  for (let k = 0; k < n; k++) order[k] = k
  // Stryker disable next-line EqualityOperator: `i <= n` reads order[n] (undefined): its key undefined compares false, so the loop moves nothing and the write to order[n] is ignored
  for (let i = 1; i < n; i++) {
    const item = order[i]!
    const value = key[item]!
    let j = i - 1
    // Stryker disable next-line ConditionalExpression: `j >= 0` forced true reads order[-1] (undefined), whose key (undefined) is not > value: the loop stops at j = -1 all the same
    while (j >= 0 && key[order[j]!]! > value) {
      order[j + 1] = order[j]!
      j--
    }
    order[j + 1] = item
  }
}

/**
 * The profit-maximising arbitrage of a weighted pool with fees against external prices, in closed
 * form (Willetts & Harrington 2024, arXiv 2402.06731; theory.md). With effective prices `p'_k`
 * (see the file comment), keys `a_k = p_k (1 + e_k) R_k / w_k` and `b_k = p_k (1 - e_k) R_k / w_k`,
 * a signature (tokens in I, out O) has
 * `ln lambda = (sum_I w ln a + sum_O w ln b - W_I ln gamma) / (W_I + W_O)`,
 * `Delta_i = R_i (gamma lambda / a_i - 1) / gamma`, `Lambda_j = R_j (1 - lambda / b_j)` and profit
 * `sum_O w b - lambda (W_I + W_O) + sum_I w a / gamma`. At the optimum a token is in iff
 * `a_k < gamma lambda` and out iff `b_k > lambda`, so only "lowest m by a in, highest q by b out"
 * signatures can be optimal. The problem (a linear profit over the convex set of reachable
 * balances) is convex, so a *consistent* signature (feasible, and no other token would join: the
 * next a is >= gamma lambda, the next b <= lambda) satisfies the KKT conditions and is the optimum.
 * It is found by a fixed-point search: in = {a < gamma lambda}, out = {b > lambda} for the current
 * lambda, from the cheapest token in and the dearest out; first on unsorted token sets (bit masks,
 * O(n) per round, 1.5 rounds on average on GBM paths, logarithms only of the tokens in the sets and
 * by series relative to one key), then, should that cycle, on the sorted orders with prefix sums,
 * and finally by a scan of every (m, q). Before any of it, the keys' min and max decide in one
 * pass whether any pair leaves the fee band (no trade on about a third of 12-second GBM steps).
 * Kernel: no checks, no allocation; inputs must be valid (balances, prices > 0, weights summing to 1).
 * @param n - number of tokens
 * @param balances - token units by index
 * @param weights - normalized weights by index
 * @param prices - numeraire units per token unit; token k's price is `prices[priceOffset + k]`
 * @param priceOffset - index of token 0's price in `prices`
 * @param buyFactor - `1 + e_k` by token (external cost of buying token k)
 * @param sellFactor - `1 - e_k` by token (external proceeds of selling token k)
 * @param logBuy - `ln(1 + e_k)` by token
 * @param logSell - `ln(1 - e_k)` by token
 * @param gamma - `1 - swapFee`
 * @param logGamma - `ln gamma`
 * @param scratch - from {@link createArbitrageScratch}
 * @param amounts - out: token units, > 0 paid in (fee included), < 0 taken out, 0 untouched
 * @returns profit in numeraire units, net of external costs (before gas); 0 and all amounts 0 when
 *   no trade is profitable
 * @example
 * // 50/50 pool at 1:1, market at 1.21: the fee-free optimum pays in 10 of token 1 for 9.09 of token 0
 * optimalArbitrage(2, new Float64Array([100, 100]), new Float64Array([0.5, 0.5]), new Float64Array([1.21, 1]), 0,
 *   new Float64Array([1, 1]), new Float64Array([1, 1]), new Float64Array(2), new Float64Array(2), 1, 0,
 *   createArbitrageScratch(2), new Float64Array(2)) // 1 (numeraire units of profit)
 */
export function optimalArbitrage(
  n: number,
  balances: Float64Array,
  weights: Float64Array,
  prices: Float64Array,
  priceOffset: number,
  buyFactor: Float64Array,
  sellFactor: Float64Array,
  logBuy: Float64Array,
  logSell: Float64Array,
  gamma: number,
  logGamma: number,
  scratch: ArbitrageScratch,
  amounts: Float64Array,
): number {
  const { keyA, keyB, keyBase } = scratch
  let minA = Infinity
  let maxB = 0
  for (let k = 0; k < n; k++) {
    // One division per token: measured faster than caching 1 / w_k (the cache test is a branch).
    const base = (prices[priceOffset + k]! * balances[k]!) / weights[k]!
    const a = base * buyFactor[k]!
    const b = base * sellFactor[k]!
    keyBase[k] = base
    keyA[k] = a
    keyB[k] = b
    amounts[k] = 0
    // Math.min / max rather than `if (a < minA)`: those branches are unpredictable and cost
    // more than the rest of this loop (measured); the arguments are found below, only on trades.
    minA = Math.min(minA, a)
    maxB = Math.max(maxB, b)
  }
  // Sufficient for no trade, checked before any sorting or logarithm: the best pair's marginal
  // rate gamma * b_out / a_in is at most 1. Inside the fee band this exits on most steps.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: without it (or at equality) the searches find no profitable signature and return 0 with the amounts 0; the scratch orders they leave are read only after a trade
  if (gamma * maxB <= minA) return 0
  let argMinA = 0
  let argMaxB = 0
  // Stryker disable next-line ArithmeticOperator: `n + 1` starts past the end: keyA[n + 1], keyA[n] are undefined and match nothing
  for (let k = n - 1; k >= 0; k--) {
    if (keyA[k] === minA) argMinA = k
    if (keyB[k] === maxB) argMaxB = k
  }
  // Fast path without sorting: the same fixed point on token sets (bit masks), starting from the
  // cheapest token in and the dearest out; each round is O(n). A fixed point is consistent, hence
  // the optimum; if none is reached within 2n rounds, the sorted search below decides.
  // Stryker disable next-line ConditionalExpression: after the shortcut above one token cannot have both the lowest a and the highest b (b <= a, so gamma b_max <= a_min would have returned): the guard is always true here
  if (argMinA !== argMaxB) {
    const profit = maskSearch(
      n,
      argMinA,
      argMaxB,
      balances,
      weights,
      logBuy,
      logSell,
      gamma,
      logGamma,
      scratch,
      amounts,
    )
    // Stryker disable next-line EqualityOperator: `> 0` sends a zero result (a fixed point whose profit is not positive: no trade pays) on to the sorted search, which finds no feasible signature either and returns 0 with the amounts 0
    if (profit >= 0) return profit
  }
  // The sorted search: reached when the token-set search gives up, as on pools whose tokens sit
  // within a few ulp of the fee band's edge (test/sim/agents/arbitrage.search.kill.test.ts).
  prepareSortedSearch(n, weights, buyFactor, logBuy, logSell, scratch)
  const profit = sortedFixedPoint(n, balances, gamma, logGamma, scratch, amounts)
  if (profit >= 0) return profit
  return scanSignatures(n, balances, gamma, logGamma, scratch, amounts)
}

/**
 * The sorted search of {@link optimalArbitrage}, step 1: sorts `orderA` by `keyA` and `orderB` by
 * `keyB`, takes the logarithms of every key and the prefix sums over `orderA` and suffix sums over
 * `orderB`. Reads `keyBase`, `keyA`, `keyB` from `scratch` as `optimalArbitrage` fills them.
 * Exported for the tests only (not in src/index.ts): `optimalArbitrage` calls it only when the
 * token-set search reaches no fixed point (pools on the fee band's edge, to a few ulp).
 * @param n - number of tokens
 * @param weights - normalized weights by index
 * @param buyFactor - `1 + e_k` by token
 * @param logBuy - `ln(1 + e_k)` by token
 * @param logSell - `ln(1 - e_k)` by token
 * @param scratch - keys filled, the rest written here
 * @example prepareSortedSearch(n, weights, buyFactor, logBuy, logSell, scratch)
 */
export function prepareSortedSearch(
  n: number,
  weights: Float64Array,
  buyFactor: Float64Array,
  logBuy: Float64Array,
  logSell: Float64Array,
  scratch: ArbitrageScratch,
): void {
  const { orderA, orderB, rankB, keyA, keyB, keyBase, logA, logB } = scratch
  const { preLog, preWeight, preValue, preMaxRank, sufLog, sufWeight, sufValue } = scratch
  // Stryker disable next-line BooleanLiteral: sorting orderB by b instead of copying orderA: with one factor on every token b is a monotone function of a, so the same order; tokens whose b round to equal values are in or out together (b > lambda), so the signature is the same
  let isUniformCost = true
  // Stryker disable next-line EqualityOperator,ConditionalExpression: `k <= n` or the test forced true only sort orderB by b when the costs are uniform: see the line above (the mark also hides the loop forced off and `===`, which the tests kill)
  for (let k = 1; k < n; k++) if (buyFactor[k] !== buyFactor[0]) isUniformCost = false
  sortByKey(orderA, keyA, n)
  // Stryker disable next-line ConditionalExpression: the same as the line above: orderB sorted by b is orderA's order when every token has the same cost
  if (isUniformCost)
    orderB.set(orderA) // same factor on every token: b is a multiple of a
  else sortByKey(orderB, keyB, n)
  // ln base_k = ln base_ref + ln(base_k / base_ref): one Math.log, and keys near one another
  // (the pool is near the market after each step) take the fast series of logRatio.
  const reference = keyBase[orderA[0]!]!
  const logReference = Math.log(reference)
  const inverseReference = 1 / reference
  // Stryker disable next-line EqualityOperator: `k <= n` writes logA[n], logB[n] past the arrays' end: ignored
  for (let k = 0; k < n; k++) {
    const logBase = logReference + logRatio(keyBase[k]! * inverseReference)
    logA[k] = logBase + logBuy[k]!
    logB[k] = logBase + logSell[k]!
  }
  // Stryker disable next-line EqualityOperator: `r <= n` writes rankB[undefined], a named property of the array, read by nobody
  for (let r = 0; r < n; r++) rankB[orderB[r]!] = r
  // Prefix sums over orderA (m tokens in) and suffix sums over orderB (q tokens out).
  preLog[0] = 0
  preWeight[0] = 0
  preValue[0] = 0
  preMaxRank[0] = -1
  sufLog[0] = 0
  sufWeight[0] = 0
  sufValue[0] = 0
  for (let r = 1; r <= n; r++) {
    const i = orderA[r - 1]!
    preLog[r] = preLog[r - 1]! + weights[i]! * logA[i]!
    preWeight[r] = preWeight[r - 1]! + weights[i]!
    preValue[r] = preValue[r - 1]! + weights[i]! * keyA[i]!
    preMaxRank[r] = Math.max(preMaxRank[r - 1]!, rankB[i]!)
    const j = orderB[n - r]!
    sufLog[r] = sufLog[r - 1]! + weights[j]! * logB[j]!
    sufWeight[r] = sufWeight[r - 1]! + weights[j]!
    sufValue[r] = sufValue[r - 1]! + weights[j]! * keyB[j]!
  }
}

/**
 * The sorted search, step 2 (after {@link prepareSortedSearch}): the fixed point from (1, 1),
 * m = #{a < gamma lambda} in, q = #{b > lambda} out for the current lambda until they stop
 * changing; a fixed point is consistent, hence optimal. It usually takes one to three rounds.
 * Writes the amounts of the tokens it trades only (the caller zeroes the rest). Exported for
 * the tests only.
 * @param n - number of tokens
 * @param balances - token units by index
 * @param gamma - `1 - swapFee`
 * @param logGamma - `ln gamma`
 * @param scratch - prepared by {@link prepareSortedSearch}
 * @param amounts - out, as {@link optimalArbitrage}'s
 * @returns the optimum's profit, or -1 when no consistent signature was reached in 2n rounds (so
 *   always when no trade pays: no signature is feasible then)
 * @example const profit = sortedFixedPoint(n, balances, gamma, logGamma, scratch, amounts)
 */
export function sortedFixedPoint(
  n: number,
  balances: Float64Array,
  gamma: number,
  logGamma: number,
  scratch: ArbitrageScratch,
  amounts: Float64Array,
): number {
  const { orderA, orderB, logA, logB, preLog, preWeight, preMaxRank, sufLog, sufWeight } = scratch
  let m = 1
  let q = 1
  for (let round = 0; round < 2 * n; round++) {
    if (m + q > n || preMaxRank[m]! >= n - q) return -1
    const logLambda =
      (preLog[m]! + sufLog[q]! - preWeight[m]! * logGamma) / (preWeight[m]! + sufWeight[q]!)
    const inLimit = logGamma + logLambda
    let nextM = m
    // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator: the down-loop below recounts: nextM ends at max(1, #{a < inLimit}) whether this loop stops early, runs to n, or takes a tie a = inLimit (which the down-loop's `>=` removes); past the end logA[undefined] compares false
    while (nextM < n && logA[orderA[nextM]!]! < inLimit) nextM++
    while (nextM > 1 && logA[orderA[nextM - 1]!]! >= inLimit) nextM--
    let nextQ = q
    // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator: the same as the in-count above: the down-loop below recounts q = max(1, #{b > lambda}); orderB[-1] is undefined and compares false
    while (nextQ < n && logB[orderB[n - nextQ - 1]!]! > logLambda) nextQ++
    while (nextQ > 1 && logB[orderB[n - nextQ]!]! <= logLambda) nextQ--
    if (nextM === m && nextQ === q) {
      if (logA[orderA[m - 1]!]! >= inLimit || logB[orderB[n - q]!]! <= logLambda) return -1
      return fillAmounts(n, m, q, logLambda, balances, gamma, scratch, amounts)
    }
    m = nextM
    q = nextQ
  }
  return -1
}

/**
 * The sorted search, step 3, should the fixed point cycle: scans every (m lowest by a in, q
 * highest by b out) for the consistent signature. Exported for the tests only.
 * @param n - number of tokens
 * @param balances - token units by index
 * @param gamma - `1 - swapFee`
 * @param logGamma - `ln gamma`
 * @param scratch - prepared by {@link prepareSortedSearch}
 * @param amounts - out, as {@link optimalArbitrage}'s
 * @returns the optimum's profit, 0 with no trade
 * @example const profit = scanSignatures(n, balances, gamma, logGamma, scratch, amounts)
 */
export function scanSignatures(
  n: number,
  balances: Float64Array,
  gamma: number,
  logGamma: number,
  scratch: ArbitrageScratch,
  amounts: Float64Array,
): number {
  const { orderA, orderB, logA, logB, preLog, preWeight, preMaxRank, sufLog, sufWeight } = scratch
  // Stryker disable next-line EqualityOperator: `m <= n`: at m = n, maxOut = n - 1 - preMaxRank[n] = 0 (every rank is in the prefix), so no q is tried
  for (let m = 1; m < n; m++) {
    const largestInLog = logA[orderA[m - 1]!]!
    const nextInLog = logA[orderA[m]!]!
    // Out-suffixes disjoint from the in-prefix: rank >= n - q must exceed every in-token's rank.
    const maxOut = n - 1 - preMaxRank[m]!
    for (let q = 1; q <= maxOut; q++) {
      const logLambda =
        (preLog[m]! + sufLog[q]! - preWeight[m]! * logGamma) / (preWeight[m]! + sufWeight[q]!)
      // Feasible: every in-token has a < gamma lambda, every out-token b > lambda.
      if (largestInLog >= logGamma + logLambda) continue
      if (logB[orderB[n - q]!]! <= logLambda) continue
      // Consistent: neither neighbour wants to join (q <= n - 1 here, so orderB[n - q - 1] exists;
      // if it is an in-token its b < gamma lambda holds automatically).
      if (nextInLog < logGamma + logLambda) continue
      if (logB[orderB[n - q - 1]!]! > logLambda) continue
      return fillAmounts(n, m, q, logLambda, balances, gamma, scratch, amounts)
    }
  }
  return 0
}

/**
 * The fixed-point search of {@link optimalArbitrage} on bit masks of tokens in and out. Leaves
 * `orderA`, `orderB` as the identity (the execution only needs to visit in- and out-tokens).
 * On GBM paths an optimum has 2.6 tokens on average (1.3 in, 1.3 out, measured on the 8-token
 * bench), so the work is kept proportional to the tokens in the sets: their logarithms are taken
 * lazily, relative to the first in-token's key (`ln(base_k / base_ref)`, near 0 after each
 * arbitrage, so {@link logRatio} takes its series), and `lambda / base_ref` comes from
 * {@link expRatio}; the membership tests compare the keys themselves with `gamma lambda` and
 * `lambda`, branch-free, over all n tokens.
 * @returns the optimum's profit (0 with no trade), or -1 when no fixed point was reached
 */
function maskSearch(
  n: number,
  firstIn: number,
  firstOut: number,
  balances: Float64Array,
  weights: Float64Array,
  logBuy: Float64Array,
  logSell: Float64Array,
  gamma: number,
  logGamma: number,
  scratch: ArbitrageScratch,
  amounts: Float64Array,
): number {
  const { keyA, keyB, keyBase, logA, logB, orderA, orderB } = scratch
  const reference = keyBase[firstIn]!
  const inverseReference = 1 / reference
  let logsReady = 0
  let inMask = 1 << firstIn
  let outMask = 1 << firstOut
  for (let round = 0; round < 2 * n; round++) {
    let logSum = 0
    let inWeight = 0
    let outWeight = 0
    // Visit the set bits of both masks only (lowest first): the sets are small.
    for (let bits = inMask | outMask; bits !== 0;) {
      const bit = bits & -bits
      bits ^= bit
      const k = 31 - Math.clz32(bit)
      // Stryker disable next-line ConditionalExpression: a cache: recomputing the token's logarithms gives the same values
      if ((logsReady & bit) === 0) {
        const logBase = logRatio(keyBase[k]! * inverseReference)
        logA[k] = logBase + logBuy[k]!
        logB[k] = logBase + logSell[k]!
        // Stryker disable next-line AssignmentOperator: `&=` empties the cache: the logarithms are recomputed, the same values
        logsReady |= bit
      }
      const w = weights[k]!
      if ((inMask & bit) !== 0) {
        logSum += w * logA[k]!
        inWeight += w
      } else {
        logSum += w * logB[k]!
        outWeight += w
      }
    }
    const lambda = reference * expRatio((logSum - inWeight * logGamma) / (inWeight + outWeight))
    const inLimit = gamma * lambda
    let nextIn = 0
    let nextOut = 0
    // Branch-free (the comparisons are unpredictable). A token with a < gamma lambda has
    // b <= a < lambda, so it never lands in both masks.
    // Stryker disable next-line EqualityOperator: `k <= n`: keyA[n], keyB[n] are undefined, the comparisons false, no bit set
    for (let k = 0; k < n; k++) {
      nextIn |= Number(keyA[k]! < inLimit) << k
      nextOut |= Number(keyB[k]! > lambda) << k
    }
    if (nextIn === 0 || nextOut === 0) return -1
    if (nextIn === inMask && nextOut === outMask) {
      // Stryker disable next-line EqualityOperator: `k <= n` writes past the Int32Arrays' end: ignored
      for (let k = 0; k < n; k++) {
        orderA[k] = k
        orderB[k] = k
      }
      // Token k in: Delta = R (gamma lambda / a - 1) / gamma, profit w (a / gamma - lambda);
      // out: Lambda = R (1 - lambda / b), profit w (b - lambda) (theory.md).
      let profit = 0
      for (let bits = inMask | outMask; bits !== 0;) {
        const bit = bits & -bits
        bits ^= bit
        const k = 31 - Math.clz32(bit)
        if ((inMask & bit) !== 0) {
          profit += weights[k]! * (keyA[k]! / gamma - lambda)
          amounts[k] = (balances[k]! * (inLimit / keyA[k]! - 1)) / gamma
        } else {
          profit += weights[k]! * (keyB[k]! - lambda)
          amounts[k] = -balances[k]! * (1 - lambda / keyB[k]!)
        }
      }
      if (!(profit > 0)) {
        // Stryker disable next-line EqualityOperator: `k <= n` writes amounts[n], past the end of the n-entry Float64Array (every caller passes n entries: runSimulation.ts allocates them): ignored. The mark also hides `k >= n`, which arbitrage.search.kill.test.ts kills
        for (let k = 0; k < n; k++) amounts[k] = 0
        return 0
      }
      return profit
    }
    inMask = nextIn
    outMask = nextOut
  }
  return -1
}

/**
 * `e^s` for s near 0: the Taylor series to s^8 for |s| < 2^-7 (truncation below s^9 / 9!, under
 * 1e-23 relative), `Math.exp` otherwise. Exported for the tests only.
 * @example expRatio(0.001) // 1.0010005001667084
 */
export function expRatio(s: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator,BlockStatement: only choose between the series and Math.exp, which agree to two ulp (arbitrage.kill.test.ts checks both against decimal.js), like expm1Small in source.ts. The mark also hides the range forced true and `<=` on the wrong side, which those tests kill
  if (s > -LOG_RATIO_SERIES_LIMIT && s < LOG_RATIO_SERIES_LIMIT) {
    // Estrin's scheme: a shorter dependency chain than Horner's.
    const s2 = s * s
    const s4 = s2 * s2
    return (
      1 +
      s +
      s2 * (0.5 + s / 6) +
      s4 * (1 / 24 + s / 120 + s2 * (1 / 720 + s / 5040 + s2 * (1 / 40320)))
    )
  }
  return Math.exp(s)
}

/** Below this |x - 1| logRatio uses its series (2^-7). */
const LOG_RATIO_SERIES_LIMIT = 0.0078125

/**
 * `ln x` for x near 1: the Taylor series of ln(1 + u) to u^8 for |u| < 2^-7 (truncation below
 * u^9 / 9, under 2e-18 relative), `Math.log` otherwise. `u = x - 1` is exact for x in [0.5, 2].
 * Exported for the tests only.
 * @example logRatio(1.001) // 0.0009995003330834232
 */
export function logRatio(x: number): number {
  // Stryker disable next-line ArithmeticOperator: `x + 1` only sends every x to Math.log (u near 2 is never in the series' range), which agrees with the series to two ulp
  const u = x - 1
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator,BlockStatement: only choose between the series and Math.log, which agree to two ulp (see expRatio); the mark also hides the killed mutants of the line
  if (u > -LOG_RATIO_SERIES_LIMIT && u < LOG_RATIO_SERIES_LIMIT) {
    // Estrin's scheme: the same polynomial in a shorter dependency chain than Horner's.
    const u2 = u * u
    const u4 = u2 * u2
    return (
      u * (1 - 0.5 * u) +
      u2 * u * (1 / 3 - 0.25 * u) +
      u4 * u * (0.2 - u / 6 + u2 * (1 / 7 - 0.125 * u))
    )
  }
  return Math.log(x)
}

/**
 * Writes the trade of signature (m lowest by a in, q highest by b out) and returns its profit,
 * or 0 (amounts left 0) when it is not positive.
 */
function fillAmounts(
  n: number,
  m: number,
  q: number,
  logLambda: number,
  balances: Float64Array,
  gamma: number,
  scratch: ArbitrageScratch,
  amounts: Float64Array,
): number {
  const { orderA, orderB, keyA, keyB, preValue, preWeight, sufValue, sufWeight } = scratch
  const lambda = Math.exp(logLambda)
  const profit = sufValue[q]! - lambda * (preWeight[m]! + sufWeight[q]!) + preValue[m]! / gamma
  if (!(profit > 0)) return 0
  for (let r = 0; r < m; r++) {
    const i = orderA[r]!
    amounts[i] = (balances[i]! * (gamma * (lambda / keyA[i]!) - 1)) / gamma
  }
  // Stryker disable next-line EqualityOperator: `r <= n` writes amounts[undefined], a named property of the array, read by nobody
  for (let r = n - q; r < n; r++) {
    const j = orderB[r]!
    amounts[j] = -balances[j]! * (1 - lambda / keyB[j]!)
  }
  return profit
}

/**
 * The two-token optimum of {@link optimalArbitrage} in two transcendental calls: trade to the
 * edge of the no-trade band. Token 0 in when `gamma b_1 > a_0`:
 * `Delta_0 = R_0 expm1(w_1 ln(gamma b_1 / a_0)) / gamma` (from `lambda / a_0 = (b_1 / a_0)^{w_1}
 * gamma^{-w_0}`), and symmetrically for token 1.
 * Kernel: no checks, no allocation.
 * @param balance0 - token units of token 0
 * @param balance1 - token units of token 1
 * @param weight0 - normalized weight of token 0 (token 1 has `1 - weight0`)
 * @param price0 - numeraire units per unit of token 0
 * @param price1 - numeraire units per unit of token 1
 * @param buy0 - `1 + e_0`; `sell0` `1 - e_0`; `buy1`, `sell1` likewise for token 1
 * @param gamma - `1 - swapFee`
 * @returns token units paid in, fee included: > 0 for token 0 in, < 0 for token 1 in (its
 *   absolute value), 0 inside the band
 * @example arbitrageTwoToken(100, 100, 0.5, 1.21, 1, 1, 1, 1, 1, 1) // -10: 10 of token 1 in, R0 p0 = R1 p1 after
 */
export function arbitrageTwoToken(
  balance0: number,
  balance1: number,
  weight0: number,
  price0: number,
  price1: number,
  buy0: number,
  sell0: number,
  buy1: number,
  sell1: number,
  gamma: number,
): number {
  const weight1 = 1 - weight0
  const base0 = (price0 * balance0) / weight0
  const base1 = (price1 * balance1) / weight1
  const edge01 = (gamma * base1 * sell1) / (base0 * buy0)
  // Stryker disable next-line EqualityOperator: `edge01 >= 1`: at edge01 = 1 it returns balance0 expm1(0) / gamma = +0; the original goes on, and edge10 <= 1 then (edge01 rounds to 1 only when its numerator and denominator are the same float, so base0 <= base0 buy0 = gamma base1 sell1 <= base1 for gamma, sell <= 1 <= buy, roundings monotone, and edge10's numerator <= base0 <= base1 <= its denominator): it returns 0 too (the mark also hides `edge01 <= 1`, which the tests kill)
  if (edge01 > 1) return (balance0 * Math.expm1(weight1 * Math.log(edge01))) / gamma
  const edge10 = (gamma * base0 * sell0) / (base1 * buy1)
  if (edge10 > 1) return (-balance1 * Math.expm1(weight0 * Math.log(edge10))) / gamma
  return 0
}

/**
 * Executes an optimum from {@link optimalArbitrage} as pairwise swaps through the pool's
 * kernels, updating `balances`. In-tokens are paid in their full `Delta_i`; out-tokens but the
 * last receive exactly `Lambda_j` by exact-out swaps, filled greedily from the in-tokens in order;
 * the last out-token takes what the remaining inputs buy (exact in). With one token out this is the
 * sequence of swaps `i -> o`, which lands exactly on the closed-form state (theory.md); with several
 * out it pays the fee on inputs that already sit in the pool, a small cost against the ideal that the
 * engine measures. Inputs and outputs are first scaled by one factor so that no input net of the
 * fee (`amountIn (1 - swapFee)`, Balancer's rule) and no output exceeds 30 % of its balance; the
 * last out-token's exact-in swap is capped at 30 % of its balance as it stands.
 * Kernel: no allocation.
 * @param n - number of tokens
 * @param balances - token units, updated in place
 * @param weights - normalized weights
 * @param swapFee - fraction of each amount in kept by the pool
 * @param amounts - from {@link optimalArbitrage}; scaled in place when a cap binds
 * @param inOrder - token indices sorted so in-tokens come in the order to spend them (e.g. `orderA`)
 * @param outOrder - token indices whose out-tokens are filled in reverse order (e.g. `orderB`)
 * @param swapLog - out: per swap `from, to, amountIn, amountOut` (4 entries each, room for 2n swaps)
 * @returns number of swaps, negated (as `-(count + 1)`) when a 30 % cap bound
 * @example executeArbitrage(2, balances, weights, 0, amounts, scratch.orderA, scratch.orderB, new Float64Array(16))
 */
export function executeArbitrage(
  n: number,
  balances: Float64Array,
  weights: Float64Array,
  swapFee: number,
  amounts: Float64Array,
  inOrder: Int32Array,
  outOrder: Int32Array,
  swapLog: Float64Array,
): number {
  const gamma = 1 - swapFee
  let scale = 1
  let nIn = 0
  let nOut = 0
  // Stryker disable next-line EqualityOperator: `k <= n` reads amounts[n], undefined past the end: counted as neither sign, and its size NaN is not > limit (NaN) (the mark also hides `k >= n`, which the tests kill)
  for (let k = 0; k < n; k++) {
    const amount = amounts[k]!
    // Branch-free counts and size: the signs are unpredictable from token to token.
    nIn += Number(amount > 0)
    nOut += Number(amount < 0)
    const limit = MAX_RATIO * balances[k]!
    // Balancer's in-limit is on the amount net of the fee (amountIn (1 - swapFee) <= 30 % of the
    // balance, as the float pool's outGivenIn); the out-limit on the amount out. The larger of
    // the two products is the one of the amount's sign (the other is <= 0).
    const size = Math.max(gamma * amount, -amount)
    // Stryker disable next-line EqualityOperator: `<= scale`: on equality scale is set to the value it has (the mark also hides `size >= limit`, `<=`, `>= scale`, which the tests kill)
    if (size > limit && (limit / size) * (1 - 1e-12) < scale) scale = (limit / size) * (1 - 1e-12)
  }
  let capped = scale < 1
  // Stryker disable next-line ConditionalExpression: forced true it multiplies by scale = 1 when not capped: amounts[k] * 1 is amounts[k] (NaN, -0 too) (the mark also hides it forced false, which the tests kill)
  if (capped)
    // Stryker disable next-line EqualityOperator: `k <= n` writes amounts[n], past the end of the Float64Array: ignored (the mark also hides `k >= n`, which the tests kill)
    for (let k = 0; k < n; k++) amounts[k] = amounts[k]! * scale
  let count = 0
  // Cursors over the in-tokens (ascending in inOrder) and out-tokens (descending in outOrder).
  let inCursor = 0
  // Stryker disable next-line ArithmeticOperator: `n + 1` starts past the end of outOrder (the n token indices, as every caller passes): outOrder[n + 1], outOrder[n] are undefined and amounts[undefined] is not < 0, so the loop below steps down to n - 1
  let outCursor = n - 1
  // Stryker disable next-line EqualityOperator: `inCursor <= n` tests one entry more once every in-order token is passed, stopping at n or n + 1: either way `inCursor >= n` returns 0 below (the mark also hides `inCursor >= n` and the amount's `>= 0`, `<= 0`, which the tests kill)
  while (inCursor < n && !(amounts[inOrder[inCursor]!]! > 0)) inCursor++
  while (outCursor >= 0 && !(amounts[outOrder[outCursor]!]! < 0)) outCursor--
  if (inCursor >= n || outCursor < 0) return 0
  let inSeen = 1
  let outSeen = 1
  let budget = amounts[inOrder[inCursor]!]!
  let need = -amounts[outOrder[outCursor]!]!
  for (;;) {
    const i = inOrder[inCursor]!
    const j = outOrder[outCursor]!
    const balanceIn = balances[i]!
    const balanceOut = balances[j]!
    let amountIn: number
    let amountOut: number
    let nextIn = false
    if (outSeen < nOut) {
      const required = computeInGivenOut(
        balanceIn,
        weights[i]!,
        balanceOut,
        weights[j]!,
        need,
        swapFee,
      )
      if (required <= budget) {
        amountIn = required
        amountOut = need
        budget -= required
        outSeen++
        do outCursor--
        while (!(amounts[outOrder[outCursor]!]! < 0))
        need = -amounts[outOrder[outCursor]!]!
        if (!(budget > 0)) nextIn = true
      } else {
        amountIn = budget
        amountOut = computeOutGivenIn(
          balanceIn,
          weights[i]!,
          balanceOut,
          weights[j]!,
          budget,
          swapFee,
        )
        need -= amountOut
        nextIn = true
      }
    } else {
      amountIn = budget
      amountOut = computeOutGivenIn(
        balanceIn,
        weights[i]!,
        balanceOut,
        weights[j]!,
        budget,
        swapFee,
      )
      if (amountOut > MAX_RATIO * balanceOut) {
        amountOut = MAX_RATIO * balanceOut
        amountIn = computeInGivenOut(
          balanceIn,
          weights[i]!,
          balanceOut,
          weights[j]!,
          amountOut,
          swapFee,
        )
        capped = true
      }
      nextIn = true
    }
    balances[i] = balanceIn + amountIn
    balances[j] = balanceOut - amountOut
    const at = 4 * count
    swapLog[at] = i
    swapLog[at + 1] = j
    swapLog[at + 2] = amountIn
    swapLog[at + 3] = amountOut
    count++
    if (nextIn) {
      if (inSeen === nIn) break
      do inCursor++
      while (!(amounts[inOrder[inCursor]!]! > 0))
      inSeen++
      budget = amounts[inOrder[inCursor]!]!
    }
  }
  return capped ? -(count + 1) : count
}
