/**
 * User-written swap fee rules: a mathjs expression over named inputs, checked node by node and
 * compiled once. Only constants, the named inputs, arithmetic, comparison and logical operators,
 * conditionals, parentheses and a whitelist of pure functions pass; assignment, function
 * definitions, property access, matrices, strings, blocks and every other function (`import`,
 * `evaluate`, …) are refused with the rule's JSON path and the column of the offending token.
 * What passes is a finite tree of pure operations without loops or recursion, so one evaluation
 * does a bounded amount of work (at most a few operations per character of the expression): the
 * time bound holds by construction, no timer needed.
 *
 * mathjs parses; the checked tree then becomes a tree of plain closures over the input array,
 * each node doing what mathjs's number functions do (comparisons within mathjs's relative 1e-12,
 * `mod` as x - y floor(x / y), booleans as 1 and 0). Measured: mathjs's own `compile().evaluate`
 * costs about 500 ns per call with its scope (a year of 12 s blocks evaluated every step took
 * 4.7x the fixed fee's time); the closures cost a few ns. The tests check the closures against
 * mathjs's `evaluate` on every operator and function.
 */
import { createRequire } from 'node:module'
import type * as MathJs from 'mathjs'
import { InputError } from '../../../errors.js'

type Parser = Pick<typeof MathJs, 'parse'>
let mathjs: Parser | undefined
/**
 * mathjs's number-only build, loaded on first use (as sweep statistics load it): only a scenario
 * with an expression rule pays its ~0.5 s load; `require` keeps compilation synchronous.
 */
function parser(): Parser {
  return (mathjs ??= createRequire(import.meta.url)('mathjs/number') as Parser)
}

/** Names an expression may read, in the order of {@link SWAP_FEE_INPUTS}' indices. */
export const SWAP_FEE_INPUT_NAMES = [
  'volatility',
  'gas',
  'volume',
  'deviation',
  'swapFee',
  'time',
  'lpValue',
] as const

/** An input's name, as an expression spells it. */
export type SwapFeeInputName = (typeof SWAP_FEE_INPUT_NAMES)[number]

/** Pure functions an expression may call, with the number of arguments each takes. */
const FUNCTIONS: Record<string, { min: number; max: number; fn: (...a: number[]) => number }> = {
  min: { min: 1, max: Infinity, fn: (...a) => extreme(a, -1) },
  max: { min: 1, max: Infinity, fn: (...a) => extreme(a, 1) },
  abs: { min: 1, max: 1, fn: Math.abs },
  sqrt: { min: 1, max: 1, fn: Math.sqrt },
  exp: { min: 1, max: 1, fn: Math.exp },
  log: { min: 1, max: 1, fn: Math.log },
  // clamp(x, lo, hi): not a mathjs function; ours.
  clamp: { min: 3, max: 3, fn: (x, lo, hi) => Math.min(Math.max(x, lo), hi) },
}

/**
 * mathjs's `max` (sign 1) or `min` (-1): the first value, replaced only by one strictly beyond it
 * (not nearly equal, as its `larger` and `smaller` decide); NaN if any value is NaN.
 */
function extreme(values: number[], sign: number): number {
  let best = values[0]!
  for (const value of values) {
    if (Number.isNaN(value)) return NaN
    if (sign * (value - best) > 0 && !nearlyEqual(value, best)) best = value
  }
  return best
}

/** mathjs operator functions an expression may use (`+ - * / ^ %`, comparisons, and/or/not). */
const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'mod',
  'unaryMinus',
  'unaryPlus',
  'larger',
  'largerEq',
  'smaller',
  'smallerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
])

/** Constants an expression may name besides the inputs. */
const CONSTANTS = new Set(['pi', 'e'])

/** A compiled expression rule: reads the inputs by index, returns the raw (unclamped) fee. */
export interface SwapFeeExpression {
  /** The source, as written. */
  readonly expression: string
  /** Which inputs the expression reads, by index of {@link SWAP_FEE_INPUT_NAMES}. */
  readonly uses: readonly boolean[]
  /** Evaluates on `inputs` (by index of {@link SWAP_FEE_INPUT_NAMES}); may return NaN. */
  readonly evaluate: (inputs: Float64Array) => number
}

interface Node {
  type: string
  name?: string
  fn?: unknown
  op?: string
  value?: unknown
  args?: Node[]
  content?: Node
  condition?: Node
  trueExpr?: Node
  falseExpr?: Node
}

