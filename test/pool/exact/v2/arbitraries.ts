/**
 * fast-check arbitraries for exact V2 weighted pools (both generations): random valid pools with
 * mixed decimals and operations sized around the protocol limits, so reverts are common.
 */
import fc from 'fast-check'
import type { V2PoolState } from '../../../../src/pool/exact/v2/types.js'

export const ONE = 10n ** 18n
const PPM = 1_000_000n

/** A pool state with the decimals it was built from. */
export interface V2Case {
  readonly pool: V2PoolState
  readonly decimals: readonly number[]
}

/** One operation with raw inputs, named after the V2 join/exit kinds. */
export type V2Op =
  | {
      op: 'swap'
      kind: 'EXACT_IN' | 'EXACT_OUT'
      tokenIn: number
      tokenOut: number
      amountRaw: bigint
    }
  | { op: 'joinExactTokensInForBptOut'; amountsInRaw: bigint[] }
  | { op: 'joinTokenInForExactBptOut'; tokenIndex: number; bptOutRaw: bigint }
  | { op: 'joinAllTokensInForExactBptOut'; bptOutRaw: bigint }
  | { op: 'exitExactBptInForTokensOut'; bptInRaw: bigint }
  | { op: 'exitExactBptInForOneTokenOut'; tokenIndex: number; bptInRaw: bigint }
  | { op: 'exitBptInForExactTokensOut'; amountsOutRaw: bigint[] }

/**
 * Weights for `n` tokens, 18 decimals, each >= 1e16, summing to exactly 1e18: a random split
 * (w_i = 1e16 + free * r_i / sum r, remainder to the first), equal weights (swap exponent 1), or
 * for 2 tokens 80/20 (exponents 4 and 1/4) and for 3 tokens 50/25/25 (exponents 2 and 1/2).
 */
export function arbitraryV2Weights(n: number): fc.Arbitrary<bigint[]> {
  const split = fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n })
    .map((raw) => {
      const total = BigInt(raw.reduce((a, b) => a + b, 0))
      const free = ONE - BigInt(n) * 10n ** 16n
      const weights = raw.map((r) =>
        total === 0n ? free / BigInt(n) + 10n ** 16n : (free * BigInt(r)) / total + 10n ** 16n,
      )
      weights[0]! += ONE - weights.reduce((a, b) => a + b, 0n)
      return weights
    })
  const special: bigint[][] = [new Array<bigint>(n).fill(ONE / BigInt(n))]
  special[0]![0]! += ONE - (ONE / BigInt(n)) * BigInt(n)
  if (n === 2) special.push([8n * 10n ** 17n, 2n * 10n ** 17n])
  if (n === 3) special.push([5n * 10n ** 17n, 25n * 10n ** 16n, 25n * 10n ** 16n])
  return fc.oneof({ arbitrary: split, weight: 3 }, fc.constantFrom(...special))
}

/** A raw balance of about 10^m token units, m in [-4, 12], at least 1 base unit. */
const arbitraryBalance = (decimals: number) =>
  fc.tuple(fc.integer({ min: -4, max: 12 }), fc.bigInt({ min: 1n, max: 9_999n })).map(([m, r]) => {
    const e = decimals + m - 3
    const raw = e >= 0 ? r * 10n ** BigInt(e) : r / 10n ** BigInt(-e)
    return raw > 0n ? raw : 1n
  })

/**
 * A valid V2 pool: 2-8 tokens of 6, 8 or 18 decimals, weights from {@link arbitraryV2Weights},
 * balances over 16 orders of magnitude, swap fee in [1e12, 1e17], supply 1e12..1e30.
 */
