/**
 * Maps the version-neutral reverts of the shared exact helpers (`fixedPoint.ts`, `logExpMath.ts`)
 * to what a Balancer V3 contract reverts with: Solidity 0.8 checked arithmetic panics, FixedPoint's
 * `ZeroDivision()` and LogExpMath's custom errors.
 */
import { PoolError } from '../../../errors.js'
import { LOG_EXP_V3_ERRORS, withProtocolError } from '../logExpMath.js'

// V3 FixedPoint reverts the custom `ZeroDivision()` only where it divides in assembly (mulDivUp,
// divUp, divUpRaw); a Solidity `/` by zero (divDown, plain division) panics with 0x12.
const CUSTOM_ZERO_DIVISION_OPS = new Set(['divUp', 'mulDivUp', 'divUpRaw'])

/**
 * The V3 error of a failure thrown by the exact helpers: `Panic(0x11)` for overflow/underflow,
 * `Panic(0x12)` or `ZeroDivision` for a zero divisor, LogExpMath's custom errors
 * (`ProductOutOfBounds`, ...). Anything else, including errors that already carry a
 * `protocolError`, is returned unchanged.
 * @param error - anything caught around V3 math
 * @returns the same error, or a `PoolError` copy with `protocolError` set
 * @example toV3Error(caught) // PoolError ARITHMETIC, protocolError 'Panic(0x11)'
 */
export function toV3Error(error: unknown): unknown {
  if (!(error instanceof PoolError) || error.code !== 'ARITHMETIC') return error
  if (error.protocolError !== undefined) return error
  const { kind, op } = error.values
  if (typeof op !== 'string') return withProtocolError(error, LOG_EXP_V3_ERRORS)
  const protocolError =
    kind === 'ZERO_DIVISION'
      ? CUSTOM_ZERO_DIVISION_OPS.has(op)
        ? 'ZeroDivision'
        : 'Panic(0x12)'
      : 'Panic(0x11)'
  const detail = error.message.slice(error.code.length + 2) // drop "ARITHMETIC: "
  return new PoolError('ARITHMETIC', detail, { ...error.values }, protocolError)
}
