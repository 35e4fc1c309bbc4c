/**
 * The generator behind every synthetic model: one {@link PriceSource} over a list of per-asset
 * models (GBM, jump-diffusion, regime switching, Ornstein-Uhlenbeck, block bootstrap, constant,
 * ramp, step, numeraire), so models mix freely in one path. Each `open()` regenerates the same
 * path from the seed lazily, chunk by chunk: normals are filled into a chunk buffer per asset,
 * correlated with a fixed factor, then each asset's column is written by one tight loop.
 * Random streams are per purpose and symbol (`'diffusion'`, symbol), so adding a token leaves the
 * others' paths unchanged (with correlation: unchanged when the token is added last).
 */
import { createRng, type Rng } from '../../random.js'
import type { PriceReader, PriceSource } from '../types.js'
import { correlationFactor } from './correlation.js'

/** Seconds per year: volatility and drift are annual, year = 365 d. */
export const SECONDS_PER_YEAR = 31_536_000

/**
 * One asset's model with resolved numbers (validated by `createModelSource`). Units: `drift`,
 * `volatility` annual (per 365-day year); `jumpIntensity` jumps per year; `jumpMean`,
 * `jumpStdDev` of the log jump; `halfLife`, `at` in seconds (`at` from the path's start); `level`,
 * `end` in numeraire units; `factor`, `size` fractions of the price.
 */
export type AssetModel =
  | { model: 'numeraire' }
  | { model: 'constant' }
  | { model: 'gbm'; drift: number; volatility: number }
  | {
      model: 'jump-diffusion'
      drift: number
      volatility: number
      jumpIntensity: number
      jumpMean: number
      jumpStdDev: number
    }
  | {
      model: 'regime-switching'
      drift: number
      volatility: number
      crisisDrift: number
      crisisVolatility: number
    }
  | {
      model: 'ou'
      level: number
      halfLife: number
      volatility: number
      shock?: { at: number; size: number } | undefined
    }
  | {
      model: 'bootstrap'
      /** Log returns of the history, one per history step. */
      returns: Float64Array
      /** Steps per resampled block. */
      blockLength: number
    }
  | { model: 'ramp'; end: number }
  | { model: 'step'; at: number; factor: number }

/** The shared two-state Markov chain of regime-switching assets (mean durations in seconds). */
export interface RegimeChain {
  calmDuration: number
  crisisDuration: number
  startRegime: 'calm' | 'crisis'
}

/** Everything a synthetic source needs, validated; `start` and `assets` by token index. */
export interface SyntheticOptions {
  tokens: readonly string[]
  numeraire: string
  /** Numeraire units per token unit at the first point. */
  start: readonly number[]
  assets: readonly AssetModel[]
  /** Seconds between points, > 0. */
  dt: number
  /** Price points, the first included, >= 1. */
  steps: number
  /** Unix seconds of the first point. */
  startTime: number
  /** Correlation of the Gaussian parts over the tokens with a Gaussian model, in token order. */
  correlation?: readonly (readonly number[])[] | undefined
  regimes?: RegimeChain | undefined
}

/** Steps generated per internal chunk when the caller's buffer is larger (bounds scratch memory). */
const MAX_CHUNK = 16_384

/** Models driven by a Brownian motion, whose normals the correlation mixes. */
const GAUSSIAN_MODELS = new Set(['gbm', 'jump-diffusion', 'regime-switching', 'ou'])

/**
 * A lazily generated synthetic path. Assumes validated options (see `createModelSource`, which
 * validates and calls this).
 * @param options - the resolved per-asset models and grid
 * @param seed - a safe integer
 * @param stream - keys of this path's stream (purpose, sweep cell, path index)
 * @returns a source whose readers all give the same numbers
 * @example createSyntheticSource({ tokens: ['ETH', 'USDC'], numeraire: 'USDC', start: [2000, 1], assets: [{ model: 'gbm', drift: 0, volatility: 0.8 }, { model: 'numeraire' }], dt: 12, steps: 1000, startTime: 0 }, 42)
 */
export function createSyntheticSource(
  options: SyntheticOptions,
  seed: number,
  ...stream: (string | number)[]
): PriceSource {
  const gaussian: number[] = []
  options.assets.forEach((asset, k) => {
    if (GAUSSIAN_MODELS.has(asset.model)) gaussian.push(k)
  })
  // An identity matrix (independent assets) needs no mixing: z' = I z is z, bit for bit.
  const factor =
    options.correlation === undefined || isIdentity(options.correlation)
      ? undefined
      : correlationFactor(options.correlation)
  return {
    tokens: options.tokens,
    numeraire: options.numeraire,
    steps: options.steps,
    startTime: options.startTime,
    dt: options.dt,
    open: () => new SyntheticReader(options, gaussian, factor, seed, stream),
  }
}

