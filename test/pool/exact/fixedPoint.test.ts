import { _computeInvariantDown, _computeInvariantUp } from '@balancer-labs/balancer-maths'
import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import {
  FOUR,
  MAX_POW_RELATIVE_ERROR,
  MAX_UINT256,
  ONE,
  TWO,
  add,
  arithmeticKind,
  complement,
  div,
  divDown,
  divUp,
  divUpRaw,
  mul,
  mulDivUp,
  mulDown,
  mulUp,
  powDown,
  powDownNoShortcuts,
  powUp,
  powUpNoShortcuts,
  sub,
} from '../../../src/pool/exact/fixedPoint.js'
import { fcParams } from '../../arbitraries.js'

// Integer quotients of uint256 products need up to 155 digits to be exact; a private 200-digit
// context recomputes them by another route (decimal division then floor/ceil), globals untouched.
const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_DOWN })
const dec = (x: bigint) => new D(x.toString())
const floorDiv = (a: Decimal, b: Decimal) => BigInt(a.div(b).floor().toFixed(0))
const ceilDiv = (a: Decimal, b: Decimal) => BigInt(a.div(b).ceil().toFixed(0))
const E18 = dec(ONE)

const uint128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })
const positive128 = fc.bigInt({ min: 1n, max: (1n << 128n) - 1n })

/** The thrown error's class, code, kind and op, or 'no error'. */
function revertOf(run: () => unknown): string {
  try {
    run()
    return 'no error'
  } catch (error) {
    if (!(error instanceof PoolError)) throw error
    return `${error.code}/${String(arithmeticKind(error))}/${String(error.values.op)}`
  }
}

describe('fixedPoint constants', () => {
  it('match FixedPoint.sol', () => {
    expect([ONE, TWO, FOUR, MAX_POW_RELATIVE_ERROR]).toEqual([
      10n ** 18n,
      2n * 10n ** 18n,
      4n * 10n ** 18n,
      10_000n,
    ])
    expect(MAX_UINT256).toBe(2n ** 256n - 1n)
  })
})

describe('mulDown / mulUp', () => {
  it('round a product by hand', () => {
    expect(mulDown(15n * 10n ** 17n, 2n * ONE)).toBe(3n * ONE) // 1.5 * 2 = 3 exactly
    expect(mulDown(1n, 1n)).toBe(0n) // 1e-36 truncates to 0
    expect(mulUp(1n, 1n)).toBe(1n) // and rounds up to 1 wei
    expect(mulUp(0n, 5n)).toBe(0n) // 0 stays 0 (the (p - 1) / ONE + 1 form would give 1)
    expect(mulUp(3n * ONE, ONE)).toBe(3n * ONE) // exact products are not bumped
  })
  it('equal floor/ceil of a * b / 1e18 recomputed in 200 digits', () => {
    fc.assert(
      fc.property(uint128, uint128, (a, b) => {
        expect(mulDown(a, b)).toBe(floorDiv(dec(a).times(dec(b)), E18))
        expect(mulUp(a, b)).toBe(ceilDiv(dec(a).times(dec(b)), E18))
      }),
      fcParams(2_000),
    )
  })
  it('revert MUL_OVERFLOW exactly from a product of 2^256', () => {
    expect(mulDown(MAX_UINT256, 1n)).toBe(MAX_UINT256 / ONE) // 2^256 - 1 still fits
    expect(revertOf(() => mulDown(2n ** 128n, 2n ** 128n))).toBe('ARITHMETIC/MUL_OVERFLOW/mulDown')
    expect(revertOf(() => mulUp(2n ** 255n, 2n))).toBe('ARITHMETIC/MUL_OVERFLOW/mulUp')
    expect(() => mulDown(2n ** 255n, 2n)).toThrow(
      `ARITHMETIC: MUL_OVERFLOW in mulDown(${String(2n ** 255n)}, 2)`,
    )
  })
})

