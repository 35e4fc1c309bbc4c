/**
 * Balancer's LogExpMath on `bigint`, step for step: the same constants, the same branches, the
 * same int256 arithmetic (BigInt `/` and `%` truncate toward zero like Solidity's signed `/` and
 * `%`) and the same reverts. Mirrors `pkg/solidity-utils/contracts/math/LogExpMath.sol` of
 * balancer-v2-monorepo (unchanged in behaviour since 2021) and balancer-v3-monorepo (the same
 * algorithm without recursion, with custom errors instead of `BAL#` codes).
 *
 * Inside the bounds the contracts check, no intermediate leaves the int256 range, so the unchecked
 * Solidity arithmetic never wraps and plain BigInt gives the same integers.
 *
 * Reverts are thrown as `PoolError('ARITHMETIC', …, { kind })` with no `protocolError`: the
 * caller's protocol layer maps `kind` to its own error with {@link LOG_EXP_V2_ERRORS} or
 * {@link LOG_EXP_V3_ERRORS} (see {@link withProtocolError}).
 */
import { PoolError } from '../../errors.js'

/** What LogExpMath reverted on, named after the V2 `Errors` library constant. */
export type LogExpMathRevert =
  | 'X_OUT_OF_BOUNDS' // pow: base >= 2^255
  | 'Y_OUT_OF_BOUNDS' // pow: exponent >= 2^254 / 1e20
  | 'PRODUCT_OUT_OF_BOUNDS' // pow: y * ln(x) outside [-41, 130]
  | 'INVALID_EXPONENT' // exp: argument outside [-41, 130]
  | 'OUT_OF_BOUNDS' // ln: argument <= 0
  | 'ZERO_DIVISION' // log: a base of exactly 1, or a non-positive argument (Solidity division by 0)

/** The V2 `BAL#` code of each LogExpMath revert (`Errors.X_OUT_OF_BOUNDS` = 6, …). */
export const LOG_EXP_V2_ERRORS: Readonly<Record<LogExpMathRevert, string>> = {
  X_OUT_OF_BOUNDS: 'BAL#006',
  Y_OUT_OF_BOUNDS: 'BAL#007',
  PRODUCT_OUT_OF_BOUNDS: 'BAL#008',
  INVALID_EXPONENT: 'BAL#009',
  OUT_OF_BOUNDS: 'BAL#100',
  ZERO_DIVISION: 'BAL#004', // the EVM reverts without reason; the closest V2 name
}

/** The V3 custom error of each LogExpMath revert. */
export const LOG_EXP_V3_ERRORS: Readonly<Record<LogExpMathRevert, string>> = {
  X_OUT_OF_BOUNDS: 'BaseOutOfBounds',
  Y_OUT_OF_BOUNDS: 'ExponentOutOfBounds',
  PRODUCT_OUT_OF_BOUNDS: 'ProductOutOfBounds',
  INVALID_EXPONENT: 'InvalidExponent',
  OUT_OF_BOUNDS: 'OutOfBounds',
  ZERO_DIVISION: 'Panic(0x12)', // Solidity 0.8 division by zero
}

/**
 * The same error with a protocol's error attached: code, detail and values kept,
 * `protocolError` = `protocolErrors[values.kind]`. Works for every version-neutral `ARITHMETIC`
 * error carrying a `values.kind` (this module's and `fixedPoint.ts`'s); any other error, or one
 * that already has a `protocolError`, is returned unchanged.
 * @param error - anything caught
 * @param protocolErrors - kind to protocol error, e.g. {@link LOG_EXP_V2_ERRORS} merged with the
 *   version's arithmetic codes
 * @returns a new `PoolError` carrying `protocolError`, or `error` itself
 * @example withProtocolError(e, LOG_EXP_V2_ERRORS) // PoolError with protocolError 'BAL#008'
 */
export function withProtocolError(
  error: unknown,
  protocolErrors: Readonly<Record<string, string>>,
): unknown {
  if (!(error instanceof PoolError) || error.code !== 'ARITHMETIC') return error
  if (error.protocolError !== undefined) return error
  const kind = error.values.kind
  if (typeof kind !== 'string' || !Object.hasOwn(protocolErrors, kind)) return error
  const detail = error.message.slice(error.code.length + 2) // drop "ARITHMETIC: "
  return new PoolError(error.code, detail, { ...error.values }, protocolErrors[kind])
}

