/**
 * User-written swap fee rules: a mathjs expression over named inputs, checked node by node and
 * compiled once. Only constants, the named inputs, arithmetic, comparison and logical operators,
 * conditionals, parentheses and a whitelist of pure functions pass; assignment, function
 * definitions, property access, matrices, strings, blocks and every other function (`import`,
 * `evaluate`, …) are refused with the rule's JSON path and the column of the offending token.
 * What passes is a finite tree of pure operations without loops or recursion, so one evaluation
 * does a bounded amount of work (at most a few operations per character of the expression): the
 * time bound holds by construction, no timer needed.
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
  min: { min: 1, max: Infinity, fn: Math.min },
  max: { min: 1, max: Infinity, fn: Math.max },
  abs: { min: 1, max: 1, fn: Math.abs },
  sqrt: { min: 1, max: 1, fn: Math.sqrt },
  exp: { min: 1, max: 1, fn: Math.exp },
  log: { min: 1, max: 1, fn: Math.log },
  // clamp(x, lo, hi): not a mathjs function; given to the expression through its scope.
  clamp: { min: 3, max: 3, fn: (x, lo, hi) => Math.min(Math.max(x, lo), hi) },
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
  const code = root as unknown as { compile(): { evaluate(scope: object): unknown } }
  const compiled = code.compile()
  // One scope object, refilled in place before each evaluation: no allocation per call here.
  const scope: Record<string, number | ((...a: number[]) => number)> = {}
  for (const [name, f] of Object.entries(FUNCTIONS)) scope[name] = f.fn
  return {
    expression,
    uses,
    evaluate(inputs: Float64Array): number {
      for (let i = 0; i < SWAP_FEE_INPUT_NAMES.length; i++)
        scope[SWAP_FEE_INPUT_NAMES[i]!] = inputs[i]!
      const value = compiled.evaluate(scope)
      // Comparisons and logic give booleans; as a fee they read as 1 and 0.
      return typeof value === 'boolean' ? Number(value) : (value as number)
    },
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
