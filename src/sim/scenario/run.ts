/**
 * Running a scenario end to end in the library: configure (prices, overrides) and simulate.
 * Writing the report is the report layer's job; a notebook can call this and look at the result.
 */
import path from 'node:path'
import { InputError, RunError, fmt } from '../../errors.js'
import { runSimulation } from '../engine/runSimulation.js'
import { prepareTask } from '../sweep/task.js'
import type { SimulationResult } from '../engine/types.js'
import { configureScenario } from './config.js'
import { formatDuration, parseDuration } from './duration.js'
import type { ScenarioOverrides } from './config.js'
import type { LoadedScenario } from './load.js'
import type { Scenario, ScenarioPrices } from './schema.js'

/** Options of {@link runScenario}: command-line overrides and a progress callback. */
export interface RunScenarioOptions extends ScenarioOverrides {
  /**
   * Replaces the scenario's `seriesPoints`: an integer >= 2, or `'all'` to keep every step in
   * `result.series` (what per-step analysis needs; memory 8 bytes x steps x columns).
   */
  seriesPoints?: number | 'all'
  /** Log every executed swap in `result.trades` (see `Trade`); default false. */
  trades?: boolean
  /** Called once per chunk of steps (never per step) with steps done and total. */
  onProgress?: (stepsDone: number, steps: number) => void
  /**
   * Run one task of the scenario's sweep alone: cell `cell`, path `path` (both from 0, both
   * default 0 when the other is given), with the seed and prices that task has in the sweep.
   */
  cell?: number
  path?: number
}

/** A finished scenario run: what the report layer writes. */
export interface ScenarioOutcome {
  scenario: Scenario
  /** The price section actually run (after `--prices`). */
  prices: ScenarioPrices
  seed: number
  result: SimulationResult
}

/**
 * Runs a scenario with the float64 engine (or the exact math its `pool.math` names).
 * @param scenarioOrLoaded - from `loadScenario`, or a {@link Scenario} from `createScenario` (its relative
 *   price files, if any, then resolve against `options.baseDir`)
 * @param options - seed and price-file overrides, progress callback
 * @returns the scenario, the effective prices and seed, and the engine's result
 * @throws {InputError} from configuration (bad price parameters, unreadable files) and the engine
 * @throws {RunError} `NON_FINITE` from the engine (naming the quantity, step and cause);
 *   `PRICE_OUT_OF_RANGE` with the price model's parameters as the likely cause
 * @example const { result } = await runScenario(await loadScenario('eth-usdc-50-50'), { seed: 7 })
 */
export async function runScenario(
  scenarioOrLoaded: LoadedScenario | Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioOutcome> {
  const loaded = asLoaded(scenarioOrLoaded, options.baseDir)
  if (options.cell !== undefined || options.path !== undefined) {
    if (options.prices?.length)
      throw new InputError(
        'BAD_OPTION',
        { path: '--prices' },
        'cannot be combined with --cell or --path: a sweep task runs its own prices',
      )
    const input = { loaded, ...(options.seed !== undefined ? { seed: options.seed } : {}) }
    const task = await prepareTask(input, options.cell ?? 0, options.path ?? 0)
    if (options.onProgress) task.config.onProgress = options.onProgress
    if (options.seriesPoints !== undefined) task.config.seriesPoints = options.seriesPoints
    if (options.trades !== undefined) task.config.trades = options.trades
    const result = runSimulation(task.config)
    return { scenario: task.scenario, prices: task.prices, seed: task.seed, result }
  }
  const { config, seed, prices } = await configureScenario(loaded, options)
  if (options.onProgress) config.onProgress = options.onProgress
  if (options.seriesPoints !== undefined) config.seriesPoints = options.seriesPoints
  if (options.trades !== undefined) config.trades = options.trades
  let result: SimulationResult
  try {
    result = runSimulation(config)
  } catch (error) {
    throw withPriceCause(error, prices)
  }
  return { scenario: loaded.scenario, prices, seed, result }
}

/**
 * A scenario from `createScenario` as a loaded one: no file (messages start with the JSON path),
 * relative files against `baseDir` (the root when none is given: the library never reads the
 * process's working directory).
 */
function asLoaded(input: LoadedScenario | Scenario, baseDir: string | undefined): LoadedScenario {
  if ('scenario' in input && 'baseDir' in input) return input
  return { scenario: input, file: '', baseDir: baseDir ?? path.sep }
}

/**
 * The likely cause of a price leaving the engine's range, from the scenario's price section:
 * the model and the token's parameters over the horizon (`model gbm: drift -1000, volatility 0.8
 * for ETH over 365d`).
 */
function priceCause(prices: ScenarioPrices, token: string): string {
  const horizon =
    'horizon' in prices ? ` over ${formatDuration(parseDuration(prices.horizon)!)}` : ''
  const param = (name: string, record: Record<string, number> | undefined) =>
    record?.[token] !== undefined ? [`${name} ${fmt(record[token])}`] : []
  switch (prices.model) {
    case 'gbm':
    case 'jump-diffusion':
    case 'regime-switching': {
      const parts = [...param('drift', prices.drift), ...param('volatility', prices.volatility)]
      if (prices.model === 'jump-diffusion')
        parts.push(
          ...param('jumpIntensity', prices.jumpIntensity),
          ...param('jumpMean', prices.jumpMean),
          ...param('jumpStdDev', prices.jumpStdDev),
        )
      if (prices.model === 'regime-switching')
        parts.push(
          ...param('crisisDrift', prices.crisisDrift),
          ...param('crisisVolatility', prices.crisisVolatility),
        )
      return `model ${prices.model}: ${parts.join(', ') || 'defaults'} for ${token}${horizon}`
    }
    case 'bootstrap':
      return `model bootstrap: blocks of ${prices.blockLength} steps of ${prices.file ?? prices.files?.[token] ?? 'the history'}'s returns compounded${horizon}; a shorter horizon keeps the resampled path in range`
    case 'csv':
      return 'the price file'
    default:
      return `model ${prices.model} for ${token}${horizon}`
  }
}

/** A `PRICE_OUT_OF_RANGE` from the engine with the scenario's likely cause appended. */
function withPriceCause(error: unknown, prices: ScenarioPrices): unknown {
  if (!(error instanceof RunError) || error.code !== 'PRICE_OUT_OF_RANGE') return error
  const token = error.values.token
  if (typeof token !== 'string') return error
  const detail = error.message.slice('PRICE_OUT_OF_RANGE: '.length)
  return new RunError(
    'PRICE_OUT_OF_RANGE',
    `${detail}; likely cause: ${priceCause(prices, token)}`,
    {
      ...error.values,
    },
  )
}
