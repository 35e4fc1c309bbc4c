import {
  _computeInGivenExactOut,
  _computeInvariantDown,
  _computeOutGivenExactIn,
} from '@balancer-labs/balancer-maths'
import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../../src/errors.js'
import * as v2021 from '../../../../src/pool/exact/v2-2021/pool.js'
import * as math2021 from '../../../../src/pool/exact/v2-2021/weightedMath.js'
import { validateV2Pool } from '../../../../src/pool/exact/v2/checks.js'
import { scalingFactorV2 } from '../../../../src/pool/exact/decimals.js'
import { V2_ERROR_NAMES } from '../../../../src/pool/exact/v2/errors.js'
import {
  computeInvariant,
  exitBptInForExactTokensOut,
  exitExactBptInForOneTokenOut,
  exitExactBptInForTokensOut,
  inGivenOut,
  joinAllTokensInForExactBptOut,
  joinExactTokensInForBptOut,
  joinTokenInForExactBptOut,
  outGivenIn,
} from '../../../../src/pool/exact/v2/pool.js'
import type { V2PoolState } from '../../../../src/pool/exact/v2/types.js'
import * as math2022 from '../../../../src/pool/exact/v2/weightedMath.js'
import { fcParams } from '../../../arbitraries.js'
import {
  ONE,
  arbitraryV2Case,
  arbitraryV2CaseWithOps,
  type V2Case,
  type V2Op,
} from './arbitraries.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context; global settings untouched
const ceilDiv = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n)
const factor = (c: V2Case, i: number) => 10n ** BigInt(18 - c.decimals[i]!)

/** Runs `f`, returning its value or the V2 error name of its PoolError. */
function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f()
  } catch (error) {
    if (error instanceof PoolError && error.protocolError !== undefined)
      return { error: V2_ERROR_NAMES[error.protocolError] ?? error.protocolError }
    throw error
  }
}

/**
 * The 2022+ pool glue (BaseMinimalSwapInfoPool.onSwap) composed in the test around
 * balancer-maths' exported WeightedMath primitives (the same Solidity, with the pow shortcuts).
 */
function oracleSwap(c: V2Case, op: Extract<V2Op, { op: 'swap' }>): bigint | { error: string } {
  const { tokenIn: i, tokenOut: o } = op
  const p = c.pool
  try {
    if (op.kind === 'EXACT_IN') {
      const afterFee = op.amountRaw - ceilDiv(op.amountRaw * p.swapFee, ONE)
      const out = _computeOutGivenExactIn(
        p.balancesRaw[i]! * factor(c, i),
        p.weights[i]!,
        p.balancesRaw[o]! * factor(c, o),
        p.weights[o]!,
        afterFee * factor(c, i),
      )
      return out / factor(c, o)
    }
    const amountIn = _computeInGivenExactOut(
      p.balancesRaw[i]! * factor(c, i),
      p.weights[i]!,
      p.balancesRaw[o]! * factor(c, o),
      p.weights[o]!,
      op.amountRaw * factor(c, o),
    )
    return ceilDiv(ceilDiv(amountIn, factor(c, i)) * ONE, ONE - p.swapFee)
  } catch (error) {
    const message = (error as Error).message
    if (message === 'MaxInRatio exceeded') return { error: 'MAX_IN_RATIO' }
    if (message === 'MaxOutRatio exceeded') return { error: 'MAX_OUT_RATIO' }
    throw error
  }
}

const swapOnly = arbitraryV2Case().chain((c) =>
  fc.record({
    c: fc.constant(c),
    ops: fc.array(
      fc
        .tuple(
          fc.constantFrom('EXACT_IN' as const, 'EXACT_OUT' as const),
          fc.integer({ min: 0, max: c.pool.balancesRaw.length - 1 }),
          fc.integer({ min: 1, max: c.pool.balancesRaw.length - 1 }),
          fc.bigInt({ min: 0n, max: 400_000n }),
        )
        .map(([kind, i, k, ppm]) => {
          const o = (i + k) % c.pool.balancesRaw.length
          const balance = c.pool.balancesRaw[kind === 'EXACT_IN' ? i : o]!
          return {
            op: 'swap' as const,
            kind,
            tokenIn: i,
            tokenOut: o,
            amountRaw: (balance * ppm) / 1_000_000n,
          }
        }),
      { minLength: 4, maxLength: 4 },
    ),
  }),
)

