import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import {
  fromRaw,
  scalingFactorV2,
  scalingFactorV3,
  toRaw,
} from '../../../src/pool/exact/decimals.js'
import { fcParams } from '../../arbitraries.js'

describe('scaling factors', () => {
  it('are 10^(18-d) for V3 and 1e18 * 10^(18-d) for V2', () => {
    expect([6, 8, 18].map(scalingFactorV3)).toEqual([10n ** 12n, 10n ** 10n, 1n])
    expect([6, 8, 18].map(scalingFactorV2)).toEqual([10n ** 30n, 10n ** 28n, 10n ** 18n])
    expect(scalingFactorV3(0)).toBe(10n ** 18n)
  })
  it('reject decimals outside 0..18', () => {
    for (const bad of [19, -1, 6.5])
      expect(() => scalingFactorV3(bad)).toThrow(
        expect.objectContaining({ code: 'TOKEN_DECIMALS' }),
      )
    expect(() => scalingFactorV2(19)).toThrow(
      'TOKEN_DECIMALS: token decimals 19 are not an integer in 0..18',
    )
  })
})

describe('toRaw', () => {
  it('converts decimal strings exactly, never through a float', () => {
    expect(toRaw('1.5', 6)).toBe(1_500_000n)
    expect(toRaw('0.1', 18)).toBe(10n ** 17n) // 0.1 is not a binary fraction: a float would drift
    expect(toRaw('1e-6', 6)).toBe(1n)
    expect(toRaw('-2.25', 8)).toBe(-225_000_000n)
    // 48 significant digits: far beyond float64's 15-17.
    expect(toRaw('123456789012345678901234567890.123456789012345678', 18)).toBe(
      123456789012345678901234567890123456789012345678n,
    )
  })
  it('rejects digits below one raw unit unless asked to round', () => {
    const call = () => toRaw('0.0000001', 6)
    expect(call).toThrow(PoolError)
    expect(call).toThrow(
      'AMOUNT_INVALID: "0.0000001" has more than 6 decimals, below one raw unit of the token',
    )
    expect(toRaw('1.2345679', 6, 'down')).toBe(1_234_567n)
    expect(toRaw('1.2345671', 6, 'up')).toBe(1_234_568n)
    expect(toRaw('-1.2345671', 6, 'down')).toBe(-1_234_567n) // toward zero
  })
  it('rounds half to even with nearest', () => {
    expect(toRaw('1.2345675', 6, 'nearest')).toBe(1_234_568n) // tie: to the even 8
    expect(toRaw('1.2345665', 6, 'nearest')).toBe(1_234_566n) // tie: to the even 6
    expect(toRaw('1.23456651', 6, 'nearest')).toBe(1_234_567n)
    expect(toRaw('-0.0000005', 6, 'nearest')).toBe(0n)
    expect(toRaw('0.003', 18, 'nearest')).toBe(3_000_000_000_000_000n)
  })
  it('asks for a decimal string when given a number, showing the call to write', () => {
    // issue 14: toRaw(0.8, 18) said '"0.8" is not a decimal number'
    const call = () => toRaw(0.8 as unknown as string, 18)
    expect(call).toThrow(PoolError)
    expect(call).toThrow(
      expect.objectContaining({
        code: 'AMOUNT_INVALID',
        message:
          "AMOUNT_INVALID: expected the amount as a decimal string, found the number 0.8; write toRaw('0.8', 18) so no float rounding enters the raw amount",
      }),
    )
  })
  it('rejects what is not a finite decimal', () => {
    for (const bad of ['abc', '', 'Infinity', 'NaN'])
      expect(() => toRaw(bad, 6)).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }))
  })
})

describe('fromRaw', () => {
  it('prints raw units as trimmed decimals', () => {
    expect(fromRaw(1_500_000n, 6)).toBe('1.5')
    expect(fromRaw(1n, 18)).toBe('0.000000000000000001')
    expect(fromRaw(0n, 6)).toBe('0')
    expect(fromRaw(-5n, 0)).toBe('-5')
    expect(fromRaw(-1n, 6)).toBe('-0.000001')
    expect(fromRaw(10n ** 30n, 18)).toBe('1000000000000')
  })
  it('is the inverse of toRaw over random raw amounts and decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 18 }),
        (raw, d) => {
          expect(toRaw(fromRaw(raw, d), d)).toBe(raw)
        },
      ),
      fcParams(2_000),
    )
  })
})