/**
 * Parses, checks and compiles a swap fee expression once.
 * @param expression - mathjs syntax over the inputs of {@link SWAP_FEE_INPUT_NAMES}, e.g.
 *   `"clamp(0.0005 + 0.005 * volatility, 0.0005, 0.01)"`
 * @param path - JSON path of the expression, for messages (`pool.swapFeeRule.expression`)
 * @returns the compiled rule
 * @throws {InputError} `SWAP_FEE_EXPRESSION` at `path`, with the 1-based column, for a syntax
 *   error or a refused construct (assignment, function definition, property access, matrix,
 *   string, block, unknown symbol or function, wrong argument count)
 * @example compileSwapFeeExpression('0.001 + volatility / 100', 'rule').evaluate(inputs)
 */
export function compileSwapFeeExpression(expression: string, path: string): SwapFeeExpression {
  const refuse = (column: number, detail: string) =>
    new InputError(
      'SWAP_FEE_EXPRESSION',
      { path },
      `column ${column}: ${detail} in ${JSON.stringify(expression)}`,
      { expression, column },
    )
  if (expression.trim() === '') throw refuse(1, 'expected an expression, found an empty string')
  let root: Node
  try {
    root = parser().parse(expression)
  } catch (error) {
    // mathjs counts characters from 1, as columns are.
    const char = (error as { char?: number }).char
    const message = (error as Error).message.replace(/ \(char \d+\)$/, '')
    throw refuse(typeof char === 'number' ? char : 1, `syntax error: ${message}`)
  }
  const uses = SWAP_FEE_INPUT_NAMES.map(() => false)
  checkNode(root, expression, uses, refuse)
  return { expression, uses, evaluate: compileNode(root) }
}

type Compiled = (x: Float64Array) => number

/** mathjs's `nearlyEqual` at its default tolerances (relTol 1e-12, absTol 1e-15). */
function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  const diff = Math.abs(a - b)
  return diff <= 1e-15 || diff <= Math.max(Math.abs(a), Math.abs(b)) * 1e-12
}

/** A checked node as a closure over the input array (numbers in, a number out). */
function compileNode(node: Node): Compiled {
  switch (node.type) {
    case 'ConstantNode': {
      const value = node.value as number
      return () => value
    }
    case 'SymbolNode': {
      const index = (SWAP_FEE_INPUT_NAMES as readonly string[]).indexOf(node.name!)
      if (index >= 0) return (x) => x[index]!
      const value = node.name === 'pi' ? Math.PI : Math.E
      return () => value
    }
    case 'ParenthesisNode':
      return compileNode(node.content!)
    case 'ConditionalNode': {
      const test = compileNode(node.condition!)
      const yes = compileNode(node.trueExpr!)
      const no = compileNode(node.falseExpr!)
      // mathjs tests a number by truthiness: 0 and NaN are false.
      return (x) => (test(x) ? yes(x) : no(x))
    }
    case 'FunctionNode': {
      const args = node.args!.map(compileNode)
      const name = (node.fn as Node).name!
      const fn = FUNCTIONS[name]!.fn
      if (args.length === 1) {
        const a = args[0]!
        return (x) => fn(a(x))
      }
      if (args.length === 2) {
        const [a, b] = args as [Compiled, Compiled]
        return (x) => fn(a(x), b(x))
      }
      if (args.length === 3) {
        const [a, b, c] = args as [Compiled, Compiled, Compiled]
        return (x) => fn(a(x), b(x), c(x))
      }
      return (x) => fn(...args.map((a) => a(x)))
    }
    case 'OperatorNode':
      return compileOperator(node.fn as string, node.args!.map(compileNode))
    default:
      throw new Error(`unreachable: ${node.type} passed the check`)
  }
}

/** The operators of OPERATORS, as mathjs's number functions compute them. */
function compileOperator(fn: string, args: Compiled[]): Compiled {
  const a = args[0]!
  if (args.length === 1) {
    if (fn === 'unaryMinus') return (x) => -a(x)
    if (fn === 'unaryPlus') return a
    if (fn === 'not') return (x) => (a(x) ? 0 : 1)
    throw new Error(`unreachable: unary ${fn} passed the check`)
  }
  const b = args[1]!
  switch (fn) {
    case 'add':
      return (x) => a(x) + b(x)
    case 'subtract':
      return (x) => a(x) - b(x)
    case 'multiply':
      return (x) => a(x) * b(x)
    case 'divide':
      return (x) => a(x) / b(x)
    case 'pow':
      return (x) => Math.pow(a(x), b(x))
    case 'mod':
      // mathjs: x - y floor(x / y), and x itself for y = 0.
      return (x) => {
        const p = a(x)
        const q = b(x)
        return q === 0 ? p : p - q * Math.floor(p / q)
      }
    case 'larger':
      return (x) => {
        const p = a(x)
        const q = b(x)
        return p > q && !nearlyEqual(p, q) ? 1 : 0
      }
    case 'largerEq':
      return (x) => {
        const p = a(x)
        const q = b(x)
        return p > q || nearlyEqual(p, q) ? 1 : 0
      }
    case 'smaller':
      return (x) => {
        const p = a(x)
        const q = b(x)
        return p < q && !nearlyEqual(p, q) ? 1 : 0
      }
    case 'smallerEq':
      return (x) => {
        const p = a(x)
        const q = b(x)
        return p < q || nearlyEqual(p, q) ? 1 : 0
      }
    case 'equal':
      return (x) => (nearlyEqual(a(x), b(x)) ? 1 : 0)
    case 'unequal':
      return (x) => (nearlyEqual(a(x), b(x)) ? 0 : 1)
    case 'and':
      return (x) => (a(x) && b(x) ? 1 : 0)
    case 'or':
      return (x) => (a(x) || b(x) ? 1 : 0)
    default:
      throw new Error(`unreachable: operator ${fn} passed the check`)
  }
}