describe('V2 2022+ swaps and invariant against balancer-maths WeightedMath primitives', () => {
  it('match to the wei, with the same MAX_IN_RATIO / MAX_OUT_RATIO reverts', () => {
    fc.assert(
      fc.property(swapOnly, ({ c, ops }) => {
        const balances = c.pool.balancesRaw.map((b, i) => b * factor(c, i))
        expect(computeInvariant(c.pool)).toBe(_computeInvariantDown([...c.pool.weights], balances))
        for (const op of ops) {
          const got = outcome(() =>
            op.kind === 'EXACT_IN'
              ? outGivenIn(c.pool, op.tokenIn, op.tokenOut, op.amountRaw)
              : inGivenOut(c.pool, op.tokenIn, op.tokenOut, op.amountRaw),
          )
          expect(got).toEqual(oracleSwap(c, op))
        }
      }),
      fcParams(1_000),
    )
  })
})

describe('V2 2022+ against 2021: the documented differences', () => {
  // 18-decimal tokens, so raw = upscaled and the closed forms below need no scaling.
  const pool5050: V2PoolState = {
    balancesRaw: [1_000n * ONE, 4_000n * ONE],
    scalingFactors: [ONE, ONE],
    weights: [ONE / 2n, ONE / 2n],
    swapFee: 3n * 10n ** 15n,
    totalSupply: 2_000n * ONE,
  }
  it('uses the exponent-1 shortcut: a 50/50 swap is x*y=k with the rounding spelled out', () => {
    const a = 10n * ONE
    const afterFee = a - ceilDiv(a * pool5050.swapFee, ONE) // 9.97
    const base = ceilDiv(1_000n * ONE * ONE, 1_000n * ONE + afterFee) // divUp(bI, bI + aI)
    const want = (4_000n * ONE * (ONE - base)) / ONE // mulDown(bO, complement(base))
    expect(outGivenIn(pool5050, 0, 1, a)).toBe(want)
    // 4000 * 9.97 / 1009.97 = 39.486321375882451954…: the pool keeps the 4000-wei steps of base.
    expect(want).toBe(39_486_321_375_882_448_000n)
    // 2021 goes through pow, and powUp adds its margin mulUp(raw, 1e4) + 1, about 1e-14 of the
    // power (0.99): the trader receives about bO * 1e-14 = 4e7 wei less, under bO * 2e-14.
    const old = v2021.outGivenIn(pool5050, 0, 1, a)
    expect(want - old).toBeGreaterThan(0n)
    expect(want - old).toBeLessThan((4_000n * ONE * 2n) / 10n ** 14n)
  })
  it('uses the exponent-4 shortcut: an 80/20 EXACT_OUT swap squares twice, rounding up', () => {
    const pool: V2PoolState = { ...pool5050, weights: [2n * 10n ** 17n, 8n * 10n ** 17n] }
    const out = 50n * ONE // of token 1 (80 %), paid in token 0 (20 %): exponent 0.8 / 0.2 = 4
    const base = ceilDiv(4_000n * ONE * ONE, 4_000n * ONE - out)
    const square = ceilDiv(base * base, ONE)
    const power = ceilDiv(square * square, ONE)
    const amountIn = ceilDiv(1_000n * ONE * (power - ONE), ONE)
    const want = ceilDiv(amountIn * ONE, ONE - pool.swapFee)
    expect(inGivenOut(pool, 0, 1, out)).toBe(want)
    expect(v2021.inGivenOut(pool, 0, 1, out)).toBeGreaterThan(want)
  })
  it('pays single-token exits with the taxable share rounded up: 0 or 1 wei more than 2021', () => {
    let ones = 0
    fc.assert(
      fc.property(
        fc.bigInt({ min: ONE, max: 10n ** 30n }),
        fc.constantFrom(3n * 10n ** 17n, 7n * 10n ** 17n, 15n * 10n ** 16n), // 1/w not 1, 2, 4
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 17n }),
        fc.bigInt({ min: 0n, max: 290_000n }),
        (balance, weight, swapFee, ppm) => {
          const supply = 10n ** 24n
          const bptIn = (supply * ppm) / 1_000_000n
          const now = math2022.calcTokenOutGivenExactBptIn(balance, weight, bptIn, supply, swapFee)
          const then = math2021.calcTokenOutGivenExactBptIn(balance, weight, bptIn, supply, swapFee)
          expect(now - then === 0n || now - then === 1n).toBe(true)
          if (now - then === 1n) ones++
        },
      ),
      fcParams(500),
    )
    expect(ones).toBeGreaterThan(0)
  })
  it('skips zero amounts: withdrawing nothing costs no BPT (2021 charged 1.0001e-14 per token)', () => {
    const n = 4
    const balances = new Array<bigint>(n).fill(10n ** 21n)
    const weights = new Array<bigint>(n).fill(ONE / 4n)
    const zeros = new Array<bigint>(n).fill(0n)
    const supply = 10n ** 24n
    expect(
      math2022.calcBptInGivenExactTokensOut(balances, weights, zeros, supply, 10n ** 15n),
    ).toBe(0n)
    expect(
      math2022.calcBptOutGivenExactTokensIn(balances, weights, zeros, supply, 10n ** 15n),
    ).toBe(0n)
    // 2021: each token multiplies in powDown(1e18, w) = 1e18 - (mulUp(1e18, 1e4) + 1) = 1e18 - 10001.
    let ratio = ONE
    for (let i = 0; i < n; i++) ratio = (ratio * (ONE - 10_001n)) / ONE
    const charged = ceilDiv(supply * (ONE - ratio), ONE)
    expect(
      math2021.calcBptInGivenExactTokensOut(balances, weights, zeros, supply, 10n ** 15n),
    ).toBe(charged)
    expect(charged).toBe(40_004_000_000n) // 4 * 1.0001e-14 * 1e24, to the wei
  })
  it('skips zero amounts in joins: a one-token join beats 2021 by (n - 1) * 1.0001e-14 of the supply', () => {
    fc.assert(
      fc.property(arbitraryV2Case(), fc.bigInt({ min: 1n, max: 500_000n }), (c, ppm) => {
        const n = BigInt(c.pool.balancesRaw.length)
        const supply = c.pool.totalSupply
        const balances = c.pool.balancesRaw.map((b, i) => b * factor(c, i))
        const amounts = balances.map((b, i) => (i === 0 ? (b * ppm) / 1_000_000n : 0n))
        fc.pre(amounts[0]! > 0n)
        // Fee 0, so the taxable-part formulas agree and only the zero tokens differ: 2021 multiplies
        // the ratio (>= 1) by 1e18 - 10001 per zero token. The bound uses 10000 to absorb the
        // truncations of the ratio products and of the final mulDown (2 wei).
        const args = [balances, c.pool.weights, amounts, supply, 0n] as const
        const now = math2022.calcBptOutGivenExactTokensIn(...args)
        const then = math2021.calcBptOutGivenExactTokensIn(...args)
        expect(now - then).toBeGreaterThanOrEqual((supply * (n - 1n) * 10_000n) / ONE - 2n)
      }),
      fcParams(300),
    )
  })
})

