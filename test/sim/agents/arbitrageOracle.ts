/**
 * The arbitrage oracle shared by the sorted-search tests (`arbitrage.sorted.test.ts`) and the
 * searches' kill tests (`arbitrage.search.kill.test.ts`): every signature (tokens in I, out O)
 * solved by the closed form of the N-token arbitrage with fees (Willetts & Harrington 2024,
 * arXiv 2402.06731), the most profitable feasible one kept.
 */

/** A pool as the oracle reads it; `gamma` is 1 - the swap fee. */
export interface OraclePool {
  n: number
  balances: Float64Array
  weights: Float64Array
  prices: Float64Array
  /** External cost e_k: bought at p (1 + e), sold at p (1 - e). */
  costs: Float64Array
  gamma: number
}

/**
 * The best signature by the closed form with effective prices p (1 + e) in, p (1 - e) out:
 * lambda = [prod (R p' / w)^w / gamma^W_I]^(1 / (W_I + W_O)), Delta_i = (lambda gamma w_i / p'_i
 * - R_i) / gamma, Lambda_j = R_j - lambda w_j / p'_j; 0 when no signature is feasible.
 */
export function bruteForce(pool: OraclePool): { profit: number; amounts: number[] } {
  const { n, balances: R, weights: w, prices: p, costs: e, gamma } = pool
  let best = { profit: 0, amounts: new Array<number>(n).fill(0) }
  const roles = new Array<number>(n).fill(0) // 0 untouched, 1 in, 2 out
  for (let code = 0; code < 3 ** n; code++) {
    for (let k = 0, rest = code; k < n; k++, rest = Math.floor(rest / 3)) roles[k] = rest % 3
    if (!roles.includes(1) || !roles.includes(2)) continue
    const price = (k: number) => p[k]! * (roles[k] === 1 ? 1 + e[k]! : 1 - e[k]!)
    let weightIn = 0
    let weightOut = 0
    let logProduct = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 0) continue
      logProduct += w[k]! * Math.log((R[k]! * price(k)) / w[k]!)
      if (roles[k] === 1) weightIn += w[k]!
      else weightOut += w[k]!
    }
    const lambda = Math.exp((logProduct - weightIn * Math.log(gamma)) / (weightIn + weightOut))
    const amounts = new Array<number>(n).fill(0)
    let profit = 0
    let feasible = true
    for (let k = 0; k < n; k++) {
      if (roles[k] === 1) {
        const delta = (lambda * gamma * (w[k]! / price(k)) - R[k]!) / gamma
        feasible &&= delta > 0
        amounts[k] = delta
        profit -= price(k) * delta
      } else if (roles[k] === 2) {
        const taken = R[k]! - (lambda * w[k]!) / price(k)
        feasible &&= taken > 0
        amounts[k] = -taken
        profit += price(k) * taken
      }
    }
    if (feasible && profit > best.profit) best = { profit, amounts }
  }
  return best
}

/** Buy factors 1 + e_k, as the engine passes them. */
export const buyOf = (pool: { costs: Float64Array }): Float64Array =>
  Float64Array.from(pool.costs, (e) => 1 + e)
/** Sell factors 1 - e_k. */
export const sellOf = (pool: { costs: Float64Array }): Float64Array =>
  Float64Array.from(pool.costs, (e) => 1 - e)
