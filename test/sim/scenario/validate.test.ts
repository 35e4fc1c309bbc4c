import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { parseDuration } from '../../../src/sim/scenario/duration.js'
import { scenarioJsonSchemaText } from '../../../src/sim/scenario/schema.js'
import { parseScenario, validateScenario } from '../../../src/sim/scenario/validate.js'

const FILE = 'scenarios/x.json'
/** A valid two-token scenario; each test breaks one field. */
function base(): Record<string, unknown> {
  return {
    name: 'x',
    description: 'one line',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2000 },
      volatility: { ETH: 0.8 },
      dt: '1h',
      horizon: '30d',
    },
  }
}
function withPool(patch: Record<string, unknown>): Record<string, unknown> {
  const s = base()
  return { ...s, pool: { ...(s.pool as object), ...patch } }
}
function withPrices(patch: Record<string, unknown>) {
  const s = base()
  return { ...s, prices: { ...(s.prices as object), ...patch } }
}
/** The InputError `validateScenario` throws, for code and whole-message checks. */
function failure(raw: unknown): InputError {
  try {
    validateScenario(raw, FILE)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected validateScenario to throw')
}

describe('parseDuration', () => {
  it('converts each unit to seconds (a year is 365 days)', () => {
    expect(parseDuration('12s')).toBe(12)
    expect(parseDuration('5m')).toBe(300)
    expect(parseDuration('1h')).toBe(3_600)
    expect(parseDuration('1.5h')).toBe(5_400)
    expect(parseDuration('365d')).toBe(31_536_000)
    expect(parseDuration('2w')).toBe(1_209_600)
    expect(parseDuration('1y')).toBe(31_536_000)
    expect(parseDuration(90)).toBe(90)
  })
  it('rejects what is not a duration', () => {
    for (const bad of ['5x', 'h', '1 hour', '-1h', ''])
      expect(parseDuration(bad), bad).toBeUndefined()
    expect(parseDuration(-1)).toBeUndefined()
    expect(parseDuration(Number.NaN)).toBeUndefined()
  })
})

describe('validateScenario', () => {
  it("accepts issue 6's core example as written (no description: only bundled ones need one)", () => {
    const example = {
      name: 'eth-usdc-50-50',
      seed: 42,
      pool: {
        tokens: ['ETH', 'USDC'],
        weights: [0.5, 0.5],
        swapFee: 0.003,
        initialValue: 1000000,
        math: 'float',
      },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000, USDC: 1 },
        volatility: { ETH: 0.8 },
        drift: { ETH: 0 },
        dt: '12s',
        horizon: '365d',
      },
      agents: [{ type: 'arbitrageur', gasCost: 0 }],
      benchmarks: [{ type: 'threshold', band: 0.05, costBps: 10 }],
    }
    const s = validateScenario(example, FILE)
    expect(s.description).toBeUndefined()
    expect(s.benchmarks).toEqual([{ type: 'threshold', band: 0.05, costBps: 10 }])
  })
  it('fills the documented defaults', () => {
    const s = validateScenario(base(), FILE)
    expect(s.seed).toBe(1)
    expect(s.pool.initialValue).toBe(1_000_000)
    expect(s.pool.math).toBe('float')
    expect(s.agents).toEqual([{ type: 'arbitrageur' }])
    expect(s.benchmarks).toEqual([{ type: 'hodl' }, { type: 'constant-mix' }])
    expect(s.seriesPoints).toBe(500)
  })

  it.each([
    [
      'a weight below 1 %',
      withPool({ tokens: ['A', 'B', 'C'], weights: [0.5, 0.496, 0.004] }),
      'WEIGHT_MIN',
      'scenarios/x.json: pool.weights[2]: 0.004 is below the 1% minimum',
    ],
    [
      'weights not summing to 1',
      withPool({ weights: [0.5, 0.6] }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.weights: weights sum to 1.1, expected 1',
    ],
    [
      'one weight per token',
      withPool({ weights: [0.2, 0.3, 0.5] }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.weights: expected 2 weights (one per token), found 3',
    ],
    [
      'an unknown model',
      withPrices({ model: 'brownian' }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.model: unknown model "brownian": expected one of "gbm", "jump-diffusion", "regime-switching", "ou", "bootstrap", "constant", "ramp", "step", "mixed", "csv"',
    ],
    [
      'a misspelt field',
      withPool({ swapfee: 0.003 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapfee: unknown field; did you mean pool.swapFee? expected one of tokens, weights, swapFee, initialValue, math, decimals, schedule, swapFeeRule',
    ],
    [
      'a field with two letters swapped',
      { ...base(), pool: { tokens: ['ETH', 'USDC'], wieghts: [0.5, 0.5], swapFee: 0.003 } },
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.wieghts: unknown field; did you mean pool.weights? expected one of tokens, weights, swapFee, initialValue, math, decimals, schedule, swapFeeRule',
    ],
    [
      'a misspelt field in an array element',
      { ...base(), agents: [{ type: 'arbitrageur', gascost: 1 }] },
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[0].gascost: unknown field; did you mean agents[0].gasCost? expected one of type, gasCost, externalFee, everySteps, blocks',
    ],
    [
      'a gas distribution of an unknown kind',
      {
        ...base(),
        agents: [{ type: 'arbitrageur', gasCost: { distribution: 'normal', median: 1, sigma: 1 } }],
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[0].gasCost: expected a number >= 0 (numeraire per trade), {"distribution": "lognormal", "median": number >= 0, "sigma": number >= 0} or {"file": "gas.csv"}, found an object',
    ],
    [
      'a gas distribution with a negative median',
      {
        ...base(),
        agents: [
          { type: 'arbitrageur', gasCost: { distribution: 'lognormal', median: -1, sigma: 1 } },
        ],
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[0].gasCost.median: -1 is below the minimum 0',
    ],
    [
      'an unknown field close to nothing',
      withPool({ colour: 'red' }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.colour: unknown field: expected one of tokens, weights, swapFee, initialValue, math, decimals, schedule, swapFeeRule',
    ],
    [
      'several unknown fields, some misspelt',
      { ...base(), sed: 1, descripton: 'x', colour: 'red' },
      'SCENARIO_INVALID',
      'scenarios/x.json: (top level): unknown fields "sed" (did you mean "seed"?), "descripton" (did you mean "description"?), "colour": expected one of $schema, name, description, seed, pool, prices, agents, arbitrage, benchmarks, sweep, paths, windows, commonPaths, compareTo, seriesPoints, riskFreeRate, regress',
    ],
    [
      'an exact math that is not a generation',
      withPool({ math: 'exact-v1' }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.math: expected "float" or "exact-v2-2021" or "exact-v2" or "exact-v3", found "exact-v1"',
    ],
    [
      'exact math: one decimal per token',
      withPool({ math: 'exact-v3', decimals: [18, 6, 8] }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.decimals: expected 2 decimals (one per token), found 3',
    ],
    [
      'exact math: decimals above 18',
      withPool({ math: 'exact-v3', decimals: [18, 19] }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.decimals[1]: 19 is above the maximum 18',
    ],
    [
      'exact math: no fee-free pool on chain',
      withPool({ math: 'exact-v2', swapFee: 0 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapFee: exact-v2 pools accept a swap fee from 1e-6 to 0.1, found 0',
    ],
    [
      'exact math: V3 fees start at 0.001 %',
      withPool({ math: 'exact-v3', swapFee: 0.000005 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapFee: exact-v3 pools accept a swap fee from 1e-5 to 0.1, found 5e-6',
    ],
    [
      'exact math: V3 fee granularity',
      withPool({ math: 'exact-v3', swapFee: 0.00300005 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapFee: the V3 Vault stores swap fees in steps of 1e-7, found 0.00300005',
    ],
    [
      'exact math: static weights only',
      withPool({
        math: 'exact-v2-2021',
        schedule: { type: 'linear', startTime: '1d', endTime: '2d', endWeights: [0.2, 0.8] },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule: weight schedules are not supported with exact math yet: expected "static", found "linear"',
    ],
    [
      'a swap fee above 10 %',
      withPool({ swapFee: 0.2 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapFee: 0.2 is above the maximum 0.1',
    ],
    [
      'a swap fee between 0 and the protocol minimum',
      withPool({ swapFee: 0.0000005 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.swapFee: 5e-7 is below the minimum 1e-6 (0 is allowed as a fee-free idealisation)',
    ],
    [
      'a bad duration',
      withPrices({ dt: '5x' }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.dt: expected a duration such as "12s", "5m", "1h", "365d" or seconds, found "5x"',
    ],
    [
      'a start price missing for a token',
      withPrices({ start: {} }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.start: missing "ETH": expected a value for every token',
    ],
    [
      'a numeraire price other than 1',
      withPrices({ start: { ETH: 2000, USDC: 2 } }),
      'SCENARIO_INVALID',
      "scenarios/x.json: prices.start.USDC: the numeraire's price is 1, found 2",
    ],
    [
      'a missing required field',
      { ...base(), name: undefined },
      'SCENARIO_INVALID',
      'scenarios/x.json: name: required: expected string, found nothing',
    ],
    [
      'a two-line description',
      { ...base(), description: 'one\ntwo' },
      'SCENARIO_INVALID',
      'scenarios/x.json: description: expected one line, found "one\\ntwo"',
    ],
    [
      'a negative seed',
      { ...base(), seed: -1 },
      'SCENARIO_INVALID',
      'scenarios/x.json: seed: -1 is below the minimum 0',
    ],
    [
      'a schedule weight below 1 %',
      withPool({
        schedule: { type: 'linear', startTime: 0, endTime: '1d', endWeights: [0.995, 0.005] },
      }),
      'WEIGHT_MIN',
      'scenarios/x.json: pool.schedule.endWeights[1]: 0.005 is below the 1% minimum',
    ],
    [
      'a schedule ending before it starts',
      withPool({
        schedule: { type: 'linear', startTime: '2d', endTime: '1d', endWeights: [0.5, 0.5] },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.endTime: expected a time after startTime (172800 s), found 86400 s',
    ],
    [
      'a schedule whose weights do not sum to 1',
      withPool({
        schedule: { type: 'piecewise', points: [{ time: '1d', weights: [0.3, 0.3] }] },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.points[0].weights: weights sum to 0.6, expected 1',
    ],
    [
      'a weight rule with infeasible bounds',
      withPool({
        schedule: {
          type: 'ew-momentum',
          memoryDays: 30,
          aggressiveness: 1,
          updateInterval: '1d',
          minWeight: 0.6,
        },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.minWeight: infeasible bounds: 2 tokens x minWeight 0.6 = 1.2 > 1; lower minWeight to at most 0.5',
    ],
    [
      'a weight rule whose bounds exclude the pool weights',
      withPool({
        schedule: { type: 'min-variance', memoryDays: 30, updateInterval: '1d', maxWeight: 0.55 },
        weights: [0.4, 0.6],
      }),
      'SCENARIO_INVALID',
      "scenarios/x.json: pool.weights[1]: 0.6 is outside the schedule's bounds [0.01, 0.55]; change pool.weights or pool.schedule.minWeight/maxWeight",
    ],
    [
      'a market-cap rule with caps of the wrong length',
      withPool({
        schedule: {
          type: 'market-cap',
          updateInterval: '1d',
          caps: [{ time: 0, caps: [1, 2, 3] }],
        },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.caps[0].caps: expected 2 caps (one per token), found 3',
    ],
    [
      'a market-cap rule with neither caps nor capsFile',
      withPool({ schedule: { type: 'market-cap', updateInterval: '1d' } }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.caps: expected either caps (a list of { time, caps }) or capsFile (a CSV), found neither',
    ],
    [
      'a weight rule updating every 0 s',
      withPool({
        schedule: { type: 'market-cap', updateInterval: 0, caps: [{ time: 0, caps: [1, 2] }] },
      }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.schedule.updateInterval: expected a duration above 0, such as "1d", found 0',
    ],
    [
      'a horizon shorter than one step',
      withPrices({ horizon: '30m' }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.horizon: expected at least one step (dt = 3600 s), found 1800 s',
    ],
    [
      'two benchmarks with the same key',
      { ...base(), benchmarks: [{ type: 'hodl' }, { type: 'hodl' }] },
      'SCENARIO_INVALID',
      'scenarios/x.json: benchmarks[1]: a second benchmark keyed "hodl": give each of the same type a distinct "name"',
    ],
    [
      'a csv source with both file and files',
      {
        ...base(),
        prices: { numeraire: 'USDC', model: 'csv', file: 'a.csv', files: { ETH: 'b.csv' } },
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: prices: expected exactly one of "file" (one file, every token) or "files" (per token)',
    ],
    [
      'fields of another model',
      withPrices({ model: 'csv', file: 'a.csv' }),
      'SCENARIO_INVALID',
      // unknown keys come first (a misspelt key is also a missing one); csv has its own "start"
      // (the first grid time), so the gbm's start prices are not among the unknown fields
      'scenarios/x.json: prices: unknown fields "volatility", "horizon": expected one of model, numeraire, format, file, files, price, sort, duplicates, lenient, utcOffset, dateFormat, symbol, gridOrigin, dt, maxGap, start, end',
    ],
    [
      'a misspelt field in a discriminated branch',
      withPrices({ volatilty: {} }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.volatilty: unknown field; did you mean prices.volatility? expected one of model, numeraire, start, dt, horizon, startTime, correlation, drift, volatility',
    ],
  ])('rejects %s, naming file, path, expected and found', (_what, raw, code, message) => {
    const error = failure(raw)
    expect(error.code).toBe(code)
    expect(error.message).toBe(message)
  })

  it('lists every problem in values.problems, the first one in the message', () => {
    const error = failure({ ...withPool({ weights: [0.5, 0.004] }), seed: -3 })
    expect(error.values.problems).toEqual([
      'scenarios/x.json: seed: -3 is below the minimum 0',
      'scenarios/x.json: pool.weights[1]: 0.004 is below the 1% minimum',
    ])
  })

  it('accepts a fee of exactly 0 (theoretical) and both fee bounds', () => {
    for (const swapFee of [0, 0.000001, 0.1])
      expect(validateScenario(withPool({ swapFee }), FILE).pool.swapFee).toBe(swapFee)
  })

  it('accepts weights whose decimal sum rounds in float (0.1 + 0.2 + 0.7)', () => {
    const raw = withPool({ tokens: ['A', 'B', 'USDC'], weights: [0.1, 0.2, 0.7] })
    const s = validateScenario(
      { ...raw, prices: { ...(raw.prices as object), start: { A: 1, B: 2 }, volatility: {} } },
      FILE,
    )
    expect(s.pool.weights).toEqual([0.1, 0.2, 0.7])
  })
})

describe('parseScenario', () => {
  it.each([
    [
      '{"a": 1,}',
      "f.json:1:9: not valid JSON: expected a property name in double quotes, found '}'",
    ],
    [
      '{\n  "a": 1\n  "b": 2\n}',
      "f.json:3:3: not valid JSON: expected ',' or '}' after a property value, found '\"b\"'",
    ],
    [
      '[1, 2',
      "f.json:1:6: not valid JSON: expected ',' or ']' after an array element, found the end of the file",
    ],
    ['{"a": tru}', "f.json:1:7: not valid JSON: expected a value, found 'tru'"],
    [
      '{"a": "x\ny"}',
      "f.json:1:9: not valid JSON: expected a closing '\"' (strings cannot span lines), found '\n'",
    ],
    ['{} x', "f.json:1:4: not valid JSON: expected the end of the file, found 'x'"],
    // a byte-order mark is not a column: positions are those an editor shows
    [
      '\uFEFF{"a": 1,}',
      "f.json:1:9: not valid JSON: expected a property name in double quotes, found '}'",
    ],
    [
      '\uFEFF{\n  "a": 1\n  "b": 2\n}',
      "f.json:3:3: not valid JSON: expected ',' or '}' after a property value, found '\"b\"'",
    ],
  ])('reports JSON syntax errors with line:column (%j)', (text, message) => {
    expect(() => parseScenario(text, 'f.json')).toThrow(
      expect.objectContaining({ code: 'JSON_SYNTAX', message }),
    )
  })
  it('accepts a UTF-8 byte-order mark at the start, as the CSV readers do', () => {
    const scenario = parseScenario(`\uFEFF${JSON.stringify(base())}`, 'f.json')
    expect(scenario.name).toBe(base().name)
    expect(scenario).toEqual(validateScenario(base(), 'f.json'))
  })
  it('refuses a byte-order mark anywhere else, at its line and column', () => {
    expect(() => parseScenario('{\n \uFEFF"a": 1}', 'f.json')).toThrow(
      expect.objectContaining({
        code: 'JSON_SYNTAX',
        message:
          "f.json:2:2: not valid JSON: expected a property name in double quotes, found '\uFEFF'",
      }),
    )
  })
})

describe('the published JSON Schema', () => {
  it('is the one derived from the zod definition (run npx tsx scripts/schema.ts)', () => {
    const committed = readFileSync(
      new URL('../../../schema/scenario.schema.json', import.meta.url),
      'utf8',
    )
    expect(committed).toBe(scenarioJsonSchemaText())
  })
  it('carries the 1 % weight floor and the fee bounds for editors', () => {
    const schema = JSON.parse(scenarioJsonSchemaText()) as {
      properties: {
        pool: {
          properties: Record<
            string,
            { items?: { minimum: number }; minimum?: number; maximum?: number }
          >
        }
      }
    }
    const pool = schema.properties.pool.properties
    expect(pool.weights?.items?.minimum).toBe(0.01)
    expect(pool.swapFee?.minimum).toBe(0)
    expect(pool.swapFee?.maximum).toBe(0.1)
  })
})

describe('validateScenario: what the run can finish (issue 10)', () => {
  /** Code and whole message of the first problem. */
  const expectFailure = (raw: unknown, code: string, message: string) => {
    const error = failure(raw)
    expect(error).toBeInstanceOf(InputError)
    expect(error.code).toBe(code)
    expect(error.message).toBe(message)
  }

  it('refuses competing arbitrageurs in different blocks, naming both', () => {
    expectFailure(
      {
        ...base(),
        agents: [
          { type: 'arbitrageur', everySteps: 2 },
          { type: 'arbitrageur', gasCost: 1 },
        ],
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[1].everySteps: expected 2, found 1: competing arbitrageurs act in the same blocks (agents[0] has everySteps 2); give every arbitrageur the same everySteps and blocks',
    )
    expectFailure(
      {
        ...base(),
        agents: [
          { type: 'arbitrageur' },
          { type: 'arbitrageur', blocks: { type: 'poisson', meanInterval: 12 } },
        ],
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[1].blocks: expected everySteps 1, found poisson blocks of mean interval 12 s: competing arbitrageurs act in the same blocks (agents[0] has everySteps 1); give every arbitrageur the same everySteps and blocks',
    )
  })

  it('accepts competing arbitrageurs in the same blocks', () => {
    const raw = {
      ...base(),
      agents: [{ type: 'arbitrageur' }, { type: 'arbitrageur', gasCost: 1 }],
      arbitrage: { competition: 'priority-auction' },
    }
    const scenario = validateScenario(raw, FILE)
    expect(scenario.agents).toHaveLength(2)
    expect(scenario.arbitrage).toEqual({ competition: 'priority-auction' })
    expect(failure({ ...raw, arbitrage: { competition: 'first-come' } }).message).toContain(
      'arbitrage.competition',
    )
  })

  it('bounds initialValue by 1e15 (1e308 overflowed on the first trade)', () => {
    expectFailure(
      withPool({ initialValue: 1e308 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: pool.initialValue: 1e+308 is above the maximum 1000000000000000',
    )
    expect(validateScenario(withPool({ initialValue: 1e15 }), FILE).pool.initialValue).toBe(1e15)
  })

  it('refuses a path that ends after 9999-12-31T23:59:59Z', () => {
    expectFailure(
      withPrices({ startTime: 1e15 }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.startTime: the path would end at Unix time 1000000002592000 s (startTime 1000000000000000 + horizon 2592000 s), after 253402300799 (9999-12-31T23:59:59Z), the last time a report can write: expected startTime + horizon <= 253402300799',
    )
    // one second too late, then the last second allowed: 253402300799 - 30 d
    expect(failure(withPrices({ startTime: 253_402_300_799 - 2_592_000 + 1 })).where.path).toBe(
      'prices.startTime',
    )
    expect(() =>
      validateScenario(withPrices({ startTime: 253_402_300_799 - 2_592_000 }), FILE),
    ).not.toThrow()
    expect(
      validateScenario(withPrices({ startTime: 253_402_300_799 - 2_592_000 }), FILE).prices,
    ).toMatchObject({ startTime: 253_399_708_799 })
  })

  it('bounds the expected noise trades by 1e8 over the horizon', () => {
    // 30 days: at most 1e8 / 30 = 3333333.33 trades a day in all
    const noise = (tradesPerDay: number) => ({
      ...base(),
      agents: [
        { type: 'arbitrageur' },
        { type: 'noise', tradesPerDay: 1_000_000, medianSize: 100 },
        { type: 'noise', tradesPerDay, medianSize: 100 },
      ],
    })
    expectFailure(
      noise(1e12),
      'SCENARIO_INVALID',
      'scenarios/x.json: agents[2].tradesPerDay: 1000000000000 trades a day over 30d expects 30000030000000 noise trades in all, above the 100000000 a run can finish: expected at most 2333333 a day here (or a shorter horizon)',
    )
    expect(() => validateScenario(noise(2_333_333), FILE)).not.toThrow()
    expect(() => validateScenario(noise(2_333_334), FILE)).toThrow(InputError)
  })

  it('refuses a drift or volatility that takes the price out of [1e-200, 1e200] at 10 sigma', () => {
    const year = (patch: Record<string, unknown>) =>
      withPrices({ horizon: '365d', dt: '1d', ...patch })
    expectFailure(
      year({ drift: { ETH: -1000 } }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.drift.ETH: drift -1000 and volatility 0.8 over 365d take ETH from 2000 to about 1e-435 (trend -1000.32 in log price, 10 standard deviations 8), outside the price range [1e-200, 1e+200] float64 holds with its digits: expected |drift - volatility^2/2| * years + 10 * volatility * sqrt(years) within 452.916 of ln(start); use a smaller drift or a shorter horizon',
    )
    expectFailure(
      year({ volatility: { ETH: 40 } }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.volatility.ETH: drift 0 and volatility 40 over 365d take ETH from 2000 to about 1e-518 (trend -800 in log price, 10 standard deviations 400), outside the price range [1e-200, 1e+200] float64 holds with its digits: expected |drift - volatility^2/2| * years + 10 * volatility * sqrt(years) within 452.916 of ln(start); use a smaller volatility or a shorter horizon',
    )
    // ln(1e200 / 2000) = 452.9: drift 440 with volatility 0 stays inside, 460 does not
    expect(() =>
      validateScenario(year({ drift: { ETH: 440 }, volatility: { ETH: 0 } }), FILE),
    ).not.toThrow()
    expect(failure(year({ drift: { ETH: 460 }, volatility: { ETH: 0 } })).where.path).toBe(
      'prices.drift.ETH',
    )
    expectFailure(
      {
        ...base(),
        prices: {
          numeraire: 'USDC',
          model: 'mixed',
          start: { ETH: 2000 },
          dt: '1d',
          horizon: '365d',
          assets: { ETH: { model: 'gbm', drift: -1000, volatility: 0.8 } },
        },
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.assets.ETH.drift: drift -1000 and volatility 0.8 over 365d take ETH from 2000 to about 1e-435 (trend -1000.32 in log price, 10 standard deviations 8), outside the price range [1e-200, 1e+200] float64 holds with its digits: expected |drift - volatility^2/2| * years + 10 * volatility * sqrt(years) within 452.916 of ln(start); use a smaller drift or a shorter horizon',
    )
    // OU: 10 sigma sqrt(min(1 y, halfLife / (2 ln 2))) = 10 * 100 * sqrt(0.7213) = 849.3 > 452.9
    const ou = (volatility: number) => ({
      ...base(),
      prices: {
        numeraire: 'USDC',
        model: 'ou',
        start: { ETH: 2000 },
        level: { ETH: 2000 },
        halfLife: { ETH: '365d' },
        volatility: { ETH: volatility },
        dt: '1d',
        horizon: '365d',
      },
    })
    expectFailure(
      ou(100),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.volatility.ETH: volatility 100 around level 2000 (half-life 365d) takes ETH to about 1e372 at 10 standard deviations, outside the price range [1e-200, 1e+200]; use a smaller volatility or shock',
    )
    // 10 * 50 * 0.8493 = 424.7 < 452.9: inside
    expect(() => validateScenario(ou(50), FILE)).not.toThrow()
    expectFailure(
      {
        ...base(),
        prices: {
          numeraire: 'USDC',
          model: 'step',
          start: { ETH: 2000 },
          dt: '1h',
          horizon: '30d',
          at: '1d',
          factor: { ETH: 1e-300 },
        },
      },
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.factor.ETH: 1e-300 takes ETH from 2000 to 2e-297, outside the price range [1e-200, 1e+200]',
    )
    expectFailure(
      withPrices({ start: { ETH: 1e201 } }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.start.ETH: 1e+201 is outside the price range [1e-200, 1e+200]',
    )
  })
})
