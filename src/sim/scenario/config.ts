/**
 * From a validated scenario to the engine's {@link SimulationConfig}: durations to seconds,
 * the price section to a synthetic model or a historical path, command-line overrides applied.
 * Errors raised below (by the price models and importers) gain the scenario's file name.
 */
import path from 'node:path'
import { InputError, formatLocation } from '../../errors.js'
import type { InputErrorCode } from '../../errors.js'
import type { SimulationConfig, WeightScheduleSpec } from '../engine/types.js'
import { loadHistoricalPath } from '../prices/csv/loadHistoricalPath.js'
import type { HistoricalPathSpec } from '../prices/csv/loadHistoricalPath.js'
import { createModelSource } from '../prices/model.js'
import type { AssetSpec, ModelSpec } from '../prices/model.js'
import { sourceFromPath } from '../prices/path.js'
import type { PriceSource } from '../prices/types.js'
import { parseDuration } from './duration.js'
import type { LoadedScenario } from './load.js'
import type { Scenario, ScenarioPrices } from './schema.js'

/** First point of a synthetic path when the scenario names no `startTime`: 2025-01-01 UTC. */
export const DEFAULT_START_TIME = 1_735_689_600

/** Changes the command line makes to a scenario before it runs. */
export interface ScenarioOverrides {
  /** Replaces the scenario's seed (an integer from 0 to 2^32 - 1). */
  seed?: number
  /**
   * Price files replacing the scenario's price section with a historical source, relative to
   * {@link ScenarioOverrides.baseDir}: one `FILE` holding every token, or `SYMBOL=FILE` per token.
   */
  prices?: readonly string[]
  /**
   * Absolute folder relative `prices` files are read from (the CLI passes its working
   * directory). Needed only when some entry of `prices` is a relative path: the library never
   * consults the process's working directory itself.
   */
  baseDir?: string
}

/** What a scenario runs with: the engine's configuration and the seed actually used. */
export interface ScenarioRun {
  config: SimulationConfig
  seed: number
  /** The price section after overrides (what the report describes). */
  prices: ScenarioPrices
}

/**
 * Builds the engine configuration of a loaded scenario. Synthetic paths are generated lazily
 * when the engine reads them; historical files are read and aligned here.
 * @param loaded - from `loadScenario` (file names resolve against its `baseDir`)
 * @param overrides - seed and price files from the command line
 * @returns the configuration, the seed and the effective price section
 * @throws {InputError} `BAD_PARAMETER`, `NOT_PSD`, `MISSING_ASSET` from the price models and
 *   every importer code (`FILE_NOT_FOUND`, `BAD_ROW`, `GAP_TOO_LONG`, …), prefixed with the
 *   scenario file; `BAD_OPTION` for a malformed `--prices` entry
 * @example const { config } = await configureScenario(await loadScenario('eth-usdc-50-50'))
 */
export async function configureScenario(
  loaded: LoadedScenario,
  overrides: ScenarioOverrides = {},
): Promise<ScenarioRun> {
  const { scenario, file } = loaded
  const seed = overrides.seed ?? scenario.seed
  const overridden = overrides.prices?.length
    ? pricesFromFiles(scenario.prices, overrides.prices, overrides.baseDir)
    : undefined
  const prices = overridden ?? scenario.prices
  // Files are read from an absolute folder and named in messages relative to the working
  // directory as the caller showed it: the scenario's own folder (`dirname` of its display
  // name), or the override's names as given.
  const baseDir = overridden ? (overrides.baseDir ?? path.sep) : loaded.baseDir
  const displayDir = overridden ? '.' : path.dirname(file)
  let source: PriceSource
  try {
    source = await priceSource(scenario, prices, seed, baseDir, displayDir)
  } catch (error) {
    throw overridden ? forOption(error) : withFile(error, file)
  }
  const config: SimulationConfig = {
    pool: {
      weights: scenario.pool.weights,
      swapFee: scenario.pool.swapFee,
      initialValue: scenario.pool.initialValue,
      math: scenario.pool.math,
      ...(scenario.pool.decimals ? { decimals: scenario.pool.decimals } : {}),
      ...(scenario.pool.schedule ? { schedule: scheduleSpec(scenario.pool.schedule) } : {}),
    },
    prices: source,
    agents: scenario.agents,
    benchmarks: scenario.benchmarks,
    seed,
    seriesPoints: scenario.seriesPoints,
  }
  return { config, seed, prices }
}

/** Seconds of a duration the schema has already checked. */
function seconds(value: string | number): number {
  const out = parseDuration(value)
  if (out === undefined) throw new Error(`unreachable: duration ${String(value)} passed the schema`)
  return out
}

function secondsByToken(record: Record<string, string | number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, seconds(v)]))
}

/** Unix seconds of the scenario's `startTime` (ISO date, date-time or seconds). */
function startSeconds(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_START_TIME
  if (typeof value === 'number') return value
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
  return Date.parse(iso) / 1000
}

