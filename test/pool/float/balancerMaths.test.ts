/**
 * The float joins, exits and swaps against Balancer's own V3 math package
 * (`@balancer-labs/balancer-maths`, dev-only), which mirrors the deployed Vault and weighted pool
 * in 18-decimal fixed point. Same formulas, so the only differences are the package's rounding
 * (pow to ~1e-14 relative, `- 1 wei` adjustments on balances): 1e-9 relative is ample and still
 * catches any formula slip (a wrong taxable part or fee gross-up moves results by >= 1e-6 here).
 * Where the package prices BPT from two invariants (unbalanced join, exact-out exit), each of its
 * up-to-8 `pow`s errs by up to 1e-14 (`MAX_POW_RELATIVE_ERROR`) of V, and bpt = S (1 - V1/V0)
 * turns that into an absolute error of ~2 * 8e-14 * S: those compare within 2e-13 S more.
 */
import { AddKind, RemoveKind, SwapKind, Vault } from '@balancer-labs/balancer-maths'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addLiquiditySingleTokenExactOut,
  addLiquidityUnbalanced,
  removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut,
} from '../../../src/pool/float/liquidity.js'
import { computeInGivenOut, computeOutGivenIn } from '../../../src/pool/float/swap.js'
import type { WeightedPoolWithSupply } from '../../../src/pool/float/types.js'
import { fcParams } from '../../arbitraries.js'

const WAD = 10n ** 18n
const vault = new Vault()

/** A pool given in micro-units (6 decimals), so the float and WAD forms are the same numbers. */
interface ExactCase {
  balancesMicro: number[]
  weightsWad: bigint[]
  swapFeeWad: bigint
  supplyMicro: number
  share: number
  shares: number[]
  token: number
}

const exactCase: fc.Arbitrary<ExactCase> = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    balancesMicro: fc.array(fc.integer({ min: 1e6, max: 1e12 }), { minLength: n, maxLength: n }),
    // Raw weights 1..100 per token, normalized in WAD with the remainder on the last token,
    // so they sum to exactly 1e18 as the contracts require; each stays >= 1 %.
    weightsWad: fc
      .array(fc.integer({ min: 1, max: 100 }), { minLength: n, maxLength: n })
      .map((raw) => {
        const total = BigInt(raw.reduce((a, b) => a + b, 0))
        const free = WAD - (WAD / 100n) * BigInt(n)
        const weights = raw.map((r) => WAD / 100n + (free * BigInt(r)) / total)
        weights[n - 1] = weights[n - 1]! + WAD - weights.reduce((a, b) => a + b, 0n)
        return weights
      }),
    swapFeeWad: fc.bigInt({ min: 10n ** 12n, max: 10n ** 17n }),
    supplyMicro: fc.integer({ min: 1e6, max: 1e12 }),
    share: fc.double({ min: 1e-3, max: 0.25, noNaN: true }),
    shares: fc.array(fc.double({ min: 1e-3, max: 0.5, noNaN: true }), {
      minLength: n,
      maxLength: n,
    }),
    token: fc.nat({ max: n - 1 }),
  }),
)

function floatPool(c: ExactCase): WeightedPoolWithSupply {
  return {
    balances: c.balancesMicro.map((b) => b / 1e6),
    weights: c.weightsWad.map((w) => Number(w) / 1e18),
    swapFee: Number(c.swapFeeWad) / 1e18,
    totalSupply: c.supplyMicro / 1e6,
  }
}