/** 1-based column of the first `pattern` match in `text` (1 when none). */
function columnOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text)
  return match ? match.index + 1 : 1
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Walks the tree, refusing every node outside the whitelist; marks the inputs it reads. */
function checkNode(
  node: Node,
  text: string,
  uses: boolean[],
  refuse: (column: number, detail: string) => InputError,
): void {
  switch (node.type) {
    case 'ConstantNode':
      if (typeof node.value !== 'number')
        throw refuse(columnOf(text, /["']/), 'strings are not allowed (numbers only)')
      return
    case 'SymbolNode': {
      const name = node.name!
      const index = (SWAP_FEE_INPUT_NAMES as readonly string[]).indexOf(name)
      if (index >= 0) uses[index] = true
      else if (!CONSTANTS.has(name))
        throw refuse(
          columnOf(text, new RegExp(`(?<![A-Za-z0-9_])${escape(name)}(?![A-Za-z0-9_])`)),
          `unknown symbol "${name}"; expected one of ${SWAP_FEE_INPUT_NAMES.join(', ')}, pi, e`,
        )
      return
    }
    case 'ParenthesisNode':
      checkNode(node.content!, text, uses, refuse)
      return
    case 'ConditionalNode':
      checkNode(node.condition!, text, uses, refuse)
      checkNode(node.trueExpr!, text, uses, refuse)
      checkNode(node.falseExpr!, text, uses, refuse)
      return
    case 'OperatorNode':
      if (!OPERATORS.has(node.fn as string))
        throw refuse(
          columnOf(text, new RegExp(escape(node.op ?? ''))),
          `operator "${node.op}" is not allowed`,
        )
      for (const arg of node.args!) checkNode(arg, text, uses, refuse)
      return
    case 'FunctionNode': {
      const fn = node.fn as Node
      const name = fn.type === 'SymbolNode' ? fn.name! : undefined
      const allowed = name === undefined ? undefined : FUNCTIONS[name]
      if (allowed === undefined)
        throw refuse(
          name === undefined
            ? columnOf(text, /\(/)
            : columnOf(text, new RegExp(`(?<![A-Za-z0-9_])${escape(name)}\\s*\\(`)),
          `function ${name === undefined ? 'call' : `"${name}"`} is not allowed; expected one of ${Object.keys(FUNCTIONS).join(', ')}`,
        )
      const count = node.args!.length
      if (count < allowed.min || count > allowed.max)
        throw refuse(
          columnOf(text, new RegExp(`(?<![A-Za-z0-9_])${escape(name!)}\\s*\\(`)),
          `${name} takes ${allowed.min === allowed.max ? allowed.min : `at least ${allowed.min}`} argument${allowed.max === 1 ? '' : 's'}, found ${count}`,
        )
      for (const arg of node.args!) checkNode(arg, text, uses, refuse)
      return
    }
    case 'AssignmentNode':
      throw refuse(columnOf(text, /(?<![=<>!])=(?!=)/), 'assignment is not allowed')
    case 'FunctionAssignmentNode':
      throw refuse(columnOf(text, /(?<![=<>!])=(?!=)/), 'function definitions are not allowed')
    case 'AccessorNode':
    case 'IndexNode':
      throw refuse(columnOf(text, /\.(?=\s*[A-Za-z_$])|\[/), 'property access is not allowed')
    case 'ArrayNode':
    case 'RangeNode':
      throw refuse(
        columnOf(text, node.type === 'ArrayNode' ? /\[/ : /:/),
        'matrices and ranges are not allowed',
      )
    case 'ObjectNode':
      throw refuse(columnOf(text, /\{/), 'objects are not allowed')
    case 'BlockNode':
      throw refuse(columnOf(text, /[;\n]/), 'one expression expected, found several statements')
    default:
      throw refuse(1, `${node.type} is not allowed`)
  }
}
