/**
 * Risk metrics of a value series sampled once per period (docs/risk-metrics.md): Sharpe,
 * Sortino, Calmar, historical Value-at-Risk and expected shortfall of period returns, and the
 * information ratio of one series against another. Pure functions over plain arrays; the engine
 * samples the values at period boundaries after each chunk (never inside the step loop).
 */

/** Seconds per day: the default risk period. */
export const SECONDS_PER_DAY = 86_400
/** Seconds per hour: the risk period of runs too short for enough days. */
export const SECONDS_PER_HOUR = 3_600
/** Fewest period returns for which risk metrics are reported (null below, with a note). */
export const MIN_RISK_PERIODS = 20
/** Tail of the historical Value-at-Risk and expected shortfall: 5 % (95 % confidence). */
export const RISK_TAIL = 0.05

/** Risk figures of one value series; null when not defined (see each field). */
export interface RiskFigures {
  /** Annualised Sharpe ratio: `(mean(r) - rf/P) / sd(r) * sqrt(P)`; null if sd = 0 or too few periods. */
  sharpeRatio: number | null
  /** Annualised Sortino ratio: `(mean(r) - rf/P) / dd * sqrt(P)`, dd the downside deviation; null if dd = 0. */
  sortinoRatio: number | null
  /** Calmar ratio: annualised geometric return over the maximum drawdown of the period values; null if no drawdown. */
  calmarRatio: number | null
  /** Historical 95 % Value-at-Risk of one period's return: `-r_(m)`, `m = ceil(0.05 N)`; a fraction, > 0 for a loss. */
  valueAtRisk: number | null
  /** Historical 95 % expected shortfall: minus the mean of the `m` worst period returns; a fraction. */
  expectedShortfall: number | null
  /** Annualised geometric return: `(V_N / V_0)^(P / N) - 1`. */
  annualisedReturn: number | null
  /** Largest fall from a running peak of the period values: `max_k (1 - V_k / max_{j<=k} V_j)`. */
  maxDrawdown: number | null
}

/**
 * The risk period of a run: one day, or one hour when the run spans fewer than
 * {@link MIN_RISK_PERIODS} days; never shorter than the step. When neither gives enough periods,
 * one day (or the step, if longer) and the figures come out null.
 * @param dt - the path's nominal step, seconds
 * @param steps - price points, the first included
 * @returns the period in seconds
 * @example riskPeriodOf(3_600, 8_761) // 86400: a year of hours has 365 days
 * @example riskPeriodOf(300, 865) // 3600: three days of 5-minute steps have 72 hours
 */
export function riskPeriodOf(dt: number, steps: number): number {
  const span = dt * (steps - 1)
  const daily = Math.max(SECONDS_PER_DAY, dt)
  for (const period of [daily, SECONDS_PER_HOUR])
    if (period >= dt && Math.floor(span / period) >= MIN_RISK_PERIODS) return period
  return daily
}

/**
 * Simple period returns `r_k = V_k / V_(k-1) - 1`, k = 1…N.
 * @param values - N + 1 values at period boundaries, numeraire units
 * @returns N fractions
 * @example periodReturns([100, 110, 99]) // [0.1, -0.1]
 */
export function periodReturns(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - 1))
  // Stryker disable next-line EqualityOperator: `k <= values.length` adds one write past the end of the typed array, which is ignored
  for (let k = 1; k < values.length; k++) out[k - 1] = values[k]! / values[k - 1]! - 1
  return out
}

function mean(x: ArrayLike<number>): number {
  let sum = 0
  for (let k = 0; k < x.length; k++) sum += x[k]!
  return sum / x.length
}

/** Sample standard deviation (N - 1), two passes around the mean. */
function sampleStdDev(x: ArrayLike<number>, m: number): number {
  let squares = 0
  for (let k = 0; k < x.length; k++) squares += (x[k]! - m) ** 2
  return Math.sqrt(squares / (x.length - 1))
}

/** Per-period sd of active returns below which the information ratio is null (rounding). */
const MIN_TRACKING_ERROR = 1e-12

/** `a / b`, or null when b is 0 (or either is not finite). */
function ratio(a: number, b: number): number | null {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: b (a deviation or a drawdown) is never negative, and at b = 0 the quotient a / 0 is not finite, so the check below gives the same null
  if (!(b > 0)) return null
  const q = a / b
  return Number.isFinite(q) ? q : null
}

