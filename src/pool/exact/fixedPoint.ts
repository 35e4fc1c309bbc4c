/**
 * 18-decimal fixed-point arithmetic on `bigint` with uint256 semantics, as in the contracts'
 * `FixedPoint` library (Balancer V3 `pkg/solidity-utils/contracts/math/FixedPoint.sol` and the
 * V2 2022+ `FixedPoint.sol`, which share these formulas and the pow shortcuts for 1, 2 and 4).
 *
 * Contract for the callers (V2 2021, V2 2022+, V3 and the LBP):
 * - Inputs are uint256 values (`0n <= x < 2n ** 256n`); the helpers do not re-check inputs.
 * - Every result that would leave [0, 2^256) and every division by zero throws
 *   `PoolError('ARITHMETIC', detail, { kind, op, ... })` with no `protocolError`, where
 *   `values.kind` is one of {@link ArithmeticKind} and `values.op` names the helper that failed.
 *   - `MUL_OVERFLOW`: a product `a * b` of `mulDown`/`mulUp`/`mulDivUp`/`mul` overflowed;
 *   - `DIV_INTERNAL`: `a * ONE` overflowed inside `divDown`/`divUp` (V2 `BAL#005`, V3 Panic(0x11));
 *   - `ADD_OVERFLOW` / `SUB_OVERFLOW`: `add`, `sub`, and `raw + maxError` in `powUp`;
 *   - `ZERO_DIVISION`: a zero divisor. V3 reverts `ZeroDivision()` in `divUp`/`mulDivUp`/`divUpRaw`
 *     and Panic(0x12) in `divDown`/`div`; V2 reverts `BAL#004` in all of them.
 *   Each protocol version maps the kind to its own error with {@link arithmeticKind}; the pure
 *   helpers stay version-neutral. The check order follows V2 (divisor before product), which only
 *   matters when both fail at once.
 * - `powDown`/`powUp` call `pow` from `./logExpMath.js` (exactly the contracts' LogExpMath) and
 *   let its errors through unchanged; the `NoShortcuts` variants are the V2 2021 behaviour.
 */
import { PoolError, fmt } from '../../errors.js'
import { pow } from './logExpMath.js'

/** 1.0 in 18-decimal fixed point. */
export const ONE = 10n ** 18n
/** 2.0 in 18-decimal fixed point (the `powDown`/`powUp` square shortcut). */
export const TWO = 2n * ONE
/** 4.0 in 18-decimal fixed point (the `powDown`/`powUp` fourth-power shortcut). */
export const FOUR = 4n * ONE
/** Relative error allowed around `pow`: 10000 / 1e18 = 1e-14 (plus 1 wei). */
export const MAX_POW_RELATIVE_ERROR = 10000n
/** 2^256: every uint256 is below it. */
export const UINT256_LIMIT = 1n << 256n
/** Largest uint256, 2^256 - 1. */
export const MAX_UINT256 = UINT256_LIMIT - 1n

/** What went wrong in an exact arithmetic step; each protocol version maps it to its revert. */
export type ArithmeticKind =
  'ADD_OVERFLOW' | 'SUB_OVERFLOW' | 'MUL_OVERFLOW' | 'DIV_INTERNAL' | 'ZERO_DIVISION'

/** The helper that raised an arithmetic error (`values.op` of the thrown PoolError). */
export type ArithmeticOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mulDown'
  | 'mulUp'
  | 'mulDivUp'
  | 'divDown'
  | 'divUp'
  | 'divUpRaw'
  | 'powDown'
  | 'powUp'

/**
 * Builds the version-neutral revert of an arithmetic step. Exported so that other exact modules
 * (LogExpMath's callers, the pool glue doing plain Solidity `+ - * /`) raise the same shape.
 * @param kind - what failed
 * @param op - the helper or operation that failed
 * @param a - first operand (18-decimal or raw, as the op takes it)
 * @param b - second operand
 * @returns a `PoolError` with code `ARITHMETIC`, `values = { kind, op, a, b }`, no protocolError
 * @example throw arithmeticError('MUL_OVERFLOW', 'mulDown', a, b)
 */
export function arithmeticError(
  kind: ArithmeticKind,
  op: ArithmeticOp,
  a: bigint,
  b: bigint,
): PoolError {
  return new PoolError('ARITHMETIC', `${kind} in ${op}(${fmt(a)}, ${fmt(b)})`, {
    kind,
    op,
    a,
    b,
  })
}

/**
 * The arithmetic kind of an error thrown by these helpers, or undefined for any other error.
 * @param error - anything caught
 * @returns `values.kind` of a PoolError with code `ARITHMETIC`
 * @example arithmeticKind(caught) === 'ZERO_DIVISION'
 */
export function arithmeticKind(error: unknown): ArithmeticKind | undefined {
  if (error instanceof PoolError && error.code === 'ARITHMETIC') {
    const kind = error.values.kind
    if (typeof kind === 'string') return kind as ArithmeticKind
  }
  return undefined
}