/** The true invariant prod(b_i ^ w_i) of raw balances in 50 digits (scaling cancels in ratios). */
function trueInvariant(c: V2Case, balancesRaw: readonly bigint[]): Decimal {
  let log = new D(0)
  for (let i = 0; i < balancesRaw.length; i++) {
    const units = new D((balancesRaw[i]! * factor(c, i)).toString())
    log = log.plus(units.ln().times(new D(c.pool.weights[i]!.toString()).div(1e18)))
  }
  return log.exp()
}

/** Balances and supply after an operation that succeeded, from its raw results. */
function applyOp(
  c: V2Case,
  op: V2Op,
  result: bigint | bigint[],
): { balances: bigint[]; supply: bigint } {
  const balances = [...c.pool.balancesRaw]
  let supply = c.pool.totalSupply
  const r = result as bigint
  const rs = result as bigint[]
  switch (op.op) {
    case 'swap':
      balances[op.tokenIn]! += op.kind === 'EXACT_IN' ? op.amountRaw : r
      balances[op.tokenOut]! -= op.kind === 'EXACT_IN' ? r : op.amountRaw
      break
    case 'joinExactTokensInForBptOut':
      op.amountsInRaw.forEach((a, i) => (balances[i]! += a))
      supply += r
      break
    case 'joinTokenInForExactBptOut':
      balances[op.tokenIndex]! += r
      supply += op.bptOutRaw
      break
    case 'joinAllTokensInForExactBptOut':
      rs.forEach((a, i) => (balances[i]! += a))
      supply += op.bptOutRaw
      break
    case 'exitExactBptInForTokensOut':
      rs.forEach((a, i) => (balances[i]! -= a))
      supply -= op.bptInRaw
      break
    case 'exitExactBptInForOneTokenOut':
      balances[op.tokenIndex]! -= r
      supply -= op.bptInRaw
      break
    case 'exitBptInForExactTokensOut':
      op.amountsOutRaw.forEach((a, i) => (balances[i]! -= a))
      supply -= r
      break
  }
  return { balances, supply }
}

