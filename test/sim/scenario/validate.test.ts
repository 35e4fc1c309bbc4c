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
      'scenarios/x.json: pool.swapfee: unknown field: expected one of tokens, weights, swapFee, initialValue, math, decimals, schedule',
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
      'scenarios/x.json: prices: unknown fields "start", "volatility", "horizon": expected one of model, numeraire, format, file, files, price, gridOrigin, dt, maxGap',
    ],
    [
      'a misspelt field in a discriminated branch',
      withPrices({ volatilty: {} }),
      'SCENARIO_INVALID',
      'scenarios/x.json: prices.volatilty: unknown field: expected one of model, numeraire, start, dt, horizon, startTime, correlation, drift, volatility',
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
  ])('reports JSON syntax errors with line:column (%j)', (text, message) => {
    expect(() => parseScenario(text, 'f.json')).toThrow(
      expect.objectContaining({ code: 'JSON_SYNTAX', message }),
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
