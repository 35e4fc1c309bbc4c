import fc from 'fast-check'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import {
  INPUT_COUNT,
  INPUT_DEVIATION,
  INPUT_GAS,
  INPUT_SWAP_FEE,
  INPUT_VOLATILITY,
  INPUT_VOLUME,
  compileSwapFeeRule,
  ruleSwapFee,
  type SwapFeeRuleSpec,
} from '../../../../src/sim/strategies/fees/swapFeeRule.js'
import { compileSwapFeeExpression } from '../../../../src/sim/strategies/fees/swapFeeExpression.js'
import { fcParams } from '../../../arbitraries.js'

// mathjs's number-only build (what the rules follow) and its own evaluate: the oracle.
const { evaluate } = createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs')

const PATH = 'pool.swapFeeRule'

/** Inputs with the given values set, the rest 0. */
function inputs(values: Partial<Record<number, number>>): Float64Array {
  const out = new Float64Array(INPUT_COUNT)
  for (const [index, value] of Object.entries(values)) out[Number(index)] = value!
  return out
}

function feeOf(spec: SwapFeeRuleSpec, values: Partial<Record<number, number>>): number {
  return ruleSwapFee(compileSwapFeeRule(spec, PATH)!, inputs(values))
}

describe('built-in swap fee rules: clamp(base + slope * input, min, max)', () => {
  // Hand-computed; toBeCloseTo(…, 15) allows the last-bit rounding of base + slope * input.
  it('volatility: 0.0005 + 0.005 * 0.8 = 0.0045', () => {
    const spec = { type: 'volatility', base: 0.0005, slope: 0.005 } as const
    expect(feeOf(spec, { [INPUT_VOLATILITY]: 0.8 })).toBeCloseTo(0.0045, 15)
  })
  it('gas: 0.001 + 0.00001 * 50 = 0.0015', () => {
    const spec = { type: 'gas', base: 0.001, slope: 0.00001 } as const
    expect(feeOf(spec, { [INPUT_GAS]: 50 })).toBeCloseTo(0.0015, 15)
  })
  it('volume: 0.01 - 1e-9 * 5e6 per day = 0.005', () => {
    const spec = { type: 'volume', base: 0.01, slope: -1e-9 } as const
    expect(feeOf(spec, { [INPUT_VOLUME]: 5e6 })).toBeCloseTo(0.005, 15)
  })
  it('deviation: 0.001 + 0.02 * 0.1 = 0.003', () => {
    const spec = { type: 'deviation', base: 0.001, slope: 0.02 } as const
    expect(feeOf(spec, { [INPUT_DEVIATION]: 0.1 })).toBeCloseTo(0.003, 15)
  })
  it('reads only its own input', () => {
    const spec = { type: 'deviation', base: 0.001, slope: 0.02 } as const
    expect(feeOf(spec, { [INPUT_VOLATILITY]: 5, [INPUT_GAS]: 5, [INPUT_VOLUME]: 5 })).toBe(0.001)
  })
  it('clamps to [min, max], with the protocol bounds as defaults', () => {
    const spec = { type: 'volatility', base: 0.0005, slope: 0.005, min: 0.001, max: 0.004 } as const
    expect(feeOf(spec, { [INPUT_VOLATILITY]: 0 })).toBe(0.001)
    expect(feeOf(spec, { [INPUT_VOLATILITY]: 2 })).toBe(0.004)
    const open = { type: 'volatility', base: 0.0005, slope: 0.005 } as const
    expect(feeOf(open, { [INPUT_VOLATILITY]: 100 })).toBe(0.1)
    expect(feeOf({ ...open, slope: -1 }, { [INPUT_VOLATILITY]: 1 })).toBe(1e-6)
  })
  it('is undefined for no rule and for "fixed"', () => {
    expect(compileSwapFeeRule(undefined, PATH)).toBeUndefined()
    expect(compileSwapFeeRule({ type: 'fixed' }, PATH)).toBeUndefined()
  })
  it('refuses min above max, naming the field', () => {
    const compile = () =>
      compileSwapFeeRule({ type: 'gas', base: 0, slope: 0, min: 0.01, max: 0.005 }, PATH)
    expect(compile).toThrow(InputError)
    expect(compile).toThrow(
      expect.objectContaining({
        code: 'BAD_PARAMETER',
        message: 'pool.swapFeeRule.max: 0.005 is below min 0.01',
      }),
    )
  })
})