function revert(kind: LogExpMathRevert, detail: string, values: Record<string, bigint>): never {
  throw new PoolError('ARITHMETIC', `${detail} (${kind})`, { kind, ...values })
}

const ONE_18 = 10n ** 18n
const ONE_20 = 10n ** 20n
const ONE_36 = 10n ** 36n

/** Largest argument of `exp` (18 decimals): e^130 still fits 20-decimal int256 with margin. */
export const MAX_NATURAL_EXPONENT = 130n * ONE_18
/** Smallest argument of `exp` (18 decimals): e^-41 is still above 1e-18. */
export const MIN_NATURAL_EXPONENT = -41n * ONE_18

// ln_36 (36-decimal series) is used strictly between 0.9 and 1.1.
const LN_36_LOWER_BOUND = ONE_18 - 10n ** 17n
const LN_36_UPPER_BOUND = ONE_18 + 10n ** 17n

/** pow's exponent bound: y < 2^254 / 1e20 keeps y * ln(x) inside int256. */
export const MILD_EXPONENT_BOUND = 2n ** 254n / ONE_20
const X_BOUND = 2n ** 255n

// 18-decimal constants; a0, a1 = e^128, e^64 as plain integers (no decimals).
const x0 = 128000000000000000000n // 2^7
const a0 = 38877084059945950922200000000000000000000000000000000000n
const x1 = 64000000000000000000n // 2^6
const a1 = 6235149080811616882910000000n

// 20-decimal constants x_n = 2^(7-n), a_n = e^(x_n).
const x2 = 3200000000000000000000n // 2^5
const a2 = 7896296018268069516100000000000000n
const x3 = 1600000000000000000000n // 2^4
const a3 = 888611052050787263676000000n
const x4 = 800000000000000000000n // 2^3
const a4 = 298095798704172827474000n
const x5 = 400000000000000000000n // 2^2
const a5 = 5459815003314423907810n
const x6 = 200000000000000000000n // 2^1
const a6 = 738905609893065022723n
const x7 = 100000000000000000000n // 2^0
const a7 = 271828182845904523536n
const x8 = 50000000000000000000n // 2^-1
const a8 = 164872127070012814685n
const x9 = 25000000000000000000n // 2^-2
const a9 = 128402541668774148407n
const x10 = 12500000000000000000n // 2^-3
const a10 = 113314845306682631683n
const x11 = 6250000000000000000n // 2^-4
const a11 = 106449445891785942956n

// ONE_20 * n for the Taylor terms n = 2..12 of `exp`.
const EXP_SERIES_DIVISORS = [2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n].map((n) => ONE_20 * n)

/**
 * x^y for unsigned 18-decimal x and y, as `LogExpMath.pow`: exp(y * ln(x)), with ln_36 when
 * 0.9 < x < 1.1. `pow(x, 0)` = 1e18 (0^0 included), `pow(0, y)` = 0. The result is within about
 * 1e-14 relative of the true value; FixedPoint's powDown/powUp add the margin.
 * @param x - base, 18-decimal fixed point, 0 <= x < 2^256
 * @param y - exponent, 18-decimal fixed point, 0 <= y < 2^256
 * @returns x^y, 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` with `values.kind` `X_OUT_OF_BOUNDS` (x >= 2^255),
 *   `Y_OUT_OF_BOUNDS` (y >= 2^254 / 1e20) or `PRODUCT_OUT_OF_BOUNDS` (y ln x outside [-41, 130])
 * @example pow(2n * 10n ** 18n, 5n * 10n ** 17n) // 1414213562373095048n (sqrt 2)
 */
