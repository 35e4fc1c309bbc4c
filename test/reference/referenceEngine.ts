/**
 * The reference engine (issue 13): a deliberately slow and obvious re-implementation of the
 * engine's step order and of every figure in summary.json, for the differential tests only. It
 * is NOT shipped and NOT fast: plain loops over plain arrays, one step at a time, every trade
 * logged. The spec is the README's engine section ("Start and step order", "Agents", "Weight
 * schedules", "Benchmarks", "Metrics") and docs/strategies.md, not the engine's code:
 * - pool math only through the public float kernels (`computeOutGivenIn`, `computeInGivenOut`);
 * - the arbitrage by an independent route: for two tokens, the optimal single swap found by
 *   bisection on the sign of the arbitrageur's marginal profit (no closed form); for more tokens,
 *   every signature (tokens in, out, untouched) of theory.md's closed form enumerated, the most
 *   profitable feasible one kept (no fixed-point search, no sorting tricks);
 * - metrics from the whole stored histories (values, returns), not from running sums: sample
 *   standard deviations by the two-pass formula, the drawdown from the stored values.
 * Prices come from the same path the engine ran on; noise traders' random numbers from the
 * documented streams `createRng(seed, 'noise', j)`, read in the documented blocks (see
 * {@link NoiseStream}).
 */
import {
  arbitrageTwoToken,
  computeInGivenOut,
  computeOutGivenIn,
  createArbitrageScratch,
  createRng,
  optimalArbitrage,
  type BenchmarkSpec,
  type NoiseDemandSpec,
  type NoiseTraderSpec,
  type PricePath,
  type Rng,
  type ResolvedSimulationConfig as SimulationConfig,
} from '../../src/index.js'
import type { WeightRuleSpec } from '../../src/sim/strategies/weights/weightRule.js'
import { NOISE_BUFFER } from '../../src/sim/agents/noise.js'
// The full mathjs build's own evaluate: a second route to the engine's checked, compiled rules.
import { evaluate } from 'mathjs'

/** Seconds per 365-day year (README, "Units"). */
const YEAR = 31_536_000
/** Balancer's 30 % limits on the amount in net of the fee and on the amount out. */
const LIMIT = 0.3
/** Smallest weight a schedule may produce, and the momentum rule's clamp. */
const MIN_W = 0.01
const MAX_W = 0.99

/** How the reference finds a 2-token arbitrage (more tokens always enumerate signatures). */
export type TwoTokenRoute = 'bisection' | 'arbitrageTwoToken' | 'optimalArbitrage'

/** One swap, as the reference executed it; values at the step's prices. */
export interface ReferenceTrade {
  step: number
  agent: 'arbitrageur' | 'noise'
  /** Arbitrage transaction number (from 0), or the noise trader's index. */
  group: number
  tokenIn: number
  tokenOut: number
  amountIn: number
  amountOut: number
  priceIn: number
  priceOut: number
  /** The swap fee the trade paid (fraction): the fixed fee, or the dynamic rule's at its step. */
  swapFee: number
}

/** A benchmark's figures as summary.json lists them. */
export interface ReferenceBenchmark {
  value: number
  returnVsHodl: number
  tradingCost: number
  rebalances: number
  trackingError: number
  /** The LP's information ratio against this benchmark (docs/risk-metrics.md). */
  informationRatio: number | null
  /** The benchmark's own risk figures. */
  risk: ReferenceRisk
}

/** Risk figures of one value series, and each one's rounding scale (see compareFigures.ts). */
export interface ReferenceRisk {
  sharpeRatio: number | null
  sortinoRatio: number | null
  calmarRatio: number | null
  valueAtRisk: number | null
  expectedShortfall: number | null
  annualisedReturn: number | null
  maxDrawdown: number | null
}

/** What the reference returns: summary.json's figures, the trade log and the histories. */
/** A figure of summary.json: a number, null, or a group of figures (`returnDecomposition.fixedFee`). */
export type ReferenceFigure =
  number | null | { [key: string]: ReferenceFigure } | Record<string, number>[]

export interface ReferenceResult {
  metrics: Record<string, ReferenceFigure>
  /** With a dynamic swap fee: the reference's own run at the fixed fee `pool.swapFee`. */
  fixedFeeRun?: ReferenceResult
  /**
   * Per risk figure (`risk.sharpeRatio`, `benchmarks.hodl.risk.valueAtRisk`,
   * `benchmarks.hodl.informationRatio`, …): how much it moves per unit of relative error in the
   * period values (a first-order bound from its formula; see compareFigures.ts).
   */
  riskSensitivity: Record<string, number>
  /** Largest value of the fee-free shadow pools (numeraire). */
  maxShadowValue: number
  benchmarks: Record<string, ReferenceBenchmark>
  trades: ReferenceTrade[]
  /** LP value at steps 0..T (numeraire). */
  lpValues: number[]
  /** Steps per year of the annualised figures. */
  stepsPerYear: number
  /** Largest value of the LP, HODL or any benchmark over the run (numeraire): the scale of values. */
  maxValue: number
  /** Smallest LP value over the run (numeraire): relative errors of LP figures grow as it shrinks. */
  minLpValue: number
  /** Years from the first to the last step. */
  years: number
  /** Sums of absolute terms, the scale of each summed figure (numeraire). */
  magnitudes: {
    /** Sum over steps of the LP value times the absolute relative price moves, plus the P&L terms. */
    marketPnl: number
    /** Sum over swaps of the LP value at the swap's step: the scale of every sum over trades. */
    trades: number
    /** Fees kept in the pool, valued at end prices. */
    feesAtEnd: number
  }
}

/**
 * The risk period as docs/risk-metrics.md states it: a day, or an hour when the run spans fewer
 * than 20 days, never shorter than the step; a day (or the step) when neither has 20 periods.
 */
function riskPeriod(dt: number, span: number): number {
  const day = Math.max(86_400, dt)
  if (Math.floor(span / day) >= 20) return day
  if (dt <= 3_600 && Math.floor(span / 3_600) >= 20) return 3_600
  return day
}

/**
 * The values at each period boundary `start + k P`: the value at the first step at or after it
 * (a step past several boundaries counts once), V_0 at step 0. Read from the whole history.
 */
function periodValues(values: number[], times: Float64Array, period: number): number[] {
  const out = [values[0]!]
  let k = 1
  for (let t = 1; t < values.length; t++) {
    if (times[t]! - times[0]! >= k * period) {
      out.push(values[t]!)
      while (times[t]! - times[0]! >= k * period) k++
    }
  }
  return out
}

