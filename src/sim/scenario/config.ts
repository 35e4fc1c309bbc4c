/**
 * From a validated scenario to the engine's {@link SimulationConfig}: durations to seconds,
 * the price section to a synthetic model or a historical path, command-line overrides applied.
 * Errors raised below (by the price models and importers) gain the scenario's file name.
 */
import path from 'node:path'
import { InputError, fmt, formatLocation } from '../../errors.js'
import type { InputErrorCode } from '../../errors.js'
import type {
  AgentSpec,
  GasSeries,
  ResolvedSimulationConfig,
  WeightScheduleSpec,
} from '../engine/types.js'
import type { SwapFeeRuleSpec } from '../strategies/fees/swapFeeRule.js'
import { loadHistoricalPath } from '../prices/csv/loadHistoricalPath.js'
import { readPriceFile } from '../prices/csv/readPriceFile.js'
import type { HistoricalPathSpec } from '../prices/csv/loadHistoricalPath.js'
import { createModelSource } from '../prices/model.js'
import type { AssetSpec, ModelSpec } from '../prices/model.js'
import type { PriceSource } from '../prices/types.js'
import { formatDuration, parseDuration, startTimeSeconds } from './duration.js'
import { MAX_PRICE, MIN_PRICE, checkSimulationConfig } from '../engine/runSimulation.js'
import { isWeightRuleSpec } from '../engine/weightSchedule.js'
import { maxGapToFill } from '../prices/csv/align.js'
import { isoTime } from '../prices/csv/timestamp.js'
import { collectPath, sourceFromPath } from '../prices/path.js'
import { MAX_STEPS, MAX_TIME, MIN_TIME, noiseTradesProblem } from './limits.js'
import type { LoadedScenario } from './load.js'
import type { Scenario, ScenarioPrices } from './schema.js'

const SECONDS_PER_HOUR = 3_600

/** First point of a synthetic path without `startTime` (defined with the duration helpers). */
export { DEFAULT_START_TIME } from './duration.js'

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
  config: ResolvedSimulationConfig
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
 *   every importer code (`FILE_NOT_FOUND`, `BAD_ROW`, `GAP_TOO_LONG` naming the `prices.maxGap`
 *   that fills it, …), prefixed with the scenario file; `BAD_OPTION` for a malformed `--prices`
 *   entry; what only the path tells (see `checkRunnable`): `FILE_EMPTY` / `NO_OVERLAP` for fewer
 *   than 2 points, `BAD_PARAMETER` above MAX_STEPS, `BAD_TIMESTAMP` past MAX_TIME, `BAD_PRICE`
 *   outside [MIN_PRICE, MAX_PRICE], `SCENARIO_INVALID` for noise trades above MAX_NOISE_TRADES
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
    const hinted = withMaxGapHint(error)
    throw overridden ? forOption(hinted, scenario) : withFile(hinted, file)
  }
  checkRunnable(scenario, prices, source, file, overridden !== undefined)
  let schedule = scenario.pool.schedule ? scheduleSpec(scenario.pool.schedule) : undefined
  const capsFile =
    scenario.pool.schedule?.type === 'market-cap' ? scenario.pool.schedule.capsFile : undefined
  if (capsFile !== undefined && schedule !== undefined && isWeightRuleSpec(schedule)) {
    try {
      schedule = {
        ...schedule,
        caps: await readCaps(
          capsFile,
          loaded.baseDir,
          path.dirname(file),
          scenario.pool.tokens,
          source.startTime,
        ),
      }
    } catch (error) {
      throw withFile(error, file)
    }
  }
  const config: ResolvedSimulationConfig = {
    pool: {
      weights: scenario.pool.weights,
      swapFee: scenario.pool.swapFee,
      initialValue: scenario.pool.initialValue,
      math: scenario.pool.math,
      ...(scenario.pool.decimals ? { decimals: scenario.pool.decimals } : {}),
      ...(schedule ? { schedule } : {}),
      // `fixed` is the same run as no rule: left out, so its reports are the fixed fee's.
      ...(scenario.pool.swapFeeRule && scenario.pool.swapFeeRule.type !== 'fixed'
        ? { swapFeeRule: swapFeeRuleSpec(scenario.pool.swapFeeRule) }
        : {}),
    },
    prices: source,
    agents: await agentsSpec(scenario, loaded.baseDir, path.dirname(file), source.startTime).catch(
      (error: unknown) => {
        throw withFile(error, file)
      },
    ),
    ...(scenario.arbitrage !== undefined ? { arbitrage: scenario.arbitrage } : {}),
    benchmarks: scenario.benchmarks,
    seed,
    seriesPoints: scenario.seriesPoints,
    ...(scenario.riskFreeRate !== undefined ? { riskFreeRate: scenario.riskFreeRate } : {}),
  }
  try {
    // the engine's own pre-run checks (exact pools at the first prices included): a scenario that
    // configures is one the engine accepts
    checkSimulationConfig(config)
  } catch (error) {
    throw withFile(error, file)
  }
  return { config, seed, prices }
}

