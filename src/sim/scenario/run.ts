/**
 * Running a scenario end to end in the library: configure (prices, overrides) and simulate.
 * Writing the report is the report layer's job; a notebook can call this and look at the result.
 */
import { runSimulation } from '../engine/runSimulation.js'
import type { SimulationResult } from '../engine/types.js'
import { configureScenario } from './config.js'
import type { ScenarioOverrides } from './config.js'
import type { LoadedScenario } from './load.js'
import type { Scenario, ScenarioPrices } from './schema.js'

/** Options of {@link runScenario}: command-line overrides and a progress callback. */
export interface RunScenarioOptions extends ScenarioOverrides {
  /** Called once per chunk of steps (never per step) with steps done and total. */
  onProgress?: (stepsDone: number, steps: number) => void
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
  const { config, seed, prices } = await configureScenario(loaded, options)
  if (options.onProgress) config.onProgress = options.onProgress
  const result = runSimulation(config)
  return { scenario: loaded.scenario, prices, seed, result }
}
