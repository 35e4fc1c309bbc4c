/**
 * The comparison of the differential tests: each figure of summary.json beside the reference's,
 * with a tolerance tied to the figure's own scale (docs/testing.md, "Tolerances").
 */
import { createSummary, type SimulationResult } from '../../src/index.js'
import type { ReferenceFigure, ReferenceResult } from './referenceEngine.js'

/**
 * Rounding budget per step, in units of EPSILON times the figure's scale. The engine and the
 * reference round differently at every operation (sums in another order, a bisection against a
 * closed form, running sums against two-pass ones), a few ulp of the state per step, which the
 * next steps carry along: the bound is K * EPSILON * steps * scale. Measured over 500 scenarios
 * of the random family (250 of 2-8 tokens, 250 of 2 tokens on both loops): the largest
 * |difference| was 13.5 EPSILON * steps * scale (the LP value of a pool drained to a small
 * fraction of its peak), 0.21 of this bound; K = 64 leaves a factor ~5 for other seeds and libm.
 */
export const K = 64

/** One figure's comparison. */
export interface FigureCheck {
  figure: string
  got: number | null
  want: number | null
  tolerance: number
}

/**
 * summary.json's figures of an engine run beside the reference's, each with its tolerance:
 * counts exactly; values to the largest value of the run; sums over trades to the pool's value at
 * each trade; returns, log-return statistics, deviations and drawdowns to the relative error of
 * the LP value, which grows as max value / min LP value.
 */
