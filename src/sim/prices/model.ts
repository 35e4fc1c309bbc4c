/**
 * Synthetic price models as plain-data specs, and the dispatcher that validates one and returns
 * its {@link PriceSource}. The scenario layer maps a scenario's `prices` object onto
 * {@link ModelSpec} (durations already in seconds); error paths start with `prices.`.
 */
import { InputError, fmt } from '../../errors.js'
import { sourceFromPath } from './path.js'
import { validateCorrelation } from './synthetic/correlation.js'
import { createSyntheticSource, type AssetModel, type RegimeChain } from './synthetic/source.js'
import type { PricePath, PriceSource } from './types.js'

/** Root of the JSON paths in error messages: the scenario's `prices` object. */
const ROOT = 'prices'
/** Points allowed in one path (2^31 - 1 keeps step indices exact and buffers addressable). */
const MAX_STEPS = 2_147_483_647

/**
 * First point of a synthetic path when none is given: 2025-01-01T00:00:00Z in Unix seconds, the
 * same default as a scenario file's `prices.startTime`.
 */
export const DEFAULT_START_TIME = 1_735_689_600

/** Per-symbol numbers, e.g. `{ "ETH": 0.8 }`. */
export type PerToken = Readonly<Record<string, number>>

/** Grid, tokens and correlation shared by every model spec. */
export interface CommonSpec {
  /** Symbol prices are quoted in; if it is among the tokens its price is constantly 1. */
  numeraire: string
  /** Numeraire units per token unit at the first point; its keys are the tokens (in order). */
  start: PerToken
  /** Token order of the path; default the keys of `start`. */
  tokens?: readonly string[]
  /** Seconds between points, > 0 (12 for a block, 86400 for a day). */
  dt: number
  /** Seconds covered: the path has floor(horizon / dt) + 1 points. Give this or `steps`. */
  horizon?: number
  /** Price points, the first included (>= 1). Give this or `horizon`. */
  steps?: number
  /** Unix seconds of the first point; default {@link DEFAULT_START_TIME} (2025-01-01 UTC). */
  startTime?: number
  /**
   * Correlation of the Gaussian (Brownian) parts: rows and columns follow the non-numeraire
   * tokens in order; rows of tokens without a Gaussian part are ignored after validation.
   */
  correlation?: readonly (readonly number[])[]
}

/** Geometric Brownian motion per token: dS/S = drift dt + volatility dW (annual). */
export interface GbmSpec extends CommonSpec {
  model: 'gbm'
  /** Annual drift mu per token; default 0. */
  drift?: PerToken
  /** Annual volatility sigma of log returns per token, >= 0 (required per non-numeraire token). */
  volatility: PerToken
}

/** Merton jump-diffusion: GBM plus Poisson jumps with normal log sizes, drift compensated. */
export interface JumpDiffusionSpec extends CommonSpec {
  model: 'jump-diffusion'
  drift?: PerToken
  volatility: PerToken
  /** Expected jumps per year, >= 0. */
  jumpIntensity: PerToken
  /** Mean of the log jump size; default 0. */
  jumpMean?: PerToken
  /** Standard deviation of the log jump size, >= 0. */
  jumpStdDev: PerToken
}

/** Calm and crisis regimes of one shared 2-state Markov chain. */
export interface RegimeSpec {
  /** Mean seconds spent in calm before a crisis starts, > 0. */
  calmDuration: number
  /** Mean seconds a crisis lasts, > 0. */
  crisisDuration: number
  /** Regime at the first point; default `'calm'`. */
  startRegime?: 'calm' | 'crisis'
}

/** GBM whose drift and volatility switch between calm and crisis values. */
export interface RegimeSwitchingSpec extends CommonSpec, RegimeSpec {
  model: 'regime-switching'
  /** Calm annual drift; default 0. */
  drift?: PerToken
  /** Calm annual volatility. */
  volatility: PerToken
  /** Crisis annual drift; default 0. */
  crisisDrift?: PerToken
  /** Crisis annual volatility. */
  crisisVolatility: PerToken
}

/** A scheduled depeg: at `at` seconds after the start the price jumps by `size`, then reverts. */
export interface ShockSpec {
  /** Seconds after the first point, > 0; applied at the first point at or after it. */
  at: number
  /** Fraction of the price, > -1 (-0.1 = a 10 % drop). */
  size: number
}