describe('divDown / divUp / mulDivUp / divUpRaw', () => {
  it('round a quotient by hand', () => {
    expect(divDown(ONE, 3n * ONE)).toBe(333_333_333_333_333_333n)
    expect(divUp(ONE, 3n * ONE)).toBe(333_333_333_333_333_334n)
    expect(divUp(0n, 7n)).toBe(0n)
    expect(divUp(6n * ONE, 3n * ONE)).toBe(2n * ONE)
    expect(mulDivUp(10n, 10n, 3n)).toBe(34n)
    expect(mulDivUp(0n, 10n, 3n)).toBe(0n)
    expect(divUpRaw(7n, 2n)).toBe(4n)
    expect(divUpRaw(0n, 2n)).toBe(0n)
  })
  it('equal floor/ceil of a * 1e18 / b recomputed in 200 digits', () => {
    fc.assert(
      fc.property(uint128, positive128, (a, b) => {
        expect(divDown(a, b)).toBe(floorDiv(dec(a).times(E18), dec(b)))
        expect(divUp(a, b)).toBe(ceilDiv(dec(a).times(E18), dec(b)))
        expect(mulDivUp(a, b, b + 1n)).toBe(ceilDiv(dec(a).times(dec(b)), dec(b + 1n)))
      }),
      fcParams(2_000),
    )
  })
  it('revert ZERO_DIVISION on a zero divisor and DIV_INTERNAL when a * 1e18 overflows', () => {
    expect(revertOf(() => divDown(1n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/divDown')
    expect(revertOf(() => divUp(1n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/divUp')
    expect(revertOf(() => divUp(0n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/divUp') // even for 0
    expect(revertOf(() => mulDivUp(1n, 1n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/mulDivUp')
    expect(revertOf(() => divUpRaw(1n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/divUpRaw')
    expect(revertOf(() => div(1n, 0n))).toBe('ARITHMETIC/ZERO_DIVISION/div')
    const largest = MAX_UINT256 / ONE // largest a with a * 1e18 < 2^256
    expect(divDown(largest, ONE)).toBe(largest)
    expect(revertOf(() => divDown(largest + 1n, ONE))).toBe('ARITHMETIC/DIV_INTERNAL/divDown')
    expect(revertOf(() => divUp(largest + 1n, ONE))).toBe('ARITHMETIC/DIV_INTERNAL/divUp')
    expect(revertOf(() => mulDivUp(2n ** 200n, 2n ** 56n, 1n))).toBe(
      'ARITHMETIC/MUL_OVERFLOW/mulDivUp',
    )
  })
})

describe('add / sub / mul / div / complement', () => {
  it('follow uint256 checked arithmetic', () => {
    expect(add(MAX_UINT256 - 1n, 1n)).toBe(MAX_UINT256)
    expect(revertOf(() => add(MAX_UINT256, 1n))).toBe('ARITHMETIC/ADD_OVERFLOW/add')
    expect(sub(3n, 3n)).toBe(0n)
    expect(revertOf(() => sub(2n, 3n))).toBe('ARITHMETIC/SUB_OVERFLOW/sub')
    expect(mul(2n ** 128n, 2n ** 128n - 1n)).toBe(2n ** 256n - 2n ** 128n)
    expect(revertOf(() => mul(2n ** 128n, 2n ** 128n))).toBe('ARITHMETIC/MUL_OVERFLOW/mul')
    expect(div(7n, 2n)).toBe(3n)
  })
  it('complement is 1 - x floored at 0', () => {
    expect(complement(3n * 10n ** 17n)).toBe(7n * 10n ** 17n)
    expect(complement(0n)).toBe(ONE)
    expect(complement(ONE)).toBe(0n)
    expect(complement(ONE + 1n)).toBe(0n)
  })
})

// The official V3 package's invariant of a one-token "pool" is mulDown(1e18, powDownFixed(x, y)) =
// powDownFixed(x, y) exactly (and the up variant powUpFixed): its FixedPoint pow, reachable
// through public exports. It throws ZeroInvariant where powDown is 0.
const officialPowDown = (x: bigint, y: bigint) => _computeInvariantDown([y], [x])
const officialPowUp = (x: bigint, y: bigint) => _computeInvariantUp([y], [x])

describe('powDown / powUp', () => {
  const x = 15n * 10n ** 17n + 1n // 1.5 + 1 wei: its square is not a whole number of wei
  it('take the exact shortcut for an exponent of 1: x itself, no error margin', () => {
    expect(powDown(x, ONE)).toBe(x)
    expect(powUp(x, ONE)).toBe(x)
    // The general branch would move it by at least 1 wei: the shortcut is really taken.
    expect(powUpNoShortcuts(x, ONE)).toBeGreaterThan(x)
    expect(powDownNoShortcuts(x, ONE)).toBeLessThan(x)
  })
  it('take the squaring shortcuts for 2 and 4, rounding down for powDown and up for powUp', () => {
    const squareDown = (x * x) / ONE // 2250000000000000003 (x^2 = 2.250000000000000003000…)
    expect(squareDown).toBe(2_250_000_000_000_000_003n)
    expect(powDown(x, TWO)).toBe(squareDown)
    expect(powUp(x, TWO)).toBe(squareDown + 1n)
    expect(powDown(x, FOUR)).toBe((squareDown * squareDown) / ONE)
    const squareUp = squareDown + 1n
    expect(powUp(x, FOUR)).toBe((squareUp * squareUp - 1n) / ONE + 1n)
  })
  it('match the official package on the shortcuts, except its powDown for 2 and 4', () => {
    expect(powUp(x, TWO)).toBe(officialPowUp(x, TWO))
    expect(powUp(x, FOUR)).toBe(officialPowUp(x, FOUR))
    expect(powDown(x, ONE)).toBe(officialPowDown(x, ONE))
    // Known deviation (conformance README): balancer-maths' powDownFixed uses mulUp for exponents
    // 2 and 4; the contract uses mulDown. Ours follows the contract, so it is 1 wei lower here.
    expect(powDown(x, TWO)).toBe(officialPowDown(x, TWO) - 1n)
    expect(powDown(x, FOUR)).toBeLessThan(officialPowDown(x, FOUR))
  })
  it('apply the 1e-14 + 1 wei margin around pow, equal to the official package', () => {
    const exponent = fc
      .bigInt({ min: 1n, max: 8n * ONE })
      .filter((y) => y !== ONE && y !== TWO && y !== FOUR)
    const base = fc.bigInt({ min: 10n ** 12n, max: 10n ** 24n })
    fc.assert(
      fc.property(base, exponent, (b, y) => {
        let down: bigint
        try {
          down = officialPowDown(b, y)
        } catch {
          return // pow out of its bounds or a zero result: covered by the cases below
        }
        expect(powDown(b, y)).toBe(down)
        expect(powUp(b, y)).toBe(officialPowUp(b, y))
      }),
      fcParams(1_500),
    )
  })
  it('keep the true power between powDown and powUp (50-digit recomputation)', () => {
    const D50 = Decimal.clone({ precision: 50 })
    for (const [b, y] of [
      [2n * ONE, 5n * 10n ** 17n],
      [95n * 10n ** 16n, 3n * ONE + 7n],
      [10n ** 12n, 333_333_333_333_333_333n],
    ] as const) {
      const exact = new D50(b.toString()).div(1e18).pow(new D50(y.toString()).div(1e18)).times(1e18)
      expect(new D50(powDown(b, y).toString()).lte(exact)).toBe(true)
      expect(new D50(powUp(b, y).toString()).gte(exact)).toBe(true)
      // Margin 2 * (1e-14 relative + 1 wei) plus pow's own error: within 3e-14 of the truth.
      expect(new D50((powUp(b, y) - powDown(b, y)).toString()).div(exact).toNumber()).toBeLessThan(
        3e-14,
      )
    }
  })
  it('floor powDown at 0 when the margin exceeds the raw power', () => {
    // (1e-6)^2.96 = e^-40.9 ~ 1.7e-18: pow gives 1 wei, the margin is mulUp(1, 1e4) + 1 = 2 wei.
    const b = 10n ** 12n
    const y = 2_960_000_000_000_000_000n
    expect(powDown(b, y)).toBe(0n)
    expect(powUp(b, y)).toBe(3n) // 1 + 2
    expect(() => officialPowDown(b, y)).toThrow('ZeroInvariant') // the package agrees: 0
    expect(officialPowUp(b, y)).toBe(3n)
  })
  it('revert on overflow in the shortcuts', () => {
    expect(revertOf(() => powDown(2n ** 130n, TWO))).toBe('ARITHMETIC/MUL_OVERFLOW/mulDown')
    expect(revertOf(() => powUp(2n ** 100n, FOUR))).toBe('ARITHMETIC/MUL_OVERFLOW/mulUp')
  })
})