const NO_FIGURES: RiskFigures = {
  sharpeRatio: null,
  sortinoRatio: null,
  calmarRatio: null,
  valueAtRisk: null,
  expectedShortfall: null,
  annualisedReturn: null,
  maxDrawdown: null,
}

/**
 * Risk figures of a value series sampled once per period.
 * @param values - values at period boundaries (V_0 the start), numeraire units, > 0
 * @param periodsPerYear - periods in a 365-day year (365 for days, 8,760 for hours)
 * @param riskFreeRate - annual risk-free rate as a fraction, taken as `riskFreeRate / P` per period
 * @returns the figures; all null for fewer than {@link MIN_RISK_PERIODS} returns
 * @example riskFiguresOf(dailyValues, 365, 0).sharpeRatio
 */
export function riskFiguresOf(
  values: ArrayLike<number>,
  periodsPerYear: number,
  riskFreeRate = 0,
): RiskFigures {
  const r = periodReturns(values)
  const count = r.length
  if (count < MIN_RISK_PERIODS) return { ...NO_FIGURES }
  const rf = riskFreeRate / periodsPerYear
  const m = mean(r)
  const sd = sampleStdDev(r, m)
  // Downside deviation against the risk-free target over all N periods (Sortino & Price 1994).
  let downside = 0
  for (let k = 0; k < count; k++) downside += Math.min(0, r[k]! - rf) ** 2
  const dd = Math.sqrt(downside / count)
  const annualisation = Math.sqrt(periodsPerYear)
  let peak = values[0]!
  let maxDrawdown = 0
  for (let k = 1; k < values.length; k++) {
    const v = values[k]!
    // Stryker disable next-line EqualityOperator: at v = peak both branches leave the peak and the drawdown as they are
    if (v > peak) peak = v
    else maxDrawdown = Math.max(maxDrawdown, 1 - v / peak)
  }
  const annualisedReturn = (values[count]! / values[0]!) ** (periodsPerYear / count) - 1
  // A typed array sorts numerically without a comparator (several times faster than
  // Array#sort with one, which a sweep pays per task and per benchmark).
  const sorted = Float64Array.from(r).sort()
  const tail = Math.ceil(RISK_TAIL * count)
  let tailSum = 0
  for (let k = 0; k < tail; k++) tailSum += sorted[k]!
  const sharpe = ratio(m - rf, sd)
  const sortino = ratio(m - rf, dd)
  return {
    sharpeRatio: sharpe === null ? null : sharpe * annualisation,
    sortinoRatio: sortino === null ? null : sortino * annualisation,
    calmarRatio: ratio(annualisedReturn, maxDrawdown),
    valueAtRisk: -sorted[tail - 1]!,
    expectedShortfall: -tailSum / tail,
    annualisedReturn,
    maxDrawdown,
  }
}

/**
 * Annualised information ratio of a series against a benchmark: active returns
 * `a_k = r_k - b_k` (simple period returns), `mean(a) / sd(a) * sqrt(P)`.
 * @param values - the position's values at period boundaries, numeraire units
 * @param benchmark - the benchmark's values at the same boundaries
 * @param periodsPerYear - periods in a 365-day year
 * @returns the ratio; null for fewer than {@link MIN_RISK_PERIODS} returns or no active risk
 * @example informationRatioOf(lpValues, hodlValues, 365)
 */
export function informationRatioOf(
  values: ArrayLike<number>,
  benchmark: ArrayLike<number>,
  periodsPerYear: number,
): number | null {
  const r = periodReturns(values)
  const b = periodReturns(benchmark)
  if (r.length < MIN_RISK_PERIODS || b.length !== r.length) return null
  const active = r.map((x, k) => x - b[k]!)
  const m = mean(active)
  const sd = sampleStdDev(active, m)
  // A pool that never trades tracks its benchmark up to floating-point rounding (~1e-16 a
  // period): a ratio of rounding noise would be meaningless, so tracking below 1e-12 is none.
  if (!(sd >= MIN_TRACKING_ERROR)) return null
  const q = ratio(m, sd)
  // Stryker disable next-line ConditionalExpression: q is never null here (sd >= 1e-12 > 0 and a finite mean); the test stays for the type
  return q === null ? null : q * Math.sqrt(periodsPerYear)
}
