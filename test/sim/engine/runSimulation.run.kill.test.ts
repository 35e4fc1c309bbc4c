/**
 * Mutation kills (issue 13, docs/mutation.md) for runSimulation.ts's runResolved: the chunked run
 * that drives the step loops, and its helpers (drainedWarning, scheduleText, checkState,
 * firstRowWhere). Hand-made paths whose figures follow by hand: every token's numeraire price
 * multiplied by the same factor leaves the relative prices alone, so no arbitrage happens and the
 * LP value is exactly V0 times that factor; a price of 1e200 against a value of 1e300 overflows.
 */
import { describe, expect, it } from 'vitest'
import { RunError } from '../../../src/errors.js'
import {
  CHUNK_STEPS,
  runSimulation,
  runSimulationWithLoop,
} from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig, WeightScheduleSpec } from '../../../src/sim/engine/types.js'
import type { PriceSource } from '../../../src/sim/prices/types.js'
import { compareFigures, failures } from '../../reference/compareFigures.js'
import { randomScenario } from '../../reference/randomScenarios.js'
import { runReference } from '../../reference/referenceEngine.js'
import { gbmSource, handSource } from './testPaths.js'

const MINUTE = 60

/** ISO time of a step on a one-minute grid from 0, as the engine's messages print it. */
const at = (step: number) => new Date(step * MINUTE * 1000).toISOString().replace('.000Z', 'Z')

/** Two tokens, both worth `factor(t)` USD at step t: the pool's value is V0 factor(t), no trade. */
function commonMove(steps: number, factor: (t: number) => number): PriceSource {
  const rows = Array.from({ length: steps }, (_, t) => [factor(t), factor(t)])
  return handSource(['A', 'B'], rows, MINUTE)
}

/** Both prices fall by 1e-6 per step from step 1: V0 = 1e6 is 1 at step 1, 1e-6 at step 2. */
const collapse = (steps: number) => commonMove(steps, (t) => 10 ** (-6 * Math.min(t, 2)))

const pool = { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 }

function thrown(run: () => unknown): RunError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(RunError)
    return error as RunError
  }
  throw new Error('expected a RunError')
}

describe('runSimulation: the step loop it runs', () => {
  it('takes the two-token fast path (auto), not the general loop', () => {
    const config: SimulationConfig = {
      pool,
      prices: gbmSource({
        tokens: 2,
        steps: 200,
        dt: 3_600,
        sigma: 0.8,
        seed: 5,
        withNumeraire: true,
      }),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    }
    const result = runSimulation(config)
    expect(result).toEqual(runSimulationWithLoop(config, 'auto'))
    // the general loop rounds differently: the fast path is observable in the last bits
    expect(result.metrics.lpValue).not.toBe(
      runSimulationWithLoop(config, 'general').metrics.lpValue,
    )
  })
})

describe('runSimulation: the engine state it starts from', () => {
  it('gives a dynamic-weight rule its state: figures as the reference engine computes them', () => {
    // a mean-reversion channel (2 tokens) and a power channel (4 tokens): both keep estimator state
    for (const index of [1, 3]) {
      const s = randomScenario(1, index, { rules: true })
      const result = runSimulation(s.config)
      expect(failures(compareFigures(result, runReference(s.config, s.path))), s.label).toEqual([])
    }
  })

  it('rebalances a periodic or a threshold benchmark run alone', () => {
    // A: 1, 2, 1 USD. Rebalanced to 50/50 at every step at no cost, a basket grows by
    // (r_A + 1) / 2 per step: 1.5, then 0.75, so 1e6 -> 1.125e6 (HODL would end at 1e6)
    for (const benchmark of [
      { type: 'periodic', everySteps: 1, costBps: 0 },
      { type: 'threshold', band: 0.01, costBps: 0 },
    ] as const) {
      const result = runSimulation({
        pool,
        prices: handSource(
          ['A', 'USD'],
          [
            [1, 1],
            [2, 1],
            [1, 1],
          ],
          MINUTE,
        ),
        agents: [],
        benchmarks: [benchmark],
        seed: 1,
      })
      expect(result.benchmarks[benchmark.type]!.value).toBeCloseTo(1.125e6, 6)
    }
  })

  it('logs trades only when asked, each under its agent index', () => {
    const config: SimulationConfig = {
      pool,
      prices: gbmSource({
        tokens: 2,
        steps: 100,
        dt: 3_600,
        sigma: 0.8,
        seed: 5,
        withNumeraire: true,
      }),
      agents: [{ type: 'noise', tradesPerDay: 50, medianSize: 1_000 }, { type: 'arbitrageur' }],
      benchmarks: [],
      seed: 1,
    }
    expect('trades' in runSimulation(config)).toBe(false)
    const result = runSimulation({ ...config, trades: true })
    const trades = result.trades!
    const by = (agent: number) => trades.filter((trade) => trade.agent === agent)
    // two tokens: one swap per arbitrage
    expect(by(1).length).toBe(result.metrics.arbTrades)
    expect(by(0).length).toBe(result.metrics.noiseTrades)
    expect(result.metrics.arbTrades).toBeGreaterThan(0)
    expect(by(1).every((trade) => trade.agentType === 'arbitrageur')).toBe(true)
  })
})