/** Per-asset constants and state of a reader, in flat arrays indexed by token. */
class SyntheticReader implements PriceReader {
  private readonly nTokens: number
  /** Log price (or price for shapes) carried between chunks. */
  private readonly logPrice: Float64Array
  /** GBM: the price itself, carried between chunks (its steps multiply it). */
  private readonly level: Float64Array
  private readonly diffusion: (Rng | undefined)[]
  private readonly jumps: (Rng | undefined)[]
  private readonly bootstrap: (Rng | undefined)[]
  private readonly regimeRng: Rng | undefined
  /** Bootstrap: current block's first return index, and position in it (blockLength = new block). */
  private readonly blockStart: Float64Array
  private readonly blockPosition: Float64Array
  private normals = new Float64Array(0)
  private uniforms = new Float64Array(0)
  private regimeOf = new Uint8Array(0)
  private regime: number
  private position = 0

  constructor(
    private readonly options: SyntheticOptions,
    private readonly gaussian: readonly number[],
    private readonly factor: Float64Array | undefined,
    seed: number,
    stream: readonly (string | number)[],
  ) {
    const { tokens, assets } = options
    this.nTokens = tokens.length
    this.logPrice = new Float64Array(this.nTokens)
    this.level = Float64Array.from(options.start)
    this.blockStart = new Float64Array(this.nTokens)
    this.blockPosition = new Float64Array(this.nTokens)
    this.diffusion = assets.map((asset, k) =>
      GAUSSIAN_MODELS.has(asset.model)
        ? createRng(seed, ...stream, 'diffusion', tokens[k]!)
        : undefined,
    )
    this.jumps = assets.map((asset, k) =>
      // Stryker disable next-line ConditionalExpression: forced true it also makes jump streams for the other assets, which only jump-diffusion reads (streams are independent)
      asset.model === 'jump-diffusion'
        ? createRng(seed, ...stream, 'jumps', tokens[k]!)
        : undefined,
    )
    // Every bootstrap asset draws the same uniforms: with histories of one length they resample
    // the same blocks, which keeps the historical cross-dependence between assets.
    this.bootstrap = assets.map((asset) =>
      // Stryker disable next-line ConditionalExpression: forced true it also makes the bootstrap stream for the other assets, which only bootstrap assets read
      asset.model === 'bootstrap' ? createRng(seed, ...stream, 'bootstrap') : undefined,
    )
    this.regimeRng = assets.some((asset) => asset.model === 'regime-switching')
      ? createRng(seed, ...stream, 'regimes')
      : undefined
    this.regime = options.regimes?.startRegime === 'crisis' ? 1 : 0
    assets.forEach((asset, k) => {
      this.logPrice[k] = Math.log(options.start[k]!)
      // Stryker disable next-line ConditionalExpression: forced true it stores NaN (blockLength undefined) for the other assets, whose block position only bootstrap reads
      if (asset.model === 'bootstrap') this.blockPosition[k] = asset.blockLength
    })
  }

  next(prices: Float64Array, times: Float64Array): number {
    const { steps, dt, startTime } = this.options
    const total = Math.min(times.length, steps - this.position)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut only: with total = 0 the loops below do nothing and 0 is returned (total is never negative)
    if (total <= 0) return 0
    let done = 0
    while (done < total) {
      const count = Math.min(MAX_CHUNK, total - done)
      this.chunk(prices, done, count)
      done += count
    }
    const first = this.position
    // Stryker disable next-line EqualityOperator: `i <= total` writes one time past the rows returned, which the read does not return (or past the buffer's end: ignored)
    for (let i = 0; i < total; i++) times[i] = startTime + (first + i) * dt
    this.position += total
    return total
  }