/** Ornstein-Uhlenbeck on the log price around ln(level), for pegged assets. */
export interface OuSpec extends CommonSpec {
  model: 'ou'
  /** Peg in numeraire units per token; default 1. */
  level?: PerToken
  /** Seconds for a deviation of the log price to halve, > 0. */
  halfLife: PerToken
  /** Annual volatility of the log price's noise, >= 0. */
  volatility: PerToken
  shock?: Readonly<Record<string, ShockSpec>>
}

/** Moving-block bootstrap of the log returns of a historical path. */
export interface BootstrapSpec extends Omit<CommonSpec, 'start' | 'numeraire' | 'dt'> {
  model: 'bootstrap'
  /** The history: its tokens are the default tokens, its step the path's step. */
  history: PricePath
  /** Steps per resampled block, 1 to the history's returns. */
  blockLength: number
  /** Default: the history's numeraire. */
  numeraire?: string
  /** Default per token: the history's first price. */
  start?: PerToken
  /** Must equal the history's step (its median spacing) if given. */
  dt?: number
}

/** A flat path at the start prices. */
export interface ConstantSpec extends CommonSpec {
  model: 'constant'
}

/** A straight line from `start` to `end` over the path. */
export interface RampSpec extends CommonSpec {
  model: 'ramp'
  /** Price at the last point per non-numeraire token, > 0. */
  end: PerToken
}

/** A single jump: price = start before `at`, start * factor from then on. */
export interface StepSpec extends CommonSpec {
  model: 'step'
  /** Seconds after the first point, > 0. */
  at: number
  /** Multiplier per token, > 0 (0.5 = crash by half, 2 = pump); default 1. */
  factor: PerToken
}

/** One token's model inside a {@link MixedSpec}, with scalar parameters (same names and units). */
export type AssetSpec =
  | { model: 'constant' }
  | { model: 'gbm'; drift?: number; volatility: number }
  | {
      model: 'jump-diffusion'
      drift?: number
      volatility: number
      jumpIntensity: number
      jumpMean?: number
      jumpStdDev: number
    }
  | {
      model: 'regime-switching'
      drift?: number
      volatility: number
      crisisDrift?: number
      crisisVolatility: number
    }
  | { model: 'ou'; level?: number; halfLife: number; volatility: number; shock?: ShockSpec }
  | { model: 'bootstrap'; history: PricePath; symbol?: string; blockLength: number }
  | { model: 'ramp'; end: number }
  | { model: 'step'; at: number; factor: number }

/** Different models per token in one path (e.g. ETH GBM + DAI OU); correlation links the Gaussian parts. */
export interface MixedSpec extends CommonSpec, Partial<RegimeSpec> {
  model: 'mixed'
  /** A model per non-numeraire token. */
  assets: Readonly<Record<string, AssetSpec>>
}

/** Any synthetic model, discriminated by `model`. */
export type ModelSpec =
  | GbmSpec
  | JumpDiffusionSpec
  | RegimeSwitchingSpec
  | OuSpec
  | BootstrapSpec
  | ConstantSpec
  | RampSpec
  | StepSpec
  | MixedSpec

/** The model names {@link createModelSource} accepts. */
export const MODEL_NAMES = [
  'gbm',
  'jump-diffusion',
  'regime-switching',
  'ou',
  'bootstrap',
  'constant',
  'ramp',
  'step',
  'mixed',
] as const

/**
 * Validates a model spec and returns its lazily generated, seeded price source.
 * @param spec - plain data; times in seconds, drift and volatility annual, prices in numeraire units
 * @param seed - a safe integer
 * @param stream - keys of the path's stream (e.g. `'prices'`, sweep cell, path index)
 * @returns a source; each `open()` gives the same path
 * @throws {InputError} `BAD_PARAMETER` naming the JSON path (`prices.volatility.ETH`), expected
 * and found; `NOT_PSD` for a correlation matrix that is not symmetric, unit-diagonal or positive
 * semi-definite; `MISSING_ASSET` for a token missing from a bootstrap history
 * @example createModelSource({ model: 'gbm', numeraire: 'USDC', start: { ETH: 2000, USDC: 1 }, volatility: { ETH: 0.8 }, drift: { ETH: 0 }, dt: 12, horizon: 31_536_000 }, 42, 'prices')
 */