/** The risk figures of docs/risk-metrics.md, written out over the period values. */
function riskOf(
  values: number[],
  perYear: number,
  rate: number,
): { figures: ReferenceRisk; sensitivity: Record<keyof ReferenceRisk, number> } {
  const r: number[] = []
  for (let k = 1; k < values.length; k++) r.push(values[k]! / values[k - 1]! - 1)
  const N = r.length
  const none = {
    sharpeRatio: null,
    sortinoRatio: null,
    calmarRatio: null,
    valueAtRisk: null,
    expectedShortfall: null,
    annualisedReturn: null,
    maxDrawdown: null,
  }
  const zero = {
    sharpeRatio: 0,
    sortinoRatio: 0,
    calmarRatio: 0,
    valueAtRisk: 0,
    expectedShortfall: 0,
    annualisedReturn: 0,
    maxDrawdown: 0,
  }
  if (N < 20) return { figures: none, sensitivity: zero }
  const rf = rate / perYear
  let mean = 0
  for (const x of r) mean += x
  mean /= N
  const sd = sampleStd(r)
  let down = 0
  for (const x of r) if (x < rf) down += (x - rf) * (x - rf)
  const dd = Math.sqrt(down / N)
  let peak = values[0]!
  let mdd = 0
  for (const v of values) {
    peak = Math.max(peak, v)
    mdd = Math.max(mdd, 1 - v / peak)
  }
  const cagr = Math.pow(values[N]! / values[0]!, perYear / N) - 1
  const sorted = r.slice().sort((a, b) => a - b)
  const m = Math.ceil(N / 20)
  let tail = 0
  for (let k = 0; k < m; k++) tail += sorted[k]!
  const root = Math.sqrt(perYear)
  // A relative error u in every value moves each return by about 2u, the mean by 2u, sd and dd by
  // 4u: first-order bounds of each figure per unit of u.
  const ratioSensitivity = (num: number, den: number) =>
    den > 0 ? (root * (2 + (4 * Math.abs(num)) / den)) / den : 0
  const growthSensitivity = 2 * (perYear / N) * (1 + Math.abs(cagr))
  return {
    figures: {
      sharpeRatio: sd > 0 ? ((mean - rf) / sd) * root : null,
      sortinoRatio: dd > 0 ? ((mean - rf) / dd) * root : null,
      calmarRatio: mdd > 0 ? cagr / mdd : null,
      valueAtRisk: -sorted[m - 1]!,
      expectedShortfall: -tail / m,
      annualisedReturn: cagr,
      maxDrawdown: mdd,
    },
    sensitivity: {
      sharpeRatio: ratioSensitivity(mean - rf, sd),
      sortinoRatio: ratioSensitivity(mean - rf, dd),
      calmarRatio: mdd > 0 ? growthSensitivity / mdd + (2 * Math.abs(cagr)) / (mdd * mdd) : 0,
      valueAtRisk: 2,
      expectedShortfall: 2,
      annualisedReturn: growthSensitivity,
      maxDrawdown: 2,
    },
  }
}

/**
 * A noise trader's random numbers as the README documents them: its own stream
 * `createRng(seed, 'noise', j)`, read through two blocks of {@link NOISE_BUFFER} draws, one of
 * uniforms and one of normals, filled in that order at the start and each refilled from the
 * stream when used up. Per arrival: a uniform for the gap, two for the token pair, a normal for
 * the size.
 */
class NoiseStream {
  private readonly rng: Rng
  private uniforms: number[] = []
  private normals: number[] = []
  constructor(seed: number, j: number, purpose = 'noise') {
    this.rng = createRng(seed, purpose, j)
    this.uniforms = this.block(() => this.rng.nextFloat())
    this.normals = this.block(() => this.rng.nextNormal())
  }
  private block(draw: () => number): number[] {
    const out: number[] = []
    for (let i = 0; i < NOISE_BUFFER; i++) out.push(draw())
    return out
  }
  uniform(): number {
    if (this.uniforms.length === 0) this.uniforms = this.block(() => this.rng.nextFloat())
    return this.uniforms.shift()!
  }
  normal(): number {
    if (this.normals.length === 0) this.normals = this.block(() => this.rng.nextNormal())
    return this.normals.shift()!
  }
}

/** Sample standard deviation (n - 1), two passes; 0 below two observations. */
function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0
  let mean = 0
  for (const x of xs) mean += x
  mean /= xs.length
  let m2 = 0
  for (const x of xs) m2 += (x - mean) * (x - mean)
  return Math.sqrt(m2 / (xs.length - 1))
}

/** Knots of a linear or piecewise schedule: times (seconds from the start) and weights. */
function knotsOf(config: SimulationConfig): { time: number; weights: number[] }[] {
  const spec = config.pool.schedule
  const initial = config.pool.weights
  if (spec === undefined || (spec.type !== 'linear' && spec.type !== 'piecewise')) return []
  if (spec.type === 'linear')
    return [
      { time: spec.startTime, weights: initial },
      { time: spec.endTime, weights: spec.endWeights },
    ]
  const knots = spec.points.map((p) => ({ time: p.time, weights: p.weights }))
  if (knots.length === 0 || knots[0]!.time > 0) knots.unshift({ time: 0, weights: initial })
  return knots
}

/** Knot schedule at `time`: held before the first and after the last knot, linear between, normalised. */
function knotWeights(knots: { time: number; weights: number[] }[], time: number): number[] {
  const first = knots[0]!
  const last = knots[knots.length - 1]!
  if (time <= first.time) return first.weights.slice()
  if (time >= last.time) return last.weights.slice()
  let s = 0
  while (knots[s + 1]!.time <= time) s++
  const a = knots[s]!
  const b = knots[s + 1]!
  const progress = (time - a.time) / (b.time - a.time)
  const raw = a.weights.map((w, k) => w + (b.weights[k]! - w) * progress)
  const sum = raw.reduce((x, y) => x + y, 0)
  return raw.map((w) => w / sum)
}

/** README momentum rule: tilt by strength x log return, clamp, normalise, then lift to 1 %. */
function momentumWeights(
  weights: number[],
  now: number[],
  past: number[],
  strength: number,
): number[] {
  let w = weights.map((wk, k) =>
    Math.min(MAX_W, Math.max(MIN_W, wk + strength * Math.log(now[k]! / past[k]!))),
  )
  const sum = w.reduce((x, y) => x + y, 0)
  w = w.map((x) => x / sum)
  // Set those at or below 1 % to 1 % and rescale the rest to fill 1; repeat while that pushes
  // another weight below 1 % (at most n rounds).
  for (let round = 0; round < w.length; round++) {
    const fixed = w.map((x) => x <= MIN_W)
    const count = fixed.filter(Boolean).length
    if (count === 0) break
    const free = w.reduce((s, x, k) => (fixed[k] ? s : s + x), 0)
    const target = 1 - count * MIN_W
    if (Math.abs(free - target) <= 1e-15) break
    w = w.map((x, k) => (fixed[k] ? MIN_W : (x * target) / free))
  }
  return w
}