  /** Writes `count` rows starting at row `offset` of `prices`, for path steps from `position`. */
  private chunk(prices: Float64Array, offset: number, count: number): void {
    const n = this.nTokens
    const step0 = this.position + offset
    // Row 0 of the path is the start; transitions (random draws) begin with row 1.
    const skip = step0 === 0 ? 1 : 0
    const transitions = count - skip
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: every column below rewrites each row it is given, so start prices written anyway are overwritten; skip is 1 only at offset 0, where offset / n = offset * n
    if (skip === 1) for (let k = 0; k < n; k++) prices[offset * n + k] = this.startPrice(k)
    // Stryker disable next-line ConditionalExpression: a shortcut only: zero transitions draw nothing (empty fills consume no random numbers) and every column loop is empty
    if (transitions === 0) return
    this.drawNormals(transitions)
    if (this.regimeRng !== undefined) this.drawRegimes(transitions)
    const base = offset + skip // first row written by a transition
    const firstStep = step0 + skip // path step index of that row
    const assets = this.options.assets
    for (let k = 0; k < this.nTokens; k++)
      this.column(
        assets[k]!,
        k,
        prices,
        base,
        firstStep,
        transitions,
        this.gaussianColumn(k, transitions),
      )
  }

  /** Price of token k at step 0. */
  private startPrice(k: number): number {
    const asset = this.options.assets[k]!
    // Stryker disable next-line ConditionalExpression,StringLiteral: the numeraire's start is 1 (validated by createModelSource), so start[k] is the same 1
    if (asset.model === 'numeraire') return 1
    return this.options.start[k]!
  }

  /** Fills per-asset normals (asset-major, `transitions` each), then correlates them in place. */
  private drawNormals(transitions: number): void {
    const m = this.gaussian.length
    // Stryker disable next-line ConditionalExpression: a shortcut only: with no Gaussian asset nothing is drawn, and there is no correlation to mix (it is over Gaussian assets)
    if (m === 0) return
    // Stryker disable next-line ConditionalExpression,EqualityOperator: reallocating when the buffer is already large enough changes nothing: the used part is filled in full below
    if (this.normals.length < m * transitions) this.normals = new Float64Array(m * transitions)
    const normals = this.normals
    for (let g = 0; g < m; g++)
      this.diffusion[this.gaussian[g]!]!.fillNormal(
        normals.subarray(g * transitions, (g + 1) * transitions),
      )
    const factor = this.factor
    if (factor === undefined) return
    // z' = L z per step; L is lower triangular, so computing rows from last to first reads only
    // entries not yet overwritten and needs no scratch row.
    for (let i = 0; i < transitions; i++)
      // Stryker disable next-line ArithmeticOperator: `g = m + 1` first computes rows m + 1 and m (NaN, from past the factor) into normals[(m + 1) t + i] and normals[m t + i], outside the m t entries read, before the real rows
      for (let g = m - 1; g >= 0; g--) {
        let sum = 0
        for (let h = 0; h <= g; h++) sum += factor[g * m + h]! * normals[h * transitions + i]!
        normals[g * transitions + i] = sum
      }
  }

  /** The regime (0 calm, 1 crisis) in force over each transition, then the chain moves on. */
  private drawRegimes(transitions: number): void {
    const { calmDuration, crisisDuration } = this.options.regimes!
    // Stryker disable next-line ConditionalExpression,EqualityOperator: reallocating when the buffers are already large enough changes nothing: the used parts are written in full below
    if (this.uniforms.length < transitions) {
      this.uniforms = new Float64Array(transitions)
      this.regimeOf = new Uint8Array(transitions)
    }
    const uniforms = this.uniforms.subarray(0, transitions)
    this.regimeRng!.fillFloat(uniforms)
    // Exact transition probabilities of the continuous-time chain over dt with rates
    // a = 1/calmDuration (calm -> crisis), b = 1/crisisDuration: P = a/(a+b) (1 - e^{-(a+b) dt}).
    const a = 1 / calmDuration
    const b = 1 / crisisDuration
    const decay = -Math.expm1(-(a + b) * this.options.dt)
    const toCrisis = (a / (a + b)) * decay
    const toCalm = (b / (a + b)) * decay
    let regime = this.regime
    const regimeOf = this.regimeOf
    // Stryker disable next-line EqualityOperator: `i <= transitions` writes regimeOf past the used part, and u = undefined there leaves the regime as it is (`undefined < p` is false)
    for (let i = 0; i < transitions; i++) {
      regimeOf[i] = regime
      const u = uniforms[i]!
      if (regime === 0) regime = u < toCrisis ? 1 : 0
      else regime = u < toCalm ? 0 : 1
    }
    this.regime = regime
  }

