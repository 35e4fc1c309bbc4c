import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import {
  checkAmount,
  checkPair,
  checkPoolState,
  checkPoolWithSupply,
  checkSwapFee,
  checkTokenIndex,
  checkWeights,
} from '../../../src/pool/float/checks.js'

function expectPoolError(run: () => unknown, code: string, message: string): void {
  expect(run).toThrow(PoolError)
  expect(run).toThrow(expect.objectContaining({ code, message }))
}

const valid = { balances: [500, 1e6], weights: [0.5, 0.5], swapFee: 0.003 }

describe('checkPoolState', () => {
  it('accepts the edges of every rule: 2 and 8 tokens, 1 % weights, fees 1e-6 and 0.1', () => {
    const eight = {
      balances: new Array<number>(8).fill(1),
      weights: [0.93, ...new Array<number>(7).fill(0.01)],
    }
    for (const pool of [
      { ...valid, swapFee: 1e-6 },
      { ...valid, swapFee: 0.1 },
      { ...valid, weights: [0.99, 0.01] },
      { ...eight, swapFee: 0.01 },
    ])
      expect(() => {
        checkPoolState(pool)
      }).not.toThrow()
    expect(() => {
      checkPoolState({ ...valid, swapFee: 0 }, { allowZeroFee: true })
    }).not.toThrow()
  })
  it('rejects 1 or 9 tokens and unequal lengths (TOKEN_COUNT)', () => {
    expectPoolError(
      () => {
        checkPoolState({ balances: [1], weights: [1], swapFee: 0.01 })
      },
      'TOKEN_COUNT',
      'TOKEN_COUNT: 1 tokens; a weighted pool holds 2 to 8',
    )
    const nine = new Array<number>(9).fill(1 / 9)
    expectPoolError(
      () => {
        checkPoolState({ balances: nine, weights: nine, swapFee: 0.01 })
      },
      'TOKEN_COUNT',
      'TOKEN_COUNT: 9 tokens; a weighted pool holds 2 to 8',
    )
    expectPoolError(
      () => {
        checkPoolState({ ...valid, weights: [0.5, 0.25, 0.25] })
      },
      'TOKEN_COUNT',
      'TOKEN_COUNT: weights has 3 entries, balances 2',
    )
  })
  it('rejects a weight below 1 % and weights not summing to 1', () => {
    expectPoolError(
      () => {
        checkPoolState({ ...valid, weights: [0.991, 0.009] })
      },
      'WEIGHT_MIN',
      'WEIGHT_MIN: weights[1] 0.009 is below the 1% minimum',
    )
    expectPoolError(
      () => {
        checkPoolState({ ...valid, weights: [0.5, NaN] })
      },
      'WEIGHT_MIN',
      'WEIGHT_MIN: weights[1] NaN is below the 1% minimum',
    )
    expectPoolError(
      () => {
        checkPoolState({ ...valid, weights: [0.51, 0.5] })
      },
      'WEIGHT_SUM',
      'WEIGHT_SUM: weights sum to 1.01 (off by 0.01), not 1 within 1e-12',
    )
    // 1e-12 is the tolerance: 2e-12 off fails, 5e-13 off passes.
    expectPoolError(
      () => {
        checkPoolState({ ...valid, weights: [0.5 + 2e-12, 0.5] })
      },
      'WEIGHT_SUM',
      'WEIGHT_SUM: weights sum to 1 (off by 1.99996e-12), not 1 within 1e-12', // 0.5 + 2e-12 rounds,
    )
    expect(() => {
      checkPoolState({ ...valid, weights: [0.5 + 5e-13, 0.5] })
    }).not.toThrow()
  })
  it('rejects balances that are not positive and finite', () => {
    for (const [bad, shown] of [
      [0, '0'],
      [-1, '-1'],
      [Infinity, 'Infinity'],
      [NaN, 'NaN'],
    ] as const)
      expectPoolError(
        () => {
          checkPoolState({ ...valid, balances: [500, bad] })
        },
        'BALANCE_NON_POSITIVE',
        `BALANCE_NON_POSITIVE: balances[1] ${shown} is not a positive finite number`,
      )
  })
  it('rejects fees outside [1e-6, 0.1], and 0 unless allowZeroFee', () => {
    expectPoolError(
      () => {
        checkPoolState({ ...valid, swapFee: 0.11 })
      },
      'SWAP_FEE_RANGE',
      'SWAP_FEE_RANGE: swap fee 0.11 is outside [1e-6, 0.1]',
    )
    expectPoolError(
      () => {
        checkPoolState({ ...valid, swapFee: 0 })
      },
      'SWAP_FEE_RANGE',
      'SWAP_FEE_RANGE: swap fee 0 is outside [1e-6, 0.1]',
    )
    expectPoolError(
      () => {
        checkPoolState({ ...valid, swapFee: 5e-7 }, { allowZeroFee: true })
      },
      'SWAP_FEE_RANGE',
      'SWAP_FEE_RANGE: swap fee 5e-7 is outside [1e-6, 0.1] and is not 0',
    )
    expectPoolError(
      () => {
        checkSwapFee(NaN, false)
      },
      'SWAP_FEE_RANGE',
      'SWAP_FEE_RANGE: swap fee NaN is outside [1e-6, 0.1]',
    )
  })
})

describe('checkPoolWithSupply', () => {
  it('rejects a supply that is not positive and finite (BPT_OUT_MIN)', () => {
    expect(() => {
      checkPoolWithSupply({ ...valid, totalSupply: 1 })
    }).not.toThrow()
    expectPoolError(
      () => {
        checkPoolWithSupply({ ...valid, totalSupply: 0 })
      },
      'BPT_OUT_MIN',
      'BPT_OUT_MIN: total supply 0 is not a positive finite number',
    )
  })
})

describe('index and amount checks', () => {
  it('rejects indices out of range or not integers, and equal pairs', () => {
    expectPoolError(
      () => {
        checkTokenIndex(valid, -1)
      },
      'TOKEN_INDEX',
      'TOKEN_INDEX: token index -1 is out of range for 2 tokens',
    )
    expectPoolError(
      () => {
        checkTokenIndex(valid, 0.5)
      },
      'TOKEN_INDEX',
      'TOKEN_INDEX: token index 0.5 is out of range for 2 tokens',
    )
    expectPoolError(
      () => {
        checkPair(valid, 0, 0)
      },
      'TOKEN_INDEX',
      'TOKEN_INDEX: tokenIn and tokenOut are both 0',
    )
    expect(() => {
      checkPair(valid, 1, 0)
    }).not.toThrow()
  })
  it('rejects negative and non-finite amounts, accepts 0', () => {
    expect(() => {
      checkAmount(0, 'bptOut')
    }).not.toThrow()
    expectPoolError(
      () => {
        checkAmount(-0.5, 'bptOut')
      },
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: bptOut -0.5 is not a finite number >= 0',
    )
  })
  it('names the vector it checks', () => {
    expectPoolError(
      () => {
        checkWeights([0.995, 0.005], 'endWeights')
      },
      'WEIGHT_MIN',
      'WEIGHT_MIN: endWeights[1] 0.005 is below the 1% minimum',
    )
  })
})
