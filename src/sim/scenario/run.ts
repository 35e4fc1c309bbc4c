/**
 * Running a scenario end to end in the library: configure (prices, overrides) and simulate.
 * Writing the report is the report layer's job; a notebook can call this and look at the result.
 */
import { InputError } from '../../errors.js'
import { runSimulation } from '../engine/runSimulation.js'
import { prepareTask } from '../sweep/task.js'
import type { SimulationResult } from '../engine/types.js'
import { configureScenario } from './config.js'
import type { ScenarioOverrides } from './config.js'
import type { LoadedScenario } from './load.js'
import type { Scenario, ScenarioPrices } from './schema.js'

/** Options of {@link runScenario}: command-line overrides and a progress callback. */
export interface RunScenarioOptions extends ScenarioOverrides {
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
 * Runs a loaded scenario with the float64 engine.
 * @param loaded - from `loadScenario`
 * @param options - seed and price-file overrides, progress callback
 * @returns the scenario, the effective prices and seed, and the engine's result
 * @throws {InputError} from configuration (bad price parameters, unreadable files) and the engine
 * @throws {RunError} `NON_FINITE` from the engine
 * @example const { result } = await runScenario(await loadScenario('eth-usdc-50-50'), { seed: 7 })
 */
export async function runScenario(
  loaded: LoadedScenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioOutcome> {
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
    const result = runSimulation(task.config)
    return { scenario: task.scenario, prices: task.prices, seed: task.seed, result }
  }
  const { config, seed, prices } = await configureScenario(loaded, options)
  if (options.onProgress) config.onProgress = options.onProgress
  const result = runSimulation(config)
  return { scenario: loaded.scenario, prices, seed, result }
}