export function createModelSource(
  spec: ModelSpec,
  seed: number,
  ...stream: (string | number)[]
): PriceSource {
  if (typeof spec !== 'object' || (spec as unknown) === null)
    throw new InputError(
      'BAD_PARAMETER',
      { path: ROOT },
      `expected an object, found ${JSON.stringify(spec)}`,
    )
  const model = (spec as { model?: unknown }).model
  if (!MODEL_NAMES.includes(model as ModelSpec['model']))
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.model` },
      `expected one of ${MODEL_NAMES.join(', ')}, found ${JSON.stringify(model)}`,
    )
  const history =
    spec.model === 'bootstrap' ? checkHistory(spec.history, `${ROOT}.history`) : undefined
  const dt = resolveDt(spec, history)
  const tokens = resolveTokens(spec, history)
  const numeraire = spec.numeraire ?? history?.numeraire
  if (typeof numeraire !== 'string' || numeraire === '')
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.numeraire` },
      `expected a symbol, found ${JSON.stringify(numeraire)}`,
    )
  const steps = resolveSteps(spec, dt)
  const startTime = spec.startTime ?? DEFAULT_START_TIME
  checkNumber(startTime, `${ROOT}.startTime`, 'a finite number of Unix seconds', () => true)
  const risky = tokens.filter((token) => token !== numeraire)
  checkKeys(spec, risky)
  const start = tokens.map((token) => resolveStart(spec, token, numeraire, history))
  const assets = tokens.map((token) =>
    token === numeraire
      ? ({ model: 'numeraire' } as const)
      : resolveAsset(spec, token, dt, history),
  )
  const regimes = assets.some((asset) => asset.model === 'regime-switching')
    ? resolveRegimes(spec)
    : undefined
  let correlation: number[][] | undefined
  if (spec.correlation !== undefined) {
    validateCorrelation(spec.correlation, risky, `${ROOT}.correlation`)
    // Keep the rows and columns of tokens with a Gaussian part, in token order.
    const keep = risky
      .map((token, r) => ({ r, asset: assets[tokens.indexOf(token)]! }))
      .filter(({ asset }) => GAUSSIAN.has(asset.model))
      .map(({ r }) => r)
    correlation = keep.map((r) => keep.map((c) => spec.correlation![r]![c]!))
  }
  return createSyntheticSource(
    { tokens, numeraire, start, assets, dt, steps, startTime, correlation, regimes },
    seed,
    ...stream,
  )
}

/**
 * A GBM path source: the {@link GbmSpec} without `model`. The engine's benchmark entry point.
 * @param spec - start prices, annual drift and volatility per token, dt and horizon in seconds
 * @param seed - a safe integer
 * @param stream - stream keys
 * @returns a lazily generated source (over 20 M prices/s)
 * @throws {InputError} as {@link createModelSource}
 * @example createGbmSource({ numeraire: 'USDC', start: { ETH: 2000, USDC: 1 }, volatility: { ETH: 0.8 }, dt: 12, steps: 10_000_000 }, 1)
 */
export function createGbmSource(
  spec: Omit<GbmSpec, 'model'>,
  seed: number,
  ...stream: (string | number)[]
): PriceSource {
  return createModelSource({ ...spec, model: 'gbm' }, seed, ...stream)
}

const GAUSSIAN = new Set(['gbm', 'jump-diffusion', 'regime-switching', 'ou'])

/** Per-symbol map fields of each single-model spec (for unknown-key checks). */
const MAP_FIELDS: Readonly<Record<ModelSpec['model'], readonly string[]>> = {
  gbm: ['drift', 'volatility'],
  'jump-diffusion': ['drift', 'volatility', 'jumpIntensity', 'jumpMean', 'jumpStdDev'],
  'regime-switching': ['drift', 'volatility', 'crisisDrift', 'crisisVolatility'],
  ou: ['level', 'halfLife', 'volatility', 'shock'],
  bootstrap: [],
  constant: [],
  ramp: ['end'],
  step: ['factor'],
  mixed: ['assets'],
}

function resolveDt(spec: ModelSpec, history: PricePath | undefined): number {
  if (history !== undefined) {
    const step = sourceFromPath(history).dt
    if (spec.dt !== undefined && Math.abs(spec.dt - step) > 1e-9 * step)
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${ROOT}.dt` },
        `expected the history's step ${fmt(step)} s (returns are resampled per step), found ${fmt(spec.dt)}`,
      )
    return step
  }
  return checkNumber(spec.dt, `${ROOT}.dt`, 'seconds > 0', (v) => v > 0)
}

