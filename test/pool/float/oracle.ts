/**
 * 50-digit recomputations of the pool formulas for the float tests. They follow the textbook
 * route, `Decimal.pow` on ratios term by term, not the float code's log1p/expm1 route, so an
 * error in either shows as a difference.
 */
import { Decimal } from 'decimal.js'

/** Private 50-digit context; the global Decimal settings stay untouched. */
export const D = Decimal.clone({ precision: 50 })
type Dec = InstanceType<typeof D>

const one = new D(1)

/** Relative difference |want - got| / |want| as a number (0 when both are 0). */
export function relativeError(want: Dec, got: number): number {
  if (want.isZero()) return got === 0 ? 0 : Infinity
  return want.minus(got).abs().div(want.abs()).toNumber()
}

/** prod B_i^w_i. */
export function invariantDecimal(balances: readonly number[], weights: readonly number[]): Dec {
  return balances.reduce((acc, b, i) => acc.times(new D(b).pow(weights[i]!)), one)
}

/** B_o * (1 - (B_i / (B_i + a (1 - f)))^(w_i / w_o)). */
export function outGivenInDecimal(
  bIn: number,
  wIn: number,
  bOut: number,
  wOut: number,
  a: number,
  fee: number,
): Dec {
  const base = new D(bIn).div(new D(bIn).plus(new D(a).times(one.minus(fee))))
  return new D(bOut).times(one.minus(base.pow(new D(wIn).div(wOut))))
}

/** B_i * ((B_o / (B_o - o))^(w_o / w_i) - 1) / (1 - f). */
export function inGivenOutDecimal(
  bIn: number,
  wIn: number,
  bOut: number,
  wOut: number,
  o: number,
  fee: number,
): Dec {
  const base = new D(bOut).div(new D(bOut).minus(o))
  return new D(bIn).times(base.pow(new D(wOut).div(wIn)).minus(1)).div(one.minus(fee))
}

/** V3 BasePoolMath.computeAddLiquidityUnbalanced in 50 digits. */
export function addUnbalancedDecimal(
  balances: readonly number[],
  weights: readonly number[],
  amountsIn: readonly number[],
  totalSupply: number,
  fee: number,
): { bptOut: Dec; swapFeeAmounts: Dec[] } {
  const ratio = (amounts: readonly Dec[]): Dec =>
    balances.reduce(
      (acc, b, i) => acc.times(new D(b).plus(amounts[i]!).div(b).pow(weights[i]!)),
      one,
    )
  const amounts = amountsIn.map((a) => new D(a))
  const r = ratio(amounts)
  const fees = balances.map((b, i) => {
    const taxable = new D(b).plus(amounts[i]!).minus(r.times(b))
    return taxable.gt(0) ? taxable.times(fee) : new D(0)
  })
  const rFee = ratio(amounts.map((a, i) => a.minus(fees[i]!)))
  return { bptOut: new D(totalSupply).times(rFee.minus(1)), swapFeeAmounts: fees }
}

/** V3 BasePoolMath.computeAddLiquiditySingleTokenExactOut (weighted computeBalance) in 50 digits. */
export function addSingleExactOutDecimal(
  balance: number,
  weight: number,
  bptOut: number,
  totalSupply: number,
  fee: number,
): { amountIn: Dec; fee: Dec } {
  const r = new D(totalSupply).plus(bptOut).div(totalSupply)
  const newBalance = new D(balance).times(r.pow(one.div(weight)))
  const taxable = newBalance.minus(r.times(balance))
  const feeAmount = taxable.div(one.minus(fee)).minus(taxable)
  return { amountIn: newBalance.minus(balance).plus(feeAmount), fee: feeAmount }
}

/** V3 BasePoolMath.computeRemoveLiquiditySingleTokenExactIn in 50 digits. */
export function removeSingleExactInDecimal(
  balance: number,
  weight: number,
  bptIn: number,
  totalSupply: number,
  fee: number,
): { amountOut: Dec; fee: Dec } {
  const r = new D(totalSupply).minus(bptIn).div(totalSupply)
  const newBalance = new D(balance).times(r.pow(one.div(weight)))
  const feeAmount = r.times(balance).minus(newBalance).times(fee)
  return { amountOut: new D(balance).minus(newBalance).minus(feeAmount), fee: feeAmount }
}

/** V3 BasePoolMath.computeRemoveLiquiditySingleTokenExactOut in 50 digits. */
export function removeSingleExactOutDecimal(
  balance: number,
  weight: number,
  amountOut: number,
  totalSupply: number,
  fee: number,
): { bptIn: Dec; fee: Dec } {
  const left = new D(balance).minus(amountOut)
  const r = left.div(balance).pow(weight)
  const taxable = r.times(balance).minus(left)
  const feeAmount = taxable.div(one.minus(fee)).minus(taxable)
  const rFee = left.minus(feeAmount).div(balance).pow(weight)
  return { bptIn: new D(totalSupply).times(one.minus(rFee)), fee: feeAmount }
}
