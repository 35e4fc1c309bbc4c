/**
 * A scenario built in code: the typed twin of a scenario file, validated by the same rules and
 * with the same messages, the JSON path of the field as the location.
 */
import type { Scenario, ScenarioInput } from './schema.js'
import { validateScenario } from './validate.js'

/** Options of {@link createScenario}. */
export interface CreateScenarioOptions {
  /** A name to start error messages with (as a file name would); default none: the JSON path. */
  file?: string
}

/**
 * Validates a scenario written in code, as a scenario file is validated, and fills in the
 * defaults (seed 1, an arbitrageur, a HODL benchmark, 500 series points, …).
 * @param input - the scenario's fields, typed ({@link ScenarioInput}); units as in scenario
 *   files: weights and fees as fractions, prices in numeraire units, durations as `"1d"` or seconds
 * @param options - `file`: a name for messages
 * @returns the validated {@link Scenario}, for `runScenario`, `runSweep` or `configureScenario`
 * @throws {InputError} `SCENARIO_INVALID` or `WEIGHT_MIN` whose message starts with the JSON path
 *   (`pool.weights[1]: …`), as `validateScenario` would for a file; `values.problems` lists all
 * @example
 * const scenario = createScenario({
 *   name: 'eth-80-20',
 *   pool: { tokens: ['ETH', 'USDC'], weights: [0.8, 0.2], swapFee: 0.003 },
 *   prices: { model: 'gbm', numeraire: 'USDC', start: { ETH: 3000 }, volatility: { ETH: 0.8 }, dt: '1h', horizon: '30d' },
 * })
 */
export function createScenario(
  input: ScenarioInput,
  options: CreateScenarioOptions = {},
): Scenario {
  return validateScenario(input, options.file ?? '')
}