/**
 * λ of the QuantAMM memory relation λ/(1−λ)³ = (N/2)³/6 by Cardano's formula for the cubic,
 * as quantammsim's memory_days_to_lamb writes it (the engine bisects): a second route. Loses
 * digits for N in the hundreds (relative 1e-11 at 100), so the random scenarios keep N <= 30.
 */
function referenceLambda(memoryDays: number, updateInterval: number): number {
  const c = ((memoryDays * 86_400) / updateInterval / 2) ** 3 / 6
  const root = Math.cbrt(Math.sqrt(3 * (27 * c ** 4 + 4 * c ** 3)) - 9 * c ** 2)
  return root / (Math.cbrt(2) * 3 ** (2 / 3) * c) - Math.cbrt(2 / 3) / root + 1
}

/**
 * Projection of r onto {sum x = 1, lo <= x <= hi} by its breakpoints: sum clamp(r − τ) is
 * piecewise linear and non-increasing in τ with kinks at r − lo and r − hi; sort them, find the
 * segment where it crosses 1, interpolate. (The engine bisects, then solves the free tokens.)
 */
function referenceProjection(r: number[], lo: number[], hi: number[]): number[] {
  const phi = (tau: number) =>
    r.reduce((s, x, k) => s + Math.min(hi[k]!, Math.max(lo[k]!, x - tau)), 0)
  const kinks = r.flatMap((x, k) => [x - lo[k]!, x - hi[k]!]).sort((a, b) => a - b)
  let tau = kinks[0]!
  for (let i = 0; i + 1 < kinks.length; i++) {
    const a = kinks[i]!
    const b = kinks[i + 1]!
    const fa = phi(a)
    const fb = phi(b)
    if (fa >= 1 && fb <= 1) {
      tau = fa === fb ? a : a + ((fa - 1) * (b - a)) / (fa - fb)
      break
    }
  }
  return r.map((x, k) => Math.min(hi[k]!, Math.max(lo[k]!, x - tau)))
}

/** docs/strategies.md's dynamic-weight rules, one plain array per estimator, step by step. */
class ReferenceRule {
  private readonly lambda: number
  private ewma: number[]
  private running: number[]
  private variance: number[]
  private last: number[]
  private from: number[]
  private target: number[]
  private nextUpdate: number
  private lastUpdate = 0
  private updates = 0
  constructor(
    private readonly spec: WeightRuleSpec,
    weights: number[],
    p0: number[],
  ) {
    this.lambda =
      spec.type === 'market-cap' ? 0.5 : referenceLambda(spec.memoryDays!, spec.updateInterval)
    this.ewma = p0.slice()
    this.running = p0.map(() => 0)
    this.variance = p0.map(() => 0)
    this.last = p0.slice()
    this.from = weights.slice()
    this.target = weights.slice()
    this.nextUpdate = spec.updateInterval
  }

  /** Weights at `elapsed` seconds from the start with prices p. */
  step(elapsed: number, p: number[]): number[] {
    const spec = this.spec
    const interval = spec.updateInterval
    const interpolate = spec.interpolate ?? true
    if (elapsed >= this.nextUpdate) {
      while (this.nextUpdate <= elapsed) this.nextUpdate += interval
      this.from = this.target.slice()
      this.lastUpdate = elapsed
      const raw = this.rawTarget(elapsed, p)
      this.updates++
      const cap = spec.maxWeightChange ?? Infinity
      const lo = this.from.map((w) => Math.max(spec.minWeight ?? MIN_W, w - cap))
      const hi = this.from.map((w) => Math.min(spec.maxWeight ?? MAX_W, w + cap))
      this.target = referenceProjection(raw, lo, hi)
      if (!interpolate) return this.target.slice()
    }
    if (!interpolate) return this.target.slice()
    const f = Math.min(1, (elapsed - this.lastUpdate) / interval)
    return this.from.map((a, k) => a + (this.target[k]! - a) * f)
  }

  private rawTarget(elapsed: number, p: number[]): number[] {
    const spec = this.spec
    const lambda = this.lambda
    const n = p.length
    if (spec.type === 'market-cap') {
      const points = spec.caps!
      let at = 0
      while (at + 1 < points.length && points[at + 1]!.time <= elapsed) at++
      const caps = points[at]!.caps
      const total = caps.reduce((a, b) => a + b, 0)
      return caps.map((c) => c / total)
    }
    if (spec.type === 'min-variance') {
      const r = p.map((x, k) => Math.log(x / this.last[k]!))
      this.variance =
        this.updates === 0
          ? r.map((x) => x * x)
          : this.variance.map((v, k) => lambda * v + (1 - lambda) * r[k]! ** 2)
      this.last = p.slice()
      const inverse = this.variance.map((v) => 1 / Math.max(v, 1e-20))
      const total = inverse.reduce((a, b) => a + b, 0)
      return inverse.map((x) => x / total)
    }
    this.ewma = this.ewma.map((m, k) => lambda * m + (1 - lambda) * p[k]!)
    this.running = this.running.map((a, k) => lambda * a + (p[k]! - this.ewma[k]!) / (1 - lambda))
    const g = this.running.map((a, k) => ((1 - lambda) ** 3 / lambda) * (a / this.ewma[k]!))
    const q = spec.exponent ?? 2
    const power = (x: number) => Math.sign(x) * Math.abs(x) ** q
    let signal = g
    if (spec.type === 'power-channel') signal = g.map(power)
    else if (spec.type === 'mean-reversion-channel') {
      const width = spec.width!
      const amplitude = spec.amplitude ?? 1
      signal = g.map((x) => {
        const envelope = Math.exp(-((x / width) ** 2) / 2)
        return -amplitude * (x / width) * envelope + (1 - envelope) * power(x)
      })
    }
    const mean = signal.reduce((a, b) => a + b, 0) / n
    const k = (spec.type === 'anti-momentum' ? -1 : 1) * spec.aggressiveness!
    return this.from.map((w, i) => w + k * (signal[i]! - mean))
  }
}

/** Marginal profit of paying `a` of token i in for token o, per unit of a (numeraire). */
function marginalProfit(
  B: number[],
  w: number[],
  gamma: number,
  fee: number,
  i: number,
  o: number,
  a: number,
  valueIn: number,
  valueOut: number,
): number {
  // out(a) = B_o (1 - (B_i / (B_i + gamma a))^(w_i / w_o)), so
  // out'(a) = gamma (w_i / w_o) (B_o - out(a)) / (B_i + gamma a); profit' = out' vOut - vIn.
  const out = computeOutGivenIn(B[i]!, w[i]!, B[o]!, w[o]!, a, fee)
  return ((gamma * (w[i]! / w[o]!) * (B[o]! - out)) / (B[i]! + gamma * a)) * valueOut - valueIn
}

