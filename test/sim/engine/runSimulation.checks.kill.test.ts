/**
 * Mutation kills (issue 13, docs/mutation.md) for runSimulation.ts's configuration checks
 * (checkPool, checkAgents, checkConfig, checkSimulationConfig) and the price-range stop
 * (checkPrices, timeText, periodText): every refusal asserted whole — code, JSON path, message
 * and values — and the accepted edges, each value exactly at its bound. The expected texts are
 * written out by hand from the product rule "which field, what was expected, what was found".
 */
import { describe, expect, it } from 'vitest'
import { InputError, RunError } from '../../../src/errors.js'
import {
  CHUNK_STEPS,
  checkSimulationConfig,
  runSimulation,
} from '../../../src/sim/engine/runSimulation.js'
import type { AgentSpec, SimulationConfig } from '../../../src/sim/engine/types.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { handSource } from './testPaths.js'

/** A flat path of `tokens` tokens (prices 1, 2, …) over `steps` steps of `dt` seconds. */
function flat(tokens: number, steps = 3, dt = 60): PriceSource {
  const names = Array.from({ length: tokens }, (_, k) => `T${k}`)
  return handSource(
    names,
    Array.from({ length: steps }, () => names.map((_, k) => k + 1)),
    dt,
    'T0',
  )
}

function config(patch: Partial<SimulationConfig> = {}): SimulationConfig {
  return {
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
    prices: flat(2),
    agents: [],
    benchmarks: [],
    seed: 1,
    ...patch,
  }
}

function withPool(pool: Partial<SimulationConfig['pool']>): SimulationConfig {
  return config({ pool: { ...config().pool, ...pool } })
}

function withAgents(...agents: unknown[]): SimulationConfig {
  return config({ agents: agents as AgentSpec[] })
}

/** The error `checkSimulationConfig` throws, or undefined when it accepts. */
function thrown(input: SimulationConfig): unknown {
  try {
    checkSimulationConfig(input)
  } catch (error) {
    return error
  }
  return undefined
}

/** Asserts a BAD_PARAMETER refusal whole: path, message (path + detail) and values. */
function refuses(
  input: SimulationConfig,
  path: string,
  detail: string,
  values: Record<string, unknown> = {},
): void {
  const error = thrown(input)
  expect(error).toBeInstanceOf(InputError)
  const e = error as InputError
  expect(e.code).toBe('BAD_PARAMETER')
  expect(e.where).toEqual({ path })
  expect(e.message).toBe(`${path}: ${detail}`)
  expect(e.values).toEqual(values)
}

function accepts(input: SimulationConfig): void {
  expect(thrown(input)).toBeUndefined()
}

