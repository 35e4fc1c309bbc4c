/**
 * The weighted-pool invariant V = prod B_i^w_i (Balancer's `WeightedMath.computeInvariant`).
 */

/**
 * The invariant of a weighted pool: V = prod_i B_i^w_i, in token units (a weighted geometric
 * mean of the balances). Computed as exp(sum_i w_i ln B_i): one `exp` instead of n `pow`s, and no
 * overflow of intermediate products for 8 balances of 1e300.
 * Inputs must be valid (see `checkPoolState`); no checks and no allocation here, so the engine
 * may call it per step, on arrays or `Float64Array`s.
 * @param balances - token units per token index, each > 0
 * @param weights - normalized weights per token index, summing to 1
 * @returns the invariant, in token units
 * @example computeInvariant([100, 400], [0.5, 0.5]) // 200
 */
export function computeInvariant(balances: ArrayLike<number>, weights: ArrayLike<number>): number {
  let logInvariant = 0
  for (let i = 0; i < balances.length; i++) logInvariant += weights[i]! * Math.log(balances[i]!)
  return Math.exp(logInvariant)
}
