/**
 * The V3 Vault's scaling between raw token units and "live" scaled18 amounts
 * (ScalingHelpers.sol): scaled18 = raw * 10^(18 - decimals) * rate / 1e18. Each direction rounds
 * in the pool's favour; rounding is chosen by the caller as the Vault does. Also the Vault's
 * minimum trade amount. Kernels: no validation, version-neutral `ARITHMETIC` errors.
 */
import { PoolError, fmt } from '../../../errors.js'
import { MAX_UINT256, ONE, divDown, divUp, mul, mulDown, mulUp } from '../fixedPoint.js'

/** Smallest scaled18 amount a swap, add or remove may move (Vault `_MINIMUM_TRADE_AMOUNT`). */
export const MINIMUM_TRADE_AMOUNT = 1_000_000n

// Largest x with x * 1e18 < 2^256: below it, a rate of exactly 1e18 makes mulDown/divDown by the
// rate exact identities, so the hot path skips them (same result, same reverts above it).
const MAX_INFLATABLE = MAX_UINT256 / ONE

/** Smallest BPT supply a pool may be left with (`_POOL_MINIMUM_TOTAL_SUPPLY`). */
export const POOL_MINIMUM_TOTAL_SUPPLY = 1_000_000n

/**
 * Raw to scaled18 rounding down: mulDown(raw * scalingFactor, rate).
 * @param amount - raw units
 * @param scalingFactor - 10^(18 - decimals)
 * @param tokenRate - 18-decimal rate
 * @returns scaled18 amount
 * @throws {PoolError} `ARITHMETIC` on overflow
 * @example toScaled18ApplyRateRoundDown(1_500_000n, 10n ** 12n, 10n ** 18n) // 1.5e18
 */
export function toScaled18ApplyRateRoundDown(
  amount: bigint,
  scalingFactor: bigint,
  tokenRate: bigint,
): bigint {
  const scaled = amount * scalingFactor
  if (tokenRate === ONE && scaled <= MAX_INFLATABLE) return scaled // mulDown(scaled, 1e18) = scaled
  return mulDown(mul(amount, scalingFactor), tokenRate)
}

/**
 * Raw to scaled18 rounding up: mulUp(raw * scalingFactor, rate).
 * @param amount - raw units
 * @param scalingFactor - 10^(18 - decimals)
 * @param tokenRate - 18-decimal rate
 * @returns scaled18 amount
 * @throws {PoolError} `ARITHMETIC` on overflow
 * @example toScaled18ApplyRateRoundUp(1n, 1n, 15n * 10n ** 17n) // 2n
 */
export function toScaled18ApplyRateRoundUp(
  amount: bigint,
  scalingFactor: bigint,
  tokenRate: bigint,
): bigint {
  const scaled = amount * scalingFactor
  if (tokenRate === ONE && scaled <= MAX_INFLATABLE) return scaled // mulUp(scaled, 1e18) = scaled
  return mulUp(mul(amount, scalingFactor), tokenRate)
}

/**
 * Scaled18 to raw rounding down: divDown(amount, scalingFactor * rate).
 * @param amount - scaled18 amount
 * @param scalingFactor - 10^(18 - decimals)
 * @param tokenRate - 18-decimal rate
 * @returns raw units
 * @throws {PoolError} `ARITHMETIC` on overflow or a zero rate
 * @example toRawUndoRateRoundDown(1_999_999_999_999n, 10n ** 12n, 10n ** 18n) // 1n
 */
export function toRawUndoRateRoundDown(
  amount: bigint,
  scalingFactor: bigint,
  tokenRate: bigint,
): bigint {
  // (a * 1e18) / (f * 1e18) = floor(a / f) exactly.
  if (tokenRate === ONE && amount <= MAX_INFLATABLE && scalingFactor !== 0n)
    return amount / scalingFactor
  return divDown(amount, mul(scalingFactor, tokenRate))
}

/**
 * Scaled18 to raw rounding up: divUp(amount, scalingFactor * rate).
 * @param amount - scaled18 amount
 * @param scalingFactor - 10^(18 - decimals)
 * @param tokenRate - 18-decimal rate
 * @returns raw units
 * @throws {PoolError} `ARITHMETIC` on overflow or a zero rate
 * @example toRawUndoRateRoundUp(1_000_000_000_001n, 10n ** 12n, 10n ** 18n) // 2n
 */
export function toRawUndoRateRoundUp(
  amount: bigint,
  scalingFactor: bigint,
  tokenRate: bigint,
): bigint {
  // ceil(a * 1e18 / (f * 1e18)) = ceil(a / f) exactly, 0 for 0.
  if (tokenRate === ONE && amount <= MAX_INFLATABLE && scalingFactor !== 0n)
    return amount === 0n ? 0n : (amount - 1n) / scalingFactor + 1n
  return divUp(amount, mul(scalingFactor, tokenRate))
}

/**
 * A rate rounded up as `computeRateRoundUp`: unchanged when it is a whole multiple of 1e18, else
 * 1 wei more (used where a larger rate favours the pool).
 * @param rate - 18-decimal rate
 * @returns rate, or rate + 1 when it is not a multiple of 1e18
 * @example computeRateRoundUp(1_500_000_000_000_000_000n) // 1500000000000000001n
 */
export function computeRateRoundUp(rate: bigint): bigint {
  return rate === ONE || (rate / ONE) * ONE === rate ? rate : rate + 1n
}

/**
 * The Vault's `_ensureValidSwapAmount`: a swap amount must be at least 1e6 scaled18.
 * @param amountScaled18 - the amount given (after fee) or calculated, scaled18
 * @throws {PoolError} `TRADE_AMOUNT_TOO_SMALL` (`TradeAmountTooSmall`)
 * @example ensureValidSwapAmount(1_000_000n) // passes
 */
export function ensureValidSwapAmount(amountScaled18: bigint): void {
  if (amountScaled18 < MINIMUM_TRADE_AMOUNT)
    throw new PoolError(
      'TRADE_AMOUNT_TOO_SMALL',
      `amount ${fmt(amountScaled18)} (scaled18) is below the minimum trade amount ${fmt(MINIMUM_TRADE_AMOUNT)}`,
      { amountScaled18 },
      'TradeAmountTooSmall',
    )
}

/**
 * The Vault's `_ensureValidTradeAmount` for adds and removes: zero passes, otherwise >= 1e6.
 * @param amountScaled18 - a token amount (scaled18) or a BPT amount
 * @throws {PoolError} `TRADE_AMOUNT_TOO_SMALL` (`TradeAmountTooSmall`)
 * @example ensureValidTradeAmount(0n) // passes
 */
export function ensureValidTradeAmount(amountScaled18: bigint): void {
  if (amountScaled18 !== 0n) ensureValidSwapAmount(amountScaled18)
}