function resolveTokens(spec: ModelSpec, history: PricePath | undefined): string[] {
  const start: PerToken | undefined = spec.start // may be absent in untyped input
  const tokens: unknown =
    spec.tokens ?? (spec.model === 'bootstrap' ? history?.tokens : Object.keys(start ?? {}))
  if (!Array.isArray(tokens) || tokens.length === 0)
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.${spec.tokens ? 'tokens' : 'start'}` },
      'expected at least one token',
    )
  const symbols: string[] = []
  tokens.forEach((token: unknown, i) => {
    if (typeof token !== 'string' || token === '' || symbols.includes(token))
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${ROOT}.tokens[${i}]` },
        `expected a distinct symbol, found ${JSON.stringify(token)}`,
      )
    symbols.push(token)
  })
  return symbols
}

function resolveSteps(spec: ModelSpec, dt: number): number {
  if ((spec.steps === undefined) === (spec.horizon === undefined))
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.horizon` },
      `expected exactly one of horizon and steps, found ${spec.steps === undefined ? 'neither' : 'both'}`,
    )
  if (spec.steps !== undefined)
    return checkNumber(
      spec.steps,
      `${ROOT}.steps`,
      `an integer from 1 to ${MAX_STEPS}`,
      (v) => Number.isInteger(v) && v >= 1 && v <= MAX_STEPS,
    )
  const horizon = checkNumber(spec.horizon, `${ROOT}.horizon`, 'seconds >= 0', (v) => v >= 0)
  // The tolerance lets 365 d / 12 s count all its steps despite rounding in the caller's units.
  const steps = Math.floor(horizon / dt + 1e-9) + 1
  if (steps > MAX_STEPS)
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.horizon` },
      `expected at most ${MAX_STEPS} points, found ${steps} (horizon ${fmt(horizon)} s / dt ${fmt(dt)} s)`,
    )
  return steps
}

function resolveStart(
  spec: ModelSpec,
  token: string,
  numeraire: string,
  history: PricePath | undefined,
): number {
  const path = `${ROOT}.start.${token}`
  const given = spec.start?.[token]
  if (token === numeraire) {
    if (given !== undefined && given !== 1)
      throw new InputError(
        'BAD_PARAMETER',
        { path },
        `expected 1 for the numeraire, found ${fmt(given)}`,
      )
    return 1
  }
  if (given === undefined && history !== undefined) {
    const column = historyColumn(history, token, `${ROOT}.history`)
    return history.prices[column]!
  }
  if (given === undefined)
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      `expected a start price for ${token}, found none`,
    )
  return checkNumber(given, path, 'a price > 0', (v) => v > 0)
}

/** The per-asset model of `token`, from a single-model spec's maps or a mixed spec's entry. */
function resolveAsset(
  spec: ModelSpec,
  token: string,
  dt: number,
  history: PricePath | undefined,
): AssetModel {
  if (spec.model === 'mixed') {
    const entry = (spec.assets as Readonly<Record<string, AssetSpec | undefined>> | undefined)?.[
      token
    ]
    const path = `${ROOT}.assets.${token}`
    if (typeof entry !== 'object')
      throw new InputError('BAD_PARAMETER', { path }, `expected a model for ${token}, found none`)
    return assetFromFields(
      entry.model,
      (field) => (entry as Record<string, unknown>)[field],
      (field) => `${path}.${field}`,
      { token, dt, modelPath: path },
    )
  }
  if (spec.model === 'bootstrap') {
    const returns = logReturns(history!, token, `${ROOT}.history`)
    return {
      model: 'bootstrap',
      returns,
      blockLength: checkBlock(spec.blockLength, returns, `${ROOT}.blockLength`),
    }
  }
  if (spec.model === 'step') checkNumber(spec.at, `${ROOT}.at`, 'seconds > 0', (v) => v > 0)
  const maps = spec as unknown as Record<string, unknown>
  return assetFromFields(
    spec.model,
    (field) => {
      if (field === 'at' && spec.model === 'step') return spec.at
      const map = maps[field]
      return typeof map === 'object' && map !== null ? (map as Record<string, unknown>)[token] : map
    },
    (field) => (field === 'at' ? `${ROOT}.at` : `${ROOT}.${field}.${token}`),
    { token, dt, modelPath: ROOT },
  )
}