/**
 * What only the price source tells (a file's rows and times, a bootstrap's length), checked before
 * the run so that `validate` agrees with `run`: at least 2 points (one step), at most MAX_STEPS,
 * every time a date reports can write (up to MAX_TIME), prices from files inside
 * [MIN_PRICE, MAX_PRICE], and noise traders that can finish over the path's real horizon.
 */
function checkRunnable(
  scenario: Scenario,
  prices: ScenarioPrices,
  source: PriceSource,
  file: string,
  isOverridden: boolean,
): void {
  const fileField = 'files' in prices && prices.files !== undefined ? 'prices.files' : 'prices.file'
  // a problem with --prices files names the option; one of the scenario's own fields, the field
  const at = (path: string) =>
    isOverridden && path.startsWith('prices') ? { path: '--prices' } : { file, path }
  const isHistorical = prices.model === 'csv'
  const names = isHistorical
    ? (prices.file ?? Object.values(prices.files ?? {}).join(', '))
    : undefined
  if (source.steps < 2) {
    const when = source.steps === 1 ? ` (${isoTime(source.startTime)})` : ''
    throw new InputError(
      isHistorical && prices.files === undefined ? 'FILE_EMPTY' : 'NO_OVERLAP',
      at(isHistorical ? fileField : 'prices.horizon'),
      `${isHistorical ? `${names} ${prices.files === undefined ? 'gives' : 'give'}` : 'the path has'} ${source.steps} usable point${source.steps === 1 ? '' : 's'} on the grid${when}: a run needs at least 2 prices (one step)`,
      { steps: source.steps },
    )
  }
  if (source.steps > MAX_STEPS)
    throw new InputError(
      'BAD_PARAMETER',
      at(isHistorical ? 'prices.dt' : 'prices.horizon'),
      `${fmt(source.steps)} steps is above the maximum ${fmt(MAX_STEPS)}: use a larger dt or a shorter horizon`,
      { steps: source.steps },
    )
  const horizon = (source.steps - 1) * source.dt
  const last = source.startTime + horizon
  if (!(last <= MAX_TIME && source.startTime >= MIN_TIME))
    throw new InputError(
      'BAD_TIMESTAMP',
      at(isHistorical ? fileField : 'prices.startTime'),
      `the path runs from Unix time ${fmt(source.startTime)} to ${fmt(last)} s, outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z (Unix ${MIN_TIME} to ${MAX_TIME} s), the four-digit years reports can write`,
      { startTime: source.startTime, endTime: last },
    )
  if (isHistorical) {
    const path = collectPath(source)
    const n = path.tokens.length
    for (let i = 0; i < path.prices.length; i++) {
      const price = path.prices[i]!
      if (price >= MIN_PRICE && price <= MAX_PRICE) continue
      const token = path.tokens[i % n]!
      throw new InputError(
        'BAD_PRICE',
        at(fileField),
        `${token} costs ${fmt(price)} ${path.numeraire} at ${isoTime(path.times[Math.floor(i / n)]!)}, outside the price range [${fmt(MIN_PRICE)}, ${fmt(MAX_PRICE)}] the engine runs on (${names})`,
        { token, price },
      )
    }
    const problem = noiseTradesProblem(scenario.agents, horizon)
    if (problem)
      throw new InputError('SCENARIO_INVALID', at(problem.path), problem.detail, {
        horizon,
      })
  }
}

/**
 * A `GAP_TOO_LONG` with the scenario field that fills it: `prices.maxGap` set to
 * {@link maxGapToFill} (the oldest a carried price gets, never a step more).
 */