export function pow(x: bigint, y: bigint): bigint {
  if (y === 0n) return ONE_18 // 0^0 := 1, as the contract
  if (x === 0n) return 0n
  if (x >= X_BOUND) revert('X_OUT_OF_BOUNDS', `pow base ${x} is 2^255 or more`, { x, y })
  if (y >= MILD_EXPONENT_BOUND)
    revert('Y_OUT_OF_BOUNDS', `pow exponent ${y} is 2^254 / 1e20 or more`, { x, y })
  let logxTimesY: bigint
  if (LN_36_LOWER_BOUND < x && x < LN_36_UPPER_BOUND) {
    const ln36x = ln36(x)
    // ln36x has 36 decimals: multiply its top and bottom 18 decimals by y separately, as the
    // contract does to stay inside int256 (truncating / and % on a possibly negative value).
    logxTimesY = (ln36x / ONE_18) * y + ((ln36x % ONE_18) * y) / ONE_18
  } else {
    logxTimesY = lnInternal(x) * y
  }
  logxTimesY /= ONE_18
  if (logxTimesY < MIN_NATURAL_EXPONENT || logxTimesY > MAX_NATURAL_EXPONENT)
    revert(
      'PRODUCT_OUT_OF_BOUNDS',
      `pow ${x}^${y}: y * ln(x) = ${logxTimesY} is outside [-41, 130]`,
      {
        x,
        y,
        logxTimesY,
      },
    )
  return expUnchecked(logxTimesY)
}

/**
 * e^x for signed 18-decimal x, as `LogExpMath.exp`. Negative x is computed as 1 / e^-x (V2
 * recurses, V3 sets a flag; both divide 1e36 by the positive result).
 * @param x - exponent, 18-decimal fixed point, in [-41e18, 130e18]
 * @returns e^x, 18-decimal fixed point
 * @throws {PoolError} `ARITHMETIC` with `values.kind` `INVALID_EXPONENT` outside [-41, 130]
 * @example exp(10n ** 18n) // 2718281828459045235n
 */
export function exp(x: bigint): bigint {
  if (x < MIN_NATURAL_EXPONENT || x > MAX_NATURAL_EXPONENT)
    revert('INVALID_EXPONENT', `exp argument ${x} is outside [-41e18, 130e18]`, { x })
  return expUnchecked(x)
}

/** `exp` after its bounds check (pow's own PRODUCT_OUT_OF_BOUNDS check covers the same range). */
function expUnchecked(xIn: bigint): bigint {
  if (xIn < 0n) return (ONE_18 * ONE_18) / expUnchecked(-xIn)
  let x = xIn
  // Decompose x into the powers of two x_n whose exponentials a_n are tabulated; x0 + x1 > 130,
  // so at most one of the two integer-valued a0, a1 applies.
  let firstAN: bigint
  if (x >= x0) {
    x -= x0
    firstAN = a0
  } else if (x >= x1) {
    x -= x1
    firstAN = a1
  } else {
    firstAN = 1n
  }
  x *= 100n // to 20 decimals
  let product = ONE_20
  if (x >= x2) {
    x -= x2
    product = (product * a2) / ONE_20
  }
  if (x >= x3) {
    x -= x3
    product = (product * a3) / ONE_20
  }
  if (x >= x4) {
    x -= x4
    product = (product * a4) / ONE_20
  }
  if (x >= x5) {
    x -= x5
    product = (product * a5) / ONE_20
  }
  if (x >= x6) {
    x -= x6
    product = (product * a6) / ONE_20
  }
  if (x >= x7) {
    x -= x7
    product = (product * a7) / ONE_20
  }
  if (x >= x8) {
    x -= x8
    product = (product * a8) / ONE_20
  }
  if (x >= x9) {
    x -= x9
    product = (product * a9) / ONE_20
  }
  // Taylor series of e^x for the remainder (< 0.25), 12 terms. The contract truncates twice,
  // ((term * x) / ONE_20) / n; for non-negative integers floor(floor(a / b) / c) = floor(a / (b c)),
  // so one division by ONE_20 * n gives the same integer, faster.
  let seriesSum = ONE_20 + x
  let term = x
  for (const divisor of EXP_SERIES_DIVISORS) {
    term = (term * x) / divisor
    seriesSum += term
  }
  return (((product * seriesSum) / ONE_20) * firstAN) / 100n
}

/**
 * log_base(arg) for signed 18-decimal arg and base, as `LogExpMath.log`: ln(arg) / ln(base),
 * each taken with 36 decimals (ln_36 near 1, else ln upscaled).
 * @param arg - 18-decimal fixed point, > 0
 * @param base - 18-decimal fixed point, > 0 and != 1e18
 * @returns log_base(arg), 18-decimal fixed point, truncated toward zero
 * @throws {PoolError} `ARITHMETIC` with `values.kind` `ZERO_DIVISION` for a base of 1e18 or a
 *   non-positive argument or base (the contract divides by zero or never terminates there)
 * @example log(8n * 10n ** 18n, 2n * 10n ** 18n) // 2999999999999999999n
 */