export function arbitraryV2Case(maxTokens = 8): fc.Arbitrary<V2Case> {
  return fc
    .integer({ min: 2, max: maxTokens })
    .chain((n) =>
      fc.array(fc.constantFrom(6, 8, 18), { minLength: n, maxLength: n }).chain((decimals) =>
        fc.record({
          decimals: fc.constant(decimals),
          balancesRaw: fc.tuple(...decimals.map(arbitraryBalance)),
          weights: arbitraryV2Weights(n),
          swapFee: fc.bigInt({ min: 10n ** 12n, max: 10n ** 17n }),
          totalSupply: fc
            .tuple(fc.integer({ min: 12, max: 30 }), fc.bigInt({ min: 1n, max: 9_999n }))
            .map(([e, r]) => r * 10n ** BigInt(e - 3)),
        }),
      ),
    )
    .map(({ decimals, balancesRaw, weights, swapFee, totalSupply }) => ({
      decimals,
      pool: {
        balancesRaw,
        scalingFactors: decimals.map((d) => ONE * 10n ** BigInt(18 - d)),
        weights,
        swapFee,
        totalSupply,
      },
    }))
}

const ppm = (max: number) => fc.integer({ min: 0, max }).map(BigInt)
const share = (value: bigint, parts: bigint) => (value * parts) / PPM

/**
 * One operation for `c`, sized as a share of the balances or supply: swaps up to 40 % of a
 * balance (the limit is 30 %), single-token joins up to 2.1x the supply (the limit is 3x the
 * invariant), single-token exits up to 35 % of the supply (the limit is 0.7x), proportional exits
 * up to the whole supply, multi-token amounts up to 50 % / 30 % with zeros mixed in.
 */
export function arbitraryV2Op(c: V2Case, withAllTokensIn: boolean): fc.Arbitrary<V2Op> {
  const n = c.pool.balancesRaw.length
  const balances = c.pool.balancesRaw
  const supply = c.pool.totalSupply
  const index = fc.integer({ min: 0, max: n - 1 })
  const pair = fc
    .tuple(index, fc.integer({ min: 1, max: n - 1 }))
    .map(([i, k]) => [i, (i + k) % n] as const)
  const amounts = (max: number) =>
    fc
      .array(fc.oneof(fc.constant(0n), ppm(max)), { minLength: n, maxLength: n })
      .map((parts) => parts.map((p, i) => share(balances[i]!, p)))
  const ops: fc.Arbitrary<V2Op>[] = [
    fc.tuple(pair, ppm(400_000)).map(([[i, o], p]) => ({
      op: 'swap' as const,
      kind: 'EXACT_IN' as const,
      tokenIn: i,
      tokenOut: o,
      amountRaw: share(balances[i]!, p),
    })),
    fc.tuple(pair, ppm(400_000)).map(([[i, o], p]) => ({
      op: 'swap' as const,
      kind: 'EXACT_OUT' as const,
      tokenIn: i,
      tokenOut: o,
      amountRaw: share(balances[o]!, p),
    })),
    amounts(500_000).map((a) => ({ op: 'joinExactTokensInForBptOut' as const, amountsInRaw: a })),
    fc.tuple(index, ppm(2_100_000)).map(([i, p]) => ({
      op: 'joinTokenInForExactBptOut' as const,
      tokenIndex: i,
      bptOutRaw: share(supply, p),
    })),
    ppm(1_000_000).map((p) => ({
      op: 'exitExactBptInForTokensOut' as const,
      bptInRaw: share(supply, p),
    })),
    fc.tuple(index, ppm(350_000)).map(([i, p]) => ({
      op: 'exitExactBptInForOneTokenOut' as const,
      tokenIndex: i,
      bptInRaw: share(supply, p),
    })),
    amounts(300_000).map((a) => ({ op: 'exitBptInForExactTokensOut' as const, amountsOutRaw: a })),
  ]
  if (withAllTokensIn)
    ops.push(
      ppm(2_000_000).map((p) => ({
        op: 'joinAllTokensInForExactBptOut' as const,
        bptOutRaw: share(supply, p),
      })),
    )
  return fc.oneof(...ops)
}

/** A pool and a few operations on it (each applied to the same starting state). */
export function arbitraryV2CaseWithOps(
  count: number,
  withAllTokensIn: boolean,
): fc.Arbitrary<{ c: V2Case; ops: V2Op[] }> {
  return arbitraryV2Case().chain((c) =>
    fc.record({
      c: fc.constant(c),
      ops: fc.array(arbitraryV2Op(c, withAllTokensIn), { minLength: count, maxLength: count }),
    }),
  )
}
