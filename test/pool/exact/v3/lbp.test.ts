import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../../src/errors.js'
import {
  calculateValueChangeProgress,
  interpolateValue,
  isLbpSwapEnabled,
  lbpSwap,
  lbpWeights,
  validateV3Lbp,
} from '../../../../src/pool/exact/v3/lbp.js'
import type { SwapKind, V3LbpState } from '../../../../src/pool/exact/v3/types.js'

interface FixtureCase {
  id: string
  pool: Record<string, unknown> & { decimals: number[] }
  weights: string[]
  ops: {
    kind: SwapKind
    tokenIn: number
    tokenOut: number
    amountRaw: string
    expected: Record<string, string>
  }[]
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/exact-v3/lbp.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] }

const ONE = 10n ** 18n
const bigs = (v: unknown) => (v as string[]).map((x) => BigInt(x))

function lbpOf(c: FixtureCase): V3LbpState {
  const p = c.pool
  return {
    balancesRaw: bigs(p.balancesRaw),
    scalingFactors: p.decimals.map((d) => 10n ** BigInt(18 - d)),
    tokenRates: [ONE, ONE],
    swapFee: BigInt(p.swapFee as string),
    projectTokenIndex: p.projectTokenIndex as number,
    isProjectTokenSwapInBlocked: p.isProjectTokenSwapInBlocked as boolean,
    startWeights: bigs(p.startWeights),
    endWeights: bigs(p.endWeights),
    startTime: BigInt(p.startTime as string),
    endTime: BigInt(p.endTime as string),
    currentTimestamp: BigInt(p.currentTimestamp as string),
  }
}

describe('V3 LBP, hand-written fixtures (test/fixtures/exact-v3/lbp.json)', () => {
  for (const c of fixture.cases) {
    it(`${c.id}: weights and swaps`, () => {
      const lbp = lbpOf(c)
      validateV3Lbp(lbp)
      expect(lbpWeights(lbp)).toEqual(bigs(c.weights))
      for (const op of c.ops) {
        let got: Record<string, string>
        try {
          const r = lbpSwap(lbp, {
            kind: op.kind,
            tokenIn: op.tokenIn,
            tokenOut: op.tokenOut,
            amountRaw: BigInt(op.amountRaw),
          })
          got =
            'amountOutRaw' in r
              ? { amountOutRaw: r.amountOutRaw.toString() }
              : { amountInRaw: r.amountInRaw.toString() }
        } catch (error) {
          got = { error: (error as PoolError).protocolError ?? 'none' }
        }
        expect(got).toEqual(op.expected)
      }
    })
  }
})

describe('V3 LBP schedule', () => {
  it('progress is 0 up to the start, 1e18 from the end, divDown(elapsed, total) between', () => {
    expect(calculateValueChangeProgress(100n, 100n, 200n)).toBe(0n)
    expect(calculateValueChangeProgress(99n, 100n, 200n)).toBe(0n)
    expect(calculateValueChangeProgress(150n, 100n, 200n)).toBe(ONE / 2n)
    expect(calculateValueChangeProgress(201n, 100n, 200n)).toBe(ONE)
    expect(calculateValueChangeProgress(101n, 100n, 103n)).toBe(333_333_333_333_333_333n)
  })
  it('interpolation rounds the step down, toward the start value, in both directions', () => {
    const third = 333_333_333_333_333_333n
    expect(interpolateValue(9n * 10n ** 17n, 3n * 10n ** 17n, third)).toBe(700_000_000_000_000_001n)
    expect(interpolateValue(3n * 10n ** 17n, 9n * 10n ** 17n, third)).toBe(499_999_999_999_999_999n)
    expect(interpolateValue(5n, 5n, third)).toBe(5n)
  })
  it('swaps are open on [startTime, endTime], both ends included', () => {
    const c = lbpOf(fixture.cases[0]!)
    expect(
      [c.startTime - 1n, c.startTime, c.endTime, c.endTime + 1n].map((t) =>
        isLbpSwapEnabled({ ...c, currentTimestamp: t }),
      ),
    ).toEqual([false, true, true, false])
  })
  it('names the gate that closed a swap', () => {
    const c = { ...lbpOf(fixture.cases[0]!), currentTimestamp: 2_000_000n }
    const run = () => lbpSwap(c, { kind: 'EXACT_IN', tokenIn: 0, tokenOut: 1, amountRaw: ONE })
    expect(run).toThrow(PoolError)
    expect(run).toThrow('SWAPS_DISABLED: swaps are open from 1000000 to 1000100, not at 2000000')
    const blocked = () =>
      lbpSwap(lbpOf(fixture.cases[0]!), {
        kind: 'EXACT_OUT',
        tokenIn: 1,
        tokenOut: 0,
        amountRaw: ONE,
      })
    expect(blocked).toThrow(
      'SWAPS_DISABLED: this LBP only sells its project token (index 1); it cannot be swapped in',
    )
  })
  it('rejects schedules and weights the LBPool constructor would', () => {
    const c = lbpOf(fixture.cases[0]!)
    expect(() => {
      validateV3Lbp({ ...c, endTime: c.startTime - 1n })
    }).toThrow(expect.objectContaining({ code: 'WEIGHT_SCHEDULE' }))
    expect(() => {
      validateV3Lbp({ ...c, endWeights: [ONE, 0n] })
    }).toThrow(expect.objectContaining({ code: 'WEIGHT_MIN' }))
    expect(() => {
      validateV3Lbp({ ...c, projectTokenIndex: 2 })
    }).toThrow(expect.objectContaining({ code: 'TOKEN_INDEX' }))
  })
})