/** Builds and checks one asset's model from a field reader (shared by single and mixed specs). */
function assetFromFields(
  model: unknown,
  read: (field: string) => unknown,
  pathOf: (field: string) => string,
  context: { token: string; dt: number; modelPath: string },
): AssetModel {
  const { token, dt, modelPath } = context
  const num = (field: string, expected: string, ok: (v: number) => boolean, fallback?: number) => {
    const value = read(field)
    if (value === undefined && fallback !== undefined) return fallback
    if (value === undefined)
      throw new InputError(
        'BAD_PARAMETER',
        { path: pathOf(field) },
        `expected ${expected} for ${token}, found none`,
      )
    return checkNumber(value, pathOf(field), expected, ok)
  }
  const finite = () => true
  const nonNegative = (v: number) => v >= 0
  const positive = (v: number) => v > 0
  switch (model) {
    case 'constant':
      return { model: 'constant' }
    case 'gbm':
      return {
        model: 'gbm',
        drift: num('drift', 'an annual drift', finite, 0),
        volatility: num('volatility', 'an annual volatility >= 0', nonNegative),
      }
    case 'jump-diffusion':
      return {
        model: 'jump-diffusion',
        drift: num('drift', 'an annual drift', finite, 0),
        volatility: num('volatility', 'an annual volatility >= 0', nonNegative),
        jumpIntensity: num('jumpIntensity', 'jumps per year >= 0', nonNegative),
        jumpMean: num('jumpMean', 'a mean log jump', finite, 0),
        jumpStdDev: num('jumpStdDev', 'a log-jump standard deviation >= 0', nonNegative),
      }
    case 'regime-switching':
      return {
        model: 'regime-switching',
        drift: num('drift', 'an annual drift', finite, 0),
        volatility: num('volatility', 'an annual volatility >= 0', nonNegative),
        crisisDrift: num('crisisDrift', 'an annual drift', finite, 0),
        crisisVolatility: num('crisisVolatility', 'an annual volatility >= 0', nonNegative),
      }
    case 'ou': {
      const shock = read('shock')
      let resolved: { at: number; size: number } | undefined
      if (shock !== undefined) {
        if (typeof shock !== 'object' || shock === null)
          throw new InputError(
            'BAD_PARAMETER',
            { path: pathOf('shock') },
            `expected { at, size }, found ${JSON.stringify(shock)}`,
          )
        const { at, size } = shock as { at?: unknown; size?: unknown }
        resolved = {
          at: checkNumber(at, `${pathOf('shock')}.at`, 'seconds > 0', positive),
          size: checkNumber(size, `${pathOf('shock')}.size`, 'a fraction > -1', (v) => v > -1),
        }
      }
      return {
        model: 'ou',
        level: num('level', 'a price level > 0', positive, 1),
        halfLife: num('halfLife', 'a half-life in seconds > 0', positive),
        volatility: num('volatility', 'an annual volatility >= 0', nonNegative),
        shock: resolved,
      }
    }
    case 'ramp':
      return { model: 'ramp', end: num('end', 'an end price > 0', positive) }
    case 'step':
      return {
        model: 'step',
        at: num('at', 'seconds > 0', positive),
        factor: num('factor', 'a factor > 0', positive, 1),
      }
    case 'bootstrap': {
      const history = checkHistory(read('history'), pathOf('history'))
      const step = sourceFromPath(history).dt
      if (Math.abs(step - dt) > 1e-9 * step)
        throw new InputError(
          'BAD_PARAMETER',
          { path: pathOf('history') },
          `expected a history with step dt = ${fmt(dt)} s (returns are resampled per step), found ${fmt(step)} s`,
        )
      const symbol = read('symbol') ?? token
      if (typeof symbol !== 'string')
        throw new InputError(
          'BAD_PARAMETER',
          { path: pathOf('symbol') },
          `expected a symbol, found ${JSON.stringify(symbol)}`,
        )
      const returns = logReturns(history, symbol, pathOf('history'))
      return {
        model: 'bootstrap',
        returns,
        blockLength: checkBlock(read('blockLength'), returns, pathOf('blockLength')),
      }
    }
    default:
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${modelPath}.model` },
        `expected one of constant, gbm, jump-diffusion, regime-switching, ou, bootstrap, ramp, step, found ${JSON.stringify(model)}`,
      )
  }
}

/** Per-symbol maps may only name non-numeraire tokens (a typo must not pass silently). */
function checkKeys(spec: ModelSpec, risky: readonly string[]): void {
  const record = spec as unknown as Record<string, unknown>
  for (const field of MAP_FIELDS[spec.model]) {
    const map = record[field]
    if (map === undefined) continue
    if (typeof map !== 'object' || map === null || Array.isArray(map))
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${ROOT}.${field}` },
        `expected an object keyed by token symbol, found ${JSON.stringify(map)}`,
      )
    for (const key of Object.keys(map))
      if (!risky.includes(key))
        throw new InputError(
          'BAD_PARAMETER',
          { path: `${ROOT}.${field}.${key}` },
          `expected one of the non-numeraire tokens [${risky.join(', ')}], found ${key}`,
        )
  }
  if (spec.start !== undefined)
    for (const key of Object.keys(spec.start))
      if (!risky.includes(key) && key !== spec.numeraire)
        throw new InputError(
          'BAD_PARAMETER',
          { path: `${ROOT}.start.${key}` },
          `expected one of the tokens, found ${key}`,
        )
}

