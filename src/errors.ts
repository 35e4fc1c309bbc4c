/**
 * The project's errors: one base class with a stable `code`, and the list of codes.
 * Imports nothing, so every layer may use it. Codes are never renamed once released; each has a
 * row in the error table of docs/errors.md.
 */

/** Rule violations of the weighted-pool math, float and exact alike. */
export type PoolErrorCode =
  | 'TOKEN_COUNT' // 2 to 8 tokens
  | 'TOKEN_INDEX' // a token index out of range, or tokenIn equal to tokenOut
  | 'WEIGHT_MIN' // a normalized weight below 1 %
  | 'WEIGHT_SUM' // weights not summing to 1
  | 'SWAP_FEE_RANGE' // swap fee outside the protocol's bounds
  | 'BALANCE_NON_POSITIVE' // a balance that is not strictly positive and finite
  | 'AMOUNT_INVALID' // a negative, NaN or infinite amount
  | 'MAX_IN_RATIO' // more than 30 % of the balance in
  | 'MAX_OUT_RATIO' // more than 30 % of the balance out
  | 'MAX_INVARIANT_RATIO' // a join that would raise the invariant above 3x
  | 'MIN_INVARIANT_RATIO' // an exit that would lower the invariant below 0.7x
  | 'BPT_OUT_MIN' // an exit taking more BPT than exists, or a non-positive supply
  | 'ZERO_INVARIANT' // an invariant of zero
  | 'TRADE_AMOUNT_TOO_SMALL' // V3's minimum trade amount
  | 'ARITHMETIC' // an exact-math overflow, underflow or division by zero (the contract's revert)
  | 'WEIGHT_SCHEDULE' // an invalid time-weight schedule
  | 'SWAPS_DISABLED' // an LBP whose swaps are paused or that refuses project-token sells
  | 'TOKEN_DECIMALS' // token decimals outside 0..18 (exact model)

/** Problems in what the user handed in: files, rows, scenario fields, options. */
export type InputErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_EMPTY'
  | 'UNKNOWN_FORMAT'
  | 'BAD_ROW' // a row that cannot be parsed (wrong column count, bad number)
  | 'BAD_PRICE' // unparsable or non-positive price
  | 'BAD_TIMESTAMP' // unparsable timestamp
  | 'TIME_ORDER' // timestamps out of order
  | 'DUPLICATE_TIMESTAMP'
  | 'GAP_TOO_LONG' // a gap larger than the forward-fill limit
  | 'NO_OVERLAP' // series with no common time range
  | 'MISSING_ASSET' // a token without a price series
  | 'QUOTE_MISMATCH' // a file quoted in one unit used, under a bare key, as another (not USD-like)
  | 'NOT_PSD' // a correlation matrix that is not positive semi-definite
  | 'BAD_PARAMETER' // a model or option parameter out of its range
  | 'SCENARIO_INVALID' // a scenario field that fails validation
  | 'JSON_SYNTAX' // a file that is not JSON
  | 'WEIGHT_MIN' // a scenario weight below 1 %, reported with its JSON path
  | 'BAD_OPTION' // a command-line option out of range
  | 'DUPLICATE_NAME' // two scenarios of one run sharing a name (and so a report folder)
  | 'BASELINE_MISSING' // `amm-sim regress`: a scenario without a baseline file
  | 'BASELINE_INVALID' // `amm-sim regress`: a baseline file that is not a baseline
  | 'UNKNOWN_SYMBOL' // a single-asset price file whose asset neither an option nor its name gives
  | 'PARTIAL_INVALID' // a sweep shard folder without a readable partial.json or paths.csv
  | 'PARTIAL_MISMATCH' // sweep shards of different scenarios, seeds, versions or shard counts
  | 'PARTIAL_DUPLICATE' // the same sweep shard given twice
  | 'PARTIAL_MISSING' // a sweep shard absent from a merge
  | 'MANIFEST_INVALID' // `amm-sim replay`: a manifest field that fails validation
  | 'MISSING_COLUMN' // `amm-sim replay`: an event table without a column it needs
  | 'UNKNOWN_TOKEN' // `amm-sim replay`: a row naming a token address the manifest does not list
  | 'SWAP_FEE_EXPRESSION' // a swap fee rule's expression that does not parse or uses a refused construct