  /** Offset of asset k's normals in the buffer, or -1 when it has none. */
  private gaussianColumn(k: number, transitions: number): number {
    const g = this.gaussian.indexOf(k)
    // Stryker disable next-line ConditionalExpression,UnaryOperator: -1 is never read: only Gaussian assets (g >= 0) use their normals' offset
    return g < 0 ? -1 : g * transitions
  }

  /** Writes asset k's prices for `count` transitions into rows base..base+count-1. */
  private column(
    asset: AssetModel,
    k: number,
    prices: Float64Array,
    base: number,
    firstStep: number,
    count: number,
    zOffset: number,
  ): void {
    const n = this.nTokens
    const { dt, steps } = this.options
    const z = this.normals
    const start = this.options.start[k]!
    let x = this.logPrice[k]!
    let row = base * n + k
    const end = row + count * n
    switch (asset.model) {
      // Stryker disable next-line ConditionalExpression: the numeraire's start is 1 (validated), so falling through to 'constant' writes the same 1
      case 'numeraire':
        // Stryker disable next-line EqualityOperator: `row <= end` writes one row past the chunk, which the next chunk overwrites or the read does not return
        for (; row < end; row += n) prices[row] = 1
        return
      case 'constant':
        // Stryker disable next-line EqualityOperator: `row <= end` writes one row past the chunk, which the next chunk overwrites or the read does not return
        for (; row < end; row += n) prices[row] = start
        return
      case 'ramp': {
        // start + (end - start) * s / (steps - 1), and `end` itself at the last point (the
        // formula can miss it by an ulp).
        const span = asset.end - start
        const last = steps - 1
        // Stryker disable next-line EqualityOperator: `row <= end` writes one row past the chunk, which the next chunk overwrites or the read does not return
        for (let s = firstStep; row < end; row += n, s++)
          prices[row] = s === last ? asset.end : start + (span * s) / last
        return
      }
      case 'step': {
        const jumpAt = shockStep(asset.at, dt)
        const after = start * asset.factor
        // Stryker disable next-line EqualityOperator: `row <= end` writes one row past the chunk, which the next chunk overwrites or the read does not return
        for (let s = firstStep; row < end; row += n, s++) prices[row] = s >= jumpAt ? after : start
        return
      }
      case 'gbm': {
        // Exact solution: ln S grows by s = (mu - sigma^2/2) dt + sigma sqrt(dt) Z per step, so
        // S' = S e^s. The price itself is carried (not ln S): e^s by a series for the small
        // steps of short dt (no Math.exp per price), Math.expm1 otherwise.
        const years = dt / SECONDS_PER_YEAR
        const driftStep = (asset.drift - 0.5 * asset.volatility ** 2) * years
        const sigmaStep = asset.volatility * Math.sqrt(years)
        let price = this.level[k]!
        for (let i = zOffset; row < end; row += n, i++) {
          const s = driftStep + sigmaStep * z[i]!
          price += price * expm1Small(s)
          prices[row] = price
        }
        this.level[k] = price
        return
      }
      case 'jump-diffusion': {
        // Merton: ln S grows by (mu - sigma^2/2 - lambda kappa) dt + sigma sqrt(dt) Z + sum of N
        // log jumps ~ N(m, s^2), N ~ Poisson(lambda dt), kappa = E[e^J - 1] = e^{m + s^2/2} - 1,
        // so E[S_t] = S_0 e^{mu t}.
        const years = dt / SECONDS_PER_YEAR
        const kappa = Math.expm1(asset.jumpMean + 0.5 * asset.jumpStdDev ** 2)
        const driftStep =
          (asset.drift - 0.5 * asset.volatility ** 2 - asset.jumpIntensity * kappa) * years
        const sigmaStep = asset.volatility * Math.sqrt(years)
        const jumpRate = asset.jumpIntensity * years
        const { jumpMean, jumpStdDev } = asset
        const rng = this.jumps[k]!
        for (let i = zOffset; row < end; row += n, i++) {
          x += driftStep + sigmaStep * z[i]!
          const jumps = rng.nextPoisson(jumpRate)
          // The sum of N normal log jumps is N(N m, N s^2): one normal per step with jumps.
          if (jumps > 0) x += jumps * jumpMean + jumpStdDev * Math.sqrt(jumps) * rng.nextNormal()
          prices[row] = Math.exp(x)
        }
        break
      }
      case 'regime-switching': {
        const years = dt / SECONDS_PER_YEAR
        const sqrtYears = Math.sqrt(years)
        const calmDrift = (asset.drift - 0.5 * asset.volatility ** 2) * years
        const calmSigma = asset.volatility * sqrtYears
        const crisisDrift = (asset.crisisDrift - 0.5 * asset.crisisVolatility ** 2) * years
        const crisisSigma = asset.crisisVolatility * sqrtYears
        const regimeOf = this.regimeOf
        for (let i = zOffset, t = 0; row < end; row += n, i++, t++) {
          x += regimeOf[t] === 0 ? calmDrift + calmSigma * z[i]! : crisisDrift + crisisSigma * z[i]!
          prices[row] = Math.exp(x)
        }
        break
      }
      case 'ou': {
        // Exact OU on the log price x around m = ln level, kappa = ln 2 / halfLife (per second):
        // x' = m + (x - m) e^{-kappa dt} + sigma sqrt((1 - e^{-2 kappa dt}) / (2 kappa)) Z,
        // sigma^2 per second = volatility^2 / year.
        const kappa = Math.LN2 / asset.halfLife
        const keep = Math.exp(-kappa * dt)
        const sd =
          asset.volatility *
          Math.sqrt(-Math.expm1(-2 * kappa * dt) / (2 * kappa * SECONDS_PER_YEAR))
        const mean = Math.log(asset.level)
        // Stryker disable next-line UnaryOperator: without a shock shockLog is 0, so adding it at step 1 changes nothing
        const shockAt = asset.shock === undefined ? -1 : shockStep(asset.shock.at, dt)
        const shockLog = asset.shock === undefined ? 0 : Math.log1p(asset.shock.size)
        for (let i = zOffset, s = firstStep; row < end; row += n, i++, s++) {
          x = mean + (x - mean) * keep + sd * z[i]!
          if (s === shockAt) x += shockLog
          prices[row] = Math.exp(x)
        }
        break
      }
      case 'bootstrap': {
        const { returns, blockLength } = asset
        const blocks = returns.length - blockLength + 1
        const rng = this.bootstrap[k]!
        let blockStart = this.blockStart[k]!
        let position = this.blockPosition[k]!
        for (; row < end; row += n) {
          if (position === blockLength) {
            // Moving-block bootstrap: a new block starts at a uniform index of the history.
            blockStart = Math.floor(rng.nextFloat() * blocks)
            position = 0
          }
          x += returns[blockStart + position]!
          position++
          prices[row] = Math.exp(x)
        }
        this.blockStart[k] = blockStart
        this.blockPosition[k] = position
        break
      }
    }
    this.logPrice[k] = x
  }
}