function resolveRegimes(spec: ModelSpec): RegimeChain {
  const record = spec as unknown as Partial<RegimeSpec>
  const duration = (field: 'calmDuration' | 'crisisDuration') => {
    if (record[field] === undefined)
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${ROOT}.${field}` },
        'expected a mean duration in seconds > 0, found none',
      )
    return checkNumber(
      record[field],
      `${ROOT}.${field}`,
      'a mean duration in seconds > 0',
      (v) => v > 0,
    )
  }
  const startRegime: unknown = record.startRegime ?? 'calm'
  if (startRegime !== 'calm' && startRegime !== 'crisis')
    throw new InputError(
      'BAD_PARAMETER',
      { path: `${ROOT}.startRegime` },
      `expected "calm" or "crisis", found ${JSON.stringify(startRegime)}`,
    )
  return {
    calmDuration: duration('calmDuration'),
    crisisDuration: duration('crisisDuration'),
    startRegime,
  }
}

function checkHistory(history: unknown, path: string): PricePath {
  const h = history as Partial<PricePath> | undefined
  if (
    typeof h !== 'object' ||
    !(h.times instanceof Float64Array) ||
    !(h.prices instanceof Float64Array) ||
    !Array.isArray(h.tokens)
  )
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      'expected a PricePath { tokens, numeraire, times, prices }',
    )
  if (h.times.length < 2)
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      `expected at least 2 points, found ${h.times.length}`,
    )
  sourceFromPath(h as PricePath) // checks prices.length = times x tokens
  return h as PricePath
}

function historyColumn(history: PricePath, symbol: string, path: string): number {
  const column = history.tokens.indexOf(symbol)
  if (column < 0)
    throw new InputError(
      'MISSING_ASSET',
      { path },
      `expected a series for ${symbol} among [${history.tokens.join(', ')}], found none`,
    )
  return column
}

/** Log returns of one column of a history; every price must be positive and finite. */
function logReturns(history: PricePath, symbol: string, path: string): Float64Array {
  const column = historyColumn(history, symbol, path)
  const n = history.tokens.length
  const points = history.times.length
  const returns = new Float64Array(points - 1)
  for (let s = 0; s < points; s++) {
    const price = history.prices[s * n + column]!
    if (!(price > 0) || !Number.isFinite(price))
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${path}.prices[${s * n + column}]` },
        `expected a price > 0 for ${symbol} at step ${s}, found ${fmt(price)}`,
      )
    if (s > 0) returns[s - 1] = Math.log(price / history.prices[(s - 1) * n + column]!)
  }
  return returns
}

function checkBlock(value: unknown, returns: Float64Array, path: string): number {
  return checkNumber(
    value,
    path,
    `an integer block length from 1 to ${returns.length} (the history's returns)`,
    (v) => Number.isInteger(v) && v >= 1 && v <= returns.length,
  )
}

/** `value` as a finite number passing `ok`, or an InputError naming path, expected and found. */
function checkNumber(
  value: unknown,
  path: string,
  expected: string,
  ok: (v: number) => boolean,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value))
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      `expected ${expected}, found ${typeof value === 'number' ? fmt(value) : JSON.stringify(value)}`,
      { value },
    )
  return value
}