describe('runSimulation: competing arbitrageurs after a noise trader', () => {
  it("logs each competitor's trades under its own agent index", () => {
    const config: SimulationConfig = {
      pool,
      prices: gbmSource({
        tokens: 2,
        steps: 200,
        dt: 3_600,
        sigma: 0.8,
        seed: 5,
        withNumeraire: true,
      }),
      agents: [
        { type: 'noise', tradesPerDay: 50, medianSize: 1_000 },
        { type: 'arbitrageur', gasCost: 0.5 },
        { type: 'arbitrageur', gasCost: 0.1 },
      ],
      benchmarks: [],
      seed: 1,
      trades: true,
    }
    const result = runSimulation(config)
    for (const trade of result.trades!)
      expect(trade.agentType).toBe(config.agents[trade.agent]!.type)
    const wins = result.metrics.arbitrageurs!.map((figures) => figures.blocksWon)
    const count = (agent: number) => result.trades!.filter((trade) => trade.agent === agent).length
    // two tokens: one swap per arbitrage; the cheaper gas wins ties and more blocks
    expect([count(1), count(2)]).toEqual(wins)
    expect(wins[1]).toBeGreaterThan(0)
  })
})

describe('runSimulation: a price source that yields another number of steps than it says', () => {
  const lying = (yielded: number, said: number): PriceSource => {
    const source = commonMove(yielded, () => 1)
    return { ...source, steps: said, open: () => source.open() }
  }
  const run = (prices: PriceSource) =>
    runSimulation({ pool, prices, agents: [], benchmarks: [], seed: 1 })

  it('stops when it yields more steps', () => {
    expect(() => run(lying(4, 3))).toThrow('unreachable: source yielded more than its 3 steps')
  })

  it('stops when it yields fewer steps', () => {
    expect(() => run(lying(3, 4))).toThrow('unreachable: source yielded 3 of its 4 steps')
  })
})