/**
 * Two tokens: the optimal single swap by bisection on the sign of the marginal profit (concave
 * profit, so the marginal profit falls through 0 once). `buy`, `sell` are the external factors.
 * @returns amounts by token: > 0 paid in, < 0 taken out; all 0 when no direction profits at the margin
 */
function bisectionArbitrage(
  B: number[],
  w: number[],
  p: number[],
  buy: number[],
  sell: number[],
  fee: number,
): number[] {
  const gamma = 1 - fee
  for (const [i, o] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const vIn = p[i]! * buy[i]!
    const vOut = p[o]! * sell[o]!
    if (!(marginalProfit(B, w, gamma, fee, i, o, 0, vIn, vOut) > 0)) continue
    let lo = 0
    let hi = B[i]!
    while (marginalProfit(B, w, gamma, fee, i, o, hi, vIn, vOut) > 0) hi *= 2
    for (let it = 0; it < 2_000; it++) {
      const mid = 0.5 * (lo + hi)
      if (mid <= lo || mid >= hi) break
      if (marginalProfit(B, w, gamma, fee, i, o, mid, vIn, vOut) > 0) lo = mid
      else hi = mid
    }
    const a = 0.5 * (lo + hi)
    const amounts = [0, 0]
    amounts[i] = a
    amounts[o] = -computeOutGivenIn(B[i]!, w[i]!, B[o]!, w[o]!, a, fee)
    return amounts
  }
  return [0, 0]
}

/**
 * Any number of tokens: theory.md's closed form for every signature (I in, O out, both non-empty,
 * disjoint), written out plainly; the feasible one (every Delta_i > 0, Lambda_j > 0) of largest
 * profit is the optimum (each feasible signature is a reachable trade, and the optimum is one).
 * @returns amounts by token (> 0 in, fee included; < 0 out) and the closed-form profit
 */
function enumeratedArbitrage(
  B: number[],
  w: number[],
  p: number[],
  buy: number[],
  sell: number[],
  fee: number,
): { amounts: number[]; profit: number } {
  const n = B.length
  const gamma = 1 - fee
  const a = B.map((x, k) => (p[k]! * buy[k]! * x) / w[k]!)
  const b = B.map((x, k) => (p[k]! * sell[k]! * x) / w[k]!)
  let best = { amounts: B.map(() => 0), profit: 0 }
  // The optimum is the one consistent signature (no untouched token wants in or out at its lambda).
  // Float profits of near-degenerate signatures (a token on the edge of the out-set) can be off
  // by ~eps x pool value and rank them wrongly (found by the differential test: 1.8e-9 apart in
  // 50 digits, reversed in float), so within that rounding a consistent signature wins.
  let consistent: { amounts: number[]; profit: number } | undefined
  const rounding = 64 * Number.EPSILON * B.reduce((v, x, k) => v + x * p[k]!, 0)
  const roles = new Array<number>(n).fill(0) // 0 untouched, 1 in, 2 out
  for (let code = 0; code < 3 ** n; code++) {
    let c = code
    for (let k = 0; k < n; k++) {
      roles[k] = c % 3
      c = Math.floor(c / 3)
    }
    if (!roles.includes(1) || !roles.includes(2)) continue
    let num = 0
    let den = 0
    let weightIn = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 1) {
        num += w[k]! * Math.log(a[k]!)
        weightIn += w[k]!
        den += w[k]!
      } else if (roles[k] === 2) {
        num += w[k]! * Math.log(b[k]!)
        den += w[k]!
      }
    }
    const lambda = Math.exp((num - weightIn * Math.log(gamma)) / den)
    const amounts = B.map(() => 0)
    let feasible = true
    let profit = 0
    for (let k = 0; k < n; k++) {
      if (roles[k] === 1) {
        amounts[k] = (B[k]! * ((gamma * lambda) / a[k]! - 1)) / gamma
        if (!(amounts[k]! > 0)) feasible = false
        profit -= amounts[k]! * p[k]! * buy[k]!
      } else if (roles[k] === 2) {
        const out = B[k]! * (1 - lambda / b[k]!)
        if (!(out > 0)) feasible = false
        amounts[k] = -out
        profit += out * p[k]! * sell[k]!
      }
    }
    if (feasible && profit > best.profit) best = { amounts, profit }
    if (feasible && roles.every((r, k) => r !== 0 || (a[k]! >= gamma * lambda && b[k]! <= lambda)))
      consistent = { amounts, profit }
  }
  return consistent !== undefined && consistent.profit >= best.profit - rounding ? consistent : best
}

/**
 * Executes an arbitrage's amounts as the README describes: all amounts scaled by one factor until
 * every in-amount net of the fee and every out-amount is within 30 % of its balance; in-tokens
 * (by index) pay their full amount; out-tokens (from the highest index down) but the last receive
 * exactly their amount by exact-out swaps, filled greedily; the last takes what the remaining
 * inputs buy (exact in, capped at 30 % of its balance as it stands).
 * @returns the swaps made and whether a limit bound
 */
function executePlainly(
  B: number[],
  w: number[],
  fee: number,
  amounts: number[],
): { swaps: { i: number; o: number; amountIn: number; amountOut: number }[]; capped: boolean } {
  const n = B.length
  const gamma = 1 - fee
  let scale = 1
  for (let k = 0; k < n; k++) {
    const size = amounts[k]! > 0 ? gamma * amounts[k]! : -amounts[k]!
    // The engine's margin of 1e-12 below the limit, so the scaled trade is strictly inside it.
    if (size > LIMIT * B[k]!) scale = Math.min(scale, ((LIMIT * B[k]!) / size) * (1 - 1e-12))
  }
  let capped = scale < 1
  const scaled = amounts.map((x) => x * scale)
  const ins = [...Array(n).keys()].filter((k) => scaled[k]! > 0)
  const outs = [...Array(n).keys()].filter((k) => scaled[k]! < 0)
  // In-tokens in index order; out-tokens from the highest index down (the last one filled,
  // taking the remainder, is the lowest index).
  outs.reverse()
  const swaps: { i: number; o: number; amountIn: number; amountOut: number }[] = []
  let x = 0
  let o = 0
  let budget = ins.length > 0 ? scaled[ins[0]!]! : 0
  let need = outs.length > 0 ? -scaled[outs[0]!]! : 0
  const nextIn = () => {
    x++
    if (x < ins.length) budget = scaled[ins[x]!]!
  }
  while (x < ins.length && o < outs.length) {
    const i = ins[x]!
    const j = outs[o]!
    let amountIn: number
    let amountOut: number
    if (o < outs.length - 1) {
      const required = computeInGivenOut(B[i]!, w[i]!, B[j]!, w[j]!, need, fee)
      if (required <= budget) {
        amountIn = required
        amountOut = need
        budget -= required
        o++
        need = -scaled[outs[o]!]!
        if (!(budget > 0)) nextIn()
      } else {
        amountIn = budget
        amountOut = computeOutGivenIn(B[i]!, w[i]!, B[j]!, w[j]!, budget, fee)
        need -= amountOut
        nextIn()
      }
    } else {
      amountIn = budget
      amountOut = computeOutGivenIn(B[i]!, w[i]!, B[j]!, w[j]!, budget, fee)
      if (amountOut > LIMIT * B[j]!) {
        amountOut = LIMIT * B[j]!
        amountIn = computeInGivenOut(B[i]!, w[i]!, B[j]!, w[j]!, amountOut, fee)
        capped = true
      }
      nextIn()
    }
    B[i] = B[i]! + amountIn
    B[j] = B[j]! - amountOut
    swaps.push({ i, o: j, amountIn, amountOut })
  }
  return { swaps, capped }
}

