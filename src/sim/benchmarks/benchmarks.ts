/**
 * Strategies the LP compares against, on the same path: HODL, constant-mix (rebalanced every
 * step, costless), and a rebalancing vault that pays a trading cost, either periodic or on a drift
 * threshold. Compiled before the step loop into integer kinds and typed arrays; the engine
 * updates them per step with a `switch` on the kind.
 */
import { InputError } from '../../errors.js'
import type { BenchmarkSpec } from '../engine/types.js'

/** Holds the initial basket. */
export const BENCHMARK_HODL = 0
/** Value weights reset to target every step at market prices, no cost. */
export const BENCHMARK_CONSTANT_MIX = 1
/** Rebalanced every n steps, paying `costBps` on the traded notional. */
export const BENCHMARK_PERIODIC = 2
/** Rebalanced when a value weight drifts more than `band` from target, paying `costBps`. */
export const BENCHMARK_THRESHOLD = 3

/** Benchmarks as the step loop reads them. */
export interface CompiledBenchmarks {
  /** Result keys: the spec's name, else its type (duplicates rejected). */
  readonly names: readonly string[]
  readonly kinds: Int32Array
  readonly everySteps: Int32Array
  /** Drift band, absolute fraction of value. */
  readonly bands: Float64Array
  /** Trading cost as a fraction of traded notional (costBps / 10,000). */
  readonly costs: Float64Array
}

/**
 * Validates and compiles benchmark specs.
 * @param specs - scenario entries
 * @returns kinds and parameters by benchmark index
 * @throws {InputError} `BAD_PARAMETER` for an unknown type, a duplicate name, `everySteps` not an integer >= 1,
 *   `band` not in (0, 1), or a negative or non-finite `costBps`
 * @example compileBenchmarks([{ type: 'hodl' }, { type: 'periodic', everySteps: 7200, costBps: 10 }])
 */
export function compileBenchmarks(specs: readonly BenchmarkSpec[]): CompiledBenchmarks {
  const count = specs.length
  const names: string[] = []
  const kinds = new Int32Array(count)
  const everySteps = new Int32Array(count)
  const bands = new Float64Array(count)
  const costs = new Float64Array(count)
  specs.forEach((spec, b) => {
    const path = `benchmarks[${b}]`
    const name = spec.name ?? spec.type
    if (names.includes(name))
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${path}.name` },
        `duplicate benchmark name "${name}"; name one of them`,
      )
    names.push(name)
    switch (spec.type) {
      // Stryker disable next-line StringLiteral: equivalent, an unmatched 'hodl' leaves kinds[b] at its Int32Array 0 = BENCHMARK_HODL
      case 'hodl':
        kinds[b] = BENCHMARK_HODL
        break
      case 'constant-mix':
        kinds[b] = BENCHMARK_CONSTANT_MIX
        break
      case 'periodic':
        if (!(Number.isInteger(spec.everySteps) && spec.everySteps >= 1))
          throw new InputError(
            'BAD_PARAMETER',
            { path: `${path}.everySteps` },
            `expected an integer >= 1, found ${spec.everySteps}`,
          )
        kinds[b] = BENCHMARK_PERIODIC
        everySteps[b] = spec.everySteps
        costs[b] = checkCost(spec.costBps, path)
        break
      case 'threshold':
        if (!(spec.band > 0 && spec.band < 1))
          throw new InputError(
            'BAD_PARAMETER',
            { path: `${path}.band` },
            `expected a fraction in (0, 1), found ${spec.band}`,
          )
        kinds[b] = BENCHMARK_THRESHOLD
        bands[b] = spec.band
        costs[b] = checkCost(spec.costBps, path)
        break
      default: {
        // a library caller's typo would otherwise run as kind 0 (HODL) under the wrong name
        const type: unknown = (spec as { type: unknown }).type
        throw new InputError(
          'BAD_PARAMETER',
          { path: `${path}.type` },
          `unknown benchmark type ${typeof type === 'string' ? `"${type}"` : String(type)}; expected one of "hodl", "constant-mix", "periodic", "threshold"`,
          { type },
        )
      }
    }
  })
  return { names, kinds, everySteps, bands, costs }
}

function checkCost(costBps: number, path: string): number {
  if (!(costBps >= 0 && Number.isFinite(costBps)))
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${path}.costBps` },
      `expected a finite number >= 0, found ${costBps}`,
    )
  return costBps / 10_000
}

/**
 * Rebalances holdings to target value weights at market prices, paying `cost` on the traded
 * notional: `notional = 1/2 sum_k |w_k V - h_k p_k|` (the value sold, equal to the value bought),
 * `fee = cost * notional`, then `h_k = w_k (V - fee) / p_k`. The fee is charged on the notional
 * computed before it (a first-order rule: the exact fixed point differs by `cost^2` terms).
 * Kernel: no allocation.
 * @param holdings - token units, token k at `holdings[at + k]`; replaced
 * @param prices - numeraire units per token unit, token k at `prices[offset + k]`
 * @param weights - target weights
 * @param value - `sum_k h_k p_k` in numeraire units
 * @param cost - fraction of notional paid
 * @returns the fee paid in numeraire units
 * @example rebalanceHoldings(2, h, 0, prices, 0, weights, 1200, 0.001)
 */
export function rebalanceHoldings(
  n: number,
  holdings: Float64Array,
  at: number,
  prices: Float64Array,
  offset: number,
  weights: Float64Array,
  value: number,
  cost: number,
): number {
  let traded = 0
  for (let k = 0; k < n; k++)
    traded += Math.abs(weights[k]! * value - holdings[at + k]! * prices[offset + k]!)
  const fee = cost * 0.5 * traded
  const after = value - fee
  for (let k = 0; k < n; k++) holdings[at + k] = (weights[k]! * after) / prices[offset + k]!
  return fee
}

/**
 * Whether any holding's value weight sits more than `band` from its target weight:
 * `|h_k p_k - w_k V| > band V` for some k (no division).
 * @returns true when a threshold rebalance is due
 */
export function isOutsideBand(
  n: number,
  holdings: Float64Array,
  at: number,
  prices: Float64Array,
  offset: number,
  weights: Float64Array,
  value: number,
  band: number,
): boolean {
  const limit = band * value
  for (let k = 0; k < n; k++)
    if (Math.abs(holdings[at + k]! * prices[offset + k]! - weights[k]! * value) > limit) return true
  return false
}