describe('runSimulation: POOL_DRAINED', () => {
  const drained = (schedule?: WeightScheduleSpec, steps = 4) =>
    runSimulation({
      pool: { ...pool, ...(schedule === undefined ? {} : { schedule }) },
      prices: collapse(steps),
      agents: [],
      benchmarks: [],
      seed: 1,
    })
  const message = (cause: string) =>
    `the LP value fell below 1e-9 of its start (1000000) at step 2 (${at(2)}); later figures describe an empty pool${cause}`
  const because = (schedule: string) =>
    `; likely cause: ${schedule} moved the weights away from the market faster than fees repaid the arbitrageur's profit at each move`

  it('checks the value at the end of each chunk: a dip that recovers within the chunk is not drained', () => {
    // both prices 1, 1e-12, then 1 or 1e-9: the value 1e6, 1e-6, then 1e6 or exactly 1e-9 * 1e6
    for (const end of [1, 1e-9]) {
      const result = runSimulation({
        pool,
        prices: commonMove(3, (t) => [1, 1e-12, end][t]!),
        agents: [],
        benchmarks: [],
        seed: 1,
      })
      expect(result.metrics.lpValue).toBe(1e6 * end)
      expect(result.warnings).toEqual([])
    }
  })

  it('does not count a value exactly at 1e-9 of its start as below it', () => {
    // both prices 1, 1e-9, 1e-12: the value 1e6, 1e6 * 1e-9 (= 1e-9 * 1e6 in doubles), 1e-6
    const result = runSimulation({
      pool,
      prices: commonMove(3, (t) => [1, 1e-9, 1e-12][t]!),
      agents: [],
      benchmarks: [],
      seed: 1,
      seriesPoints: 3,
    })
    expect(result.series.data[1]![1]).toBe(1e-9 * 1e6)
    expect(result.warnings.map((w) => w.step)).toEqual([2])
  })

  it('names the step the value fell below 1e-9 of its start, without a cause for static weights', () => {
    const result = drained()
    // the oracle: V0 * 1e-6 = 1 at step 1 (not below 1e-3), 1e-6 at step 2
    expect(result.metrics.lpValue).toBeCloseTo(1e-6, 20)
    expect(result.warnings).toEqual([
      { code: 'POOL_DRAINED', message: message(''), step: 2, time: 2 * MINUTE },
    ])
    expect(drained({ type: 'static' }).warnings).toEqual(result.warnings)
  })

  it('names a weight schedule or a weight rule as the likely cause', () => {
    const cases: [WeightScheduleSpec, string][] = [
      [
        { type: 'linear', startTime: 0, endTime: 3 * MINUTE, endWeights: [0.4, 0.6] },
        'the linear weight schedule',
      ],
      [
        {
          type: 'piecewise',
          points: [
            { time: 0, weights: [0.5, 0.5] },
            { time: 3 * MINUTE, weights: [0.6, 0.4] },
          ],
        },
        'the piecewise weight schedule',
      ],
      [
        { type: 'ew-momentum', memoryDays: 1, aggressiveness: 1, updateInterval: MINUTE },
        'the ew-momentum weight rule',
      ],
    ]
    for (const [schedule, text] of cases)
      expect(drained(schedule).warnings.map((w) => w.message)).toEqual([message(because(text))])
  })

  it("names the first step below the threshold when it is a later chunk's first row, once", () => {
    // 3 chunks; the value falls at step CHUNK_STEPS (row 0 of chunk 2) and stays down in chunk 3
    const steps = 2 * CHUNK_STEPS + 10
    const result = runSimulation({
      pool,
      prices: commonMove(steps, (t) => (t < CHUNK_STEPS ? 1 : 1e-12)),
      agents: [],
      benchmarks: [],
      seed: 1,
    })
    expect(result.warnings.map(({ step, time }) => ({ step, time }))).toEqual([
      { step: CHUNK_STEPS, time: CHUNK_STEPS * MINUTE },
    ])
  })
})

