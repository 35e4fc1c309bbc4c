/**
 * Dynamic swap fee rules (docs/dynamic-fees.md): the pool's swap fee as a function of recent
 * volatility, gas, recent volume or the pool's deviation from its target weights, clamped to
 * [min, max] and updated every n steps. Built-in rules are linear in one input,
 * `swapFee = clamp(base + slope * input, min, max)`; an expression rule is a checked mathjs
 * expression over all the inputs (swapFeeExpression.ts). A rule compiles once, before the run;
 * the engine then reads the inputs into a Float64Array and calls {@link ruleSwapFee} on update
 * steps only.
 */
import { InputError, fmt } from '../../../errors.js'
import { MAX_SWAP_FEE, MIN_SWAP_FEE } from '../../../pool/float/checks.js'
import { SWAP_FEE_INPUT_NAMES, compileSwapFeeExpression } from './swapFeeExpression.js'
import type { SwapFeeExpression } from './swapFeeExpression.js'

/** Index of each input in the engine's input array (the order of SWAP_FEE_INPUT_NAMES). */
export const INPUT_VOLATILITY = 0
export const INPUT_GAS = 1
export const INPUT_VOLUME = 2
export const INPUT_DEVIATION = 3
export const INPUT_SWAP_FEE = 4
export const INPUT_TIME = 5
export const INPUT_LP_VALUE = 6
/** Length of the input array. */
export const INPUT_COUNT = SWAP_FEE_INPUT_NAMES.length

/** Default half-life of the volatility and volume averages: one day, in seconds. */
export const DEFAULT_HALF_LIFE = 86_400

/** Options every dynamic rule shares. */
export interface SwapFeeRuleBounds {
  /** Smallest fee the rule may set (fraction). Default MIN_SWAP_FEE (1e-6). */
  min?: number
  /** Largest fee the rule may set (fraction). Default MAX_SWAP_FEE (0.1). */
  max?: number
  /** The rule sets the fee on every n-th step (1 = every step). Default 1. */
  everySteps?: number
  /** Half-life of the volatility and volume averages, seconds. Default 86,400 (one day). */
  halfLife?: number
}

/** Built-in rules: `swapFee = clamp(base + slope * input, min, max)`, the input named by `type`. */
export interface LinearSwapFeeRuleSpec extends SwapFeeRuleBounds {
  type: 'volatility' | 'gas' | 'volume' | 'deviation'
  /** Fee at input 0 (fraction). */
  base: number
  /** Fee per unit of the input (per unit of annualised volatility, per numeraire of gas, …). */
  slope: number
}

/** A user rule: a mathjs expression over the named inputs (swapFeeExpression.ts). */
export interface ExpressionSwapFeeRuleSpec extends SwapFeeRuleBounds {
  type: 'expression'
  expression: string
}

/**
 * How the pool's swap fee moves: `fixed` (the fee stays at `pool.swapFee`, as with no rule), a
 * built-in linear rule, or an expression. Until the first update the fee is `pool.swapFee`.
 */
export type SwapFeeRuleSpec = { type: 'fixed' } | LinearSwapFeeRuleSpec | ExpressionSwapFeeRuleSpec

/** Kinds of a compiled rule (a small integer the engine switches on). */
export const RULE_VOLATILITY = 0
export const RULE_GAS = 1
export const RULE_VOLUME = 2
export const RULE_DEVIATION = 3
export const RULE_EXPRESSION = 4

/** A rule ready for the engine: plain numbers, and for an expression its compiled form. */
export interface CompiledSwapFeeRule {
  readonly kind: number
  readonly base: number
  readonly slope: number
  readonly min: number
  readonly max: number
  readonly everySteps: number
  readonly halfLife: number
  /** Which inputs the rule reads, by input index: the engine computes only those. */
  readonly uses: readonly boolean[]
  readonly expression: SwapFeeExpression | undefined
  /** JSON path of the rule, for messages. */
  readonly path: string
}

const LINEAR_KINDS = {
  volatility: RULE_VOLATILITY,
  gas: RULE_GAS,
  volume: RULE_VOLUME,
  deviation: RULE_DEVIATION,
}

