/**
 * Balancer V2 pool glue shared by both generations (`BasePool` / `ScalingHelpers`): raw <-> upscaled
 * amounts with the V2 scaling-factor convention, and the swap fee on raw amounts. Kernels: no
 * validation; arithmetic errors are version-neutral (the pool layer attaches `BAL#` codes).
 */
import { complement, divDown, divUp, mulDown, mulUp, sub } from '../fixedPoint.js'

/**
 * Raw amount to 18 decimals: `mulDown(amountRaw, scalingFactor)` (exact, since the factor is
 * 1e18 * 10^(18 - decimals)).
 * @param amountRaw - raw base units
 * @param scalingFactor - V2 factor, 1e18 * 10^(18 - decimals)
 * @returns 18-decimal amount
 * @throws {PoolError} `ARITHMETIC` (MUL_OVERFLOW) at 2^256
 * @example upscale(1_500_000n, 10n ** 30n) // 1.5e18 for 1.5 USDC
 */
export function upscale(amountRaw: bigint, scalingFactor: bigint): bigint {
  return mulDown(amountRaw, scalingFactor)
}

/**
 * 18-decimal amount to raw units rounding down (amounts the pool pays out): `divDown`.
 * @param amount - 18 decimals
 * @param scalingFactor - V2 factor
 * @returns raw base units, rounded down
 * @throws {PoolError} `ARITHMETIC` (DIV_INTERNAL) when amount * 1e18 >= 2^256
 * @example downscaleDown(1_999_999_999_999n, 10n ** 30n) // 1n
 */
export function downscaleDown(amount: bigint, scalingFactor: bigint): bigint {
  return divDown(amount, scalingFactor)
}

/**
 * 18-decimal amount to raw units rounding up (amounts the pool receives, BPT it takes): `divUp`.
 * @param amount - 18 decimals
 * @param scalingFactor - V2 factor
 * @returns raw base units, rounded up
 * @throws {PoolError} `ARITHMETIC` (DIV_INTERNAL) when amount * 1e18 >= 2^256
 * @example downscaleUp(1_000_000_000_001n, 10n ** 30n) // 2n
 */
export function downscaleUp(amount: bigint, scalingFactor: bigint): bigint {
  return divUp(amount, scalingFactor)
}

/**
 * Amount in after the swap fee, on the raw amount (`BasePool._subtractSwapFeeAmount`):
 * a - mulUp(a, swapFee).
 * @param amountRaw - raw base units, fee included
 * @param swapFee - 18 decimals
 * @returns raw base units without the fee
 * @throws {PoolError} `ARITHMETIC` on overflow
 * @example subtractSwapFee(1000n, 3n * 10n ** 15n) // 997n
 */
export function subtractSwapFee(amountRaw: bigint, swapFee: bigint): bigint {
  return sub(amountRaw, mulUp(amountRaw, swapFee))
}

/**
 * Amount in with the swap fee added, on the raw (already downscaled) amount
 * (`BasePool._addSwapFeeAmount`): divUp(a, 1 - swapFee).
 * @param amountRaw - raw base units without the fee
 * @param swapFee - 18 decimals
 * @returns raw base units, fee included, rounded up
 * @throws {PoolError} `ARITHMETIC` on overflow
 * @example addSwapFee(997n, 3n * 10n ** 15n) // 1000n
 */
export function addSwapFee(amountRaw: bigint, swapFee: bigint): bigint {
  return divUp(amountRaw, complement(swapFee))
}

/**
 * Every raw amount upscaled with its token's factor (`_upscaleArray`), into a new array.
 * @param amountsRaw - raw base units by token index
 * @param scalingFactors - V2 factors by token index
 * @returns 18-decimal amounts
 * @throws {PoolError} `ARITHMETIC` (MUL_OVERFLOW)
 * @example upscaleArray([1n], [10n ** 30n]) // [10n ** 12n]
 */
export function upscaleArray(
  amountsRaw: readonly bigint[],
  scalingFactors: readonly bigint[],
): bigint[] {
  const out = new Array<bigint>(amountsRaw.length)
  for (let i = 0; i < amountsRaw.length; i++) out[i] = mulDown(amountsRaw[i]!, scalingFactors[i]!)
  return out
}
