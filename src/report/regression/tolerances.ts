/**
 * How far a figure of a deterministic run may move from its baseline before `amm-sim regress`
 * calls it a regression. A figure holds when |now - baseline| <= max(absolute, relative *
 * |baseline|): `relative` for figures whose size varies from scenario to scenario (values in
 * numeraire units), `absolute` for fractions that sit near zero (a return of 0 has no relative
 * change). The defaults differ by kind of figure because their noise differs: a closed form moves
 * only with the prices, a value only with float rounding, while a flow (fees, LVR) or a
 * statistic of small per-step deviations (tracking error) moves when one arbitrage more or less
 * crosses the fee band, which a last-bit difference in `Math.pow` between platforms can cause.
 */

/** A tolerance: either part may be absent (then it is 0). Units: `relative` is a fraction of
 * the baseline figure, `absolute` is in the figure's own unit. */
export interface Tolerance {
  relative?: number
  absolute?: number
}

/** Tolerances by figure name (`lvr`, `weightDeviation.mean`, `benchmarks.hodl.value`), by the
 * metric's name (`value` for every benchmark's value, `weightDeviation` for both of its parts),
 * or `*` for every figure. */
export type Tolerances = Readonly<Record<string, Tolerance>>

/** A tolerance with both parts known. */
export interface ResolvedTolerance {
  relative: number
  absolute: number
}

// Values in numeraire units: end state of the pool and benchmarks. Float rounding only.
const VALUE: ResolvedTolerance = { relative: 1e-6, absolute: 1e-6 }
// Flows summed over trades: one trade more or less at the fee band's edge moves them by about
// one trade in thousands.
const FLOW: ResolvedTolerance = { relative: 1e-4, absolute: 1e-6 }
// Fractions of value near zero (returns, IL, drawdown): absolute, a ten-thousandth of a percent.
const FRACTION: ResolvedTolerance = { relative: 0, absolute: 1e-6 }
// Statistics of small per-step deviations: sensitive to any single trade.
const STATISTIC: ResolvedTolerance = { relative: 1e-3, absolute: 1e-9 }
// Counts: one trade or rebalance more or less is noise, a tenth of a percent of them too.
const COUNT: ResolvedTolerance = { relative: 1e-3, absolute: 1 }
// Closed forms of the end prices: nothing but rounding moves them.
const CLOSED_FORM: ResolvedTolerance = { relative: 1e-9, absolute: 1e-12 }

/** Default tolerances by figure name (the last part of a benchmark figure's name). */
export const DEFAULT_TOLERANCES: Readonly<Record<string, ResolvedTolerance>> = {
  lpValue: VALUE,
  hodlValue: VALUE,
  value: VALUE,
  marketPnl: VALUE,
  returnVsHodl: FRACTION,
  impermanentLoss: FRACTION,
  impermanentLossClosedForm: CLOSED_FORM,
  maxDrawdown: FRACTION,
  annualisedReturn: FRACTION,
  feeIncome: FLOW,
  lvr: FLOW,
  arbProfit: FLOW,
  volume: FLOW,
  arbFees: FLOW,
  noiseFees: FLOW,
  noiseVolume: FLOW,
  gasPaid: FLOW,
  externalCosts: FLOW,
  priorityFees: FLOW,
  // per-arbitrageur figures (arbitrageurs[j].profit …): flows, and blocksWon a count
  arbitrageurs: FLOW,
  'arbitrageurs.blocksWon': COUNT,
  tradingCost: FLOW,
  trackingError: STATISTIC,
  weightDeviation: STATISTIC,
  annualisedVolatility: STATISTIC,
  trades: COUNT,
  arbTrades: COUNT,
  noiseTrades: COUNT,
  capBinds: COUNT,
  noiseCapBinds: COUNT,
  rebalances: COUNT,
  // docs/risk-metrics.md: ratios and tail returns of period returns, moved by any single trade
  // like the statistics above; the decomposition's terms are fractions of the initial value.
  risk: STATISTIC,
  informationRatio: STATISTIC,
  returnDecomposition: FRACTION,
}

/** The tolerance key that covers every figure (the least specific). */
export const WILDCARD = '*'