/**
 * Checks and compiles a rule once; `undefined` for no rule or `fixed` (the engine then runs the
 * fixed fee exactly as before).
 * @param spec - the rule, or undefined
 * @param path - its JSON path, for messages (`pool.swapFeeRule`)
 * @returns the compiled rule, or undefined when the fee is fixed
 * @throws {InputError} `BAD_PARAMETER` for bounds outside [MIN_SWAP_FEE, MAX_SWAP_FEE], min > max,
 *   a non-integer `everySteps`, a non-positive `halfLife`, a non-finite base or slope, or an unknown
 *   type; `SWAP_FEE_EXPRESSION` for a refused expression
 * @example compileSwapFeeRule({ type: 'volatility', base: 0.0005, slope: 0.005 }, 'pool.swapFeeRule')
 */
export function compileSwapFeeRule(
  spec: SwapFeeRuleSpec | undefined,
  path: string,
): CompiledSwapFeeRule | undefined {
  if (spec === undefined || spec.type === 'fixed') return undefined
  const bad = (field: string, detail: string) =>
    new InputError('BAD_PARAMETER', { path: `${path}.${field}` }, detail)
  const type: unknown = spec.type
  if (!(type === 'expression' || (typeof type === 'string' && type in LINEAR_KINDS)))
    throw bad(
      'type',
      `unknown swap fee rule ${JSON.stringify(type)}; expected one of "fixed", "volatility", "gas", "volume", "deviation", "expression"`,
    )
  const min = spec.min ?? MIN_SWAP_FEE
  const max = spec.max ?? MAX_SWAP_FEE
  const everySteps = spec.everySteps ?? 1
  const halfLife = spec.halfLife ?? DEFAULT_HALF_LIFE
  const inRange = (x: number) => x >= MIN_SWAP_FEE && x <= MAX_SWAP_FEE
  if (!inRange(min))
    throw bad('min', `${fmt(min)} is outside [${fmt(MIN_SWAP_FEE)}, ${fmt(MAX_SWAP_FEE)}]`)
  if (!inRange(max))
    throw bad('max', `${fmt(max)} is outside [${fmt(MIN_SWAP_FEE)}, ${fmt(MAX_SWAP_FEE)}]`)
  if (min > max) throw bad('max', `${fmt(max)} is below min ${fmt(min)}`)
  if (!(Number.isInteger(everySteps) && everySteps >= 1))
    throw bad('everySteps', `expected an integer >= 1, found ${everySteps}`)
  if (!(halfLife > 0 && Number.isFinite(halfLife)))
    throw bad('halfLife', `expected a positive number of seconds, found ${halfLife}`)
  const bounds = { min, max, everySteps, halfLife, path }
  if (spec.type === 'expression') {
    const expression = compileSwapFeeExpression(spec.expression, `${path}.expression`)
    return {
      kind: RULE_EXPRESSION,
      base: 0,
      slope: 0,
      uses: expression.uses,
      expression,
      ...bounds,
    }
  }
  for (const field of ['base', 'slope'] as const)
    if (!Number.isFinite(spec[field]))
      throw bad(field, `expected a finite number, found ${String(spec[field])}`)
  const kind = LINEAR_KINDS[spec.type]
  const uses = SWAP_FEE_INPUT_NAMES.map((_, i) => i === kind)
  return { kind, base: spec.base, slope: spec.slope, uses, expression: undefined, ...bounds }
}

/**
 * The rule's fee on the inputs, clamped to [min, max]: +Infinity gives max, -Infinity and
 * negative values give min. NaN stays NaN (the engine refuses it, naming the rule and step).
 * Built-in kinds read their input (VOLATILITY = 0 … DEVIATION = 3 are also input indices).
 * @param rule - from {@link compileSwapFeeRule}
 * @param inputs - by input index (INPUT_VOLATILITY …), units as docs/dynamic-fees.md
 * @returns the fee as a fraction in [min, max], or NaN
 * @example ruleSwapFee(rule, inputs) // 0.0045 at volatility 0.8 for base 0.0005, slope 0.005
 */
export function ruleSwapFee(rule: CompiledSwapFeeRule, inputs: Float64Array): number {
  const raw =
    rule.kind === RULE_EXPRESSION
      ? rule.expression!.evaluate(inputs)
      : rule.base + rule.slope * inputs[rule.kind]!
  if (Number.isNaN(raw)) return raw
  return raw < rule.min ? rule.min : raw > rule.max ? rule.max : raw
}