/** Whether a square matrix is the identity (exact 1 on the diagonal, exact 0 elsewhere). */
// Stryker disable next-line BlockStatement: an empty body answers undefined, i.e. not the identity: the same mixing as below
function isIdentity(matrix: readonly (readonly number[])[]): boolean {
  // Stryker disable next-line all: a shortcut only; answering false mixes by the Cholesky factor of I, which is I, giving z bit for bit (`r === c` forced true, which calls an all-ones matrix the identity, is killed by source.kill.test.ts)
  return matrix.every((row, r) => row.every((value, c) => value === (r === c ? 1 : 0)))
}

/** Below this |s| {@link expm1Small} uses its series (2^-7). */
const EXPM1_SERIES_LIMIT = 0.0078125

/**
 * `e^s - 1`: for |s| < 2^-7 the Taylor series to s^7 (truncation below s^8 / 8! < 2e-21, far
 * below an ulp of 1), `Math.expm1` otherwise. With `S += S expm1Small(s)` a GBM step costs a
 * polynomial instead of a `Math.exp`, and the rounding is that of one multiply-add on S.
 */
function expm1Small(s: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator,BlockStatement: which of the series and Math.expm1 computes e^s - 1 (or at the edge) changes a step by an ulp at most
  if (s > -EXPM1_SERIES_LIMIT && s < EXPM1_SERIES_LIMIT) {
    // Estrin's scheme: a shorter dependency chain than Horner's.
    const s2 = s * s
    const s4 = s2 * s2
    return (
      s + s2 * (0.5 + s * (1 / 6)) + s4 * (1 / 24 + s * (1 / 120) + s2 * (1 / 720 + s * (1 / 5040)))
    )
  }
  return Math.expm1(s)
}

/** First step index whose time from the start is at least `at` seconds (ulp-safe for at = s dt). */
export function shockStep(at: number, dt: number): number {
  return Math.max(0, Math.ceil(at / dt - 1e-9))
}
