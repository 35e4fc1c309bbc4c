import { describe, expect, it } from 'vitest'
import { sweepChartSpecs } from '../../src/report/sweepCharts.js'
import { formatSweepMarkdown } from '../../src/report/sweepMarkdown.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { assembleSweep } from '../../src/sim/sweep/runSweep.js'
import { figureColumns } from '../../src/sim/sweep/task.js'
import type { TaskRow } from '../../src/sim/sweep/tables.js'

/** fee × volatility, 2 × 2 cells, 2 paths each; rows made up here, not simulated. */
const scenario = validateScenario(
  {
    name: 'charts',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2500 },
      volatility: { ETH: 0.7 },
      dt: '1d',
      horizon: '10d',
    },
    benchmarks: [{ type: 'hodl' }],
    sweep: { 'pool.swapFee': [0.001, 0.01], 'prices.volatility.ETH': [0.4, 0.8] },
    paths: 2,
  },
  'charts.json',
)
const columns = figureColumns(scenario)
/** returnVsHodl per task: cell c, path p gives c/100 + p/1000 (so each cell's mean is c/100 + 0.0005). */
const rows: TaskRow[] = Array.from({ length: 8 }, (_, task) => {
  const cell = Math.floor(task / 2)
  const path = task % 2
  const figures = columns.map(() => 1)
  figures[columns.indexOf('returnVsHodl')] = cell / 100 + path / 1000
  figures[columns.indexOf('lpValue')] = 100.25 + path
  figures[columns.indexOf('hodl.value')] = 100.5
  return { task, cell, path, seed: task, figures, error: null }
})
const result = assembleSweep(scenario, 1, 2, rows)

describe('sweep charts', () => {
  it('draws the metric against the first parameter, a heatmap and the distributions', () => {
    const specs = sweepChartSpecs(result)
    expect(specs.map((s) => s.file)).toEqual([
      'metric-vs-parameter.png',
      'heatmap.png',
      'distribution.png',
    ])
    // one line per volatility, x the fee, y the cell mean in percent
    const lines = specs[0]!.config.data.datasets.filter((d) => !String(d.label).includes('CI'))
    expect(lines.map((d) => d.label)).toEqual([
      'prices.volatility.ETH = 0.4',
      'prices.volatility.ETH = 0.8',
    ])
    // cells 0 (fee 0.001, vol 0.4) and 2 (fee 0.01, vol 0.4): means 0.05 % and 2.05 %
    const first = lines[0]!.data as { x: number; y: number }[]
    expect(first.map((p) => p.x)).toEqual([0.001, 0.01])
    expect(first[0]!.y).toBeCloseTo(0.05, 12)
    expect(first[1]!.y).toBeCloseTo(2.05, 12)
    const heat = specs[1]!.config.data.datasets[0]!.data as { x: number; y: number }[]
    expect(heat).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 1 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
    ])
  })

  it('tables each cell with its share of paths beating HODL', () => {
    const md = formatSweepMarkdown(result, '0.0.0', [])
    // LP 100.25 or 101.25 against HODL 100.5: one path of two beats it in every cell
    expect(md).toContain('| 0 | 0.001 | 0.4 | 2 | 0.05 % [')
    expect(md.match(/\| 50 % \|$/gm)).toHaveLength(4)
  })
})