function scheduleSpec(schedule: NonNullable<Scenario['pool']['schedule']>): WeightScheduleSpec {
  switch (schedule.type) {
    case 'linear':
      return {
        type: 'linear',
        startTime: seconds(schedule.startTime),
        endTime: seconds(schedule.endTime),
        endWeights: schedule.endWeights,
      }
    case 'piecewise':
      return {
        type: 'piecewise',
        points: schedule.points.map((p) => ({ time: seconds(p.time), weights: p.weights })),
      }
    default:
      return schedule
  }
}

/**
 * The price section a `--prices` override gives: a historical source with the scenario's
 * numeraire, files relative to `baseDir` (so the report holds no absolute path).
 */
function pricesFromFiles(
  base: ScenarioPrices,
  entries: readonly string[],
  baseDir: string | undefined,
): ScenarioPrices {
  const relative = (file: string): string => {
    if (baseDir !== undefined) return path.relative(baseDir, path.resolve(baseDir, file))
    if (path.isAbsolute(file)) return file
    throw new InputError(
      'BAD_OPTION',
      { path: '--prices' },
      `${file} is a relative path, but no baseDir was given to resolve it against`,
      { file },
    )
  }
  const isPerToken = entries.every((e) => /^[A-Za-z0-9._-]+=/.test(e))
  const inherited = base.model === 'csv' ? base : undefined
  const common = {
    model: 'csv' as const,
    numeraire: base.numeraire,
    // The scenario's `format` describes its own files, not the ones given here: detect theirs.
    format: 'auto' as const,
    price: inherited?.price ?? 'close',
    gridOrigin: inherited?.gridOrigin ?? 'start',
    ...(inherited?.dt !== undefined ? { dt: inherited.dt } : {}),
    ...(inherited?.maxGap !== undefined ? { maxGap: inherited.maxGap } : {}),
  }
  if (isPerToken) {
    const files = Object.fromEntries(
      entries.map((e) => {
        const at = e.indexOf('=')
        return [e.slice(0, at), relative(e.slice(at + 1))]
      }),
    )
    return { ...common, files }
  }
  if (entries.length !== 1)
    throw new InputError(
      'BAD_OPTION',
      { path: '--prices' },
      `expected one FILE with every token, or SYMBOL=FILE per token, found ${entries.length} plain files`,
    )
  return { ...common, file: relative(entries[0]!) }
}

async function priceSource(
  scenario: Scenario,
  prices: ScenarioPrices,
  seed: number,
  baseDir: string,
  displayDir: string,
): Promise<PriceSource> {
  const tokens = scenario.pool.tokens
  if (prices.model === 'csv') {
    const spec: HistoricalPathSpec = {
      model: 'csv',
      numeraire: prices.numeraire,
      tokens,
      format: prices.format,
      price: prices.price,
      ...(prices.file !== undefined ? { file: prices.file } : {}),
      ...(prices.files !== undefined ? { files: prices.files } : {}),
      ...(prices.dt !== undefined ? { step: seconds(prices.dt) } : {}),
      ...(prices.maxGap !== undefined ? { maxGap: seconds(prices.maxGap) } : {}),
      gridOrigin: prices.gridOrigin,
    }
    return sourceFromPath(await loadHistoricalPath(spec, baseDir, displayDir))
  }
  if (prices.model === 'bootstrap') {
    const history = await loadHistoricalPath(
      {
        model: 'csv',
        numeraire: prices.numeraire,
        tokens,
        format: prices.format,
        price: prices.price,
        ...(prices.file !== undefined ? { file: prices.file } : {}),
        ...(prices.files !== undefined ? { files: prices.files } : {}),
        gridOrigin: prices.gridOrigin,
      },
      baseDir,
      displayDir,
    )
    const resampled = createModelSource(
      {
        model: 'bootstrap',
        history,
        blockLength: prices.blockLength,
        numeraire: prices.numeraire,
        tokens,
        horizon: seconds(prices.horizon),
        startTime: startSeconds(prices.startTime),
        ...(prices.start ? { start: prices.start } : {}),
      },
      seed,
      'prices',
    )
    // The report describes the history behind the resampled path: files, gaps, jumps.
    return history.notes === undefined
      ? resampled
      : { ...resampled, notes: { ...history.notes, role: 'history' } }
  }
  const risky = tokens.filter((t) => t !== prices.numeraire)
  const common = {
    numeraire: prices.numeraire,
    start: prices.start,
    tokens,
    dt: seconds(prices.dt),
    horizon: seconds(prices.horizon),
    startTime: startSeconds(prices.startTime),
    ...(prices.correlation !== undefined
      ? { correlation: correlationMatrix(prices.correlation, risky.length) }
      : {}),
  }
  let spec: ModelSpec
  switch (prices.model) {
    case 'ou': {
      const { halfLife, shock, level, volatility } = prices
      spec = {
        ...common,
        model: 'ou',
        volatility,
        halfLife: secondsByToken(halfLife),
        ...(level ? { level } : {}),
        ...(shock
          ? {
              shock: Object.fromEntries(
                Object.entries(shock).map(([k, v]) => [k, { at: seconds(v.at), size: v.size }]),
              ),
            }
          : {}),
      }
      break
    }
    case 'step':
      spec = { ...common, model: 'step', at: seconds(prices.at), factor: prices.factor }
      break
    case 'regime-switching':
      spec = {
        ...common,
        model: 'regime-switching',
        volatility: prices.volatility,
        crisisVolatility: prices.crisisVolatility,
        ...(prices.drift ? { drift: prices.drift } : {}),
        ...(prices.crisisDrift ? { crisisDrift: prices.crisisDrift } : {}),
        ...(prices.startRegime ? { startRegime: prices.startRegime } : {}),
        calmDuration: seconds(prices.calmDuration),
        crisisDuration: seconds(prices.crisisDuration),
      }
      break
    case 'mixed': {
      const { calmDuration, crisisDuration, startRegime } = prices
      spec = {
        ...common,
        model: 'mixed',
        assets: Object.fromEntries(
          Object.entries(prices.assets).map(([token, a]) => [token, assetSpec(a)]),
        ),
        ...(calmDuration !== undefined ? { calmDuration: seconds(calmDuration) } : {}),
        ...(crisisDuration !== undefined ? { crisisDuration: seconds(crisisDuration) } : {}),
        ...(startRegime !== undefined ? { startRegime } : {}),
      }
      break
    }
    default:
      // gbm, jump-diffusion, constant, ramp: the scenario's fields are the model's, in model units
      spec = { ...prices, ...common } as ModelSpec
  }
  return createModelSource(spec, seed, 'prices')
}