function withMaxGapHint(error: unknown): unknown {
  const needed = maxGapToFill(error)
  if (needed === undefined || !(error instanceof InputError)) return error
  const location = formatLocation(error.where)
  const detail = location ? error.message.slice(location.length + 2) : error.message
  return new InputError(
    'GAP_TOO_LONG',
    error.where,
    `${detail}; set prices.maxGap to "${formatDuration(needed)}" (or longer) to forward-fill it`,
    { ...error.values },
  )
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

/** An ISO date (00:00 UTC), an ISO date-time (UTC unless it has a zone) or Unix seconds. */
function timeSeconds(value: string | number): number {
  if (typeof value === 'number') return value
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T00:00:00Z`
    : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)
      ? value
      : `${value}Z`
  return Date.parse(iso) / 1000
}

/** A price file's row options as the loader takes them; `utcOffset` hours to seconds. */
function rowOptions(
  prices: Extract<ScenarioPrices, { model: 'csv' | 'bootstrap' }>,
): Partial<HistoricalPathSpec> {
  return {
    ...(prices.sort !== undefined ? { sort: prices.sort } : {}),
    ...(prices.duplicates !== undefined ? { duplicates: prices.duplicates } : {}),
    ...(prices.lenient !== undefined ? { lenient: prices.lenient } : {}),
    ...(prices.utcOffset !== undefined
      ? { utcOffset: Math.round(prices.utcOffset * SECONDS_PER_HOUR) }
      : {}),
    ...(prices.dateFormat !== undefined ? { dateFormat: prices.dateFormat } : {}),
    ...(prices.symbol !== undefined ? { symbol: prices.symbol } : {}),
  }
}

/**
 * A market-cap rule's caps from a CSV in the wide price format (a timestamp column, one column
 * per token symbol, caps in numeraire units), as `{ time, caps }` points with times in seconds
 * from the path start (rows before the start are kept: the last of them is in force at first).
 * @throws {InputError} the importer's codes (`FILE_NOT_FOUND`, `BAD_ROW`, …); `MISSING_ASSET` for
 *   a token without a column; `BAD_ROW` for columns of different lengths (a gap in one)
 */
async function readCaps(
  capsFile: string,
  baseDir: string,
  displayDir: string,
  tokens: readonly string[],
  startTime: number,
): Promise<{ time: number; caps: number[] }[]> {
  const shown = path.join(displayDir, capsFile)
  const series = await readPriceFile(path.resolve(baseDir, capsFile), { format: 'wide' })
  const columns = tokens.map((token) => {
    const found = series.find((s) => s.symbol === token)
    if (found === undefined)
      throw new InputError(
        'MISSING_ASSET',
        { path: 'pool.schedule.capsFile' },
        `${shown} has no column ${JSON.stringify(token)}: expected one caps column per token (${tokens.join(', ')}), found ${series.map((s) => s.symbol).join(', ')}`,
      )
    return found
  })
  const times = columns[0]!.times
  for (const column of columns)
    if (column.times.length !== times.length || column.times.some((t, i) => t !== times[i]))
      throw new InputError(
        'BAD_ROW',
        { path: 'pool.schedule.capsFile' },
        `${shown}: column ${JSON.stringify(column.symbol)} has caps at other times than ${JSON.stringify(columns[0]!.symbol)}; expected a cap for every token on every row`,
      )
  return Array.from(times, (time, i) => ({
    time: time - startTime,
    caps: columns.map((column) => column.prices[i]!),
  }))
}

/** The agents for the engine: an arbitrageur's `gasCost.file` read into a time series. */
async function agentsSpec(
  scenario: Scenario,
  baseDir: string,
  displayDir: string,
  startTime: number,
): Promise<AgentSpec[]> {
  const agents: AgentSpec[] = []
  for (const [index, agent] of scenario.agents.entries()) {
    const gas = agent.type === 'arbitrageur' ? agent.gasCost : undefined
    if (agent.type === 'arbitrageur' && typeof gas === 'object' && 'file' in gas)
      agents.push({
        ...agent,
        gasCost: await readGas(gas.file, baseDir, displayDir, startTime, `agents[${index}]`),
      })
    else agents.push(agent as AgentSpec)
  }
  return agents
}

/**
 * An arbitrageur's gas time series from a CSV in the wide price format (a timestamp column and a
 * `gas` column, numeraire units per trade), times in seconds from the path start (rows before the
 * start are kept: the last of them is in force at first).
 * @throws {InputError} the importer's codes (`FILE_NOT_FOUND`, `BAD_ROW`, …); `MISSING_ASSET` for
 *   a file without a `gas` column
 */
async function readGas(
  gasFile: string,
  baseDir: string,
  displayDir: string,
  startTime: number,
  agentPath: string,
): Promise<GasSeries> {
  const shown = path.join(displayDir, gasFile)
  const series = await readPriceFile(path.resolve(baseDir, gasFile), { format: 'wide' })
  const column = series.find((s) => s.symbol === 'gas')
  if (column === undefined)
    throw new InputError(
      'MISSING_ASSET',
      { path: `${agentPath}.gasCost.file` },
      `${shown} has no column "gas": expected a timestamp column and a gas column (numeraire per trade), found ${series.map((s) => s.symbol).join(', ')}`,
    )
  return {
    times: Array.from(column.times, (time) => time - startTime),
    gas: Array.from(column.prices),
  }
}

/** A scenario's dynamic fee rule for the engine: `halfLife` as seconds. */
function swapFeeRuleSpec(
  rule: Exclude<NonNullable<Scenario['pool']['swapFeeRule']>, { type: 'fixed' }>,
): SwapFeeRuleSpec {
  const { halfLife, ...rest } = rule
  return { ...rest, ...(halfLife !== undefined ? { halfLife: seconds(halfLife) } : {}) }
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
    case 'static':
    case 'momentum':
      return schedule
    case 'market-cap': {
      // capsFile is read by configureScenario, once the path's start is known.
      const rest: Omit<typeof schedule, 'capsFile'> & { capsFile?: string } = { ...schedule }
      delete rest.capsFile
      return {
        ...rest,
        updateInterval: seconds(schedule.updateInterval),
        caps: (schedule.caps ?? []).map((p) => ({ time: seconds(p.time), caps: p.caps })),
      }
    }
    default:
      return { ...schedule, updateInterval: seconds(schedule.updateInterval) }
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
    // The range and row policies carry over; dateFormat, utcOffset and symbol describe the
    // scenario's own files, like format, and do not.
    ...(inherited?.start !== undefined ? { start: inherited.start } : {}),
    ...(inherited?.end !== undefined ? { end: inherited.end } : {}),
    ...(inherited?.sort !== undefined ? { sort: inherited.sort } : {}),
    ...(inherited?.duplicates !== undefined ? { duplicates: inherited.duplicates } : {}),
    ...(inherited?.lenient !== undefined ? { lenient: inherited.lenient } : {}),
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
      ...rowOptions(prices),
      ...(prices.dt !== undefined ? { step: seconds(prices.dt) } : {}),
      ...(prices.maxGap !== undefined ? { maxGap: seconds(prices.maxGap) } : {}),
      ...(prices.start !== undefined ? { start: timeSeconds(prices.start) } : {}),
      ...(prices.end !== undefined ? { end: timeSeconds(prices.end) } : {}),
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
        ...rowOptions(prices),
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
        startTime: startTimeSeconds(prices.startTime),
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
    startTime: startTimeSeconds(prices.startTime),
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
 * (`--prices: nope.csv not found (resolved to /abs/nope.csv)`); so does a token the files do
 * not price, with what the scenario needs (a Binance `ETHUSDT.csv` for an ETH/BTC scenario);
 * row errors keep `file:line`.
 */
function forOption(error: unknown, scenario: Scenario): unknown {
  if (error instanceof InputError && error.code === 'MISSING_ASSET' && !error.where.file) {
    const location = formatLocation(error.where)
    const detail = location ? error.message.slice(location.length + 2) : error.message
    const { numeraire } = scenario.prices
    const needed = scenario.pool.tokens.filter((token) => token !== numeraire).join(', ')
    return new InputError(
      'MISSING_ASSET',
      { path: '--prices' },
      `${detail}; the scenario needs ${needed} in ${numeraire}: give one FILE holding every token, or SYMBOL=FILE per token`,
      { ...error.values },
    )
  }
  const missing = missingFile(error)
  if (missing === undefined || !(error instanceof InputError)) return withOptionHint(error)
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
 * A `--prices` file's error whose hint names a key the override does not take from the
 * scenario (`symbol`, `dateFormat`: they describe the scenario's own files), re-worded with
 * what works on the command line. Other hints (`sort`, `duplicates`) name scenario keys that
 * the override keeps, and stay.
 */
function withOptionHint(error: unknown): unknown {
  if (!(error instanceof InputError)) return error
  const { fix, hint } = error.values
  if (typeof hint !== 'string' || !error.message.endsWith(hint)) return error
  const file = error.where.file ?? 'FILE'
  let replacement: string
  if (fix === 'symbol') replacement = `name its token as --prices SYMBOL=FILE (ETH=${file})`
  else if (fix === 'dateFormat') {
    const { formats } = error.values
    const layouts = Array.isArray(formats) ? (formats as string[]) : []
    const shown = layouts.length === 0 ? '…' : layouts.map((f) => `"${f}"`).join(' or ')
    replacement = `--prices files need ISO or epoch times: convert it first with amm-sim import ${file} --date-format ${shown} -o prices.csv`
  } else return error
  // an empty location keeps the rest of the message exactly as the loader wrote it
  return new InputError(
    error.code as InputErrorCode,
    {},
    `${error.message.slice(0, -hint.length)}${replacement}`,
    { ...error.values, hint: replacement },
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