function weightedState(c: ExactCase) {
  const n = c.balancesMicro.length
  const tokens = c.balancesMicro.map((_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
  return {
    poolAddress: '0xpool',
    poolType: 'WEIGHTED',
    tokens,
    scalingFactors: new Array<bigint>(n).fill(1n),
    tokenRates: new Array<bigint>(n).fill(WAD),
    balancesLiveScaled18: c.balancesMicro.map((b) => BigInt(b) * 10n ** 12n),
    weights: c.weightsWad,
    swapFee: c.swapFeeWad,
    aggregateSwapFee: 0n,
    totalSupply: BigInt(c.supplyMicro) * 10n ** 12n,
    supportsUnbalancedLiquidity: true,
  }
}

/** A float amount as an 18-decimal bigint (exact to the float's ~16 digits). */
const toWad = (x: number): bigint => BigInt(Math.round(x * 1e6)) * 10n ** 12n
const fromWad = (x: bigint): number => Number(x) / 1e18
const close = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want)
/** Error of a BPT amount priced from two invariants, less the package's pow error (see top). */
const bptError = (got: number, want: number, supply: number): number =>
  Math.max(0, Math.abs(got - want) - 2e-13 * supply) / Math.abs(want)

describe('float pool against @balancer-labs/balancer-maths (V3)', () => {
  it('swaps: outGivenIn and inGivenOut, fee on the input', () => {
    fc.assert(
      fc.property(exactCase, (c) => {
        const pool = floatPool(c)
        const state = weightedState(c)
        const [i, o] = [c.token, (c.token + 1) % c.balancesMicro.length]
        const amountIn = toWad(pool.balances[i]! * c.share)
        const out = vault.swap(
          {
            amountRaw: amountIn,
            tokenIn: state.tokens[i]!,
            tokenOut: state.tokens[o]!,
            swapKind: SwapKind.GivenIn,
          },
          state,
        )
        const args = [
          pool.balances[i]!,
          pool.weights[i]!,
          pool.balances[o]!,
          pool.weights[o]!,
        ] as const
        expect(
          close(computeOutGivenIn(...args, fromWad(amountIn), pool.swapFee), fromWad(out)),
        ).toBeLessThan(1e-9)
        const amountOut = toWad(pool.balances[o]! * c.share)
        const paid = vault.swap(
          {
            amountRaw: amountOut,
            tokenIn: state.tokens[i]!,
            tokenOut: state.tokens[o]!,
            swapKind: SwapKind.GivenOut,
          },
          state,
        )
        expect(
          close(computeInGivenOut(...args, fromWad(amountOut), pool.swapFee), fromWad(paid)),
        ).toBeLessThan(1e-9)
      }),
      fcParams(100),
    )
  })
  it('joins: unbalanced and single token exact out', () => {
    fc.assert(
      fc.property(exactCase, (c) => {
        const pool = floatPool(c)
        const state = weightedState(c)
        const amountsIn = pool.balances.map((b, k) => toWad(b * c.shares[k]!))
        const unbalanced = vault.addLiquidity(
          {
            pool: '0xpool',
            maxAmountsInRaw: amountsIn,
            minBptAmountOutRaw: 0n,
            kind: AddKind.UNBALANCED,
          },
          state,
        )
        const got = addLiquidityUnbalanced(pool, amountsIn.map(fromWad)).bptOut
        expect(bptError(got, fromWad(unbalanced.bptAmountOutRaw), pool.totalSupply)).toBeLessThan(
          1e-9,
        )

        const bptOut = toWad(pool.totalSupply * c.share)
        const single = vault.addLiquidity(
          {
            pool: '0xpool',
            maxAmountsInRaw: amountsIn.map((_, k) => (k === c.token ? 10n ** 40n : 0n)),
            minBptAmountOutRaw: bptOut,
            kind: AddKind.SINGLE_TOKEN_EXACT_OUT,
          },
          state,
        )
        const amountIn = addLiquiditySingleTokenExactOut(pool, c.token, fromWad(bptOut)).amountsIn[
          c.token
        ]!
        expect(close(amountIn, fromWad(single.amountsInRaw[c.token]!))).toBeLessThan(1e-9)
      }),
      fcParams(100),
    )
  })
  it('exits: proportional, single token exact in and exact out', () => {
    fc.assert(
      fc.property(exactCase, (c) => {
        const pool = floatPool(c)
        const state = weightedState(c)
        const n = c.balancesMicro.length
        const bptIn = toWad(pool.totalSupply * c.share)
        const proportional = vault.removeLiquidity(
          {
            pool: '0xpool',
            minAmountsOutRaw: new Array<bigint>(n).fill(0n),
            maxBptAmountInRaw: bptIn,
            kind: RemoveKind.PROPORTIONAL,
          },
          state,
        )
        removeLiquidityProportional(pool, fromWad(bptIn)).amountsOut.forEach((a, k) => {
          expect(close(a, fromWad(proportional.amountsOutRaw[k]!))).toBeLessThan(1e-9)
        })
        const exactIn = vault.removeLiquidity(
          {
            pool: '0xpool',
            minAmountsOutRaw: new Array<bigint>(n)
              .fill(0n)
              .map((_, k) => (k === c.token ? 1n : 0n)),
            maxBptAmountInRaw: bptIn,
            kind: RemoveKind.SINGLE_TOKEN_EXACT_IN,
          },
          state,
        )
        const out = removeLiquiditySingleTokenExactIn(pool, c.token, fromWad(bptIn)).amountsOut[
          c.token
        ]!
        expect(close(out, fromWad(exactIn.amountsOutRaw[c.token]!))).toBeLessThan(1e-9)

        const amountOut = toWad(pool.balances[c.token]! * c.share)
        const exactOut = vault.removeLiquidity(
          {
            pool: '0xpool',
            minAmountsOutRaw: new Array<bigint>(n)
              .fill(0n)
              .map((_, k) => (k === c.token ? amountOut : 0n)),
            maxBptAmountInRaw: 10n ** 40n,
            kind: RemoveKind.SINGLE_TOKEN_EXACT_OUT,
          },
          state,
        )
        const bpt = removeLiquiditySingleTokenExactOut(pool, c.token, fromWad(amountOut)).bptIn
        expect(bptError(bpt, fromWad(exactOut.bptAmountInRaw), pool.totalSupply)).toBeLessThan(1e-9)
      }),
      fcParams(100),
    )
  })
  it('raises errors where the package does: invariant ratio above 3 and below 0.7', () => {
    const c: ExactCase = {
      balancesMicro: [10e6, 20e6],
      weightsWad: [WAD / 2n, WAD / 2n],
      swapFeeWad: WAD / 100n,
      supplyMicro: 100e6,
      share: 0,
      shares: [0, 0],
      token: 0,
    }
    const state = weightedState(c)
    const join = () =>
      vault.addLiquidity(
        {
          pool: '0xpool',
          maxAmountsInRaw: [10n ** 40n, 0n],
          minBptAmountOutRaw: 201n * WAD,
          kind: AddKind.SINGLE_TOKEN_EXACT_OUT,
        },
        state,
      )
    expect(join).toThrow(/InvariantRatioAboveMax/)
    expect(() => addLiquiditySingleTokenExactOut(floatPool(c), 0, 201)).toThrow(
      /^MAX_INVARIANT_RATIO/,
    )
    const exit = () =>
      vault.removeLiquidity(
        {
          pool: '0xpool',
          minAmountsOutRaw: [1n, 0n],
          maxBptAmountInRaw: 31n * WAD,
          kind: RemoveKind.SINGLE_TOKEN_EXACT_IN,
        },
        state,
      )
    expect(exit).toThrow(/InvariantRatioBelowMin/)
    expect(() => removeLiquiditySingleTokenExactIn(floatPool(c), 0, 31)).toThrow(
      /^MIN_INVARIANT_RATIO/,
    )
  })
})
