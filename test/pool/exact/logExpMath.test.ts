import { bn } from '@georgeroman/balancer-v2-pools/dist/src/utils/big-number.js'
import * as oracle from '@georgeroman/balancer-v2-pools/dist/src/utils/math/log-exp.js'
import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import {
  LOG_EXP_V2_ERRORS,
  LOG_EXP_V3_ERRORS,
  MAX_NATURAL_EXPONENT,
  MILD_EXPONENT_BOUND,
  MIN_NATURAL_EXPONENT,
  exp,
  ln,
  log,
  pow,
  withProtocolError,
} from '../../../src/pool/exact/logExpMath.js'
import { fcParams } from '../../arbitraries.js'

const ONE = 10n ** 18n
const D = Decimal.clone({ precision: 50 }) // private 50-digit context; global settings untouched
const E18 = new D(10).pow(18)
const toD = (x: bigint) => new D(x.toString()).div(E18)
// LogExpMath's own constants e^128 and e^64 (plain integers): the `_ln` decomposition thresholds.
const A0 = 38877084059945950922200000000000000000000000000000000000n
const A1 = 6235149080811616882910000000n

/** The package's answer as a string, or `E:<name>` for its thrown error. */
function viaOracle(f: () => { toFixed(): string }): string {
  try {
    return f().toFixed()
  } catch (error) {
    return `E:${(error as Error).message}`
  }
}

/** Ours in the same shape: the integer, or `E:<values.kind>`. */
function viaOurs(f: () => bigint): string {
  try {
    return f().toString()
  } catch (error) {
    if (error instanceof PoolError) return `E:${String(error.values.kind)}`
    throw error
  }
}

/** The PoolError `f` throws (fails the test if it throws nothing or something else). */
function caught(f: () => unknown): PoolError {
  try {
    f()
  } catch (error) {
    if (error instanceof PoolError) return error
    throw error
  }
  throw new Error('expected a PoolError, nothing was thrown')
}

/** A uint in [0, 10^digits) for a digits count drawn in [lo, hi]: every magnitude equally likely. */
const anyMagnitude = (lo: number, hi: number) =>
  fc
    .tuple(fc.integer({ min: lo, max: hi }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }))
    .map(([digits, r]) => r % 10n ** BigInt(digits))

/** Bases by branch: the ln_36 band (0.9, 1.1), below 1, above 1, and the e^64 / e^128 regions. */
const base = fc.oneof(
  fc.bigInt({ min: 9n * 10n ** 17n - 10n, max: 11n * 10n ** 17n + 10n }),
  anyMagnitude(1, 18),
  anyMagnitude(19, 40),
  fc.bigInt({ min: A1 * ONE - 10n ** 40n, max: A0 * ONE * 10n }),
  fc.bigInt({ min: 1n, max: (1n << 255n) + 10n }),
)
const exponent = fc.oneof(
  anyMagnitude(0, 22),
  fc.bigInt({ min: MILD_EXPONENT_BOUND - 5n, max: MILD_EXPONENT_BOUND + 5n }),
)
const natural = fc.bigInt({ min: MIN_NATURAL_EXPONENT - 10n, max: MAX_NATURAL_EXPONENT + 10n })

describe('LogExpMath against @georgeroman/balancer-v2-pools (a port of the same Solidity)', () => {
  it('pow gives the same integer or the same revert over every branch', () => {
    fc.assert(
      fc.property(base, exponent, (x, y) => {
        expect(viaOurs(() => pow(x, y))).toBe(
          viaOracle(() => oracle.pow(bn(x.toString()), bn(y.toString()))),
        )
      }),
      fcParams(6_000),
    )
  })
  it('exp gives the same integer or the same revert, negative arguments included', () => {
    fc.assert(
      fc.property(natural, (x) => {
        expect(viaOurs(() => exp(x))).toBe(viaOracle(() => oracle.exp(bn(x.toString()))))
      }),
      fcParams(3_000),
    )
  })
  it('ln and log give the same integers (ln_36 band, below and above 1, e^64 and e^128 terms)', () => {
    fc.assert(
      fc.property(base, base, (a, b) => {
        expect(viaOurs(() => ln(a))).toBe(viaOracle(() => oracle.ln(bn(a.toString()))))
        // log(0, b) and base 1 divide by zero on-chain; the package returns NaN there.
        if (a > 0n && b > 0n && b !== ONE)
          expect(viaOurs(() => log(a, b))).toBe(
            viaOracle(() => oracle.log(bn(a.toString()), bn(b.toString()))),
          )
      }),
      fcParams(3_000),
    )
  })
})

