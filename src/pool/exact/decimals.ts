/**
 * Token decimals for the exact model: decimal strings ("1.5") to raw integer units and back, and
 * the per-token scaling factors the contracts apply. Conversion goes through decimal.js or plain
 * string arithmetic, never through a float, so "0.1" USDC is exactly 100000 raw units.
 */
import { Decimal } from 'decimal.js'
import { PoolError, fmt } from '../../errors.js'

/** Largest token decimals the contracts accept (V2 and V3 both revert above 18). */
export const MAX_TOKEN_DECIMALS = 18

// A private context: 1000 significant digits hold any uint256 amount times 10^18 exactly, and
// leave the application's global Decimal settings untouched.
const D = Decimal.clone({ precision: 1000, toExpNeg: -1000, toExpPos: 1000 })

/** How {@link toRaw} treats digits below the token's smallest unit. */
/** How `toRaw` treats digits below one raw unit: refuse them, or round down, up, or half to even. */
export type RawRounding = 'exact' | 'down' | 'up' | 'nearest'

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_TOKEN_DECIMALS)
    throw new PoolError(
      'TOKEN_DECIMALS',
      `token decimals ${fmt(decimals)} are not an integer in 0..18`,
      {
        decimals,
      },
    )
}

/**
 * The V3 Vault's decimal scaling factor of a token: 10^(18 - decimals), a plain integer
 * (`raw * factor` is the 18-decimal amount before the token rate).
 * @param decimals - token decimals, integer 0..18
 * @returns 10^(18 - decimals)
 * @throws {PoolError} `TOKEN_DECIMALS` outside 0..18
 * @example scalingFactorV3(6) // 1000000000000n
 */
export function scalingFactorV3(decimals: number): bigint {
  checkDecimals(decimals)
  return 10n ** BigInt(MAX_TOKEN_DECIMALS - decimals)
}

/**
 * The V2 pools' scaling factor of a token: 1e18 * 10^(18 - decimals), an 18-decimal fixed-point
 * number applied with `mulDown` (upscale) and `divDown`/`divUp` (downscale).
 * @param decimals - token decimals, integer 0..18
 * @returns 10^(36 - decimals)
 * @throws {PoolError} `TOKEN_DECIMALS` outside 0..18
 * @example scalingFactorV2(6) // 10n ** 30n
 */
export function scalingFactorV2(decimals: number): bigint {
  checkDecimals(decimals)
  return 10n ** BigInt(2 * MAX_TOKEN_DECIMALS - decimals)
}

/**
 * A decimal string in token units to raw integer units: "1.5" with 6 decimals is 1500000n.
 * Accepts what decimal.js parses ("1.5", "-2", "1e-6", "0x1f"); never goes through a float.
 * @param amount - token units as a decimal string
 * @param decimals - token decimals, integer 0..18
 * @param rounding - digits below one raw unit: `'exact'` (default) rejects them, `'down'`
 *   truncates toward zero, `'up'` rounds away from zero, `'nearest'` rounds half to even
 * @returns raw units (negative when `amount` is)
 * @throws {PoolError} `AMOUNT_INVALID` for a number instead of a string, an unparsable or
 *   non-finite string, or (with `'exact'`) more fractional digits than the token has;
 *   `TOKEN_DECIMALS` outside 0..18
 * @example toRaw('1.5', 6) // 1500000n
 */
export function toRaw(amount: string, decimals: number, rounding: RawRounding = 'exact'): bigint {
  checkDecimals(decimals)
  // A float such as 0.8 is not the decimal it prints, so a number is refused, not converted;
  // JavaScript callers and `as` casts get here without the type error.
  if (typeof amount !== 'string') {
    const found: unknown = amount
    const text = typeof found === 'bigint' ? `${found}n` : String(found)
    throw new PoolError(
      'AMOUNT_INVALID',
      `expected the amount as a decimal string, found the ${typeof found} ${text}; write toRaw('${String(found)}', ${String(decimals)}) so no float rounding enters the raw amount`,
      { amount: found },
    )
  }
  let value: Decimal
  try {
    value = new D(amount.trim())
  } catch {
    throw new PoolError('AMOUNT_INVALID', `"${amount}" is not a decimal number`, { amount })
  }
  if (!value.isFinite())
    throw new PoolError('AMOUNT_INVALID', `"${amount}" is not a finite number`, { amount })
  const scaled = value.times(new D(10).pow(decimals))
  if (!scaled.isInteger()) {
    if (rounding === 'exact')
      throw new PoolError(
        'AMOUNT_INVALID',
        `"${amount}" has more than ${String(decimals)} decimals, below one raw unit of the token`,
        { amount, decimals },
      )
    const mode =
      rounding === 'down'
        ? Decimal.ROUND_DOWN
        : rounding === 'up'
          ? Decimal.ROUND_UP
          : Decimal.ROUND_HALF_EVEN
    const rounded = scaled.toDecimalPlaces(0, mode)
    return BigInt(rounded.toFixed(0))
  }
  return BigInt(scaled.toFixed(0))
}

/**
 * Raw integer units to a decimal string in token units, exact, without trailing zeros:
 * 1500000n with 6 decimals is "1.5". Pure string arithmetic.
 * @param raw - raw units (any sign)
 * @param decimals - token decimals, integer 0..18
 * @returns token units as a decimal string
 * @throws {PoolError} `TOKEN_DECIMALS` outside 0..18
 * @example fromRaw(1500000n, 6) // '1.5'
 */
export function fromRaw(raw: bigint, decimals: number): string {
  checkDecimals(decimals)
  const sign = raw < 0n ? '-' : ''
  const digits = (raw < 0n ? -raw : raw).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '')
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`
}