describe('runSimulation: NON_FINITE', () => {
  /** A 1e300 pool: token A's price jumps from 1 to `jump` at step 1. */
  const overflow = (weights: number[], jump: number) =>
    runSimulation({
      pool: { weights, swapFee: 0.003, initialValue: 1e300 },
      prices: handSource(
        ['A', 'USD'],
        [
          [1, 1],
          [jump, 1],
          [jump, 1],
        ],
        MINUTE,
      ),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
    })

  it('names the exact step when the LP value overflows, with no cause for static weights', () => {
    // V = 1e300 * 1e200^0.5 = 1e400: past the largest double
    const error = thrown(() => overflow([0.5, 0.5], 1e200))
    expect(error.code).toBe('NON_FINITE')
    expect(error.values.step).toBe(1)
    expect(error.message).toBe(
      `NON_FINITE: ${(error.values.quantities as string[]).join(', ')} became non-finite at step 1 (${at(1)})`,
    )
    expect(error.values.quantities).toEqual([
      'the LP value',
      'the sum of squared LP returns',
      'the sum of squared tracking gaps',
      'the value of benchmark hodl',
    ])
  })

  it('names each quantity that is not finite, token by token', () => {
    const run = (config: Partial<SimulationConfig>, dt = MINUTE) =>
      thrown(() =>
        runSimulation({
          pool: { ...pool, initialValue: 1e300 },
          prices: handSource(
            ['A', 'USD'],
            [
              [1, 1],
              [1, 1],
              [1, 1],
            ],
            dt,
          ),
          agents: [],
          benchmarks: [],
          seed: 1,
          ...config,
        }),
      ).values.quantities
    // B_A = 0.5 * 1e300 / 1e-9 overflows from the start; B_B = 5e299 does not
    expect(
      run({
        prices: handSource(
          ['A', 'B'],
          [
            [1e-9, 1],
            [1e-9, 1],
            [1e-9, 1],
          ],
          MINUTE,
        ),
      }),
    ).toEqual([
      'the LP value',
      "the pool's balance of A",
      'the sum of squared LP returns',
      'the sum of squared tracking gaps',
    ])
    // noise trades of a median 1e307 (about 100 in the day) overflow both balances, the fees
    // they pay and the LVR the pool books on them
    expect(
      run({ agents: [{ type: 'noise', tradesPerDay: 100, medianSize: 1e307 }] }, 86_400),
    ).toEqual([
      'the LP value',
      "the pool's balance of A",
      "the pool's balance of USD",
      'the LVR sum',
      'the fee income',
      'the sum of squared LP returns',
      'the sum of squared tracking gaps',
    ])
  })

  it("names the exact step when the LP value overflows at a later chunk's first row", () => {
    // both prices 1 until step CHUNK_STEPS, then 1e10: 1e300 * 1e10 overflows there
    const error = thrown(() =>
      runSimulation({
        pool: { ...pool, initialValue: 1e300 },
        prices: commonMove(CHUNK_STEPS + 3, (t) => (t < CHUNK_STEPS ? 1 : 1e10)),
        agents: [],
        benchmarks: [],
        seed: 1,
      }),
    )
    expect(error.values.step).toBe(CHUNK_STEPS)
    expect(error.message).toMatch(`non-finite at step ${CHUNK_STEPS} (${at(CHUNK_STEPS)})`)
  })

  it('names the chunk when only another quantity overflows', () => {
    // A alternates 1, 1e100, 1, ...: the constant mix earns (1e100 + 1) / 2 on every rise and
    // keeps half on every fall, so 1e6 * (5e99)^4 / 2^3 overflows at step 7; the arbitrageur's
    // 30 % limits keep the pool near 1e6 (the same path cut to 5 points finishes)
    const rows = (steps: number) =>
      Array.from({ length: steps }, (_, t) => [t % 2 === 1 ? 1e100 : 1, 1])
    const run = (steps: number) =>
      runSimulation({
        pool,
        prices: handSource(['A', 'USD'], rows(steps), MINUTE),
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'constant-mix' }],
        seed: 1,
      })
    expect(run(5).benchmarks['constant-mix']!.value / ((1e6 * 5e99 ** 2) / 4)).toBeCloseTo(1, 12)
    const error = thrown(() => run(9))
    expect(error.values).toEqual({ step: 8, quantities: ['the value of benchmark constant-mix'] })
    expect(error.message).toBe(
      'NON_FINITE: the value of benchmark constant-mix became non-finite by step 8 (the state is checked once per chunk; this one began at step 0)',
    )
  })
})

describe('runSimulation: large finite states', () => {
  it('runs a pool whose balances are finite but sum past the largest double', () => {
    // B = w V0 / p = 0.5 * 1e300 / 5e-9 = 1e308 of each token: their sum, 2e308, is not finite
    const result = runSimulation({
      pool: { ...pool, initialValue: 1e300 },
      prices: commonMove(3, () => 5e-9),
      agents: [],
      benchmarks: [],
      seed: 1,
    })
    expect(result.metrics.lpValue).toBe(1e300)
    expect(result.metrics.returnVsHodl).toBe(0)
  })
})
