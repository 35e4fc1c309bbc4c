/**
 * Tests added for the mutants of baseline.ts that the first tests let through (docs/mutation.md,
 * `src/report/regression`): arrays and labels in the figures, the Monte Carlo fields, the hash,
 * every refusal of readBaseline and the failures of writeBaseline.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunError } from '../../../src/errors.js'
import {
  canonicalScenario,
  changedFields,
  createBaseline,
  flattenFigures,
  formatBaselineJson,
  readBaseline,
  scenarioHash,
  writeBaseline,
} from '../../../src/report/regression/baseline.js'
import type { Baseline, RegressionRun } from '../../../src/report/regression/baseline.js'
import type { Scenario } from '../../../src/sim/scenario/schema.js'
import { tinyScenario } from './tinyScenario.js'
import { lazy } from '../../lazy.js'
import { tempDir } from '../../tempDir.js'

const scenarioOf = () =>
  tinyScenario({ agents: [{ type: 'noise', tradesPerDay: 10, medianSize: 100 }] })

describe('flattenFigures', () => {
  it('numbers array entries by index, skips labels (strings, booleans), keeps null', () => {
    const figures = flattenFigures({
      metrics: {
        arbitrageurs: [{ profit: 1, name: 'a', isActive: true }, { profit: 2 }],
        note: 'x',
        flag: false,
        empty: [],
      },
      benchmarks: { hodl: { value: 11, label: 'h', series: [3, null] } },
    })
    expect(Object.entries(figures)).toEqual([
      ['arbitrageurs[0].profit', 1],
      ['arbitrageurs[1].profit', 2],
      ['benchmarks.hodl.value', 11],
      ['benchmarks.hodl.series[0]', 3],
      ['benchmarks.hodl.series[1]', null],
    ])
  })
})

describe('canonicalScenario and scenarioHash', () => {
  it('sorts the keys of objects inside arrays too, and drops undefined fields', () => {
    const scenario = { ...scenarioOf(), extra: undefined } as unknown as Scenario
    const definition = canonicalScenario(scenario) as Record<string, unknown>
    expect(Object.keys(definition)).not.toContain('extra')
    const agent = (definition.agents as Record<string, unknown>[])[0]!
    expect(Object.keys(agent)).toEqual([...Object.keys(agent)].sort())
    expect(agent.tradesPerDay).toBe(10)
    // the scenario itself is left as it was
    expect(Object.keys(scenario)).toContain('extra')
  })
  it("is sha256 of the definition's JSON text", () => {
    // printf '{"a":1}' | sha256sum
    expect(scenarioHash({ a: 1 })).toBe(
      'sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    )
    // printf '{"a":[1,{"b":2}],"c":"x"}' | sha256sum
    expect(scenarioHash({ a: [1, { b: 2 }], c: 'x' })).toBe(
      'sha256:a842675194fe9d2db469ca6273dc4956c403c4a98c4ba2f41354d251fed307c6',
    )
  })
})

describe('createBaseline and formatBaselineJson', () => {
  it('puts the paths and cells after the hash, the samples after the figures', () => {
    const run: RegressionRun = {
      scenario: 'tiny',
      seed: 4,
      version: '1.2.3',
      figures: { lvr: 2 },
      paths: 3,
      cells: ['pool.swapFee=0.003'],
      samples: { lvr: { n: 3, mean: 2, sd: 0.5 } },
    }
    const baseline = createBaseline(run, scenarioOf())
    expect(Object.keys(baseline)).toEqual([
      'format',
      'scenario',
      'version',
      'seed',
      'scenarioHash',
      'paths',
      'cells',
      'figures',
      'samples',
      'definition',
    ])
    expect(baseline).toMatchObject({
      scenario: 'tiny',
      seed: 4,
      version: '1.2.3',
      paths: 3,
      cells: ['pool.swapFee=0.003'],
      figures: { lvr: 2 },
      samples: { lvr: { n: 3, mean: 2, sd: 0.5 } },
    })
  })
  it('writes two-space JSON with a final newline', () => {
    const baseline = { format: 'amm-sim-baseline/1', figures: { a: 1 } } as unknown as Baseline
    expect(formatBaselineJson(baseline)).toBe(
      '{\n  "format": "amm-sim-baseline/1",\n  "figures": {\n    "a": 1\n  }\n}\n',
    )
  })
})

describe('changedFields', () => {
  it('names the whole scenario when it is not an object, and array items by index and key', () => {
    expect(changedFields(1, 2)).toEqual(['(whole)'])
    expect(changedFields([1], [1, 2])).toEqual(['(whole)'])
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual([])
    expect(
      changedFields(
        { agents: [{ type: 'noise', size: 1 }] },
        { agents: [{ type: 'noise', size: 2 }] },
      ),
    ).toEqual(['agents[0].size'])
    expect(changedFields({ z: { b: 1 }, a: 1 }, { z: { b: 2 }, a: 2 })).toEqual(['a', 'z.b'])
    // a list that became a string (of the same length) is one changed field, not its items
    expect(changedFields({ w: ['a'] }, { w: 'b' })).toEqual(['w'])
    expect(changedFields({ w: 'b' }, { w: ['a'] })).toEqual(['w'])
  })
})

describe('readBaseline, refusals', () => {
  const dir = tempDir('amm-baseline-kill-')
  const valid = {
    format: 'amm-sim-baseline/1',
    scenario: 'tiny',
    version: '0.1.0',
    seed: 1,
    scenarioHash: 'sha256:0',
    figures: { a: 1, b: null },
    samples: { a: { n: 2, mean: 1, sd: 0 } },
    definition: { name: 'tiny' },
  }
  let count = 0
  const fileWith = (text: string): string => {
    const file = path.join(dir, `b${count++}.json`)
    writeFileSync(file, text)
    return file
  }
  const refusal = async (data: unknown): Promise<string> => {
    const file = fileWith(JSON.stringify(data))
    const error = await readBaseline(file).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    )
    expect(error?.code).toBe('BASELINE_INVALID')
    return error!.message.slice(file.length + 2)
  }
  it('names the missing file in the error and its values', async () => {
    const missing = path.join(dir, 'none.json')
    await expect(readBaseline(missing)).rejects.toMatchObject({
      code: 'BASELINE_MISSING',
      values: { file: missing },
    })
  })
  it('reads a valid baseline with samples of two paths', async () => {
    expect(await readBaseline(fileWith(JSON.stringify(valid)))).toEqual(valid)
  })
  it('refuses text that is not JSON, naming the parser', async () => {
    const file = fileWith('{ nope')
    await expect(readBaseline(file)).rejects.toMatchObject({
      code: 'BASELINE_INVALID',
      message: expect.stringMatching(new RegExp(`^${file}: not JSON: .+`)) as string,
    })
  })
  it('refuses a value that is not an object', async () => {
    expect(await refusal([valid])).toBe('expected a JSON object')
    expect(await refusal(null)).toBe('expected a JSON object')
  })
  it('refuses a missing or non-string header field, naming it', async () => {
    for (const key of ['scenario', 'version', 'scenarioHash'])
      expect(await refusal({ ...valid, [key]: 1 })).toBe(`${key}: expected a string`)
    expect(await refusal({ ...valid, seed: '1' })).toBe('seed: expected a number')
  })
  it('refuses figures that are not an object of numbers', async () => {
    expect(await refusal({ ...valid, figures: [1] })).toBe('figures: expected an object of numbers')
    expect(await refusal({ ...valid, figures: { a: true } })).toBe(
      'figures.a: expected a number or null, found true',
    )
  })
  it('refuses samples that are not { n >= 2, mean, sd } numbers', async () => {
    expect(await refusal({ ...valid, samples: 3 })).toBe(
      'samples: expected an object of { n, mean, sd }',
    )
    const bad = [
      5,
      { n: '2', mean: 1, sd: 0 },
      { n: 1, mean: 1, sd: 0 },
      { n: 2, mean: '1', sd: 0 },
      { n: 2, mean: 1, sd: null },
    ]
    for (const sample of bad)
      expect(await refusal({ ...valid, samples: { x: sample } })).toBe(
        'samples.x: expected { n (>= 2), mean, sd } as numbers',
      )
  })
  it('refuses a baseline without its scenario', async () => {
    const rest: Record<string, unknown> = { ...valid }
    delete rest.definition
    expect(await refusal(rest)).toBe('definition: missing: the scenario of the baseline')
  })
})

describe('writeBaseline, failures', () => {
  // made inside the tests (lazy, test/lazy.ts): Stryker then knows which tests reach baseline.ts
  const baselineOf = lazy(() =>
    createBaseline(
      { scenario: 'tiny', seed: 1, version: '0.1.0', figures: { a: 1 } },
      scenarioOf(),
    ),
  )
  it('writes into an existing folder and makes missing ones, several deep', async () => {
    const dir = tempDir('amm-baseline-write-')
    await writeBaseline(path.join(dir, 'tiny.json'), baselineOf())
    await writeBaseline(path.join(dir, 'a', 'b', 'tiny.json'), baselineOf())
    expect(readdirSync(dir).sort()).toEqual(['a', 'tiny.json'])
    expect(readdirSync(path.join(dir, 'a', 'b'))).toEqual(['tiny.json'])
  })
  it('reports a file it cannot replace and leaves no temporary file', async () => {
    const dir = tempDir('amm-baseline-write-')
    // the baseline's path is a folder holding a file: the rename cannot replace it
    const file = path.join(dir, 'tiny.json')
    mkdirSync(file)
    writeFileSync(path.join(file, 'keep'), 'x')
    const error = await writeBaseline(file, baselineOf()).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RunError)
    expect(error).toMatchObject({ code: 'REPORT_WRITE', values: { file } })
    expect((error as Error).message).toMatch(
      new RegExp(`^REPORT_WRITE: cannot write the baseline ${file}: Error: `),
    )
    expect(readdirSync(dir)).toEqual(['tiny.json'])
  })
  it('reports a folder it cannot make as REPORT_WRITE too (was the raw ENOTDIR of the clean-up)', async () => {
    const dir = tempDir('amm-baseline-write-')
    writeFileSync(path.join(dir, 'plain'), 'x')
    const file = path.join(dir, 'plain', 'tiny.json')
    await expect(writeBaseline(file, baselineOf())).rejects.toMatchObject({
      code: 'REPORT_WRITE',
      message: expect.stringMatching(
        new RegExp(`^REPORT_WRITE: cannot write the baseline ${file}: Error: E[A-Z]+: `),
      ) as string,
    })
  })
})