/** Failures during a run that are not the input's fault as written. */
export type RunErrorCode =
  | 'NON_FINITE' // a NaN or infinity appeared in the state at a step
  | 'PRICE_OUT_OF_RANGE' // a price outside [MIN_PRICE, MAX_PRICE] (underflow or overflow ahead)
  | 'SWAP_FEE_NAN' // a dynamic swap fee rule evaluated to NaN at a step
  | 'REPORT_WRITE' // a report could not be written
  | 'RENDERER_MISSING' // the native chart renderer is not installed
  | 'INTERRUPTED' // the run was stopped by a signal (Ctrl-C) before its report was written

/** Every stable error code: `error.code` of any {@link AmmSimError}. */
export type ErrorCode = PoolErrorCode | InputErrorCode | RunErrorCode

/** Base of every error this package throws on purpose. `values` carries the numbers for programs. */
export class AmmSimError extends Error {
  readonly code: ErrorCode
  readonly values: Readonly<Record<string, unknown>>
  constructor(code: ErrorCode, message: string, values: Record<string, unknown> = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.values = values
  }
}

/**
 * A pool rule was violated. The message starts with the code:
 * `MAX_IN_RATIO: amount in 420000 exceeds 30% of balance 1000000`.
 * Exact pools add the deployed contract's error as `protocolError` (`'BAL#304'`, `'MaxInRatio'`).
 */
export class PoolError extends AmmSimError {
  readonly protocolError: string | undefined
  constructor(
    code: PoolErrorCode,
    detail: string,
    values: Record<string, unknown> = {},
    protocolError?: string,
  ) {
    super(code, `${code}: ${detail}`, values)
    this.protocolError = protocolError
  }
}

/** Where in the input a problem sits: a file, a JSON path, a line and column. */
export interface InputLocation {
  file?: string
  path?: string
  line?: number
  column?: number | string
}

/** Renders a location as `file:line:column: path` with the parts that are known. */
export function formatLocation(where: InputLocation): string {
  let head = where.file ?? ''
  if (where.line !== undefined) head += `${head ? ':' : 'line '}${where.line}`
  if (where.column !== undefined) head += `${head ? ':' : 'column '}${where.column}`
  return [head, where.path].filter((part) => part !== undefined && part !== '').join(': ')
}

/**
 * Bad input. The message starts with where to fix it, then what was expected and found:
 * `scenarios/x.json: pool.weights[2]: 0.004 is below the 1% minimum`. The CLI exits 2 on it.
 */
export class InputError extends AmmSimError {
  readonly where: InputLocation
  constructor(
    code: InputErrorCode,
    where: InputLocation,
    detail: string,
    values: Record<string, unknown> = {},
  ) {
    const location = formatLocation(where)
    super(code, location ? `${location}: ${detail}` : detail, values)
    this.where = where
  }
}

/** A run failed for a reason other than bad input (non-finite state, an unwritable report). */
export class RunError extends AmmSimError {
  constructor(code: RunErrorCode, message: string, values: Record<string, unknown> = {}) {
    super(code, `${code}: ${message}`, values)
  }
}

/**
 * Formats a number for an error message: integers and short decimals as written, others with
 * 6 significant digits (`420000`, `0.004`, `1.23457e-7`). Bigints print in full.
 */
export function fmt(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString()
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value)
  const short = Number(value.toPrecision(6))
  const abs = Math.abs(short)
  return abs !== 0 && (abs < 1e-4 || abs >= 1e21) ? short.toExponential() : String(short)
}