/** Figures no default names: values-like, float rounding only. */
export const FALLBACK_TOLERANCE: ResolvedTolerance = VALUE

/**
 * The tolerance of one figure: the defaults, then each override layer in turn (the scenario's
 * `regress.tolerances`, then the command line's), each part taken from the most specific key
 * that sets it: the whole name (`benchmarks.hodl.value`, `weightDeviation.mean`), then the
 * metric's name (`value`, `weightDeviation`), then `*`.
 * @param figure - a figure name as {@link flattenFigures} gives it
 * @param layers - override layers, weakest first
 * @returns both parts, fractions and the figure's unit
 * @example resolveTolerance('lvr', [{ lvr: { relative: 0.01 } }]) // { relative: 0.01, absolute: 1e-6 }
 */
export function resolveTolerance(
  figure: string,
  // Stryker disable next-line ArrayDeclaration: a string as the one layer sets no part: its characters and methods have no `relative` or `absolute`
  layers: readonly Tolerances[] = [],
): ResolvedTolerance {
  const keys = figureKeys(figure)
  let resolved: ResolvedTolerance = FALLBACK_TOLERANCE
  for (const key of keys.slice().reverse()) {
    const preset = DEFAULT_TOLERANCES[key]
    if (preset) resolved = preset
  }
  // most general key first (`*`), so that the whole name, applied last, wins within a layer
  const result = { ...resolved }
  for (const layer of layers)
    for (const key of keys.slice().reverse()) {
      const override = layer[key]
      if (override?.relative !== undefined) result.relative = override.relative
      if (override?.absolute !== undefined) result.absolute = override.absolute
    }
  return result
}

/**
 * Whether a figure holds: |now - baseline| <= max(absolute, relative * |baseline|). Two `null`s
 * (a non-finite figure, as summary.json writes it) hold; one `null` does not.
 * @param baseline - the stored figure
 * @param now - the figure of this run
 * @param tolerance - from {@link resolveTolerance}
 * @returns true when within tolerance
 * @example isWithinTolerance(100, 100.5, { relative: 0.01, absolute: 0 }) // true
 */
export function isWithinTolerance(
  baseline: number | null,
  now: number | null,
  tolerance: ResolvedTolerance,
): boolean {
  if (baseline === null || now === null) return baseline === now
  return Math.abs(now - baseline) <= allowedChange(baseline, tolerance)
}

/**
 * The largest change a figure may make: max(absolute, relative * |baseline|).
 * @param baseline - the stored figure, in its unit
 * @param tolerance - both parts
 * @returns a non-negative amount in the figure's unit
 * @example allowedChange(200, { relative: 0.01, absolute: 1 }) // 2
 */
export function allowedChange(baseline: number, tolerance: ResolvedTolerance): number {
  return Math.max(tolerance.absolute, tolerance.relative * Math.abs(baseline))
}

/** Lookup keys of a figure, most specific first: the whole name, then the metric's name. */
function figureKeys(named: string): string[] {
  // the labels of a sweep's cell and rolling window (`[cell 0] [window 3] feeIncome`) do not
  // choose the tolerance: every one of them is dropped
  const figure = named.replace(/^(?:\[[^\]]*\] )+/, '')
  const parts = figure.split('.')
  // benchmarks.<name>.<figure>: the figure's name; metric.sub: the metric's name
  const short = parts[0] === 'benchmarks' ? parts.slice(2).join('.') : parts[0]!
  const keys = [figure]
  // an array entry's sub-figure (arbitrageurs[1].profit): `arbitrageurs.profit`, then `arbitrageurs`
  const entry = /^([^.[]+)\[\d+\]\.(.+)$/.exec(figure)
  if (entry) keys.push(`${entry[1]}.${entry[2]}`, entry[1]!)
  // (for a name without a dot short is the name itself: a repeated key changes nothing)
  else if (short !== '') keys.push(short)
  // a benchmark's sub-figure (benchmarks.x.a.b): its metric's name `a` too
  // Stryker disable next-line EqualityOperator: for benchmarks.<name>.<figure> (3 parts) parts[2] is the figure's name, already a key: a repeat changes nothing
  if (parts[0] === 'benchmarks' && parts.length > 3) keys.push(parts[2]!)
  keys.push(WILDCARD)
  return keys
}
