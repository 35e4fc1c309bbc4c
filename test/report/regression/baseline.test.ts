import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  BASELINE_FORMAT,
  canonicalScenario,
  changedFields,
  createBaseline,
  flattenFigures,
  formatBaselineJson,
  readBaseline,
  scenarioHash,
  writeBaseline,
} from '../../../src/report/regression/baseline.js'
import type { Summary } from '../../../src/report/summary.js'
import { parseScenario } from '../../../src/sim/scenario/validate.js'
import { tempDir } from '../../tempDir.js'

const SCENARIO_TEXT = JSON.stringify({
  $schema: '../schema/scenario.schema.json',
  name: 'tiny',
  seed: 3,
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
  prices: {
    numeraire: 'USDC',
    model: 'gbm',
    start: { ETH: 2000, USDC: 1 },
    volatility: { ETH: 0.8 },
    dt: '1h',
    horizon: '2d',
  },
})
const scenario = parseScenario(SCENARIO_TEXT, 'tiny.json')
const summary: Summary = {
  scenario: 'tiny',
  seed: 3,
  version: '9.9.9',
  metrics: { lpValue: 10, trades: 4, weightDeviation: { mean: 0.1, max: 0.2 }, lvr: null },
  benchmarks: { hodl: { value: 11, returnVsHodl: 0 } },
  warnings: [],
}

describe('flattenFigures', () => {
  it('lists metrics, sub-figures and benchmark figures by dotted name, in order', () => {
    expect(Object.entries(flattenFigures(summary))).toEqual([
      ['lpValue', 10],
      ['trades', 4],
      ['weightDeviation.mean', 0.1],
      ['weightDeviation.max', 0.2],
      ['lvr', null],
      ['benchmarks.hodl.value', 11],
      ['benchmarks.hodl.returnVsHodl', 0],
    ])
  })
})

describe('createBaseline', () => {
  it('records format, name, version, seed, hash, figures and the sorted scenario, in that order', () => {
    const baseline = createBaseline(summary, scenario)
    expect(Object.keys(baseline)).toEqual([
      'format',
      'scenario',
      'version',
      'seed',
      'scenarioHash',
      'figures',
      'definition',
    ])
    expect(baseline.format).toBe(BASELINE_FORMAT)
    expect(baseline.version).toBe('9.9.9')
    const definition = baseline.definition as Record<string, unknown>
    expect(Object.keys(definition)).toEqual([...Object.keys(definition)].sort())
    expect(definition).not.toHaveProperty('$schema')
    // defaults are filled in: a changed default is a changed scenario
    expect(definition.seriesPoints).toBe(500)
  })
  it('hashes the scenario independently of key order and of $schema', () => {
    const reordered = parseScenario(
      JSON.stringify({ ...JSON.parse(SCENARIO_TEXT), $schema: undefined, seed: 3, name: 'tiny' }),
      'b.json',
    )
    const want = scenarioHash(canonicalScenario(scenario))
    expect(want).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(scenarioHash(canonicalScenario(reordered))).toBe(want)
    const other = parseScenario(SCENARIO_TEXT.replace('0.003', '0.0025'), 'c.json')
    expect(scenarioHash(canonicalScenario(other))).not.toBe(want)
  })
})

describe('changedFields', () => {
  it('names changed, added and removed fields by dotted path', () => {
    const before = { pool: { swapFee: 0.003, weights: [0.5, 0.5] }, seed: 1, agents: [{ a: 1 }] }
    const after = {
      pool: { swapFee: 0.0025, weights: [0.5, 0.5] },
      seed: 1,
      extra: true,
      agents: [],
    }
    expect(changedFields(before, after)).toEqual(['agents', 'extra', 'pool.swapFee'])
    expect(changedFields(before, before)).toEqual([])
    expect(changedFields({ w: [1, 2] }, { w: [1, 3] })).toEqual(['w[1]'])
  })
})

describe('readBaseline and writeBaseline', () => {
  const dir = tempDir('amm-baseline-')
  it('round-trips a baseline through its file, byte for byte', async () => {
    const file = path.join(dir, 'nested', 'tiny.json')
    const baseline = createBaseline(summary, scenario)
    await writeBaseline(file, baseline)
    expect(readFileSync(file, 'utf8')).toBe(formatBaselineJson(baseline))
    expect(await readBaseline(file)).toEqual(baseline)
  })
  it('refuses a missing file and one that is not a baseline, naming the field', async () => {
    const missing = path.join(dir, 'none.json')
    await expect(readBaseline(missing)).rejects.toThrow(InputError)
    await expect(readBaseline(missing)).rejects.toMatchObject({
      code: 'BASELINE_MISSING',
      message: `${missing}: no baseline file`,
    })
    const bad = path.join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({ ...createBaseline(summary, scenario), figures: { a: 'x' } }),
    )
    await expect(readBaseline(bad)).rejects.toMatchObject({
      code: 'BASELINE_INVALID',
      message: `${bad}: figures.a: expected a number or null, found "x"`,
    })
    writeFileSync(bad, '{"format": "other"}')
    await expect(readBaseline(bad)).rejects.toMatchObject({
      code: 'BASELINE_INVALID',
      message: `${bad}: format: expected "amm-sim-baseline/1", found "other"`,
    })
  })
})