describe('LogExpMath against 50-digit decimal.js', () => {
  // Measured over 2e4 random cases: the error of pow and exp never exceeded 1.0 times the
  // allowance FixedPoint puts around pow (mulUp(raw, 1e4) + 1 wei); the bound adds 1 wei for the
  // truncation of the final division.
  const allowance = (raw: bigint) => new D(raw.toString()).times(1e-14).plus(2)
  it('pow stays within the FixedPoint error allowance around the true x^y', () => {
    fc.assert(
      fc.property(anyMagnitude(1, 40), anyMagnitude(0, 20), (x0, y) => {
        const x = x0 + 1n
        const logProduct = toD(x).ln().times(toD(y))
        fc.pre(logProduct.gt(-41) && logProduct.lt(130))
        const raw = pow(x, y)
        const want = logProduct.exp().times(E18)
        expect(new D(raw.toString()).minus(want).abs().lte(allowance(raw))).toBe(true)
      }),
      fcParams(3_000),
    )
  })
  it('exp stays within the same allowance', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_NATURAL_EXPONENT, max: MAX_NATURAL_EXPONENT }), (x) => {
        const raw = exp(x)
        const want = toD(x).exp().times(E18)
        expect(new D(raw.toString()).minus(want).abs().lte(allowance(raw))).toBe(true)
      }),
      fcParams(3_000),
    )
  })
  it('ln is within 3 wei of the true value (measured worst 1.7 wei; ln_36 band: 1.0 wei)', () => {
    fc.assert(
      fc.property(base, (a0) => {
        const a = a0 === 0n ? 1n : a0
        const want = toD(a).ln().times(E18)
        expect(new D(ln(a).toString()).minus(want).abs().lte(3)).toBe(true)
      }),
      fcParams(3_000),
    )
  })
})

