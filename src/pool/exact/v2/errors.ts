/**
 * Balancer V2 revert codes (`BalancerErrors.sol`, `BAL#nnn`) for the exact V2 math of both
 * generations, and the mapping of the version-neutral arithmetic reverts of `fixedPoint.ts` and
 * `logExpMath.ts` to them.
 */
import { PoolError, fmt } from '../../../errors.js'
import { LOG_EXP_V2_ERRORS, withProtocolError } from '../logExpMath.js'

/** `BAL#` code of each version-neutral arithmetic kind (`values.kind` of an `ARITHMETIC` error). */
export const V2_ARITHMETIC_ERRORS: Readonly<Record<string, string>> = {
  ...LOG_EXP_V2_ERRORS,
  ADD_OVERFLOW: 'BAL#000',
  SUB_OVERFLOW: 'BAL#001',
  MUL_OVERFLOW: 'BAL#003',
  ZERO_DIVISION: 'BAL#004',
  DIV_INTERNAL: 'BAL#005',
}

/** The `Errors` library name of each `BAL#` code the V2 weighted math can raise. */
export const V2_ERROR_NAMES: Readonly<Record<string, string>> = {
  'BAL#000': 'ADD_OVERFLOW',
  'BAL#001': 'SUB_OVERFLOW',
  'BAL#003': 'MUL_OVERFLOW',
  'BAL#004': 'ZERO_DIVISION',
  'BAL#005': 'DIV_INTERNAL',
  'BAL#006': 'X_OUT_OF_BOUNDS',
  'BAL#007': 'Y_OUT_OF_BOUNDS',
  'BAL#008': 'PRODUCT_OUT_OF_BOUNDS',
  'BAL#009': 'INVALID_EXPONENT',
  'BAL#100': 'OUT_OF_BOUNDS',
  'BAL#304': 'MAX_IN_RATIO',
  'BAL#305': 'MAX_OUT_RATIO',
  'BAL#306': 'MIN_BPT_IN_FOR_TOKEN_OUT',
  'BAL#307': 'MAX_OUT_BPT_FOR_TOKEN_IN',
  'BAL#311': 'ZERO_INVARIANT',
}

/**
 * A caught error as the V2 contracts would report it: version-neutral `ARITHMETIC` errors get
 * their `BAL#` code as `protocolError`; everything else passes through.
 * @param error - anything caught from the exact V2 math
 * @returns the error to rethrow
 * @example try { … } catch (e) { throw asV2Error(e) }
 */
export function asV2Error(error: unknown): unknown {
  return withProtocolError(error, V2_ARITHMETIC_ERRORS)
}

/**
 * `MAX_IN_RATIO` (`BAL#304`): more than 30 % of the balance in.
 * @param amountIn - upscaled amount in after the fee, 18 decimals
 * @param balanceIn - upscaled balance in
 * @returns the error to throw
 * @example throw maxInRatioError(amountIn, balanceIn)
 */
export function maxInRatioError(amountIn: bigint, balanceIn: bigint): PoolError {
  return new PoolError(
    'MAX_IN_RATIO',
    `amount in ${fmt(amountIn)} exceeds 30% of balance ${fmt(balanceIn)} (18-decimal)`,
    { amountIn, balanceIn },
    'BAL#304',
  )
}

/**
 * `MAX_OUT_RATIO` (`BAL#305`): more than 30 % of the balance out.
 * @param amountOut - upscaled amount out, 18 decimals
 * @param balanceOut - upscaled balance out
 * @returns the error to throw
 * @example throw maxOutRatioError(amountOut, balanceOut)
 */
export function maxOutRatioError(amountOut: bigint, balanceOut: bigint): PoolError {
  return new PoolError(
    'MAX_OUT_RATIO',
    `amount out ${fmt(amountOut)} exceeds 30% of balance ${fmt(balanceOut)} (18-decimal)`,
    { amountOut, balanceOut },
    'BAL#305',
  )
}

/**
 * `MAX_INVARIANT_RATIO` (`BAL#307` MAX_OUT_BPT_FOR_TOKEN_IN): a single-token join above 3x.
 * @param invariantRatio - divUp(supply + bptOut, supply), 18 decimals
 * @returns the error to throw
 * @example throw maxInvariantRatioError(ratio)
 */
export function maxInvariantRatioError(invariantRatio: bigint): PoolError {
  return new PoolError(
    'MAX_INVARIANT_RATIO',
    `invariant ratio ${fmt(invariantRatio)} exceeds 3e18 (MAX_OUT_BPT_FOR_TOKEN_IN)`,
    { invariantRatio },
    'BAL#307',
  )
}

/**
 * `MIN_INVARIANT_RATIO` (`BAL#306` MIN_BPT_IN_FOR_TOKEN_OUT): a single-token exit below 0.7x.
 * @param invariantRatio - divUp(supply - bptIn, supply), 18 decimals
 * @returns the error to throw
 * @example throw minInvariantRatioError(ratio)
 */
export function minInvariantRatioError(invariantRatio: bigint): PoolError {
  return new PoolError(
    'MIN_INVARIANT_RATIO',
    `invariant ratio ${fmt(invariantRatio)} is below 7e17 (MIN_BPT_IN_FOR_TOKEN_OUT)`,
    { invariantRatio },
    'BAL#306',
  )
}

/**
 * `ZERO_INVARIANT` (`BAL#311`): the product of powered balances rounded to 0.
 * @returns the error to throw
 * @example throw zeroInvariantError()
 */
export function zeroInvariantError(): PoolError {
  return new PoolError('ZERO_INVARIANT', 'the invariant rounds to 0', {}, 'BAL#311')
}
