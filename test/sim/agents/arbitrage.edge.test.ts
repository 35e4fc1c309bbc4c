/**
 * A token on the edge of the arbitrage's out-set (found by the differential test, scenario 3/17
 * of the dynamic-fee set, step 89): the closed form must take it out, as the optimum in 50 digits
 * does. The expected amounts were computed with Python's decimal module at 50 digits from the
 * signature's closed form (in: T1; out: T0, T2, USD): lambda = exp(-sum w ln(c_k / B_k) / W) with
 * c_k = w_k / (p_k sell_k) out and w_1 gamma / (p_1 buy_1) in; the signature without T2 leaves
 * T2's sell key (1,279,904.739) above its lambda (1,279,904.535), so it is not the optimum, and
 * its profit is 1.8e-9 USD lower (0.626818962996 against 0.626818964772).
 */
import { describe, expect, it } from 'vitest'
import { createArbitrageScratch, optimalArbitrage } from '../../../src/sim/agents/arbitrage.js'

describe('optimalArbitrage with a token on the edge of the out-set', () => {
  it('takes the edge token out, as the 50-digit optimum does', () => {
    const balances = [51469.1268014195, 452272.32685827964, 5426.214017299659, 536753.3129295557]
    const weights = [
      0.22876423029964815, 0.22701766262100215, 0.12520402285058604, 0.41901408422876363,
    ]
    const prices = [5.692498478395775, 0.6406823505518333, 29.54719190782515, 1]
    const buy = [1.0005, 1.0005, 1.0005, 1]
    const sell = [0.9995, 0.9995, 0.9995, 1]
    const gamma = 1 - 0.0005289975609635194
    const amounts = new Float64Array(4)
    const profit = optimalArbitrage(
      4,
      Float64Array.from(balances),
      Float64Array.from(weights),
      Float64Array.from(prices),
      0,
      Float64Array.from(buy),
      Float64Array.from(sell),
      Float64Array.from(buy, Math.log),
      Float64Array.from(sell, Math.log),
      gamma,
      Math.log(gamma),
      createArbitrageScratch(4),
      amounts,
    )
    const expected = [
      -7.917935027808556, 779.5930067789049, -0.00075555665174765, -455.2754246652952,
    ]
    // The amounts' conditioning: eps times ln of the keys (about 14) times the balance, 64 ulp.
    expected.forEach((x, k) => {
      expect(Math.abs(amounts[k]! - x)).toBeLessThan(64 * Number.EPSILON * balances[k]! * 14)
    })
    expect(profit).toBeCloseTo(0.6268189647722562, 8)
  })
})