function run(p: V2PoolState, op: V2Op): bigint | bigint[] {
  switch (op.op) {
    case 'swap':
      return op.kind === 'EXACT_IN'
        ? outGivenIn(p, op.tokenIn, op.tokenOut, op.amountRaw)
        : inGivenOut(p, op.tokenIn, op.tokenOut, op.amountRaw)
    case 'joinExactTokensInForBptOut':
      return joinExactTokensInForBptOut(p, op.amountsInRaw)
    case 'joinTokenInForExactBptOut':
      return joinTokenInForExactBptOut(p, op.tokenIndex, op.bptOutRaw)
    case 'joinAllTokensInForExactBptOut':
      return joinAllTokensInForExactBptOut(p, op.bptOutRaw)
    case 'exitExactBptInForTokensOut':
      return exitExactBptInForTokensOut(p, op.bptInRaw)
    case 'exitExactBptInForOneTokenOut':
      return exitExactBptInForOneTokenOut(p, op.tokenIndex, op.bptInRaw)
    case 'exitBptInForExactTokensOut':
      return exitBptInForExactTokensOut(p, op.amountsOutRaw)
  }
}

describe('V2 2022+ properties', () => {
  it('never lowers the true invariant per BPT (swaps: the invariant) on any operation', () => {
    let checked = 0
    fc.assert(
      fc.property(arbitraryV2CaseWithOps(4, true), ({ c, ops }) => {
        const before = trueInvariant(c, c.pool.balancesRaw).div(c.pool.totalSupply.toString())
        for (const op of ops) {
          const result = outcome(() => run(c.pool, op))
          if (typeof result === 'object' && 'error' in result) continue
          const { balances, supply } = applyOp(c, op, result)
          if (supply === 0n || balances.some((b) => b <= 0n)) continue // emptied: nothing left to dilute
          const after = trueInvariant(c, balances).div(supply.toString())
          // An exactly proportional join or exit keeps the ratio equal; the 50-digit ln/exp round
          // at about 1e-48, so equality is allowed 1e-40 of slack. Any real loss is far larger.
          expect(after.gte(before.times(new D(1).minus(1e-40)))).toBe(true)
          checked++
        }
      }),
      fcParams(400),
    )
    expect(checked).toBeGreaterThan(800)
  })
  it('never pays back more than went in on a swap round trip', () => {
    fc.assert(
      fc.property(arbitraryV2Case(), fc.bigInt({ min: 1n, max: 250_000n }), (c, ppm) => {
        const amountIn = (c.pool.balancesRaw[0]! * ppm) / 1_000_000n
        const out = outGivenIn(c.pool, 0, 1, amountIn)
        const balancesRaw = [...c.pool.balancesRaw]
        balancesRaw[0]! += amountIn
        balancesRaw[1]! -= out
        const back = outcome(() => outGivenIn({ ...c.pool, balancesRaw }, 1, 0, out))
        if (typeof back === 'bigint') expect(back).toBeLessThanOrEqual(amountIn)
        else expect(back).toEqual({ error: 'MAX_IN_RATIO' }) // only possible refusal
      }),
      fcParams(500),
    )
  })
})