export function log(arg: bigint, base: bigint): bigint {
  if (arg <= 0n || base <= 0n || base === ONE_18)
    revert('ZERO_DIVISION', `log of ${arg} in base ${base} is undefined`, { arg, base })
  const logBase =
    LN_36_LOWER_BOUND < base && base < LN_36_UPPER_BOUND ? ln36(base) : lnInternal(base) * ONE_18
  const logArg =
    LN_36_LOWER_BOUND < arg && arg < LN_36_UPPER_BOUND ? ln36(arg) : lnInternal(arg) * ONE_18
  return (logArg * ONE_18) / logBase
}

/**
 * ln(a) for signed 18-decimal a, as `LogExpMath.ln`: ln_36 (then truncated to 18 decimals) when
 * 0.9 < a < 1.1, else the 20-decimal decomposition.
 * @param a - 18-decimal fixed point, 0 < a < 2^255
 * @returns ln(a), 18-decimal fixed point, truncated toward zero
 * @throws {PoolError} `ARITHMETIC` with `values.kind` `OUT_OF_BOUNDS` for a <= 0
 * @example ln(2n * 10n ** 18n) // 693147180559945309n
 */
export function ln(a: bigint): bigint {
  if (a <= 0n) revert('OUT_OF_BOUNDS', `ln argument ${a} is not positive`, { a })
  if (LN_36_LOWER_BOUND < a && a < LN_36_UPPER_BOUND) return ln36(a) / ONE_18
  return lnInternal(a)
}

/** The contract's private `_ln`: 18-decimal in and out, 20-decimal inside. a > 0. */
function lnInternal(aIn: bigint): bigint {
  // ln(a) = -ln(1/a) for a < 1 (1/a computed truncated, as the contract does).
  if (aIn < ONE_18) return -lnInternal((ONE_18 * ONE_18) / aIn)
  let a = aIn
  let sum = 0n
  if (a >= a0 * ONE_18) {
    a /= a0 // integer division: a0 has no decimals
    sum += x0
  }
  if (a >= a1 * ONE_18) {
    a /= a1
    sum += x1
  }
  sum *= 100n // to 20 decimals
  a *= 100n
  if (a >= a2) {
    a = (a * ONE_20) / a2
    sum += x2
  }
  if (a >= a3) {
    a = (a * ONE_20) / a3
    sum += x3
  }
  if (a >= a4) {
    a = (a * ONE_20) / a4
    sum += x4
  }
  if (a >= a5) {
    a = (a * ONE_20) / a5
    sum += x5
  }
  if (a >= a6) {
    a = (a * ONE_20) / a6
    sum += x6
  }
  if (a >= a7) {
    a = (a * ONE_20) / a7
    sum += x7
  }
  if (a >= a8) {
    a = (a * ONE_20) / a8
    sum += x8
  }
  if (a >= a9) {
    a = (a * ONE_20) / a9
    sum += x9
  }
  if (a >= a10) {
    a = (a * ONE_20) / a10
    sum += x10
  }
  if (a >= a11) {
    a = (a * ONE_20) / a11
    sum += x11
  }
  // ln(a) = 2 (z + z^3/3 + z^5/5 + … + z^11/11), z = (a - 1) / (a + 1), a < a11 ~ 1.06.
  const z = ((a - ONE_20) * ONE_20) / (a + ONE_20)
  const zSquared = (z * z) / ONE_20
  let num = z
  let seriesSum = num
  for (let d = 3n; d <= 11n; d += 2n) {
    num = (num * zSquared) / ONE_20
    seriesSum += num / d
  }
  seriesSum *= 2n
  return (sum + seriesSum) / 100n
}

/** The contract's private `_ln_36`: 18-decimal in, 36-decimal out, for 0.9 < x < 1.1. */
function ln36(xIn: bigint): bigint {
  const x = xIn * ONE_18
  // ln(x) = 2 (z + z^3/3 + … + z^15/15), z = (x - 1) / (x + 1), 36 decimals.
  const z = ((x - ONE_36) * ONE_36) / (x + ONE_36)
  const zSquared = (z * z) / ONE_36
  let num = z
  let seriesSum = num
  for (let d = 3n; d <= 15n; d += 2n) {
    num = (num * zSquared) / ONE_36
    seriesSum += num / d
  }
  return seriesSum * 2n
}