type ScenarioAsset = Extract<ScenarioPrices, { model: 'mixed' }>['assets'][string]

function assetSpec(asset: ScenarioAsset): AssetSpec {
  switch (asset.model) {
    case 'ou': {
      const { shock, ...rest } = asset
      return {
        ...rest,
        halfLife: seconds(asset.halfLife),
        ...(shock ? { shock: { at: seconds(shock.at), size: shock.size } } : {}),
      }
    }
    case 'step':
      return { ...asset, at: seconds(asset.at) }
    default:
      return asset
  }
}

/** One correlation for every pair becomes the full matrix over the non-numeraire tokens. */
function correlationMatrix(value: number | number[][], size: number): number[][] {
  if (Array.isArray(value)) return value
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => (i === j ? 1 : value)),
  )
}

/**
 * The loader's `FILE_NOT_FOUND` facts (see `loadHistoricalSeries`): the spec key, the name as
 * written and the path it resolved to; undefined for any other error.
 */
function missingFile(
  error: unknown,
): { specPath: string; file: string; resolved: string; detail: string } | undefined {
  if (!(error instanceof InputError) || error.code !== 'FILE_NOT_FOUND') return undefined
  const { specPath, file, resolved } = error.values
  if (typeof specPath !== 'string' || typeof file !== 'string' || typeof resolved !== 'string')
    return undefined
  // the loader's detail without its location: "not found (resolved to /abs/...)"
  const detail = error.message.slice(formatLocation(error.where).length + 2)
  return { specPath, file, resolved, detail }
}

/**
 * Re-raises an error from a `--prices` file: a file that cannot be opened names the option
 * (`--prices: nope.csv not found (resolved to /abs/nope.csv)`); row errors keep `file:line`.
 */
function forOption(error: unknown): unknown {
  const missing = missingFile(error)
  if (missing === undefined || !(error instanceof InputError)) return error
  const token = missing.specPath.startsWith('files.')
    ? ` (for ${missing.specPath.slice('files.'.length)})`
    : ''
  return new InputError(
    'FILE_NOT_FOUND',
    { path: '--prices' },
    `${missing.file}${token} ${missing.detail}`,
    { ...error.values },
  )
}

/**
 * Re-raises an input error from the price layer with the scenario file in front; a price file
 * that cannot be opened names the JSON path that names it
 * (`scenarios/x.json: prices.file: data/nope.csv not found (resolved to /abs/…/nope.csv)`).
 */
function withFile(error: unknown, file: string): unknown {
  const missing = missingFile(error)
  if (missing !== undefined && error instanceof InputError)
    return new InputError(
      'FILE_NOT_FOUND',
      { file, path: `prices.${missing.specPath}` },
      `${missing.file} ${missing.detail}`,
      { ...error.values },
    )
  if (!(error instanceof InputError) || error.where.file !== undefined) return error
  const location = formatLocation(error.where)
  const detail = location ? error.message.slice(location.length + 2) : error.message
  // an InputError's code is an InputErrorCode: the constructor narrowed it
  const code = error.code as InputErrorCode
  return new InputError(code, { ...error.where, file }, detail, { ...error.values })
}
