/**
 * Shared fast-check arbitraries and run parameters. A failing property prints its seed and path;
 * replay it with `FC_SEED=<seed> FC_PATH=<path> npx vitest run <file>`.
 */
import fc from 'fast-check'
import type { WeightedPoolWithSupply } from '../src/pool/float/types.js'

/** Options of {@link arbitraryPool}. */
export interface ArbitraryPoolOptions {
  /** Fewest tokens, default 2. */
  minTokens?: number
  /** Most tokens, default 8. */
  maxTokens?: number
  /** Smallest balance, default 1e-3 token units. */
  minBalance?: number
  /** Largest balance, default 1e9 token units (12 orders of magnitude above the default min). */
  maxBalance?: number
}

/** log10-uniform draw in [min, max]: every order of magnitude equally likely. */
export function arbitraryLogUniform(min: number, max: number): fc.Arbitrary<number> {
  const [lo, hi] = [Math.log10(min), Math.log10(max)]
  return fc
    .double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
    .map((exponent) => Math.min(max, Math.max(min, 10 ** exponent)))
}

/**
 * Normalized weights for `count` tokens, each in [0.01, 0.99] and summing to 1 within ~1e-16:
 * w_i = 0.01 + (1 - 0.01 n) * r_i / sum(r), with integer r_i in [0, 1000] (all-zero draws give
 * equal weights). The 0 draws put weights exactly on the 1 % floor.
 */
export function arbitraryWeights(count: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: count, maxLength: count })
    .map((raw) => {
      const total = raw.reduce((a, b) => a + b, 0)
      const free = 1 - 0.01 * count
      return raw.map((r) => 0.01 + (total === 0 ? free / count : (free * r) / total))
    })
}

/**
 * A valid pool with shares: 2-8 tokens, weights 1 %-99 % normalized, balances log-uniform over
 * 1e-3..1e9 token units, swap fee in the protocol's bounds [1e-6, 0.1] (log-uniform, so small
 * fees are as common as large ones), total supply log-uniform over 1e-3..1e9 BPT.
 */
export function arbitraryPool(
  options: ArbitraryPoolOptions = {},
): fc.Arbitrary<WeightedPoolWithSupply> {
  const { minTokens = 2, maxTokens = 8, minBalance = 1e-3, maxBalance = 1e9 } = options
  return fc.integer({ min: minTokens, max: maxTokens }).chain((count) =>
    fc.record({
      balances: fc.array(arbitraryLogUniform(minBalance, maxBalance), {
        minLength: count,
        maxLength: count,
      }),
      weights: arbitraryWeights(count),
      swapFee: arbitraryLogUniform(1e-6, 0.1),
      totalSupply: arbitraryLogUniform(1e-3, 1e9),
    }),
  )
}

/** Seed of every property test when `CI` is set and `FC_SEED` is not: CI runs are reproducible. */
export const CI_SEED = 20261124

/**
 * fast-check parameters: `numRuns` cases, or the replay given by the `FC_SEED` and `FC_PATH`
 * environment variables (printed by a failing run). Locally, without `FC_SEED`, each run draws a
 * fresh seed, so repeated runs explore new cases; under `CI` the seed is {@link CI_SEED}, so a
 * submission's result does not depend on the draw.
 */
export function fcParams<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FC_SEED
  const path = process.env.FC_PATH
  const ciSeed = process.env.CI !== undefined && process.env.CI !== '' ? { seed: CI_SEED } : {}
  return {
    numRuns,
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : ciSeed),
    ...(path !== undefined && path !== '' ? { path } : {}),
  }
}
