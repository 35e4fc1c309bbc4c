import { describe, expect, it } from 'vitest'
import { createSummary, formatSummaryJson } from '../src/report/summary.js'
import { formatTimeSeriesCsv } from '../src/report/timeseriesCsv.js'
import type { LoadedScenario } from '../src/sim/scenario/load.js'
import { loadScenario } from '../src/sim/scenario/load.js'
import { runScenario } from '../src/sim/scenario/run.js'

/**
 * House style 8: same scenario and seed, same bytes; each consumer draws from its own random
 * stream, so adding a noise trader leaves the price path unchanged. Runs the bundled 8-token
 * scenario (correlated GBM, every benchmark kind) with and without noise traders.
 */
async function reportTexts(loaded: LoadedScenario, seed?: number) {
  const outcome = await runScenario(loaded, seed === undefined ? {} : { seed })
  const summary = createSummary(outcome.result, outcome.scenario.name, outcome.seed, '0.0.0')
  return {
    json: formatSummaryJson(summary),
    csv: formatTimeSeriesCsv(outcome.result.series),
    result: outcome.result,
  }
}

function withNoise(loaded: LoadedScenario): LoadedScenario {
  const noise = { type: 'noise' as const, tradesPerDay: 300, medianSize: 20_000, sizeSigma: 1 }
  return { ...loaded, scenario: { ...loaded.scenario, agents: [...loaded.scenario.agents, noise] } }
}

function column(result: { series: { columns: string[]; data: Float64Array[] } }, name: string) {
  const index = result.series.columns.indexOf(name)
  expect(index, `column ${name}`).toBeGreaterThanOrEqual(0)
  return Array.from(result.series.data[index]!)
}

describe('determinism', () => {
  it('gives byte-identical summary.json and timeseries.csv for the same scenario and seed', async () => {
    const loaded = withNoise(await loadScenario('index-8-token'))
    const first = await reportTexts(loaded)
    const second = await reportTexts(loaded)
    expect(second.json).toBe(first.json)
    expect(second.csv).toBe(first.csv)
    expect(first.result.metrics.trades).toBeGreaterThan(0) // the run did trade
  })

  it('changes with the seed', async () => {
    const loaded = await loadScenario('index-8-token')
    const a = await reportTexts(loaded, 1)
    const b = await reportTexts(loaded, 2)
    expect(b.json).not.toBe(a.json)
  })

  it('keeps the price path when a noise trader is added (separate random streams)', async () => {
    const loaded = await loadScenario('index-8-token')
    const plain = await reportTexts(loaded)
    const noisy = await reportTexts(withNoise(loaded))
    for (const token of loaded.scenario.pool.tokens)
      expect(column(noisy.result, `price.${token}`)).toEqual(column(plain.result, `price.${token}`))
    // …while the pool itself saw different flow.
    expect(noisy.result.metrics.volume).not.toBe(plain.result.metrics.volume)
  })
})