describe('checkPool', () => {
  it('takes 2 to 8 tokens, naming the count otherwise', () => {
    refuses(
      config({ prices: flat(1), pool: { ...config().pool, weights: [1] } }),
      'prices.tokens',
      'expected 2 to 8 tokens, found 1',
    )
    refuses(
      config({ prices: flat(9), pool: { ...config().pool, weights: Array(9).fill(1 / 9) } }),
      'prices.tokens',
      'expected 2 to 8 tokens, found 9',
    )
    accepts(config({ prices: flat(8), pool: { ...config().pool, weights: Array(8).fill(0.125) } }))
    accepts(config())
  })

  it('wants one weight per token', () => {
    refuses(
      withPool({ weights: [0.4, 0.3, 0.3] }),
      'pool.weights',
      'expected 2 weights (one per token), found 3',
    )
    refuses(
      withPool({ weights: [1] }),
      'pool.weights',
      'expected 2 weights (one per token), found 1',
    )
  })

  it('wants each weight in [0.01, 1], naming index and value', () => {
    refuses(
      withPool({ weights: [0.995, 0.005] }),
      'pool.weights[1]',
      '0.005 is outside [0.01, 1]',
      {
        index: 1,
        weight: 0.005,
      },
    )
    refuses(withPool({ weights: [1.5, -0.5] }), 'pool.weights[0]', '1.5 is outside [0.01, 1]', {
      index: 0,
      weight: 1.5,
    })
    refuses(
      withPool({ weights: [Number.NaN, 0.5] }),
      'pool.weights[0]',
      'NaN is outside [0.01, 1]',
      {
        index: 0,
        weight: Number.NaN,
      },
    )
    // the bounds themselves pass the weight check: 0.01 runs, 1 fails only the sum
    accepts(withPool({ weights: [0.99, 0.01] }))
    refuses(
      withPool({ weights: [1, 0.01] }),
      'pool.weights',
      'weights sum to 1.01, expected 1 (within 1e-9)',
      { sum: 1.01 },
    )
  })

  it('wants the weights to sum to 1 within 1e-9, on either side', () => {
    refuses(
      withPool({ weights: [0.6, 0.5] }),
      'pool.weights',
      'weights sum to 1.1, expected 1 (within 1e-9)',
      {
        sum: 1.1,
      },
    )
    refuses(
      withPool({ weights: [0.4, 0.5] }),
      'pool.weights',
      'weights sum to 0.9, expected 1 (within 1e-9)',
      {
        sum: 0.9,
      },
    )
    // 2e-9 off: shown rounded to 6 digits, the exact sum in values
    refuses(
      withPool({ weights: [0.5, 0.5 + 2e-9] }),
      'pool.weights',
      'weights sum to 1, expected 1 (within 1e-9)',
      {
        sum: 0.5 + (0.5 + 2e-9),
      },
    )
    refuses(
      withPool({ weights: [0.5, 0.5 - 2e-9] }),
      'pool.weights',
      'weights sum to 1, expected 1 (within 1e-9)',
      {
        sum: 0.5 + (0.5 - 2e-9),
      },
    )
    // within the tolerance on both sides, and decimal rounding (0.1 + 0.2 + 0.7)
    accepts(withPool({ weights: [0.5, 0.5 + 5e-10] }))
    accepts(withPool({ weights: [0.5, 0.5 - 5e-10] }))
    accepts(config({ prices: flat(3), pool: { ...config().pool, weights: [0.1, 0.2, 0.7] } }))
  })

  it('wants a swap fee of 0 or in [1e-6, 0.1]', () => {
    const outside = '(0 is allowed as a fee-free idealisation)'
    for (const [swapFee, shown] of [
      [0.100001, '0.100001'],
      [5e-7, '5e-7'],
      [-0.001, '-0.001'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(withPool({ swapFee }), 'pool.swapFee', `${shown} is outside [1e-6, 0.1] ${outside}`, {
        swapFee,
      })
    for (const swapFee of [0, 1e-6, 0.1]) accepts(withPool({ swapFee }))
  })

  it('wants a positive finite initial value', () => {
    for (const [initialValue, shown] of [
      [0, '0'],
      [-1, '-1'],
      [Infinity, 'Infinity'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        withPool({ initialValue }),
        'pool.initialValue',
        `expected a positive number, found ${shown}`,
      )
    accepts(withPool({ initialValue: 1e-300 }))
  })
})

describe('checkAgents', () => {
  it('names an unknown agent type, quoted when a string', () => {
    const expected = 'expected one of "arbitrageur", "noise"'
    refuses(
      withAgents({ type: 'arbitrageur' }, { type: 'arbitrager' }),
      'agents[1].type',
      `unknown agent type "arbitrager"; ${expected}`,
      {
        type: 'arbitrager',
      },
    )
    refuses(withAgents({ type: 3 }), 'agents[0].type', `unknown agent type 3; ${expected}`, {
      type: 3,
    })
    refuses(withAgents({}), 'agents[0].type', `unknown agent type undefined; ${expected}`, {
      type: undefined,
    })
  })

  it('checks a gas time series: rows, increasing finite times, gas >= 0', () => {
    const series = (times: number[], gas: number[]) =>
      withAgents({ type: 'arbitrageur', gasCost: { times, gas } })
    refuses(
      series([], []),
      'agents[0].gasCost',
      'expected a time series of at least one row (times and gas of equal length), found 0 times and 0 values',
    )
    refuses(
      series([0, 60], [1]),
      'agents[0].gasCost',
      'expected a time series of at least one row (times and gas of equal length), found 2 times and 1 values',
    )
    refuses(
      series([0], [1, 2]),
      'agents[0].gasCost',
      'expected a time series of at least one row (times and gas of equal length), found 1 times and 2 values',
    )
    refuses(
      series([0, 60, 60], [1, 1, 1]),
      'agents[0].gasCost.times[2]',
      'expected increasing finite seconds, found 60',
    )
    refuses(
      series([0, 60, 30], [1, 1, 1]),
      'agents[0].gasCost.times[2]',
      'expected increasing finite seconds, found 30',
    )
    refuses(
      series([Number.NaN, 60], [1, 1]),
      'agents[0].gasCost.times[0]',
      'expected increasing finite seconds, found NaN',
    )
    refuses(
      series([0, Infinity], [1, 1]),
      'agents[0].gasCost.times[1]',
      'expected increasing finite seconds, found Infinity',
    )
    refuses(
      series([0, 60, 120], [1, 2, -1]),
      'agents[0].gasCost.gas[2]',
      'expected a number >= 0, found -1',
    )
    refuses(
      series([0, 60], [Infinity, 1]),
      'agents[0].gasCost.gas[0]',
      'expected a number >= 0, found Infinity',
    )
    refuses(
      series([0, 60], [1, Number.NaN]),
      'agents[0].gasCost.gas[1]',
      'expected a number >= 0, found NaN',
    )
    // one row, a negative first time, gas exactly 0
    accepts(series([5], [0]))
    accepts(series([-60, 0, 60], [0, 1, 0]))
  })

  it('checks a lognormal gas distribution', () => {
    const gas = (g: unknown) => withAgents({ type: 'arbitrageur', gasCost: g })
    refuses(
      gas({ distribution: 'normal', median: 1, sigma: 1 }),
      'agents[0].gasCost.distribution',
      'expected "lognormal", found normal',
    )
    refuses(
      gas({ median: 1, sigma: 1 }),
      'agents[0].gasCost.distribution',
      'expected "lognormal", found undefined',
    )
    refuses(
      gas({ distribution: 'lognormal', median: -1, sigma: 1 }),
      'agents[0].gasCost.median',
      'expected a number >= 0, found -1',
    )
    refuses(
      gas({ distribution: 'lognormal', median: Infinity, sigma: 1 }),
      'agents[0].gasCost.median',
      'expected a number >= 0, found Infinity',
    )
    refuses(
      gas({ distribution: 'lognormal', median: 1, sigma: -0.5 }),
      'agents[0].gasCost.sigma',
      'expected a number >= 0, found -0.5',
    )
    refuses(
      gas({ distribution: 'lognormal', median: 1, sigma: Infinity }),
      'agents[0].gasCost.sigma',
      'expected a number >= 0, found Infinity',
    )
    accepts(gas({ distribution: 'lognormal', median: 0, sigma: 0 }))
  })

  it('checks a fixed gas cost, the external fee and everySteps', () => {
    const arb = (fields: Record<string, unknown>) => withAgents({ type: 'arbitrageur', ...fields })
    refuses(arb({ gasCost: -1 }), 'agents[0].gasCost', 'expected a number >= 0, found -1')
    refuses(
      arb({ gasCost: Infinity }),
      'agents[0].gasCost',
      'expected a number >= 0, found Infinity',
    )
    refuses(arb({ gasCost: Number.NaN }), 'agents[0].gasCost', 'expected a number >= 0, found NaN')
    accepts(arb({ gasCost: 0 }))
    refuses(
      arb({ externalFee: -0.1 }),
      'agents[0].externalFee',
      'expected a fraction in [0, 1), found -0.1',
    )
    refuses(
      arb({ externalFee: 1 }),
      'agents[0].externalFee',
      'expected a fraction in [0, 1), found 1',
    )
    refuses(
      arb({ externalFee: Number.NaN }),
      'agents[0].externalFee',
      'expected a fraction in [0, 1), found NaN',
    )
    accepts(arb({ externalFee: 0 }))
    accepts(arb({ externalFee: 0.999 }))
    refuses(arb({ everySteps: 0 }), 'agents[0].everySteps', 'expected an integer >= 1, found 0')
    refuses(arb({ everySteps: 1.5 }), 'agents[0].everySteps', 'expected an integer >= 1, found 1.5')
    refuses(arb({ everySteps: -2 }), 'agents[0].everySteps', 'expected an integer >= 1, found -2')
    accepts(arb({ everySteps: 1 }))
    accepts(arb({ everySteps: 2 }))
  })

  it('checks random blocks: poisson, a positive finite interval, everySteps 1', () => {
    const arb = (fields: Record<string, unknown>) => withAgents({ type: 'arbitrageur', ...fields })
    refuses(
      arb({ blocks: { type: 'fixed', meanInterval: 12 } }),
      'agents[0].blocks.type',
      'expected "poisson", found fixed',
    )
    refuses(
      arb({ blocks: { meanInterval: 12 } }),
      'agents[0].blocks.type',
      'expected "poisson", found undefined',
    )
    for (const [meanInterval, shown] of [
      [0, '0'],
      [-12, '-12'],
      [Infinity, 'Infinity'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        arb({ blocks: { type: 'poisson', meanInterval } }),
        'agents[0].blocks.meanInterval',
        `expected a positive number of seconds, found ${shown}`,
      )
    refuses(
      arb({ blocks: { type: 'poisson', meanInterval: 12 }, everySteps: 2 }),
      'agents[0].everySteps',
      'expected 1 (or none) with random blocks, found 2; the blocks decide when the arbitrageur acts',
    )
    accepts(arb({ blocks: { type: 'poisson', meanInterval: 12 }, everySteps: 1 }))
    accepts(arb({ blocks: { type: 'poisson', meanInterval: 1e-9 } }))
  })

  it('compares every further arbitrageur with the first one, wherever it stands', () => {
    const noise = { type: 'noise', tradesPerDay: 1, medianSize: 1 }
    const why =
      'competing arbitrageurs act in the same blocks (agents[1] has everySteps 2); give every arbitrageur the same everySteps and blocks'
    refuses(
      withAgents(
        noise,
        { type: 'arbitrageur', everySteps: 2 },
        { type: 'arbitrageur', everySteps: 3 },
      ),
      'agents[2].everySteps',
      `expected 2, found 3: ${why}`,
      { expected: 2, found: 3 },
    )
    // the third differs from the first, not from the second
    refuses(
      withAgents(
        noise,
        { type: 'arbitrageur', everySteps: 2 },
        { type: 'arbitrageur', everySteps: 2 },
        noise,
        { type: 'arbitrageur', everySteps: 1 },
      ),
      'agents[4].everySteps',
      `expected 2, found 1: ${why}`,
      { expected: 2, found: 1 },
    )
    accepts(
      withAgents(
        noise,
        { type: 'arbitrageur', everySteps: 2 },
        { type: 'arbitrageur', everySteps: 2 },
      ),
    )
  })

  it('checks a noise trader: rate, size, spread', () => {
    const trader = (fields: Record<string, unknown>) =>
      withAgents({ type: 'noise', tradesPerDay: 10, medianSize: 100, ...fields })
    for (const [value, shown] of [
      [0, '0'],
      [Infinity, 'Infinity'],
      [Number.NaN, 'NaN'],
    ] as const) {
      refuses(
        trader({ tradesPerDay: value }),
        'agents[0].tradesPerDay',
        `expected a positive number, found ${shown}`,
      )
      refuses(
        trader({ medianSize: value }),
        'agents[0].medianSize',
        `expected a positive number, found ${shown}`,
      )
    }
    refuses(
      trader({ sizeSigma: -0.1 }),
      'agents[0].sizeSigma',
      'expected a number >= 0, found -0.1',
    )
    refuses(
      trader({ sizeSigma: Infinity }),
      'agents[0].sizeSigma',
      'expected a number >= 0, found Infinity',
    )
    refuses(
      trader({ sizeSigma: Number.NaN }),
      'agents[0].sizeSigma',
      'expected a number >= 0, found NaN',
    )
    accepts(trader({}))
    accepts(trader({ sizeSigma: 0, tradesPerDay: 1e-9, medianSize: 1e-9 }))
  })

  it('checks a noise trader demand: elasticity in (0, 100], fractions', () => {
    const demand = (fields: Record<string, unknown>) =>
      withAgents({
        type: 'noise',
        tradesPerDay: 10,
        medianSize: 100,
        demand: { elasticity: 2, outsideCost: 0.003, referenceSwapFee: 0.003, ...fields },
      })
    for (const [elasticity, shown] of [
      [0, '0'],
      [100.5, '100.5'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        demand({ elasticity }),
        'agents[0].demand.elasticity',
        `expected a number in (0, 100], found ${shown}`,
      )
    accepts(demand({ elasticity: 100 }))
    accepts(demand({ elasticity: 1e-9 }))
    for (const [outsideCost, shown] of [
      [0, '0'],
      [1, '1'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        demand({ outsideCost }),
        'agents[0].demand.outsideCost',
        `expected a fraction in (0, 1), found ${shown}`,
      )
    accepts(demand({ outsideCost: 0.999 }))
    accepts(demand({ outsideCost: 1e-9 }))
    for (const [referenceSwapFee, shown] of [
      [-0.001, '-0.001'],
      [1, '1'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        demand({ referenceSwapFee }),
        'agents[0].demand.referenceSwapFee',
        `expected a fraction in [0, 1), found ${shown}`,
      )
    accepts(demand({ referenceSwapFee: 0 }))
    accepts(demand({ referenceSwapFee: 0.999 }))
  })

  it('checks arbitrage.competition when arbitrage is given', () => {
    const competing = (competition: unknown) =>
      config({ arbitrage: { competition } as SimulationConfig['arbitrage'] })
    refuses(
      competing('first'),
      'arbitrage.competition',
      'expected "winner-keeps" or "priority-auction", found "first"',
    )
    refuses(
      config({ arbitrage: {} as SimulationConfig['arbitrage'] }),
      'arbitrage.competition',
      'expected "winner-keeps" or "priority-auction", found undefined',
    )
    accepts(competing('winner-keeps'))
    accepts(competing('priority-auction'))
  })
})

describe('checkConfig', () => {
  it('wants a path of at least 2 steps', () => {
    refuses(
      config({ prices: flat(2, 1) }),
      'prices',
      'expected a path of at least 2 steps, found 1',
    )
    accepts(config({ prices: flat(2, 2) }))
  })

  it('refuses a dynamic swap fee with exact maths, naming pool.math', () => {
    const rule = { type: 'gas', base: 0.001, slope: 0 } as const
    refuses(
      withPool({ swapFeeRule: rule, math: 'exact-v2' }),
      'pool.swapFeeRule',
      'a dynamic swap fee runs on float maths only, found pool.math "exact-v2"; use "float" or remove the rule',
    )
    accepts(withPool({ swapFeeRule: rule, math: 'float' }))
    accepts(withPool({ swapFeeRule: rule }))
    accepts(withPool({ math: 'exact-v2' }))
  })

  it('wants seriesPoints an integer >= 2 or "all"', () => {
    for (const [points, shown] of [
      [1, '1'],
      [2.5, '2.5'],
      [Number.NaN, 'null'],
      ['some', '"some"'],
    ] as const)
      refuses(
        config({ seriesPoints: points as number }),
        'seriesPoints',
        `expected an integer >= 2 or "all", found ${shown}`,
      )
    accepts(config({ seriesPoints: 2 }))
    accepts(config({ seriesPoints: 'all' }))
  })

  it('samples every step with seriesPoints "all"', () => {
    const run = (seriesPoints: number | 'all', steps: number) =>
      runSimulation(config({ prices: flat(2, steps), seriesPoints })).series.data[0]!.length
    expect(run('all', 7)).toBe(7)
    expect(run('all', 2)).toBe(2)
    expect(run(3, 7)).toBe(3)
  })

  it('wants a safe integer seed', () => {
    for (const [seed, shown] of [
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
      [2 ** 53, '9007199254740992'],
    ] as const)
      refuses(config({ seed }), 'seed', `expected a safe integer, found ${shown}`)
    accepts(config({ seed: -(2 ** 53 - 1) }))
  })

  it('allows one arbitrageur with exact maths, and checks the exact config', () => {
    refuses(
      config({
        pool: { ...config().pool, math: 'exact-v3' },
        agents: [{ type: 'arbitrageur' }, { type: 'arbitrageur' }],
      }),
      'agents',
      'competing arbitrageurs run on float maths only: expected at most one arbitrageur with pool.math "exact-v3", found 2; use pool.math "float" or keep one arbitrageur',
    )
    accepts(
      config({ pool: { ...config().pool, math: 'exact-v3' }, agents: [{ type: 'arbitrageur' }] }),
    )
    accepts(
      config({
        pool: { ...config().pool, math: 'float' },
        agents: [{ type: 'arbitrageur' }, { type: 'arbitrageur' }],
      }),
    )
    // checkExactConfig: one decimals entry per token
    refuses(
      withPool({ math: 'exact-v3', decimals: [18] }),
      'pool.decimals',
      'expected 2 decimals (one per token), found 1',
    )
    accepts(withPool({ math: 'float', decimals: [18] }))
  })

  it('wants a finite risk-free rate above -1', () => {
    for (const [riskFreeRate, shown] of [
      [-1, '-1'],
      [-2, '-2'],
      [Infinity, 'Infinity'],
      [Number.NaN, 'NaN'],
    ] as const)
      refuses(
        config({ riskFreeRate }),
        'riskFreeRate',
        `expected a finite fraction > -1, found ${shown}`,
      )
    accepts(config({ riskFreeRate: -0.999 }))
    accepts(config({ riskFreeRate: 0 }))
  })
})

describe('checkSimulationConfig with exact maths', () => {
  it('builds the exact pool at the first prices, 18 decimals by default', () => {
    // 1 numeraire unit at price 1e20 is 1e-20 tokens: 0 raw units at 18 decimals, 1e-2 at 18 + 2
    const source = handSource(
      ['T0', 'T1'],
      [
        [1, 1e20],
        [1, 1e20],
      ],
      60,
      'T0',
    )
    const exact = (pool: Partial<SimulationConfig['pool']>) =>
      config({
        prices: source,
        pool: { ...config().pool, initialValue: 2, math: 'exact-v3', ...pool },
      })
    refuses(
      exact({}),
      'pool.initialValue',
      "token 1's initial balance rounds to 0 raw units (decimals 18): raise initialValue",
    )
    // the decimals given are the ones used: 1e-7 tokens are 0.1 raw units at 6 decimals
    const at1e7 = handSource(
      ['T0', 'T1'],
      [
        [1, 1e7],
        [1, 1e7],
      ],
      60,
      'T0',
    )
    const exact7 = (pool: Partial<SimulationConfig['pool']>) =>
      config({
        prices: at1e7,
        pool: { ...config().pool, initialValue: 2, math: 'exact-v3', ...pool },
      })
    refuses(
      exact7({ decimals: [18, 6] }),
      'pool.initialValue',
      "token 1's initial balance rounds to 0 raw units (decimals 6): raise initialValue",
    )
    accepts(exact7({}))
    // at the second step's prices (1, 1) the same pool is fine: the first row is the one read
    accepts(
      config({
        prices: handSource(
          ['T0', 'T1'],
          [
            [1, 1],
            [1, 1e20],
          ],
          60,
          'T0',
        ),
        pool: { ...config().pool, initialValue: 2, math: 'exact-v3' },
      }),
    )
    accepts(withPool({ math: 'exact-v3' }))
    accepts(withPool({ math: 'exact-v2', decimals: [6, 18] }))
  })

  it('stops on a source that claims 2 steps but yields no first point', () => {
    // a library caller's source can break its own promise; the check reads the first point
    const empty: PriceSource = {
      tokens: ['T0', 'T1'],
      numeraire: 'T0',
      steps: 2,
      startTime: 0,
      dt: 60,
      open: () => ({ next: () => 0 }),
    }
    expect(() => {
      checkSimulationConfig(config({ prices: empty, pool: { ...config().pool, math: 'exact-v3' } }))
    }).toThrow(new Error('unreachable: a source of at least 2 steps yielded no first point'))
    // float maths reads no price before the run
    accepts(config({ prices: empty }))
  })
})

describe('checkPrices: PRICE_OUT_OF_RANGE', () => {
  /** The RunError of a run on `rows` of ETH/USD prices at `times`. */
  function priceError(times: number[], rows: number[][]): RunError {
    const run = () =>
      runSimulation({
        ...config(),
        prices: sourceFromPath({
          tokens: ['ETH', 'USD'],
          numeraire: 'USD',
          times: Float64Array.from(times),
          prices: Float64Array.from(rows.flat()),
        }),
      })
    let error: unknown
    try {
      run()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(RunError)
    return error as RunError
  }

  const range = 'outside the range the engine runs on [1e-200, 1e+200]'

  it('names the second token, the step, an ISO time with milliseconds, the value', () => {
    const e = priceError(
      [0, 60.5, 121],
      [
        [100, 1],
        [100, 2e200],
        [100, 1],
      ],
    )
    expect(e.code).toBe('PRICE_OUT_OF_RANGE')
    expect(e.message).toBe(
      `PRICE_OUT_OF_RANGE: price of USD at step 1 (1970-01-01T00:01:00.500Z) is 2e+200, ${range}`,
    )
    expect(e.values).toEqual({ step: 1, time: 60.5, token: 'USD', price: 2e200 })
  })

  it('runs on prices exactly at the bounds 1e-200 and 1e200', () => {
    const run = (price: number) =>
      runSimulation(
        config({
          prices: handSource(
            ['ETH', 'USD'],
            [
              [100, 1],
              [price, 1],
              [100, 1],
            ],
          ),
        }),
      )
    expect(run(1e-200).steps).toBe(3)
    expect(run(1e200).steps).toBe(3)
  })

  it('shows a time Date cannot hold as seconds', () => {
    const e = priceError(
      [0, 60, 1e13],
      [
        [100, 1],
        [100, 1],
        [0, 1],
      ],
    )
    expect(e.message).toBe(
      `PRICE_OUT_OF_RANGE: price of ETH at step 2 (10000000000000 s) is 0, ${range}`,
    )
    expect(e.values).toEqual({ step: 2, time: 1e13, token: 'ETH', price: 0 })
  })

  it('counts steps across chunks', () => {
    const steps = CHUNK_STEPS + 3
    const times = Array.from({ length: steps }, (_, t) => t * 60)
    const rows = times.map(() => [100, 1])
    const bad = CHUNK_STEPS + 1
    rows[bad] = [100, -1]
    const e = priceError(times, rows)
    // step 4097 at 60 s: 245,820 s = 2 days 20 h 17 min
    expect(bad).toBe(4097)
    expect(e.message).toBe(
      `PRICE_OUT_OF_RANGE: price of USD at step 4097 (1970-01-03T20:17:00Z) is -1, ${range}`,
    )
    expect(e.values).toEqual({ step: bad, time: bad * 60, token: 'USD', price: -1 })
  })
})

describe('periodText: the risk period in the too-short note', () => {
  const note = (period: string, count: number) =>
    `Risk metrics (Sharpe, Sortino, Calmar, Value-at-Risk, expected shortfall, information ratios) need at least 20 full periods of ${period}; this run has ${count}, so they are null.`

  /** The notes of a run on an ETH/USD path at `times`, with the source's `dt` as given. */
  function notesOf(times: number[], dt?: number): string[] {
    const path = sourceFromPath({
      tokens: ['ETH', 'USD'],
      numeraire: 'USD',
      times: Float64Array.from(times),
      prices: Float64Array.from(times.flatMap((_, t) => [100 + t, 1])),
    })
    const source: PriceSource = {
      tokens: path.tokens,
      numeraire: path.numeraire,
      steps: path.steps,
      startTime: path.startTime,
      dt: dt ?? path.dt,
      open: () => path.open(),
    }
    return runSimulation(config({ prices: source })).notes
  }

  it('says 1 day for steps of a minute', () => {
    expect(notesOf([0, 60, 120])).toEqual([note('1 day', 0)])
  })

  it('says seconds for a period longer than a day: 3 periods of 2 days', () => {
    expect(notesOf([0, 172_800, 345_600, 518_400])).toEqual([note('172800 s', 3)])
  })

  it('says 1 hour for a source declaring hourly steps over 40 s', () => {
    // riskPeriodOf(3600, 41): 40 nominal hours, fewer than 20 days, so hourly periods; the
    // times are 1 s apart, so no hour is full
    const times = Array.from({ length: 41 }, (_, t) => t)
    expect(notesOf(times, 3600)).toEqual([note('1 hour', 0)])
  })
})

describe('createSwapFeeState: the fee rule starts from no observation', () => {
  it('averages volatility over 1 s steps from the first step (EWMA by hand)', () => {
    // ETH log returns 1e-5 then 2e-5 over 1 s steps; halfLife 2 s, so the decay is 2^(-1/2).
    // Observation k: d_k^2 * year / dt. Step 1 averages one observation; step 2 weighs the
    // first by the decay: variance (decay * o1 + o2) / (1 + decay).
    const year = 31_536_000
    const d1 = 1e-5
    const d2 = 2e-5
    const p1 = 100 * Math.exp(d1)
    const p2 = p1 * Math.exp(d2)
    const result = runSimulation(
      config({
        prices: handSource(
          ['ETH', 'USD'],
          [
            [100, 1],
            [p1, 1],
            [p2, 1],
          ],
          1,
        ),
        pool: {
          ...config().pool,
          swapFeeRule: { type: 'volatility', base: 0.001, slope: 0.01, halfLife: 2 },
        },
        seriesPoints: 'all',
      }),
    )
    const decay = 2 ** -0.5
    const fee1 = 0.001 + 0.01 * Math.sqrt(d1 * d1 * year)
    const fee2 = 0.001 + 0.01 * Math.sqrt(((decay * d1 * d1 + d2 * d2) * year) / (1 + decay))
    const fees = result.series.data[result.series.columns.indexOf('swapFee')]!
    // the returns carry ~1e-11 relative error from the prices' rounding
    expect(fees[1]).toBeCloseTo(fee1, 12)
    expect(fees[2]).toBeCloseTo(fee2, 12)
    const summary = result.metrics.swapFee!
    expect(summary.min).toBe(fees[1])
    expect(summary.max).toBe(fees[2])
  })
})