/**
 * Checked uint256 addition (Solidity 0.8 `a + b`; V2 `FixedPoint.add`).
 * @param a - uint256
 * @param b - uint256
 * @returns a + b
 * @throws {PoolError} `ARITHMETIC` (`ADD_OVERFLOW`) at 2^256 or above
 * @example add(1n, 2n) // 3n
 */
export function add(a: bigint, b: bigint): bigint {
  const c = a + b
  if (c > MAX_UINT256) throw arithmeticError('ADD_OVERFLOW', 'add', a, b)
  return c
}

/**
 * Checked uint256 subtraction (Solidity 0.8 `a - b`; V2 `FixedPoint.sub`).
 * @param a - uint256
 * @param b - uint256
 * @returns a - b
 * @throws {PoolError} `ARITHMETIC` (`SUB_OVERFLOW`) when b > a
 * @example sub(3n, 2n) // 1n
 */
export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw arithmeticError('SUB_OVERFLOW', 'sub', a, b)
  return a - b
}

/**
 * Checked uint256 product of raw integers (Solidity 0.8 `a * b`), no fixed-point scaling.
 * @param a - uint256
 * @param b - uint256
 * @returns a * b
 * @throws {PoolError} `ARITHMETIC` (`MUL_OVERFLOW`) at 2^256 or above
 * @example mul(3n, 4n) // 12n
 */
export function mul(a: bigint, b: bigint): bigint {
  const product = a * b
  if (product > MAX_UINT256) throw arithmeticError('MUL_OVERFLOW', 'mul', a, b)
  return product
}

/**
 * Integer division rounding down (Solidity `a / b`), no fixed-point scaling.
 * @param a - uint256
 * @param b - uint256 divisor
 * @returns floor(a / b)
 * @throws {PoolError} `ARITHMETIC` (`ZERO_DIVISION`) when b is 0
 * @example div(7n, 2n) // 3n
 */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw arithmeticError('ZERO_DIVISION', 'div', a, b)
  return a / b
}

/**
 * Fixed-point product rounding down: floor(a * b / 1e18).
 * @param a - 18-decimal fixed point
 * @param b - 18-decimal fixed point
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` (`MUL_OVERFLOW`) when a * b >= 2^256
 * @example mulDown(15n * 10n ** 17n, 2n * 10n ** 18n) // 3n * 10n ** 18n
 */
export function mulDown(a: bigint, b: bigint): bigint {
  const product = a * b
  if (product > MAX_UINT256) throw arithmeticError('MUL_OVERFLOW', 'mulDown', a, b)
  return product / ONE
}

/**
 * Fixed-point product rounding up: ceil(a * b / 1e18), computed as (a*b - 1) / 1e18 + 1, 0 for 0.
 * @param a - 18-decimal fixed point
 * @param b - 18-decimal fixed point
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` (`MUL_OVERFLOW`) when a * b >= 2^256
 * @example mulUp(1n, 1n) // 1n
 */
export function mulUp(a: bigint, b: bigint): bigint {
  const product = a * b
  if (product > MAX_UINT256) throw arithmeticError('MUL_OVERFLOW', 'mulUp', a, b)
  return product === 0n ? 0n : (product - 1n) / ONE + 1n
}

/**
 * Fixed-point quotient rounding down: floor(a * 1e18 / b).
 * @param a - 18-decimal fixed point
 * @param b - 18-decimal fixed point divisor
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC`: `ZERO_DIVISION` when b is 0, `DIV_INTERNAL` when a * 1e18 >= 2^256
 * @example divDown(ONE, 3n * ONE) // 333333333333333333n
 */
export function divDown(a: bigint, b: bigint): bigint {
  if (b === 0n) throw arithmeticError('ZERO_DIVISION', 'divDown', a, b)
  const aInflated = a * ONE
  if (aInflated > MAX_UINT256) throw arithmeticError('DIV_INTERNAL', 'divDown', a, b)
  return aInflated / b
}

/**
 * Fixed-point quotient rounding up: ceil(a * 1e18 / b), computed as (a*1e18 - 1) / b + 1, 0 for 0.
 * @param a - 18-decimal fixed point
 * @param b - 18-decimal fixed point divisor
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC`: `ZERO_DIVISION` when b is 0, `DIV_INTERNAL` when a * 1e18 >= 2^256
 * @example divUp(ONE, 3n * ONE) // 333333333333333334n
 */
export function divUp(a: bigint, b: bigint): bigint {
  if (b === 0n) throw arithmeticError('ZERO_DIVISION', 'divUp', a, b)
  const aInflated = a * ONE
  if (aInflated > MAX_UINT256) throw arithmeticError('DIV_INTERNAL', 'divUp', a, b)
  return aInflated === 0n ? 0n : (aInflated - 1n) / b + 1n
}