describe('V2 2022+ limits and errors', () => {
  it('allows exactly 30 % of the balance in after the fee and reverts one wei above: BAL#304', () => {
    const pool = { ...pool18(), swapFee: 10n ** 12n }
    // The largest a with a - mulUp(a, 1e-6) <= 300e18 (30 % of 1000), found by stepping.
    let a = (300n * ONE * ONE) / (ONE - pool.swapFee)
    while (a - ceilDiv(a * pool.swapFee, ONE) > 300n * ONE) a--
    while (a + 1n - ceilDiv((a + 1n) * pool.swapFee, ONE) <= 300n * ONE) a++
    expect(outGivenIn(pool, 0, 1, a)).toBeGreaterThan(0n)
    const swap = () => outGivenIn(pool, 0, 1, a + 1n)
    expect(swap).toThrow(PoolError)
    expect(swap).toThrow(
      expect.objectContaining({ code: 'MAX_IN_RATIO', protocolError: 'BAL#304' }),
    )
    expect(swap).toThrow(
      `MAX_IN_RATIO: amount in ${300n * ONE + 1n} exceeds 30% of balance ${1_000n * ONE} (18-decimal)`,
    )
  })
  it('reverts MAX_OUT_RATIO (BAL#305), MIN_BPT_IN_FOR_TOKEN_OUT (306), MAX_OUT_BPT_FOR_TOKEN_IN (307)', () => {
    const pool = pool18()
    expect(() => inGivenOut(pool, 0, 1, 1_200n * ONE + 1n)).toThrow(
      expect.objectContaining({ code: 'MAX_OUT_RATIO', protocolError: 'BAL#305' }),
    )
    // supply 2000: 600 BPT in leaves the ratio at exactly 0.7 (allowed), 601 at 0.6995
    expect(() => exitExactBptInForOneTokenOut(pool, 0, 601n * ONE)).toThrow(
      expect.objectContaining({ code: 'MIN_INVARIANT_RATIO', protocolError: 'BAL#306' }),
    )
    expect(exitExactBptInForOneTokenOut(pool, 0, 600n * ONE)).toBeGreaterThan(0n)
    expect(() => joinTokenInForExactBptOut(pool, 0, 4_000n * ONE + 1n)).toThrow(
      expect.objectContaining({ code: 'MAX_INVARIANT_RATIO', protocolError: 'BAL#307' }),
    )
    expect(joinTokenInForExactBptOut(pool, 0, 4_000n * ONE)).toBeGreaterThan(0n)
  })
  it('reverts SUB_OVERFLOW (BAL#001) on an exit of more BPT than exists, ZERO_INVARIANT (311) on a full one', () => {
    const pool = pool18()
    expect(() => exitExactBptInForTokensOut(pool, pool.totalSupply + 1n)).toThrow(
      expect.objectContaining({ code: 'ARITHMETIC', protocolError: 'BAL#001' }),
    )
    expect(() => exitExactBptInForTokensOut(pool, pool.totalSupply)).toThrow(
      expect.objectContaining({ code: 'ZERO_INVARIANT', protocolError: 'BAL#311' }),
    )
  })
  it('reverts MUL_OVERFLOW (BAL#003) where a 1 % weight meets the 3x limit (no oracle overflows)', () => {
    const pool: V2PoolState = {
      ...pool18(),
      weights: [10n ** 16n, 99n * 10n ** 16n],
      balancesRaw: [10n ** 40n, ONE],
    }
    // 2.99^100 * 1e40 * 1e18 ~ 1e105.6 > 2^256 = 1.2e77 in mulUp(balance, ratio - 1)
    expect(() => joinTokenInForExactBptOut(pool, 0, 3_980n * ONE)).toThrow(
      expect.objectContaining({ code: 'ARITHMETIC', protocolError: 'BAL#003' }),
    )
  })
  it('runs the example of the manual (docs-drafts/exact-v2.md): 1 WETH into a 50/50 WETH/USDC pool', () => {
    const pool = {
      balancesRaw: [1_000n * ONE, 4_000_000_000_000n], // 1000 WETH, 4M USDC (6 decimals)
      scalingFactors: [scalingFactorV2(18), scalingFactorV2(6)],
      weights: [ONE / 2n, ONE / 2n],
      swapFee: 3n * 10n ** 15n,
      totalSupply: 2_000n * ONE,
    }
    // x*y=k: 4e6 * 0.997 / 1000.997 = 3984.027924159… USDC, rounded down to the unit.
    expect(outGivenIn(pool, 0, 1, ONE)).toBe(3_984_027_924n)
  })
  it('validates pools and operations at the entry', () => {
    expect(() => {
      validateV2Pool(pool18())
    }).not.toThrow()
    expect(scalingFactorV2(6)).toBe(10n ** 30n)
    expect(() => {
      validateV2Pool({ ...pool18(), weights: [ONE / 2n, ONE / 2n + 1n] })
    }).toThrow('WEIGHT_SUM: weights sum to 1000000000000000001, not 1e18')
    expect(() => {
      validateV2Pool({ ...pool18(), weights: [ONE - 10n ** 16n + 1n, 10n ** 16n - 1n] })
    }).toThrow(expect.objectContaining({ code: 'WEIGHT_MIN' }))
    expect(() => {
      validateV2Pool({ ...pool18(), swapFee: 10n ** 17n + 1n })
    }).toThrow(expect.objectContaining({ code: 'SWAP_FEE_RANGE' }))
    expect(() => {
      validateV2Pool({ ...pool18(), scalingFactors: [ONE, 10n ** 17n] })
    }).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }))
    expect(() => outGivenIn(pool18(), 0, 0, 1n)).toThrow(
      'TOKEN_INDEX: tokenIn and tokenOut are both 0',
    )
    expect(() => outGivenIn(pool18(), 0, 2, 1n)).toThrow(
      expect.objectContaining({ code: 'TOKEN_INDEX' }),
    )
    expect(() => outGivenIn(pool18(), 0, 1, -1n)).toThrow(
      expect.objectContaining({ code: 'AMOUNT_INVALID' }),
    )
    expect(() => joinExactTokensInForBptOut(pool18(), [1n])).toThrow(
      expect.objectContaining({ code: 'TOKEN_COUNT' }),
    )
  })
})

/** A 2-token 50/50 pool of 18-decimal tokens: balances 1000 and 4000, supply 2000, fee 0.3 %. */
function pool18(): V2PoolState {
  return {
    balancesRaw: [1_000n * ONE, 4_000n * ONE],
    scalingFactors: [ONE, ONE],
    weights: [ONE / 2n, ONE / 2n],
    swapFee: 3n * 10n ** 15n,
    totalSupply: 2_000n * ONE,
  }
}