export function compareFigures(result: SimulationResult, ref: ReferenceResult): FigureCheck[] {
  const summary = createSummary(result, 'reference', 0, '0')
  const steps = result.steps
  const unit = K * Number.EPSILON * steps
  const V = ref.maxValue
  const H = ref.metrics.hodlValue as number
  const spread = V / ref.minLpValue
  const perStep = Math.sqrt(ref.stepsPerYear) * spread
  const tradeSum = ref.magnitudes.trades
  const scales: Record<string, number> = {
    lpValue: V,
    hodlValue: V,
    returnVsHodl: V / H,
    impermanentLoss: (V + ref.magnitudes.feesAtEnd) / H,
    impermanentLossClosedForm: 1,
    feeIncome: tradeSum,
    lvr: tradeSum,
    arbProfit: tradeSum,
    volume: tradeSum,
    trades: 0,
    trackingError: perStep,
    'weightDeviation.mean': spread,
    'weightDeviation.max': spread,
    maxDrawdown: spread,
    annualisedReturn: ref.years > 0 ? spread / ref.years : 0,
    annualisedVolatility: perStep,
    arbFees: tradeSum,
    noiseFees: tradeSum,
    gasPaid: tradeSum,
    externalCosts: tradeSum,
    arbTrades: 0,
    priorityFees: tradeSum,
    capBinds: 0,
    noiseTrades: 0,
    noiseVolume: tradeSum,
    noiseCapBinds: 0,
    marketPnl: ref.magnitudes.marketPnl,
    'risk.period': 0,
    'risk.periods': 0,
    'risk.riskFreeRate': 0,
    // A dynamic fee (at most 0.1) carries its inputs' relative error, which grows as the spread.
    'swapFee.mean': 0.1 * spread,
    'swapFee.min': 0.1 * spread,
    'swapFee.max': 0.1 * spread,
  }
  // Decomposition terms are differences of values over V0, the shadow's included. The engine
  // carries a moving shadow in logarithms (V = exp(sum_k w_k ln(S_k p_k / w_k)) every step), so a
  // step's rounding is eps times |ln(S_k p_k / w_k)| (about ln V), not eps: scaled by ln V.
  const decomposition = decompositionScale(ref)
  for (const term of ['lpReturn', 'hodlReturn', 'divergenceLoss', 'weightRule', 'fees'])
    scales[`returnDecomposition.${term}`] = decomposition
  // The dynamic fee's terms: the fixed-fee run's fees term and LP return carry that run's scale
  // (computed as above); dynamicFee, a difference of the two runs' fees terms, both scales. The
  // fixed fee itself is copied from the config: exact.
  const fixedScale =
    ref.fixedFeeRun === undefined ? decomposition : decompositionScale(ref.fixedFeeRun)
  scales['returnDecomposition.feesAtFixedFee'] = fixedScale
  scales['returnDecomposition.fixedFee.lpReturn'] = fixedScale
  scales['returnDecomposition.dynamicFee'] = decomposition + fixedScale
  scales['returnDecomposition.fixedFee.swapFee'] = 0
  // Risk figures: the relative error of the period values (the spread of the LP, as for the
  // log-return statistics) times each figure's first-order sensitivity to it.
  for (const [figure, sensitivity] of Object.entries(ref.riskSensitivity))
    scales[figure] = spread * sensitivity
  const checks: FigureCheck[] = []
  for (const [key, got] of Object.entries(summary.metrics)) {
    const want = ref.metrics[key]
    if (want === undefined) throw new Error(`the reference does not recompute metrics.${key}`)
    if (Array.isArray(want)) {
      // Per-arbitrageur figures: counts exactly, sums over its trades to the trades' scale.
      const items = got as Record<string, number>[]
      const wantItems = want
      if (items.length !== wantItems.length)
        throw new Error(
          `metrics.${key}: engine ${items.length} entries, reference ${wantItems.length}`,
        )
      items.forEach((item, j) => {
        for (const part of Object.keys(item)) {
          if (!(part in wantItems[j]!))
            throw new Error(`the reference does not recompute ${key}[${j}].${part}`)
          const isCount = part === 'agent' || part === 'blocksWon'
          checks.push({
            figure: `${key}[${j}].${part}`,
            got: item[part]!,
            want: wantItems[j]![part]!,
            tolerance: isCount ? 0 : unit * tradeSum,
          })
        }
      })
    } else if (typeof want === 'object' && want !== null) {
      // groups of figures, to any depth (returnDecomposition.fixedFee.lpReturn)
      const visit = (name: string, gotPart: unknown, wantPart: ReferenceFigure | undefined) => {
        if (wantPart === undefined) throw new Error(`the reference does not recompute ${name}`)
        if (typeof gotPart === 'object' && gotPart !== null) {
          if (typeof wantPart !== 'object' || wantPart === null || Array.isArray(wantPart))
            throw new Error(`the reference has a number or a list for the group ${name}`)
          for (const [part, value] of Object.entries(gotPart))
            visit(`${name}.${part}`, value, wantPart[part])
          return
        }
        const scale = scales[name]
        if (scale === undefined) throw new Error(`no tolerance for metrics.${name}`)
        if (typeof wantPart === 'object' && wantPart !== null)
          throw new Error(`the reference has a group for the number ${name}`)
        checks.push({
          figure: name,
          got: gotPart as number | null,
          want: wantPart,
          tolerance: unit * scale,
        })
      }
      visit(key, got, want)
    } else {
      const scale = scales[key]
      if (scale === undefined) throw new Error(`no tolerance for metrics.${key}`)
      checks.push({ figure: key, got: got as number | null, want, tolerance: unit * scale })
    }
  }
  for (const [name, figures] of Object.entries(summary.benchmarks)) {
    const want = ref.benchmarks[name]
    if (want === undefined) throw new Error(`the reference has no benchmark ${name}`)
    const benchmarkScales: Record<string, number> = {
      value: V,
      returnVsHodl: V / H,
      tradingCost: V * want.rebalances,
      rebalances: 0,
      trackingError: perStep,
    }
    for (const [part, got] of Object.entries(figures.risk as Record<string, number | null>)) {
      const figure = `benchmarks.${name}.risk.${part}`
      checks.push({
        figure,
        got,
        want: want.risk[part as keyof typeof want.risk],
        tolerance: unit * spread * ref.riskSensitivity[figure]!,
      })
    }
    checks.push({
      figure: `benchmarks.${name}.informationRatio`,
      got: figures.informationRatio as number | null,
      want: want.informationRatio,
      tolerance: unit * spread * ref.riskSensitivity[`benchmarks.${name}.informationRatio`]!,
    })
    for (const [key, got] of Object.entries(figures)) {
      if (key === 'risk' || key === 'informationRatio') continue
      const scale = benchmarkScales[key]
      if (scale === undefined) throw new Error(`no tolerance for benchmarks.${name}.${key}`)
      checks.push({
        figure: `benchmarks.${name}.${key}`,
        got: got as number,
        want: want[key as keyof typeof want] as number,
        tolerance: unit * scale,
      })
    }
  }
  return checks
}

/** Scale of a run's decomposition terms: (largest value + largest shadow) / V0, times ln V. */
function decompositionScale(ref: ReferenceResult): number {
  const logScale = Math.max(1, Math.log(Math.max(ref.maxValue, ref.maxShadowValue)))
  return ((ref.maxValue + ref.maxShadowValue) / ref.lpValues[0]!) * logScale
}

/** The checks that fail, as readable lines. */
export function failures(checks: FigureCheck[]): string[] {
  return checks
    .filter(({ got, want, tolerance }) =>
      got === null || want === null ? got !== want : !(Math.abs(got - want) <= tolerance),
    )
    .map(
      ({ figure, got, want, tolerance }) =>
        `${figure}: engine ${got}, reference ${want} (tolerance ${tolerance})`,
    )
}

/** Largest |difference| / tolerance over the checks with a tolerance (counts excluded). */
export function worstRatio(checks: FigureCheck[]): number {
  let worst = 0
  for (const { got, want, tolerance } of checks)
    if (typeof got === 'number' && typeof want === 'number' && tolerance > 0)
      worst = Math.max(worst, Math.abs(got - want) / tolerance)
  return worst
}
