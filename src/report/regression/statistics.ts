/**
 * The statistics of Monte Carlo regression checks: Welch's t-test on two samples of per-path
 * figures, Holm's step-down correction across the figures compared, and a minimum effect size,
 * so that re-running with other seeds is not flagged (at a stated false-alarm rate) and a real
 * shift is. Pure functions over numbers; the Student t CDF comes from the regularized
 * incomplete beta function, computed here (mathjs has neither, and loading it costs seconds).
 */

/** A sample summarised by what Welch's test needs: size, mean, standard deviation (n - 1). */
export interface SampleStats {
  n: number
  mean: number
  /** Sample standard deviation, with the n - 1 denominator. */
  sd: number
}

/** Welch's test of two means. */
export interface WelchResult {
  /** (mean of b - mean of a) / standard error; ±Infinity when both samples are constant. */
  t: number
  /** Welch–Satterthwaite degrees of freedom. */
  df: number
  /** Two-sided p-value: probability of a |t| this large when the means are equal. */
  pValue: number
  /** mean of b - mean of a. */
  difference: number
}

/**
 * Size, mean and standard deviation of a sample, by Welford's update (one pass, no
 * cancellation for figures of 1e6 ± 1).
 * @param values - the per-path figures, at least 2
 * @returns the summary
 * @throws {Error} unreachable: fewer than 2 values (callers check their sample sizes)
 * @example sampleStats([1, 2, 3]) // { n: 3, mean: 2, sd: 1 }
 */
export function sampleStats(values: ArrayLike<number>): SampleStats {
  if (values.length < 2) throw new Error('unreachable: a sample of fewer than 2 values')
  let mean = 0
  let m2 = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!
    const delta = x - mean
    mean += delta / (i + 1)
    m2 += delta * (x - mean)
  }
  return { n: values.length, mean, sd: Math.sqrt(m2 / (values.length - 1)) }
}

/**
 * Welch's unequal-variances t-test of mean(b) = mean(a), two-sided:
 * t = (mean_b - mean_a) / sqrt(s_a^2/n_a + s_b^2/n_b), df by Welch–Satterthwaite.
 * Two constant samples give p = 1 when equal, else p = 0 (t = ±Infinity).
 * @param a - the baseline sample
 * @param b - this run's sample
 * @returns t, df, the two-sided p-value and the difference of means (b - a)
 * @example welchTest({ n: 10, mean: 0, sd: 1 }, { n: 10, mean: 1, sd: 1 }).pValue // 0.0390…
 */
export function welchTest(a: SampleStats, b: SampleStats): WelchResult {
  const difference = b.mean - a.mean
  const va = (a.sd * a.sd) / a.n
  const vb = (b.sd * b.sd) / b.n
  const variance = va + vb
  if (variance === 0) {
    const isEqual = difference === 0
    return {
      t: isEqual ? 0 : Math.sign(difference) * Infinity,
      df: a.n + b.n - 2,
      pValue: isEqual ? 1 : 0,
      difference,
    }
  }
  const t = difference / Math.sqrt(variance)
  const df = (variance * variance) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1))
  return { t, df, pValue: studentTTwoSided(t, df), difference }
}

/**
 * Two-sided tail of Student's t: P(|T| >= |t|) with `df` degrees of freedom, as the
 * regularized incomplete beta I_{df/(df+t^2)}(df/2, 1/2) (Abramowitz & Stegun 26.7.1).
 * @param t - the statistic
 * @param df - degrees of freedom, > 0 (need not be an integer)
 * @returns a probability in [0, 1]
 * @example studentTTwoSided(2.228, 10) // 0.0500…
 */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0
  return regularizedBeta(df / (df + t * t), df / 2, 0.5)
}

/**
 * The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
 * Lentz), on the side of x where it converges fast (Numerical Recipes 6.4).
 * @param x - in [0, 1]
 * @param a - > 0
 * @param b - > 0
 * @returns I_x(a, b) in [0, 1]
 * @example regularizedBeta(0.5, 2, 2) // 0.5
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  // Stryker disable next-line EqualityOperator: at x = 0 the formula gives 0 as well (a ln 0 = -Infinity, exp of it 0)
  if (x <= 0) return 0
  // Stryker disable next-line EqualityOperator: at x = 1 the formula gives 1 as well (b ln(1 - 1) = -Infinity, 1 - 0)
  if (x >= 1) return 1
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  )
  // the fraction converges quickly for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a
  return 1 - (front * betaFraction(1 - x, b, a)) / b
}

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error ~1e-15),
 * with the reflection-free shift for x < 0.5 via Γ(x) = Γ(x + 1) / x.
 * @param x - > 0
 * @returns ln Γ(x)
 * @example logGamma(5) // ln 24 = 3.1780…
 */
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x)
  const z = x - 1
  let sum = LANCZOS[0]!
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i)
  const t = z + LANCZOS_G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

const LANCZOS_G = 7
// Lanczos coefficients for g = 7, n = 9 (as in Numerical Recipes 3rd ed. and Boost's table)
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]

const MAX_ITERATIONS = 300
const EPSILON = 1e-15
const TINY = 1e-300

/** The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), by modified Lentz. */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  // Stryker disable next-line ConditionalExpression,EqualityOperator: regularizedBeta passes x below (a+1)/(a+b+2) (or 1 - x, b, a), so d >= 2/(a+b+2): under 1e-300 only for a + b > 2e300, no Welch df (at most n_a + n_b - 2)
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const step = d * c
    h *= step
    // Stryker disable next-line EqualityOperator: step - 1 near 1 is a multiple of 2^-53, and 1e-15 is none, so never equal
    if (Math.abs(step - 1) < EPSILON) break
  }
  return h
}

/**
 * Holm's step-down procedure: which of m hypotheses to reject keeping the family-wise error
 * rate (the chance of any false alarm among them) at most `alpha`, under any dependence
 * between them. Sorted p-values p_(1) <= … are rejected while p_(k) <= alpha / (m - k + 1).
 * @param pValues - one per hypothesis
 * @param alpha - the family-wise false-alarm rate, in (0, 1)
 * @returns one boolean per hypothesis, in input order: rejected (a real difference)
 * @example holmRejections([0.001, 0.04, 0.03], 0.05) // [true, false, false]
 */
export function holmRejections(pValues: readonly number[], alpha: number): boolean[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p)
  const out = new Array<boolean>(m).fill(false)
  for (const [k, { p, i }] of order.entries()) {
    if (p > alpha / (m - k)) break
    out[i] = true
  }
  return out
}
