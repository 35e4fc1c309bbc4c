/**
 * The reference engine (issue 13): a deliberately slow and obvious re-implementation of the
 * engine's step order and of every figure in summary.json, for the differential tests only. It
 * is NOT shipped and NOT fast: plain loops over plain arrays, one step at a time, every trade
 * logged. The spec is the README's engine section ("Start and step order", "Agents", "Weight
 * schedules", "Benchmarks", "Metrics"), not the engine's code:
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
import { NOISE_BUFFER } from '../../src/sim/agents/noise.js'

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
}

/** A benchmark's figures as summary.json lists them. */
export interface ReferenceBenchmark {
  value: number
  returnVsHodl: number
  tradingCost: number
  rebalances: number
  trackingError: number
}

/** What the reference returns: summary.json's figures, the trade log and the histories. */
export interface ReferenceResult {
  metrics: Record<string, number | null | { mean: number; max: number }>
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
  if (spec === undefined || spec.type === 'static' || spec.type === 'momentum') return []
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
  }
  return best
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
 * Runs the reference engine on a config and the path its price source yields.
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
  const n = path.tokens.length
  const T = path.times.length - 1
  const priceAt = (t: number): number[] =>
    Array.from({ length: n }, (_, k) => path.prices[t * n + k]!)
  const fee = config.pool.swapFee
  const gamma = 1 - fee
  const V0 = config.pool.initialValue
  const start = path.times[0]!
  const arb = config.agents.find((a) => a.type === 'arbitrageur')
  const noise = config.agents.filter((a): a is NoiseTraderSpec => a.type === 'noise')
  const ext = arb?.type === 'arbitrageur' ? (arb.externalFee ?? 0) : 0
  const e = path.tokens.map((symbol) => (symbol === path.numeraire ? 0 : ext))
  const buy = e.map((x) => 1 + x)
  const sell = e.map((x) => 1 - x)
  const gas = arb?.type === 'arbitrageur' ? (arb.gasCost ?? 0) : 0
  const arbEvery = arb?.type === 'arbitrageur' ? (arb.everySteps ?? 1) : 0
  const schedule = config.pool.schedule
  const knots = knotsOf(config)

  // Step 0: the pool at the market with the schedule's weights at time 0.
  let w = knots.length > 0 ? knotWeights(knots, 0) : config.pool.weights.slice()
  const p0 = priceAt(0)
  const B = p0.map((p, k) => (w[k]! * V0) / p)
  const hodl = B.slice()
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

  // The block clock's stream: createRng(seed, 'blocks', 0), buffered as a noise trader's.
  const blocks = arb?.type === 'arbitrageur' ? arb.blocks : undefined
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
    else if (schedule?.type === 'momentum')
      if (t >= schedule.lookbackSteps && t % schedule.everySteps === 0)
        w = momentumWeights(w, p, priceAt(t - schedule.lookbackSteps), schedule.strength)
    // 3. Arbitrage.
    // Poisson blocks: the arbitrageur acts at the end of a step holding at least one arrival.
    let hasBlock = blockStream === undefined
    if (blockStream !== undefined && nextBlock <= path.times[t]! - start) {
      hasBlock = true
      while (nextBlock <= path.times[t]! - start)
        nextBlock += -Math.log1p(-blockStream.uniform()) * blockMean
    }
    if (arbEvery > 0 && t % arbEvery === 0 && hasBlock) {
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
          amounts[1 - i] = -computeOutGivenIn(B[i]!, w[i]!, B[1 - i]!, w[1 - i]!, Math.abs(d), fee)
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
        ideal += amounts[k]! > 0 ? -amounts[k]! * p[k]! * buy[k]! : -amounts[k]! * p[k]! * sell[k]!
      if (amounts.some((x) => x !== 0) && ideal > gas) {
        const before = B.slice()
        const { swaps, capped } = executePlainly(B, w, fee, amounts)
        let realised = 0
        for (const s of swaps)
          realised += s.amountOut * p[s.o]! * sell[s.o]! - s.amountIn * p[s.i]! * buy[s.i]!
        if (realised > gas) {
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
            })
            feeUnits[s.i] = feeUnits[s.i]! + fee * s.amountIn
            externalCosts += s.amountIn * p[s.i]! * e[s.i]! + s.amountOut * p[s.o]! * e[s.o]!
          }
          arbProfit += realised - gas
          gasPaid += gas
          arbTrades++
          if (capped) capBinds++
        } else for (let k = 0; k < n; k++) B[k] = before[k]!
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
  const swapValue = (s: ReferenceTrade) => s.amountIn * s.priceIn
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0)
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
    feeIncome: sum(trades.map((s) => fee * swapValue(s))),
    lvr: sum(trades.map((s) => s.amountOut * s.priceOut - gamma * swapValue(s))),
    arbProfit,
    volume: sum(trades.map(swapValue)),
    trades: trades.length,
    trackingError: trackingAgainst(mix),
    weightDeviation: { mean: sum(deviations) / T, max: Math.max(...deviations) },
    maxDrawdown,
    annualisedReturn: years > 0 ? Math.log(L / V0) / years : 0,
    annualisedVolatility: sampleStd(lpReturns) * Math.sqrt(stepsPerYear),
    arbFees: sum(arbSwaps.map((s) => fee * swapValue(s))),
    noiseFees: sum(noiseSwaps.map((s) => fee * swapValue(s))),
    gasPaid,
    externalCosts,
    arbTrades,
    capBinds,
    noiseTrades: noiseSwaps.length,
    noiseVolume: sum(noiseSwaps.map(swapValue)),
    noiseCapBinds,
    marketPnl,
  }
  const benchmarks: Record<string, ReferenceBenchmark> = {}
  specs.forEach((spec, b) => {
    const values = benchValues[b]!
    benchmarks[spec.name ?? spec.type] = {
      value: values[T]!,
      returnVsHodl: values[T]! / H - 1,
      tradingCost: costs[b]!,
      rebalances: rebalances[b]!,
      trackingError: trackingAgainst(values),
    }
  })
  return {
    metrics,
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