/**
 * ceil(a * b / c) on raw integers (V3 `FixedPoint.mulDivUp`), 0 when a * b is 0.
 * @param a - uint256
 * @param b - uint256
 * @param c - uint256 divisor
 * @returns ceil(a * b / c)
 * @throws {PoolError} `ARITHMETIC`: `ZERO_DIVISION` when c is 0, `MUL_OVERFLOW` when a * b >= 2^256
 * @example mulDivUp(10n, 10n, 3n) // 34n
 */
export function mulDivUp(a: bigint, b: bigint, c: bigint): bigint {
  if (c === 0n) throw arithmeticError('ZERO_DIVISION', 'mulDivUp', a, c)
  const product = a * b
  if (product > MAX_UINT256) throw arithmeticError('MUL_OVERFLOW', 'mulDivUp', a, b)
  return product === 0n ? 0n : (product - 1n) / c + 1n
}

/**
 * ceil(a / b) for an already inflated `a` (V3 `FixedPoint.divUpRaw`), 0 when a is 0.
 * @param a - uint256 (e.g. a 36-decimal product)
 * @param b - uint256 divisor
 * @returns ceil(a / b)
 * @throws {PoolError} `ARITHMETIC` (`ZERO_DIVISION`) when b is 0
 * @example divUpRaw(7n, 2n) // 4n
 */
export function divUpRaw(a: bigint, b: bigint): bigint {
  if (b === 0n) throw arithmeticError('ZERO_DIVISION', 'divUpRaw', a, b)
  return a === 0n ? 0n : (a - 1n) / b + 1n
}

/**
 * 1 - x, floored at 0 (strips small relative errors above 1.0 instead of going negative).
 * @param x - 18-decimal fixed point
 * @returns 18-decimal fixed point in [0, 1e18]
 * @example complement(3n * 10n ** 17n) // 7n * 10n ** 17n
 */
export function complement(x: bigint): bigint {
  return x < ONE ? ONE - x : 0n
}

/**
 * x^y rounding down, never above the true value: `pow(x, y)` minus (mulUp(raw, 1e4) + 1), floored
 * at 0, with the exact shortcuts y = 1 (x), y = 2 (mulDown(x, x)) and y = 4 (square of the square).
 * V3 and V2 2022+ `FixedPoint.powDown`.
 * @param x - 18-decimal fixed point base
 * @param y - 18-decimal fixed point exponent
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` on overflow in a shortcut; LogExpMath's own bounds errors
 * @example powDown(3n * ONE, TWO) // 9n * ONE
 */
export function powDown(x: bigint, y: bigint): bigint {
  if (y === ONE) return x
  if (y === TWO) return mulDown(x, x)
  if (y === FOUR) {
    const square = mulDown(x, x)
    return mulDown(square, square)
  }
  return powDownNoShortcuts(x, y)
}

/**
 * x^y rounding up, never below the true value: `pow(x, y)` plus (mulUp(raw, 1e4) + 1), with the
 * exact shortcuts y = 1, 2 (mulUp(x, x)) and 4. V3 and V2 2022+ `FixedPoint.powUp`.
 * @param x - 18-decimal fixed point base
 * @param y - 18-decimal fixed point exponent
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` on overflow; LogExpMath's own bounds errors
 * @example powUp(3n * ONE, TWO) // 9n * ONE
 */
export function powUp(x: bigint, y: bigint): bigint {
  if (y === ONE) return x
  if (y === TWO) return mulUp(x, x)
  if (y === FOUR) {
    const square = mulUp(x, x)
    return mulUp(square, square)
  }
  return powUpNoShortcuts(x, y)
}

/**
 * `powDown` without the 1/2/4 shortcuts: the V2 2021 `FixedPoint.powDown`, and the general
 * branch of the later ones.
 * @param x - 18-decimal fixed point base
 * @param y - 18-decimal fixed point exponent
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` on overflow of the error margin; LogExpMath's own errors
 * @example powDownNoShortcuts(ONE, 5n * 10n ** 17n) // 1e18 - 10001n
 */
export function powDownNoShortcuts(x: bigint, y: bigint): bigint {
  const raw = pow(x, y)
  const maxError = add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n)
  return raw < maxError ? 0n : raw - maxError
}

/**
 * `powUp` without the 1/2/4 shortcuts: the V2 2021 `FixedPoint.powUp`, and the general branch of
 * the later ones.
 * @param x - 18-decimal fixed point base
 * @param y - 18-decimal fixed point exponent
 * @returns 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` (`ADD_OVERFLOW`) when raw + margin >= 2^256; LogExpMath's errors
 * @example powUpNoShortcuts(ONE, 5n * 10n ** 17n) // 1e18 + 10001n
 */
export function powUpNoShortcuts(x: bigint, y: bigint): bigint {
  const raw = pow(x, y)
  const maxError = add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n)
  const result = raw + maxError
  if (result > MAX_UINT256) throw arithmeticError('ADD_OVERFLOW', 'powUp', raw, maxError)
  return result
}