/**
 * Runs the reference engine on a config and the path its price source yields. With a dynamic
 * swap fee it runs again with the rule removed (the fixed fee `pool.swapFee`, the same seed and
 * path) and splits the decomposition's fees term as docs/risk-metrics.md defines it:
 * `feesAtFixedFee` that run's fees term, `dynamicFee` the difference; without a rule the run is
 * its own fixed-fee run.
 * @param config - the engine's config (its `prices` is not read: `path` is)
 * @param path - the materialised path the engine ran on
 * @param route - how a 2-token arbitrage is found (default: bisection, the independent route)
 * @returns summary.json's figures, recomputed, with the trade log
 */
export function runReference(
  config: SimulationConfig,
  path: PricePath,
  route: TwoTokenRoute = 'bisection',
): ReferenceResult {
  const result = runReferenceOnce(config, path, route)
  const d = result.metrics.returnDecomposition as Record<string, ReferenceFigure>
  const fees = d.fees as number
  const lpReturn = d.lpReturn as number
  const swapFee = config.pool.swapFee
  const rule = config.pool.swapFeeRule
  if (rule === undefined || rule.type === 'fixed') {
    Object.assign(d, { feesAtFixedFee: fees, dynamicFee: 0, fixedFee: { swapFee, lpReturn } })
    return result
  }
  const fixedConfig = { ...config, pool: { ...config.pool, swapFeeRule: undefined } }
  const fixed = runReferenceOnce(fixedConfig, path, route)
  const f = fixed.metrics.returnDecomposition as Record<string, number>
  Object.assign(d, {
    feesAtFixedFee: f.fees,
    dynamicFee: fees - f.fees!,
    fixedFee: { swapFee, lpReturn: f.lpReturn },
  })
  result.fixedFeeRun = fixed
  return result
}