describe('LogExpMath branches and closed forms', () => {
  it('solves 0^0 as 1, 0^y as 0, x^0 as 1 and e^0 as 1, exactly', () => {
    expect(pow(0n, 0n)).toBe(ONE)
    expect(pow(0n, 5n * ONE)).toBe(0n)
    expect(pow(123n, 0n)).toBe(ONE)
    expect(exp(0n)).toBe(ONE)
    expect(ln(ONE)).toBe(0n)
  })
  // Expected integers below: the package's port of the same Solidity, checked against the
  // 50-digit true value in each comment.
  it('switches to ln_36 strictly inside (0.9, 1.1): the boundaries use the 20-decimal ln', () => {
    // ln(0.9 + 1e-18) = -0.1053605156578263001163…: ln_36, truncated toward zero.
    expect(ln(9n * 10n ** 17n + 1n)).toBe(-105360515657826300n)
    // ln(0.9) = -0.1053605156578263012275…; ln(1.1) = 0.0953101798043248600439…: 20-decimal _ln.
    expect(ln(9n * 10n ** 17n)).toBe(-105360515657826301n)
    expect(ln(11n * 10n ** 17n)).toBe(95310179804324859n)
  })
  it('reaches the e^128 and e^64 terms for huge arguments', () => {
    // a0 = e^128 and a1 = e^64 are the tabulated constants: ln gives back exactly 128 and 64.
    expect(ln(A0 * ONE)).toBe(128n * ONE)
    expect(ln(A1 * ONE)).toBe(64n * ONE)
    expect(exp(128n * ONE)).toBe(A0 * ONE)
    expect(exp(64n * ONE)).toBe(A1 * ONE)
  })
  it('computes e^-x as 1e36 / e^x, truncated', () => {
    // e^3 = 20.08553692318766774092…, e^-3 = 0.04978706836786394297…
    expect(exp(3n * ONE)).toBe(20085536923187667740n)
    expect(exp(-3n * ONE)).toBe(49787068367863942n)
  })
  it('reverts pow on a base of 2^255 or more: X_OUT_OF_BOUNDS (BAL#006, BaseOutOfBounds)', () => {
    // (2^255 - 1)^1e-18 = e^(135.3e-18): 1 plus about 135 wei.
    expect(pow((1n << 255n) - 1n, 1n)).toBeGreaterThan(ONE)
    const call = () => pow(1n << 255n, ONE)
    expect(call).toThrow(PoolError)
    expect(caught(call).code).toBe('ARITHMETIC')
    expect(caught(call).values.kind).toBe('X_OUT_OF_BOUNDS')
    expect(call).toThrow(`ARITHMETIC: pow base ${1n << 255n} is 2^255 or more (X_OUT_OF_BOUNDS)`)
  })
  it('reverts pow on an exponent of 2^254 / 1e20 or more: Y_OUT_OF_BOUNDS', () => {
    expect(pow(ONE, MILD_EXPONENT_BOUND - 1n)).toBe(ONE) // ln(1) = 0: the product stays 0
    expect(() => pow(ONE, MILD_EXPONENT_BOUND)).toThrow(
      `ARITHMETIC: pow exponent ${MILD_EXPONENT_BOUND} is 2^254 / 1e20 or more (Y_OUT_OF_BOUNDS)`,
    )
  })
  it('reverts pow when y ln x leaves [-41, 130]: PRODUCT_OUT_OF_BOUNDS', () => {
    expect(caught(() => pow(10n * ONE, 57n * ONE)).values.kind).toBe('PRODUCT_OUT_OF_BOUNDS') // 131.2
    // 10^56 (56 ln 10 = 128.9), as the package computes it: 5.7e-17 relative below the truth.
    expect(pow(10n * ONE, 56n * ONE)).toBe(
      99999999999999994285795369968988384766892000000000000000000000000000000000n,
    )
    expect(() => pow(10n ** 17n, 18n * ONE)).toThrow(/PRODUCT_OUT_OF_BOUNDS/) // -41.4
    expect(pow(10n ** 17n, 17n * ONE)).toBe(10n) // 1e-17: -39.1
  })
  it('reverts exp outside [-41, 130]: INVALID_EXPONENT, and ln of a non-positive: OUT_OF_BOUNDS', () => {
    // e^130 = 2.87e56 and e^-41 = 1.56e-18 (1 wei after truncation) are still computed.
    expect(exp(MAX_NATURAL_EXPONENT)).toBeGreaterThan(28n * 10n ** 73n)
    expect(exp(MIN_NATURAL_EXPONENT)).toBe(1n)
    expect(() => exp(MAX_NATURAL_EXPONENT + 1n)).toThrow(
      `ARITHMETIC: exp argument ${MAX_NATURAL_EXPONENT + 1n} is outside [-41e18, 130e18] (INVALID_EXPONENT)`,
    )
    expect(() => exp(MIN_NATURAL_EXPONENT - 1n)).toThrow(/INVALID_EXPONENT/)
    expect(() => ln(0n)).toThrow('ARITHMETIC: ln argument 0 is not positive (OUT_OF_BOUNDS)')
    expect(() => log(2n * ONE, ONE)).toThrow(/ZERO_DIVISION/)
  })
  it('maps each revert to the V2 BAL code and the V3 custom error', () => {
    const caught = (() => {
      try {
        pow(1n << 255n, ONE)
      } catch (error) {
        return error
      }
      return undefined
    })()
    const v2 = withProtocolError(caught, LOG_EXP_V2_ERRORS) as PoolError
    const v3 = withProtocolError(caught, LOG_EXP_V3_ERRORS) as PoolError
    expect(v2.protocolError).toBe('BAL#006')
    expect(v3.protocolError).toBe('BaseOutOfBounds')
    expect(v2.message).toBe((caught as PoolError).message)
    expect(LOG_EXP_V2_ERRORS).toMatchObject({
      Y_OUT_OF_BOUNDS: 'BAL#007',
      PRODUCT_OUT_OF_BOUNDS: 'BAL#008',
      INVALID_EXPONENT: 'BAL#009',
    })
    expect(LOG_EXP_V3_ERRORS).toMatchObject({
      Y_OUT_OF_BOUNDS: 'ExponentOutOfBounds',
      PRODUCT_OUT_OF_BOUNDS: 'ProductOutOfBounds',
      INVALID_EXPONENT: 'InvalidExponent',
    })
    const other = new Error('x')
    expect(withProtocolError(other, LOG_EXP_V2_ERRORS)).toBe(other)
  })
})