describe('expression rules', () => {
  it('equal the same built-in rule, bit for bit', () => {
    const builtIn = compileSwapFeeRule({ type: 'volatility', base: 0.0005, slope: 0.005 }, PATH)!
    const written = compileSwapFeeRule(
      { type: 'expression', expression: '0.0005 + 0.005 * volatility' },
      PATH,
    )!
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30, noNaN: true }), (volatility) => {
        const at = inputs({ [INPUT_VOLATILITY]: volatility })
        expect(ruleSwapFee(written, at)).toBe(ruleSwapFee(builtIn, at))
      }),
      fcParams(500),
    )
  })
  it('evaluate conditionals, comparisons, functions and every input by name', () => {
    const rule = compileSwapFeeRule(
      {
        type: 'expression',
        expression:
          'volatility > 0.5 and gas < 10 ? clamp(swapFee * 2, 0.001, 0.004) : max(sqrt(deviation), abs(-0.0001)) + volume * 0',
      },
      PATH,
    )!
    // swapFee 0.003 doubled is 0.006, clamped to 0.004; else sqrt(0.0001) = 0.01.
    expect(ruleSwapFee(rule, inputs({ [INPUT_VOLATILITY]: 0.8, [INPUT_SWAP_FEE]: 0.003 }))).toBe(
      0.004,
    )
    expect(ruleSwapFee(rule, inputs({ [INPUT_DEVIATION]: 0.0001, [INPUT_GAS]: 20 }))).toBe(0.01)
    expect(rule.uses).toEqual([true, true, true, true, true, false, false])
  })
  it('give NaN back (the engine refuses it) and clamp infinities', () => {
    const nan = compileSwapFeeRule({ type: 'expression', expression: 'log(-1)' }, PATH)!
    expect(ruleSwapFee(nan, inputs({}))).toBeNaN()
    const inf = compileSwapFeeRule({ type: 'expression', expression: '1 / volatility' }, PATH)!
    expect(ruleSwapFee(inf, inputs({}))).toBe(0.1)
  })

  it('compute what mathjs evaluate computes, operator by operator and function by function', () => {
    // mathjs/number's own evaluate is the oracle (booleans read as 1 and 0).
    const expressions = [
      'volatility + gas - volume * deviation / swapFee',
      'volatility ^ 2 + -gas + +volume',
      'volatility % gas',
      'volatility > gas',
      'volatility >= gas',
      'volatility < gas',
      'volatility <= gas',
      'volatility == gas',
      'volatility != gas',
      'volatility and gas or not volume',
      'volatility > 0 ? gas : volume',
      'min(volatility, gas, volume) + max(deviation, swapFee)',
      'abs(volatility) + sqrt(gas) + exp(deviation) + log(volume)',
      'time / lpValue + pi * e',
      '(volatility + gas) * (volume - deviation)',
    ]
    const value = fc.oneof(
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.constantFrom(0, 1, -1, 2, 0.5),
    )
    for (const expression of expressions) {
      const compiled = compileSwapFeeExpression(expression, PATH)
      fc.assert(
        fc.property(fc.array(value, { minLength: INPUT_COUNT, maxLength: INPUT_COUNT }), (xs) => {
          const scope = {
            volatility: xs[0]!,
            gas: xs[1]!,
            volume: xs[2]!,
            deviation: xs[3]!,
            swapFee: xs[4]!,
            time: xs[5]!,
            lpValue: xs[6]!,
          }
          const raw: unknown = evaluate(expression, scope)
          const want = typeof raw === 'boolean' ? Number(raw) : typeof raw === 'number' ? raw : NaN
          expect(compiled.evaluate(Float64Array.from(xs)), expression).toBe(want)
        }),
        fcParams(300),
      )
    }
  })

  const refused: [string, string][] = [
    ['swapFee = 0.01', 'column 9: assignment is not allowed in "swapFee = 0.01"'],
    ['f(x) = 0.01', 'column 6: function definitions are not allowed in "f(x) = 0.01"'],
    [
      'import({})',
      'column 1: function "import" is not allowed; expected one of min, max, abs, sqrt, exp, log, clamp in "import({})"',
    ],
    [
      '0.001 + volatility.constructor',
      'column 19: property access is not allowed in "0.001 + volatility.constructor"',
    ],
    [
      '0.001 * gasPrice',
      'column 9: unknown symbol "gasPrice"; expected one of volatility, gas, volume, deviation, swapFee, time, lpValue, pi, e in "0.001 * gasPrice"',
    ],
    ['"0.01"', 'column 1: strings are not allowed (numbers only) in "\\"0.01\\""'],
    ['[0.01, 0.02]', 'column 1: matrices and ranges are not allowed in "[0.01, 0.02]"'],
    ['0.01; 0.02', 'column 5: one expression expected, found several statements in "0.01; 0.02"'],
    ['0.001 +', 'column 8: syntax error: Unexpected end of expression in "0.001 +"'],
    ['clamp(gas, 0)', 'column 1: clamp takes 3 arguments, found 2 in "clamp(gas, 0)"'],
  ]
  for (const [expression, detail] of refused)
    it(`refuse ${JSON.stringify(expression)} with the path and column`, () => {
      const compile = () => compileSwapFeeRule({ type: 'expression', expression }, PATH)
      expect(compile).toThrow(InputError)
      expect(compile).toThrow(
        expect.objectContaining({
          code: 'SWAP_FEE_EXPRESSION',
          message: `pool.swapFeeRule.expression: ${detail}`,
        }),
      )
    })
})
