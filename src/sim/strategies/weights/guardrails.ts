/**
 * Guardrails of deployed dynamic-weight pools (QuantAMM's per-update cap and weight bounds, the
 * 1 % Balancer minimum): the rule's raw target is projected onto the weights that sum to 1, stay
 * inside [minWeight, maxWeight] and move at most `maxWeightChange` from the previous target.
 */

/**
 * Euclidean projection of a raw target onto {x : Σx = 1, lo_k ≤ x_k ≤ hi_k} with
 * lo_k = max(minWeight, w_k − c), hi_k = min(maxWeight, w_k + c), c = maxWeightChange:
 * x_k = clamp(r_k − τ, lo_k, hi_k) with τ found by bisection (Σ clamp(r − τ) falls in τ), then
 * the rounding residual is given to the tokens with room. The set holds the previous weights
 * w (they sum to 1 inside the bounds), so it is never empty. A raw target already inside is kept.
 * Kernel: no allocation; `lo`/`hi` are scratch at `scratchAt` and `scratchAt + n`.
 * @param n - tokens
 * @param previous - the previous target (sums to 1, inside the bounds), at `previousAt + k`
 * @param target - the raw target in, the projected weights out, at `targetAt + k`
 * @param minWeight - smallest weight, fraction
 * @param maxWeight - largest weight, fraction
 * @param maxWeightChange - largest |x_k − w_k| per update, fraction (Infinity = no cap)
 */
export function projectWeights(
  n: number,
  state: Float64Array,
  previousAt: number,
  targetAt: number,
  scratchAt: number,
  minWeight: number,
  maxWeight: number,
  maxWeightChange: number,
): void {
  const loAt = scratchAt
  const hiAt = scratchAt + n
  let tauLow = Infinity
  let tauHigh = -Infinity
  for (let k = 0; k < n; k++) {
    const w = state[previousAt + k]!
    const lo = Math.max(minWeight, w - maxWeightChange)
    const hi = Math.min(maxWeight, w + maxWeightChange)
    state[loAt + k] = lo
    state[hiAt + k] = hi
    const r = state[targetAt + k]!
    if (r - hi < tauLow) tauLow = r - hi
    if (r - lo > tauHigh) tauHigh = r - lo
  }
  // At tauLow every token sits at hi (sum >= 1), at tauHigh at lo (sum <= 1).
  for (let i = 0; i < 200; i++) {
    const tau = 0.5 * (tauLow + tauHigh)
    if (tau === tauLow || tau === tauHigh) break
    let sum = 0
    for (let k = 0; k < n; k++)
      sum += clamp(state[targetAt + k]! - tau, state[loAt + k]!, state[hiAt + k]!)
    if (sum > 1) tauLow = tau
    else tauHigh = tau
  }
  // The bisection fixes which tokens sit at a bound; the free ones then share what the bound
  // ones leave exactly: tau = (sum of free r - (1 - sum at bounds)) / free count. A target already
  // inside the set gives tau = (sum r - 1) / n = 0 for one summing to 1: kept as it is.
  let tau = 0.5 * (tauLow + tauHigh)
  let freeCount = 0
  let freeRaw = 0
  let boundSum = 0
  for (let k = 0; k < n; k++) {
    const r = state[targetAt + k]!
    const lo = state[loAt + k]!
    const hi = state[hiAt + k]!
    const x = clamp(r - tau, lo, hi)
    if (x > lo && x < hi) {
      freeCount++
      freeRaw += r
    } else boundSum += x
  }
  if (freeCount > 0) tau = (freeRaw - (1 - boundSum)) / freeCount
  let sum = 0
  for (let k = 0; k < n; k++) {
    const x = clamp(state[targetAt + k]! - tau, state[loAt + k]!, state[hiAt + k]!)
    state[targetAt + k] = x
    sum += x
  }
  // A residual of an ulp or two may remain: move it onto tokens with room, inside the bounds,
  // those strictly inside first.
  let residual = 1 - sum
  for (let pass = 0; pass < 2 && residual !== 0; pass++)
    for (let k = 0; k < n && residual !== 0; k++) {
      const x = state[targetAt + k]!
      const lo = state[loAt + k]!
      const hi = state[hiAt + k]!
      if (pass === 0 && !(x > lo && x < hi)) continue
      const moved = clamp(x + residual, lo, hi)
      residual -= moved - x
      state[targetAt + k] = moved
    }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}
