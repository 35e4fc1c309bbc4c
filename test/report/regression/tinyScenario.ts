/**
 * The regression tests' small scenario: a 50/50 ETH/USDC pool at 0.3 % on constant prices over a
 * day of hourly steps, parsed as a scenario file named `tiny.json` would be.
 */
import type { Scenario } from '../../../src/sim/scenario/schema.js'
import { parseScenario } from '../../../src/sim/scenario/validate.js'

/** Its fields, as a scenario file holds them. */
export const TINY_SCENARIO = {
  name: 'tiny',
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
  prices: {
    numeraire: 'USDC',
    model: 'constant',
    start: { ETH: 2000, USDC: 1 },
    dt: '1h',
    horizon: '1d',
  },
}

/** The tiny scenario with `extra`'s top-level fields added or replaced. */
export function tinyScenario(extra: Record<string, unknown> = {}): Scenario {
  return parseScenario(JSON.stringify({ ...TINY_SCENARIO, ...extra }), 'tiny.json')
}
