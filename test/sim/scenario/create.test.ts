import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { createScenario } from '../../../src/sim/scenario/create.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import type { ScenarioInput } from '../../../src/sim/scenario/schema.js'
import { parseScenario } from '../../../src/sim/scenario/validate.js'

const input: ScenarioInput = {
  name: 'eth-80-20',
  pool: { tokens: ['ETH', 'USDC'], weights: [0.8, 0.2], swapFee: 0.003 },
  prices: {
    model: 'gbm',
    numeraire: 'USDC',
    start: { ETH: 3000 },
    volatility: { ETH: 0.8 },
    dt: '1h',
    horizon: '30d',
  },
}

describe('createScenario', () => {
  it('gives the scenario the same fields give as a file, defaults filled in', () => {
    const scenario = createScenario(input)
    expect(scenario).toEqual(parseScenario(JSON.stringify(input), 'eth-80-20.json'))
    expect(scenario.seed).toBe(1)
    expect(scenario.seriesPoints).toBe(500)
    expect(scenario.pool.initialValue).toBe(1_000_000)
  })

  it('reports a problem at its JSON path, as for a file but without a file name', () => {
    const bad = { ...input, pool: { ...input.pool, weights: [0.995, 0.005] } }
    const create = () => createScenario(bad)
    expect(create).toThrow(InputError)
    expect(create).toThrow(expect.objectContaining({ code: 'WEIGHT_MIN' }))
    expect(create).toThrow(/^pool\.weights\[1\]: 0\.005 is below the 1% minimum/)
    let fromFile = ''
    try {
      parseScenario(JSON.stringify(bad), 'x.json')
    } catch (error) {
      fromFile = (error as Error).message
    }
    let fromCode = ''
    try {
      create()
    } catch (error) {
      fromCode = (error as Error).message
    }
    expect(`x.json: ${fromCode}`).toBe(fromFile)
    expect(() => createScenario(bad, { file: 'notebook cell 3' })).toThrow(
      /^notebook cell 3: pool\.weights\[1\]: /,
    )
  })

  it('runs in runScenario as a loaded file does, and keeps every step on request', async () => {
    const scenario = createScenario(input)
    const fromCode = await runScenario(scenario)
    const fromFile = await runScenario({ scenario, file: 'eth-80-20.json', baseDir: '/' })
    expect(fromCode.result).toEqual(fromFile.result)
    expect(fromCode.result.series.data[0]!.length).toBe(361) // 721 steps, every 2nd kept
    const all = await runScenario(scenario, { seriesPoints: 'all' })
    expect(all.result.series.data[0]!.length).toBe(721) // 30 days of hours, both ends
    expect(all.result.metrics).toEqual(fromCode.result.metrics)
  })
})
