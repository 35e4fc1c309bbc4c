import { describe, expect, it } from 'vitest'
import { AmmSimError, InputError, PoolError, RunError, fmt, formatLocation } from '../src/errors.js'

describe('fmt', () => {
  it('prints integers and short decimals as written', () => {
    expect(fmt(420000)).toBe('420000')
    expect(fmt(0.004)).toBe('0.004')
    expect(fmt(-1)).toBe('-1')
  })
  it('rounds long decimals to 6 significant digits, tiny ones in exponent form', () => {
    expect(fmt(300.96000000000004)).toBe('300.96')
    expect(fmt(2 / 3)).toBe('0.666667')
    expect(fmt(1.2345678e-7)).toBe('1.23457e-7')
  })
  it('prints bigints in full and non-finite numbers by name', () => {
    expect(fmt(10n ** 30n)).toBe('1000000000000000000000000000000')
    expect(fmt(Number.NaN)).toBe('NaN')
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('Infinity')
  })
})

describe('formatLocation', () => {
  it('joins the known parts as file:line:column: path', () => {
    expect(formatLocation({ file: 'a.csv', line: 17, column: 5 })).toBe('a.csv:17:5')
    expect(formatLocation({ file: 's.json', path: 'pool.weights[2]' })).toBe(
      's.json: pool.weights[2]',
    )
    expect(formatLocation({ path: 'agents[0].everySteps' })).toBe('agents[0].everySteps')
    expect(formatLocation({ line: 3 })).toBe('line 3')
    expect(formatLocation({})).toBe('')
  })
})

describe('error classes', () => {
  it('PoolError starts with its code and carries the protocol error', () => {
    const error = new PoolError(
      'MAX_IN_RATIO',
      'amount in 5 exceeds 30% of balance 10',
      {
        amountIn: 5,
      },
      'BAL#304',
    )
    expect(error).toBeInstanceOf(AmmSimError)
    expect(error.message).toBe('MAX_IN_RATIO: amount in 5 exceeds 30% of balance 10')
    expect(error.code).toBe('MAX_IN_RATIO')
    expect(error.protocolError).toBe('BAL#304')
    expect(error.values).toEqual({ amountIn: 5 })
    expect(error.name).toBe('PoolError')
  })
  it('InputError starts with where to fix the input', () => {
    const error = new InputError(
      'WEIGHT_MIN',
      { file: 'scenarios/x.json', path: 'pool.weights[2]' },
      '0.004 is below the 1% minimum',
    )
    expect(error.message).toBe('scenarios/x.json: pool.weights[2]: 0.004 is below the 1% minimum')
    expect(error.where.path).toBe('pool.weights[2]')
    expect(error.name).toBe('InputError')
    expect(new InputError('BAD_OPTION', {}, 'no location').message).toBe('no location')
  })
  it('RunError starts with its code', () => {
    const error = new RunError('NON_FINITE', 'price of ETH at step 7 is NaN')
    expect(error.message).toBe('NON_FINITE: price of ETH at step 7 is NaN')
    expect(error).toBeInstanceOf(AmmSimError)
  })
})