/** One reference run of the config as it is (a rule, if any, kept). */
function runReferenceOnce(
  config: SimulationConfig,
  path: PricePath,
  route: TwoTokenRoute,
): ReferenceResult {
  const n = path.tokens.length
  const T = path.times.length - 1
  const priceAt = (t: number): number[] =>
    Array.from({ length: n }, (_, k) => path.prices[t * n + k]!)
  let fee = config.pool.swapFee
  let gamma = 1 - fee
  const feeRule = config.pool.swapFeeRule?.type === 'fixed' ? undefined : config.pool.swapFeeRule
  // Dynamic fee: every observation kept, the averages recomputed from all of them (no recursion).
  const volatilityObservations: { time: number; x: number; decay: number }[] = []
  const volumeObservations: { time: number; x: number; decay: number }[] = []
  const feeHistory: number[] = []
  const V0 = config.pool.initialValue
  const start = path.times[0]!
  // Every arbitrageur, in agent order: its agent index, external-fee factors and gas (a constant, a
  // time series, or median exp(sigma Z) drawn each step, before the fee rule, from the stream
  // createRng(seed, 'gas', j) of arbitrageur j, buffered as a noise trader's: normals only read).
  const arbs = config.agents.flatMap((a, agent) =>
    a.type === 'arbitrageur' ? [{ spec: a, agent }] : [],
  )
  const arbitrageurs = arbs.map(({ spec, agent }, j) => {
    const ext = spec.externalFee ?? 0
    const e = path.tokens.map((symbol) => (symbol === path.numeraire ? 0 : ext))
    const gasSpec = spec.gasCost ?? 0
    return {
      agent,
      e,
      buy: e.map((x) => 1 + x),
      sell: e.map((x) => 1 - x),
      gasSpec,
      gasStream:
        typeof gasSpec === 'number' || 'times' in gasSpec
          ? undefined
          : new NoiseStream(config.seed, j, 'gas'),
      gas: typeof gasSpec === 'number' ? gasSpec : 0,
      blocksWon: 0,
      profit: 0,
      gasPaid: 0,
      externalFees: 0,
      priorityFees: 0,
    }
  })
  const arb = arbs[0]?.spec
  const noise = config.agents.filter((a): a is NoiseTraderSpec => a.type === 'noise')
  const isAuction = config.arbitrage?.competition === 'priority-auction'
  const hasCompetition = arbs.length > 1 || config.arbitrage !== undefined
  const arbEvery = arb !== undefined ? (arb.everySteps ?? 1) : 0
  const schedule = config.pool.schedule
  const knots = knotsOf(config)
  const rule =
    schedule !== undefined && 'updateInterval' in schedule
      ? new ReferenceRule(schedule, config.pool.weights, priceAt(0))
      : undefined

  // Step 0: the pool at the market with the schedule's weights at time 0.
  let w = knots.length > 0 ? knotWeights(knots, 0) : config.pool.weights.slice()
  const p0 = priceAt(0)
  const B = p0.map((p, k) => (w[k]! * V0) / p)
  const hodl = B.slice()
  // The fee-free shadow of the return decomposition: the run's weights, at the market each step.
  const shadow = B.slice()
  const shadowValues: number[] = [V0]
  const feeUnits = B.map(() => 0)
  const trades: ReferenceTrade[] = []
  const lp: number[] = [V0]
  const hodlValues: number[] = [V0]
  const mix: number[] = [V0]
  const deviations: number[] = []
  let marketPnl = 0
  let marketPnlAbs = 0
  let arbProfit = 0
  let arbTrades = 0
  let capBinds = 0
  let noiseCapBinds = 0
  let gasPaid = 0
  let externalCosts = 0
  let priorityFees = 0
  // Benchmarks: holdings for the rebalancing vaults, value histories for all.
  const specs: BenchmarkSpec[] = config.benchmarks
  const holdings = specs.map(() => B.slice())
  const benchValues = specs.map(() => [V0])
  const costs = specs.map(() => 0)
  const rebalances = specs.map(() => 0)
  const streams = noise.map((_, j) => new NoiseStream(config.seed, j))
  // Fee-elastic traders (docs/order-flow.md): potential arrivals at tradesPerDay divided by the
  // pool's share at the reference fee; each goes to the pool with probability
  // 1 / (1 + (cost / outsideCost)^elasticity), written out here rather than imported.
  const share = (cost: number, d: NoiseDemandSpec) =>
    cost <= 0 ? 1 : 1 / (1 + (cost / d.outsideCost) ** d.elasticity)
  const rates = noise.map((t) =>
    t.demand === undefined
      ? t.tradesPerDay / 86_400
      : t.tradesPerDay / share(t.demand.referenceSwapFee, t.demand) / 86_400,
  )
  const nextArrival = streams.map((s, j) => -Math.log1p(-s.uniform()) / rates[j]!)

  const swapValue = (s: ReferenceTrade) => s.amountIn * s.priceIn
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0)
  // The block clock's stream: createRng(seed, 'blocks', 0), buffered as a noise trader's.
  const blocks = arb?.blocks
  const blockStream = blocks === undefined ? undefined : new NoiseStream(config.seed, 0, 'blocks')
  const blockMean = blocks?.meanInterval ?? 0
  let nextBlock = blockStream === undefined ? 0 : -Math.log1p(-blockStream.uniform()) * blockMean
  let prev = p0
  for (let t = 1; t <= T; t++) {
    const p = priceAt(t)
    // 1. Market move.
    for (let k = 0; k < n; k++) {
      marketPnl += B[k]! * (p[k]! - prev[k]!)
      // A balance off by a fraction of the pool's value moves this term by that much times |dp/p|.
      marketPnlAbs +=
        Math.abs(B[k]! * (p[k]! - prev[k]!)) + (lp[t - 1]! * Math.abs(p[k]! - prev[k]!)) / prev[k]!
    }
    let growth = 0
    for (let k = 0; k < n; k++) growth += (w[k]! * p[k]!) / prev[k]!
    mix.push(mix[t - 1]! * growth)
    // 2. Weights.
    if (knots.length > 0) w = knotWeights(knots, path.times[t]! - start)
    else if (schedule?.type === 'momentum') {
      if (t >= schedule.lookbackSteps && t % schedule.everySteps === 0)
        w = momentumWeights(w, p, priceAt(t - schedule.lookbackSteps), schedule.strength)
    } else if (rule !== undefined) w = rule.step(path.times[t]! - start, p)
    // The shadow after a fee-free arbitrage at the new weights: its invariant prod S^w (with the
    // new weights) is kept and B_k p_k / w_k is the same for every k (theory.md), so
    // S_k = (w_k / p_k) c with c = prod S^w / prod (w / p)^w.
    let invariant = 1
    let atMarket = 1
    for (let k = 0; k < n; k++) {
      invariant *= Math.pow(shadow[k]!, w[k]!)
      atMarket *= Math.pow(w[k]! / p[k]!, w[k]!)
    }
    let shadowValue = 0
    for (let k = 0; k < n; k++) {
      shadow[k] = ((w[k]! / p[k]!) * invariant) / atMarket
      shadowValue += shadow[k]! * p[k]!
    }
    shadowValues.push(shadowValue)
    for (const a of arbitrageurs) {
      const gasSpec = a.gasSpec
      if (typeof gasSpec !== 'number' && 'times' in gasSpec) {
        // A time series: the last row at or before the step (the first row before it), by a scan.
        const now = path.times[t]! - start
        let row = 0
        for (let i = 0; i < gasSpec.times.length; i++) if (gasSpec.times[i]! <= now) row = i
        a.gas = gasSpec.gas[row]!
      } else if (a.gasStream !== undefined && typeof gasSpec !== 'number')
        a.gas = gasSpec.median * Math.exp(gasSpec.sigma * a.gasStream.normal())
    }
    // The fee rule's gas input: the first arbitrageur's.
    const gas = arbitrageurs[0]?.gas ?? 0
    // 2b. Dynamic swap fee (docs/dynamic-fees.md).
    if (feeRule) {
      const now = path.times[t]! - start
      const dt = path.times[t]! - path.times[t - 1]!
      const halfLife = feeRule.halfLife ?? 86_400
      const decay = Math.pow(2, -dt / halfLife)
      const r = p.map((pk, k) => Math.log(pk / prev[k]!))
      const mean = sum(r.map((rk, k) => w[k]! * rk))
      const dispersion = sum(r.map((rk, k) => w[k]! * (rk - mean) ** 2))
      const squared = sum(w.map((wk) => wk * wk))
      volatilityObservations.push({
        time: now,
        x: (2 * dispersion) / (1 - squared) / (dt / YEAR),
        decay,
      })
      if (t >= 2) {
        const traded = sum(trades.filter((s) => s.step === t - 1).map(swapValue))
        volumeObservations.push({ time: now, x: (traded / dt) * 86_400, decay })
      }
      const everySteps = feeRule.everySteps ?? 1
      if (t % everySteps === 0) {
        // Observation i weighs (1 - decay_i) 2^(-age / halfLife): the normalised EWMA's weights.
        const average = (list: { time: number; x: number; decay: number }[]) => {
          let total = 0
          let weight = 0
          for (const o of list) {
            const omega = (1 - o.decay) * Math.pow(2, -(now - o.time) / halfLife)
            total += omega * o.x
            weight += omega
          }
          return weight > 0 ? total / weight : 0
        }
        const L = sum(B.map((b, k) => b * p[k]!))
        const inputs = {
          volatility: Math.sqrt(average(volatilityObservations)),
          gas,
          volume: average(volumeObservations),
          deviation: sum(B.map((b, k) => Math.abs(b * p[k]! - w[k]! * L))) / (2 * L),
          swapFee: fee,
          time: now,
          lpValue: L,
        }
        const raw =
          feeRule.type === 'expression'
            ? Number(evaluate(feeRule.expression, { ...inputs }))
            : feeRule.base + feeRule.slope * inputs[feeRule.type]
        fee = Math.min(feeRule.max ?? 0.1, Math.max(feeRule.min ?? 1e-6, raw))
        gamma = 1 - fee
      }
      feeHistory.push(fee)
    }
    // 3. Arbitrage.
    // Poisson blocks: the arbitrageur acts at the end of a step holding at least one arrival.
    let hasBlock = blockStream === undefined
    if (blockStream !== undefined && nextBlock <= path.times[t]! - start) {
      hasBlock = true
      while (nextBlock <= path.times[t]! - start)
        nextBlock += -Math.log1p(-blockStream.uniform()) * blockMean
    }
    if (arbEvery > 0 && t % arbEvery === 0 && hasBlock) {
      // Each arbitrageur's own best trade on the same pool state, tried on a copy of it; the
      // largest profit net of its gas wins (ties: the first), the others pay nothing.
      const candidates = arbitrageurs.map((a) => {
        const { buy, sell, gas } = a
        let amounts: number[]
        if (n === 2 && route === 'bisection') amounts = bisectionArbitrage(B, w, p, buy, sell, fee)
        else if (n === 2 && route === 'arbitrageTwoToken') {
          const d = arbitrageTwoToken(
            B[0]!,
            B[1]!,
            w[0]!,
            p[0]!,
            p[1]!,
            buy[0]!,
            sell[0]!,
            buy[1]!,
            sell[1]!,
            gamma,
          )
          const i = d > 0 ? 0 : 1
          amounts = [0, 0]
          if (d !== 0) {
            amounts[i] = Math.abs(d)
            amounts[1 - i] = -computeOutGivenIn(
              B[i]!,
              w[i]!,
              B[1 - i]!,
              w[1 - i]!,
              Math.abs(d),
              fee,
            )
          }
        } else if (n === 2 && route === 'optimalArbitrage') {
          const out = new Float64Array(2)
          optimalArbitrage(
            2,
            Float64Array.from(B),
            Float64Array.from(w),
            Float64Array.from(p),
            0,
            Float64Array.from(buy),
            Float64Array.from(sell),
            Float64Array.from(buy, Math.log),
            Float64Array.from(sell, Math.log),
            gamma,
            Math.log(gamma),
            createArbitrageScratch(2),
            out,
          )
          amounts = Array.from(out)
        } else {
          const best = enumeratedArbitrage(B, w, p, buy, sell, fee)
          amounts = best.amounts
        }
        let ideal = 0
        for (let k = 0; k < n; k++)
          ideal +=
            amounts[k]! > 0 ? -amounts[k]! * p[k]! * buy[k]! : -amounts[k]! * p[k]! * sell[k]!
        if (!(amounts.some((x) => x !== 0) && ideal > gas)) return undefined
        const after = B.slice()
        const { swaps, capped } = executePlainly(after, w, fee, amounts)
        let realised = 0
        for (const s of swaps)
          realised += s.amountOut * p[s.o]! * sell[s.o]! - s.amountIn * p[s.i]! * buy[s.i]!
        return realised > gas ? { a, after, swaps, capped, net: realised - gas } : undefined
      })
      let winner: (typeof candidates)[number]
      for (const c of candidates)
        if (c !== undefined && (winner === undefined || c.net > winner.net)) winner = c
      if (winner !== undefined) {
        const { a, after, swaps, capped, net } = winner
        // Second price: the best net profit of the others (0 if none is positive).
        const second = Math.max(
          0,
          ...candidates.filter((c) => c !== undefined && c !== winner).map((c) => c!.net),
        )
        const priority = isAuction ? second : 0
        for (let k = 0; k < n; k++) B[k] = after[k]!
        for (const s of swaps) {
          trades.push({
            step: t,
            agent: 'arbitrageur',
            group: arbTrades,
            tokenIn: s.i,
            tokenOut: s.o,
            amountIn: s.amountIn,
            amountOut: s.amountOut,
            priceIn: p[s.i]!,
            priceOut: p[s.o]!,
            swapFee: fee,
          })
          feeUnits[s.i] = feeUnits[s.i]! + fee * s.amountIn
          const external = s.amountIn * p[s.i]! * a.e[s.i]! + s.amountOut * p[s.o]! * a.e[s.o]!
          externalCosts += external
          a.externalFees += external
        }
        arbProfit += net - priority
        gasPaid += a.gas
        priorityFees += priority
        arbTrades++
        a.blocksWon++
        a.profit += net - priority
        a.gasPaid += a.gas
        a.priorityFees += priority
        if (capped) capBinds++
      }
    }
    // 4. Noise traders, trader by trader, arrivals in (t-1, t].
    const now = path.times[t]! - start
    noise.forEach((trader, j) => {
      const s = streams[j]!
      while (nextArrival[j]! <= now) {
        nextArrival[j] = nextArrival[j]! + -Math.log1p(-s.uniform()) / rates[j]!
        const i = Math.floor(s.uniform() * n)
        let o = Math.floor(s.uniform() * (n - 1))
        if (o >= i) o++
        const size = trader.medianSize * Math.exp((trader.sizeSigma ?? 1) * s.normal())
        let amountIn = size / p[i]!
        let capped = false
        if (gamma * amountIn > LIMIT * B[i]!) {
          amountIn = (LIMIT * B[i]!) / gamma
          capped = true
        }
        let amountOut = computeOutGivenIn(B[i]!, w[i]!, B[o]!, w[o]!, amountIn, fee)
        if (amountOut > LIMIT * B[o]!) {
          amountOut = LIMIT * B[o]!
          amountIn = computeInGivenOut(B[i]!, w[i]!, B[o]!, w[o]!, amountOut, fee)
          capped = true
        }
        if (trader.demand !== undefined) {
          const cost = 1 - (amountOut * p[o]!) / (amountIn * p[i]!)
          if (s.uniform() >= share(cost, trader.demand)) continue
        }
        B[i] = B[i]! + amountIn
        B[o] = B[o]! - amountOut
        feeUnits[i] = feeUnits[i]! + fee * amountIn
        if (capped) noiseCapBinds++
        trades.push({
          step: t,
          agent: 'noise',
          group: j,
          tokenIn: i,
          tokenOut: o,
          amountIn,
          amountOut,
          priceIn: p[i]!,
          priceOut: p[o]!,
          swapFee: fee,
        })
      }
    })
    // 5. Values, deviation, benchmarks.
    let L = 0
    let H = 0
    for (let k = 0; k < n; k++) {
      L += B[k]! * p[k]!
      H += hodl[k]! * p[k]!
    }
    lp.push(L)
    hodlValues.push(H)
    let gaps = 0
    for (let k = 0; k < n; k++) gaps += Math.abs((B[k]! * p[k]!) / L - w[k]!)
    deviations.push(gaps / 2)
    specs.forEach((spec, b) => {
      if (spec.type === 'hodl') benchValues[b]!.push(H)
      else if (spec.type === 'constant-mix') benchValues[b]!.push(mix[t]!)
      else {
        const h = holdings[b]!
        let V = 0
        for (let k = 0; k < n; k++) V += h[k]! * p[k]!
        const due =
          spec.type === 'periodic'
            ? t % spec.everySteps === 0
            : h.some((hk, k) => Math.abs((hk * p[k]!) / V - w[k]!) > spec.band)
        if (due) {
          let traded = 0
          for (let k = 0; k < n; k++) traded += Math.abs(w[k]! * V - h[k]! * p[k]!)
          const cost = (spec.costBps / 10_000) * (traded / 2)
          V -= cost
          for (let k = 0; k < n; k++) h[k] = (w[k]! * V) / p[k]!
          costs[b] = costs[b]! + cost
          rebalances[b] = rebalances[b]! + 1
        }
        benchValues[b]!.push(V)
      }
    })
    prev = p
  }

  // Figures (README "Metrics").
  const pT = prev
  const L = lp[T]!
  const H = hodlValues[T]!
  let feesAtEnd = 0
  for (let k = 0; k < n; k++) feesAtEnd += feeUnits[k]! * pT[k]!
  const years = (path.times[T]! - start) / YEAR
  const stepsPerYear = years > 0 ? T / years : 0
  const logReturns = (values: number[]) => values.slice(1).map((v, t) => Math.log(v / values[t]!))
  const lpReturns = logReturns(lp)
  const trackingAgainst = (values: number[]) => {
    const other = logReturns(values)
    return sampleStd(lpReturns.map((x, t) => x - other[t]!)) * Math.sqrt(stepsPerYear)
  }
  let peak = lp[0]!
  let maxDrawdown = 0
  for (const v of lp) {
    peak = Math.max(peak, v)
    maxDrawdown = Math.max(maxDrawdown, 1 - v / peak)
  }
  const arbSwaps = trades.filter((s) => s.agent === 'arbitrageur')
  const noiseSwaps = trades.filter((s) => s.agent === 'noise')
  const isStatic = schedule === undefined || schedule.type === 'static'
  let logGeometric = 0
  let arithmetic = 0
  config.pool.weights.forEach((wk, k) => {
    const r = pT[k]! / p0[k]!
    logGeometric += wk * Math.log(r)
    arithmetic += wk * r
  })
  const metrics: ReferenceResult['metrics'] = {
    lpValue: L,
    hodlValue: H,
    returnVsHodl: L / H - 1,
    impermanentLoss: (L - feesAtEnd) / H - 1,
    impermanentLossClosedForm: isStatic ? Math.exp(logGeometric) / arithmetic - 1 : null,
    feeIncome: sum(trades.map((s) => s.swapFee * swapValue(s))),
    lvr: sum(trades.map((s) => s.amountOut * s.priceOut - (1 - s.swapFee) * swapValue(s))),
    arbProfit,
    volume: sum(trades.map(swapValue)),
    trades: trades.length,
    trackingError: trackingAgainst(mix),
    weightDeviation: { mean: sum(deviations) / T, max: Math.max(...deviations) },
    maxDrawdown,
    annualisedReturn: years > 0 ? Math.log(L / V0) / years : 0,
    annualisedVolatility: sampleStd(lpReturns) * Math.sqrt(stepsPerYear),
    arbFees: sum(arbSwaps.map((s) => s.swapFee * swapValue(s))),
    noiseFees: sum(noiseSwaps.map((s) => s.swapFee * swapValue(s))),
    gasPaid,
    externalCosts,
    arbTrades,
    ...(hasCompetition
      ? {
          priorityFees,
          arbitrageurs: arbitrageurs.map((a) => ({
            agent: a.agent,
            blocksWon: a.blocksWon,
            profit: a.profit,
            gasPaid: a.gasPaid,
            externalFees: a.externalFees,
            priorityFees: a.priorityFees,
          })),
        }
      : {}),
    capBinds,
    noiseTrades: noiseSwaps.length,
    noiseVolume: sum(noiseSwaps.map(swapValue)),
    noiseCapBinds,
    marketPnl,
    ...(feeRule
      ? {
          swapFee: {
            mean: sum(feeHistory) / feeHistory.length,
            min: Math.min(...feeHistory),
            max: Math.max(...feeHistory),
          },
        }
      : {}),
  }
  // Risk metrics over period values (docs/risk-metrics.md).
  const period = riskPeriod(path.times[1]! - path.times[0]!, path.times[T]! - start)
  const perYear = YEAR / period
  const rate = config.riskFreeRate ?? 0
  const lpPeriods = periodValues(lp, path.times, period)
  const lpRisk = riskOf(lpPeriods, perYear, rate)
  const riskSensitivity: Record<string, number> = {}
  for (const [key, value] of Object.entries(lpRisk.sensitivity))
    riskSensitivity[`risk.${key}`] = value
  metrics.risk = {
    period,
    periods: lpPeriods.length - 1,
    riskFreeRate: rate,
    ...lpRisk.figures,
  }
  // Return decomposition: S with the start weights in closed form, W the stepped shadow.
  const staticShadow = V0 * Math.exp(logGeometric)
  const W = isStatic ? staticShadow : shadowValues[T]!
  metrics.returnDecomposition = {
    lpReturn: L / V0 - 1,
    hodlReturn: H / V0 - 1,
    divergenceLoss: (staticShadow - H) / V0,
    weightRule: (W - staticShadow) / V0,
    fees: (L - W) / V0,
  }
  const benchmarks: Record<string, ReferenceBenchmark> = {}
  specs.forEach((spec, b) => {
    const values = benchValues[b]!
    const name = spec.name ?? spec.type
    const periods = periodValues(values, path.times, period)
    const risk = riskOf(periods, perYear, rate)
    for (const [key, value] of Object.entries(risk.sensitivity))
      riskSensitivity[`benchmarks.${name}.risk.${key}`] = value
    const active = lpPeriods.slice(1).map((v, k) => {
      const lpReturn = v / lpPeriods[k]! - 1
      return lpReturn - (periods[k + 1]! / periods[k]! - 1)
    })
    const activeSd = sampleStd(active)
    const activeMean = active.reduce((x, y) => x + y, 0) / Math.max(1, active.length)
    const hasRatio = active.length >= 20 && activeSd >= 1e-12
    riskSensitivity[`benchmarks.${name}.informationRatio`] = hasRatio
      ? (Math.sqrt(perYear) * (4 + (8 * Math.abs(activeMean)) / activeSd)) / activeSd
      : 0
    benchmarks[name] = {
      value: values[T]!,
      returnVsHodl: values[T]! / H - 1,
      tradingCost: costs[b]!,
      rebalances: rebalances[b]!,
      trackingError: trackingAgainst(values),
      informationRatio: hasRatio ? (activeMean / activeSd) * Math.sqrt(perYear) : null,
      risk: risk.figures,
    }
  })
  return {
    metrics,
    riskSensitivity,
    maxShadowValue: Math.max(...shadowValues, staticShadow),
    benchmarks,
    trades,
    lpValues: lp,
    stepsPerYear,
    maxValue: Math.max(...lp, ...hodlValues, ...benchValues.flat()),
    minLpValue: Math.min(...lp),
    years,
    magnitudes: {
      marketPnl: marketPnlAbs,
      trades: sum(trades.map((s) => lp[s.step - 1]! + lp[s.step]!)) + gasPaid,
      feesAtEnd,
    },
  }
}
