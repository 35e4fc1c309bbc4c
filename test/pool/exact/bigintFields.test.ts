import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { exactV2, exactV3 } from '../../../src/pool/exact/api.js'
import type { CreateV3PoolOptions } from '../../../src/pool/exact/v3/pool.js'
import type { V2PoolState } from '../../../src/pool/exact/v2/types.js'

const ONE = 10n ** 18n
const v3Options: CreateV3PoolOptions = {
  decimals: [18, 18],
  balancesRaw: [1000n * ONE, 2000n * ONE],
  weights: [ONE / 2n, ONE / 2n],
  swapFee: 3n * 10n ** 15n,
  totalSupply: 1000n * ONE,
}

/** The error `call` throws, for class, code and whole message. */
function thrown(call: () => unknown): unknown {
  try {
    call()
  } catch (error) {
    return error
  }
  return undefined
}

function expectBadParameter(call: () => unknown, message: string): void {
  const error = thrown(call)
  expect(error).toBeInstanceOf(InputError)
  expect(error).toMatchObject({ code: 'BAD_PARAMETER', message })
}

// issue 14: bigint fields given as numbers failed with "Cannot mix BigInt and other types"
describe('bigint fields given as numbers', () => {
  it('name the field and the bigint to write (V3 createPool)', () => {
    expectBadParameter(
      () => exactV3.createPool({ ...v3Options, swapFee: 3e15 } as unknown as CreateV3PoolOptions),
      'swapFee: expected a bigint, found the number 3000000000000000; write 3000000000000000n',
    )
    expectBadParameter(
      () =>
        exactV3.createPool({ ...v3Options, weights: [0.5, 0.5] } as unknown as CreateV3PoolOptions),
      "weights[0]: expected a bigint, found the number 0.5; an 18-decimal value is written toRaw('0.5', 18)",
    )
    expectBadParameter(
      () =>
        exactV3.createPool({
          ...v3Options,
          balancesRaw: [1000n * ONE, 2e21],
        } as unknown as CreateV3PoolOptions),
      'balancesRaw[1]: expected a bigint, found the number 2e+21; write 2000000000000000000000n',
    )
  })
  it('name the field in V3 swaps and V2 pool states', () => {
    const pool = exactV3.createPool(v3Options)
    expectBadParameter(
      () =>
        exactV3.swap(pool, {
          kind: 'EXACT_IN',
          tokenIn: 0,
          tokenOut: 1,
          amountRaw: 1e18 as unknown as bigint,
        }),
      'amountRaw: expected a bigint, found the number 1000000000000000000; write 1000000000000000000n',
    )
    const v2: V2PoolState = {
      balancesRaw: [ONE, ONE],
      scalingFactors: [ONE, ONE],
      weights: [ONE / 2n, ONE / 2n],
      swapFee: 10n ** 15n,
      totalSupply: ONE,
    }
    expectBadParameter(() => {
      exactV2.validatePool({ ...v2, totalSupply: undefined } as unknown as V2PoolState)
    }, 'totalSupply: expected a bigint, found undefined')
  })
  it('leave valid pools alone', () => {
    expect(exactV3.createPool(v3Options).swapFee).toBe(3n * 10n ** 15n)
  })
})
