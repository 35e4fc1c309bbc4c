/**
 * A sweep's chart configurations from made-up rows (issue 13, the mutation run on
 * `src/report/sweepCharts.ts`): the metric-vs-parameter lines and their confidence bands read
 * from the cells table, which axes can be the x axis, the heatmap's grid, averages and colours,
 * and the distribution's bins and shares counted by hand.
 */
import { describe, expect, it, vi } from 'vitest'
import { PALETTE } from '../../src/report/charts.js'
import {
  SWEEP_CHART_METRIC,
  renderSweepCharts,
  sweepChartSpecs,
} from '../../src/report/sweepCharts.js'
import type { SweepChartSpec } from '../../src/report/sweepCharts.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { assembleSweep } from '../../src/sim/sweep/runSweep.js'
import type { SweepResult } from '../../src/sim/sweep/runSweep.js'
import type { TaskRow } from '../../src/sim/sweep/tables.js'
import { figureColumns } from '../../src/sim/sweep/task.js'

// A stand-in renderer: the native canvas cannot load in the mutation run's worker threads.
vi.mock('chartjs-node-canvas', () => ({
  ChartJSNodeCanvas: class {
    renderToBuffer(config: { type: string }, mime: string) {
      return Promise.resolve(Buffer.from(`${config.type} ${mime}`))
    }
  },
}))

const base = {
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
}

/**
 * A sweep over `sweep` with `paths` paths per cell; returnVsHodl of (cell, path) is
 * `value(cell, path)` (null: the task failed), every other figure 1.
 */
function sweepOf(
  sweep: Record<string, unknown> | undefined,
  paths: number,
  value: (cell: number, path: number) => number | null,
): SweepResult {
  const scenario = validateScenario({ ...base, ...(sweep ? { sweep } : {}), paths }, 'charts.json')
  const columns = figureColumns(scenario)
  const probe = assembleSweep(scenario, 1, paths, [])
  const rows: TaskRow[] = Array.from({ length: probe.layout.cells * paths }, (_, task) => {
    const cell = Math.floor(task / paths)
    const path = task % paths
    const v = value(cell, path)
    const figures = columns.map(() => 1)
    if (v !== null) figures[columns.indexOf(SWEEP_CHART_METRIC)] = v
    return {
      task,
      cell,
      path,
      seed: task,
      figures: v === null ? null : figures,
      error: v === null ? 'NON_FINITE: lpValue' : null,
    }
  })
  return assembleSweep(scenario, 1, paths, rows)
}

/** A statistic of returnVsHodl per cell, from the cells table. */
function statistic(result: SweepResult, key: string): (number | null)[] {
  const cells = result.tables.cells!
  const metric = cells.data[cells.columns.indexOf('metric')]!
  const values = cells.data[cells.columns.indexOf(key)]!
  return metric.flatMap((m, r) => (m === SWEEP_CHART_METRIC ? [values[r] as number | null] : []))
}

const byFile = (specs: SweepChartSpec[], file: string) => specs.find((s) => s.file === file)
type Point = { x: number; y: number }
const axisTitle = (text: string) => ({ display: true, text, font: { size: 14 } })

describe('metric against the first parameter', () => {
  it('a mean line and a band of the 95 % interval per value of the other parameter, in percent', () => {
    // fee × volatility, 2 × 2 cells, 3 paths: cell c path p gives c / 100 + p p / 1000
    const result = sweepOf(
      { 'pool.swapFee': [0.001, 0.01], 'prices.volatility.ETH': [0.4, 0.8] },
      3,
      (c, p) => c / 100 + (p * p) / 1000,
    )
    const spec = byFile(sweepChartSpecs(result), 'metric-vs-parameter.png')!
    expect(spec.title).toBe('Mean returnVsHodl against pool.swapFee, with its 95 % confidence band')
    const mean = statistic(result, 'mean')
    const low = statistic(result, 'ciLow')
    const high = statistic(result, 'ciHigh')
    // the interval is a real band here: the figures differ between paths
    expect(low[0]).toBeLessThan(mean[0]!)
    expect(high[0]).toBeGreaterThan(mean[0]!)
    const at = (values: (number | null)[], cells: number[], fees: number[]) =>
      cells.map((c, i) => ({ x: fees[i]!, y: values[c]! * 100 }))
    const lines = (label: string, cells: number[], colour: string) => [
      {
        label: `${label} (95 % CI)`,
        data: at(low, cells, [0.001, 0.01]),
        borderColor: 'transparent',
        backgroundColor: `${colour}33`,
        pointRadius: 0,
        fill: false,
      },
      {
        label: `${label} (95 % CI, high)`,
        data: at(high, cells, [0.001, 0.01]),
        borderColor: 'transparent',
        backgroundColor: `${colour}33`,
        pointRadius: 0,
        fill: '-1',
      },
      {
        label,
        data: at(mean, cells, [0.001, 0.01]),
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 2,
        pointRadius: 3,
      },
    ]
    expect(spec.config.data.datasets).toEqual([
      ...lines('prices.volatility.ETH = 0.4', [0, 2], PALETTE[0]!),
      ...lines('prices.volatility.ETH = 0.8', [1, 3], PALETTE[1]!),
    ])
    const options = spec.config.options as Record<string, unknown> & {
      plugins: { legend: { labels: { filter: (item: { text: string }) => boolean } } }
    }
    expect(options).toMatchObject({
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      layout: { padding: 12 },
      plugins: {
        title: {
          display: true,
          text: 'Mean returnVsHodl (%) against pool.swapFee; bands: 95 % CI',
          font: { size: 18 },
        },
      },
      scales: {
        x: { type: 'linear', title: axisTitle('pool.swapFee') },
        y: { type: 'linear', title: axisTitle('returnVsHodl (%)') },
      },
    })
    // the legend lists the lines, not the bands' edges
    const filter = options.plugins.legend.labels.filter
    expect(filter({ text: 'prices.volatility.ETH = 0.4' })).toBe(true)
    expect(filter({ text: 'prices.volatility.ETH = 0.4 (95 % CI)' })).toBe(false)
    expect(filter({ text: 'prices.volatility.ETH = 0.4 (95 % CI, high)' })).toBe(false)
  })

  it("one line called mean without another parameter; a failed cell's point is NaN", () => {
    const result = sweepOf({ 'pool.swapFee': [0.001, 0.002, 0.003] }, 2, (c, p) =>
      c === 1 ? null : c / 10 + p / 100,
    )
    const specs = sweepChartSpecs(result)
    expect(specs.map((s) => s.file)).toEqual(['metric-vs-parameter.png', 'distribution.png'])
    const datasets = byFile(specs, 'metric-vs-parameter.png')!.config.data.datasets
    expect(datasets.map((d) => d.label)).toEqual(['mean (95 % CI)', 'mean (95 % CI, high)', 'mean'])
    const line = datasets[2]!.data as Point[]
    expect(line.map((p) => p.x)).toEqual([0.001, 0.002, 0.003])
    expect(line[0]!.y).toBeCloseTo(0.5, 12)
    expect(line[1]!.y).toBeNaN()
    expect(line[2]!.y).toBeCloseTo(20.5, 12)
  })

  it('the x axis is the first numeric axis that moves; a zip group or a weights list moves as one', () => {
    // a fixed fee (one value) and a text axis come before: neither is the x axis
    const text = sweepOf(
      {
        'pool.swapFee': [0.003],
        'prices.dt': ['1d', '12h'],
        'prices.volatility.ETH': [0.4, 0.8],
      },
      1,
      (c) => c / 100,
    )
    const specs = sweepChartSpecs(text)
    expect(specs.map((s) => s.file)).toEqual(['metric-vs-parameter.png', 'distribution.png'])
    const spec = byFile(specs, 'metric-vs-parameter.png')!
    expect(spec.title).toBe(
      'Mean returnVsHodl against prices.volatility.ETH, with its 95 % confidence band',
    )
    expect(
      spec.config.data.datasets.filter((d) => !String(d.label).includes('CI')).map((d) => d.label),
    ).toEqual(['pool.swapFee, prices.dt = 0.003, 1d', 'pool.swapFee, prices.dt = 0.003, 12h'])
    // weights: the x axis is pool.weights[0]; pool.weights[1] moves with it, so it is no other
    const weights = sweepOf(
      {
        'pool.weights': [
          [0.2, 0.8],
          [0.5, 0.5],
          [0.8, 0.2],
        ],
      },
      1,
      (c) => c,
    )
    const w = byFile(sweepChartSpecs(weights), 'metric-vs-parameter.png')!
    expect(w.title).toContain('against pool.weights[0],')
    expect(w.config.data.datasets.map((d) => d.label)).toEqual([
      'mean (95 % CI)',
      'mean (95 % CI, high)',
      'mean',
    ])
    expect((w.config.data.datasets[2]!.data as Point[]).map((p) => p.x)).toEqual([0.2, 0.5, 0.8])
    // a zip group: the fee and the volatility move together, one line
    const zipped = sweepOf(
      {
        'pool.swapFee': [0.001, 0.002],
        'prices.volatility.ETH': [0.4, 0.8],
        zip: [['pool.swapFee', 'prices.volatility.ETH']],
      },
      1,
      (c) => c,
    )
    const z = byFile(sweepChartSpecs(zipped), 'metric-vs-parameter.png')!
    expect(z.config.data.datasets.map((d) => d.label)).toEqual([
      'mean (95 % CI)',
      'mean (95 % CI, high)',
      'mean',
    ])
  })

  it('lines get the palette in turn, wrapping after its last colour', () => {
    const vols = Array.from({ length: PALETTE.length + 1 }, (_, i) => 0.1 + i / 10)
    const result = sweepOf(
      { 'pool.swapFee': [0.001, 0.002], 'prices.volatility.ETH': vols },
      1,
      () => 0,
    )
    const spec = byFile(sweepChartSpecs(result), 'metric-vs-parameter.png')!
    const means = spec.config.data.datasets.filter((d) => !String(d.label).includes('CI'))
    expect(means.map((d) => d.borderColor as string)).toEqual([...PALETTE, PALETTE[0]])
  })

  it('no chart but the distribution without a numeric axis that moves; none with one path', () => {
    const text = sweepOf({ 'prices.dt': ['1d', '12h'] }, 2, (c, p) => c + p)
    expect(sweepChartSpecs(text).map((s) => s.file)).toEqual(['distribution.png'])
    const one = sweepOf(undefined, 1, () => 0.1)
    expect(sweepChartSpecs(one)).toEqual([])
  })
})

describe('heatmap', () => {
  it('a square per (x, y) pair on sorted axes, the mean over the cells there, blue below 0 and red above', () => {
    // fee (descending) × volatility (descending) × dt: two cells per (fee, volatility) pair
    const fees = [0.01, 0.003, 0.001]
    const vols = [0.8, 0.4]
    const result = sweepOf(
      { 'pool.swapFee': fees, 'prices.volatility.ETH': vols, 'prices.dt': ['1d', '12h'] },
      1,
      // cell = 4 f + 2 v + d; the mean over d is known by construction
      (c) => {
        const f = Math.floor(c / 4)
        const v = Math.floor(c / 2) % 2
        const d = c % 2
        if (f === 1 && v === 1 && d === 1) return null // one failed cell: the other alone counts
        return (f - 1) / 100 + v / 1000 + d / 10_000
      },
    )
    const spec = byFile(sweepChartSpecs(result), 'heatmap.png')!
    expect(spec.title).toBe(
      'Mean returnVsHodl over pool.swapFee × prices.volatility.ETH (blue < 0 < red; the values are in the table below)',
    )
    // percent, averaged over d (each pair: (f - 1) + v / 10 + 0.005); (f 1, v 1) only d = 0
    const mean = (f: number, v: number) => f - 1 + v / 10 + (f === 1 && v === 1 ? 0 : 0.005)
    // sorted axes: x index of fee value fees[f] is 2 - f, y index of vols[v] is 1 - v
    const expected = new Map<string, number>()
    for (let f = 0; f < 3; f++)
      for (let v = 0; v < 2; v++) expected.set(`${2 - f},${1 - v}`, mean(f, v))
    const dataset = spec.config.data.datasets[0]! as unknown as {
      label: string
      data: Point[]
      pointStyle: string
      pointRadius: number
      backgroundColor: string[]
      borderColor: string
    }
    expect(dataset.label).toBe('mean returnVsHodl (%)')
    expect(dataset.pointStyle).toBe('rect')
    expect(dataset.borderColor).toBe('#444')
    expect(dataset.pointRadius).toBe(60) // 400 / 3 px, at most 60
    expect(dataset.data).toHaveLength(6)
    const extent = Math.max(...[...expected.values()].map(Math.abs))
    dataset.data.forEach((p, i) => {
      const v = expected.get(`${p.x},${p.y}`)!
      const fade = Math.round(255 * (1 - Math.min(1, Math.abs(v) / extent)))
      expect(dataset.backgroundColor[i]).toBe(
        v < 0 ? `rgb(${fade},${fade},255)` : `rgb(255,${fade},${fade})`,
      )
    })
    // the extreme is full colour, 0 would be white
    expect(dataset.backgroundColor).toContain('rgb(255,0,0)')
    const values = [...expected.values()]
    const lo = Math.min(...values)
    const hi = Math.max(...values)
    const options = spec.config.options as unknown as {
      plugins: { title: { text: string } }
      scales: Record<
        'x' | 'y',
        {
          type: string
          min: number
          max: number
          title: unknown
          ticks: { callback: (v: unknown) => string }
          afterBuildTicks: (axis: { ticks: { value: number }[] }) => void
        }
      >
    }
    expect(options.plugins.title.text).toBe(
      `Mean returnVsHodl (%), from ${lo.toPrecision(3)} to ${hi.toPrecision(3)}`,
    )
    const { x, y } = options.scales
    expect([x.type, x.min, x.max, x.title]).toEqual([
      'linear',
      -0.5,
      2.5,
      axisTitle('pool.swapFee'),
    ])
    expect([y.type, y.min, y.max, y.title]).toEqual([
      'linear',
      -0.5,
      1.5,
      axisTitle('prices.volatility.ETH'),
    ])
    expect([0, 1, 2, 3].map((v) => x.ticks.callback(v))).toEqual(['0.001', '0.003', '0.01', ''])
    expect([0, 1, 2].map((v) => y.ticks.callback(v))).toEqual(['0.4', '0.8', ''])
    const axis = { ticks: [{ value: 0.5 }] }
    x.afterBuildTicks(axis)
    expect(axis.ticks).toEqual([{ value: 0 }, { value: 1 }, { value: 2 }])
    y.afterBuildTicks(axis)
    expect(axis.ticks).toEqual([{ value: 0 }, { value: 1 }])
  })

  it('squares shrink with the grid, to 8 px at least; all negative means are blue', () => {
    const fees = Array.from({ length: 10 }, (_, i) => 0.001 * (i + 1))
    const result = sweepOf(
      { 'pool.swapFee': fees, 'prices.volatility.ETH': [0.4, 0.8] },
      1,
      (c) => -(c + 1) / 100,
    )
    const heat = byFile(sweepChartSpecs(result), 'heatmap.png')!.config.data
      .datasets[0]! as unknown as {
      pointRadius: number
      backgroundColor: string[]
    }
    expect(heat.pointRadius).toBe(40) // 400 / 10
    // the most negative mean (cell 19, -20 %) is full blue; cell 0 (-1 %) fades: t = 1 / 20
    expect(heat.backgroundColor).toContain('rgb(0,0,255)')
    expect(heat.backgroundColor[0]).toBe(
      `rgb(${Math.round(255 * 0.95)},${Math.round(255 * 0.95)},255)`,
    )
    const many = Array.from({ length: 51 }, (_, i) => 0.0001 * (i + 1))
    const small = sweepOf({ 'pool.swapFee': many, 'prices.volatility.ETH': [0.4, 0.8] }, 1, () => 0)
    const tiny = byFile(sweepChartSpecs(small), 'heatmap.png')!.config.data
      .datasets[0]! as unknown as {
      pointRadius: number
      backgroundColor: string[]
    }
    expect(tiny.pointRadius).toBe(8) // 400 / 51 = 7.8, raised to 8
    // every mean 0: white, not red through a division by a zero extent
    expect(new Set(tiny.backgroundColor)).toEqual(new Set(['rgb(255,255,255)']))
  })

  it('every cell failed: no squares, and the title says so', () => {
    const result = sweepOf(
      { 'pool.swapFee': [0.001, 0.002], 'prices.volatility.ETH': [0.4, 0.8] },
      1,
      () => null,
    )
    const heat = byFile(sweepChartSpecs(result), 'heatmap.png')!
    expect(heat.config.data.datasets[0]!.data).toEqual([])
    expect(
      (heat.config.options as { plugins: { title: { text: string } } }).plugins.title.text,
    ).toBe('Mean returnVsHodl (%), no data')
  })
})

describe('distribution', () => {
  it('shares of paths per bin over 30 shared bins, per cell, in percent', () => {
    // cell 0: 0, 0.35, 0.35, 3 (%); cell 1: 1.55, 3 and two failed paths
    const values = [
      [0, 0.0035, 0.0035, 0.03],
      [0.0155, 0.03, null, null],
    ]
    const result = sweepOf({ 'pool.swapFee': [0.001, 0.002] }, 4, (c, p) => values[c]![p]!)
    const spec = byFile(sweepChartSpecs(result), 'distribution.png')!
    expect(spec.title).toBe('Distribution of returnVsHodl over the paths of each cell')
    const datasets = spec.config.data.datasets as unknown as {
      label: string
      data: Point[]
      borderColor: string
      backgroundColor: string
      borderWidth: number
      pointRadius: number
      stepped: string
    }[]
    expect(datasets.map((d) => d.label)).toEqual([
      'cell 0: pool.swapFee = 0.001',
      'cell 1: pool.swapFee = 0.002',
    ])
    // lo 0, hi 3 %: width 0.1; bins 0 (0), 3 (0.35, twice), 29 (3, the top edge), 15 (1.55)
    const width = 3 / 30
    for (const d of datasets) {
      expect(d.data).toHaveLength(30)
      d.data.forEach((p, k) => {
        expect(p.x).toBeCloseTo((k + 0.5) * width, 12)
      })
    }
    const shares = (d: (typeof datasets)[number]) => d.data.map((p) => p.y)
    const first = new Array<number>(30).fill(0)
    first[0] = 0.25
    first[3] = 0.5
    first[29] = 0.25
    expect(shares(datasets[0]!)).toEqual(first)
    const second = new Array<number>(30).fill(0)
    second[15] = 0.5
    second[29] = 0.5
    expect(shares(datasets[1]!)).toEqual(second)
    expect(
      datasets.map((d) => [
        d.borderColor,
        d.backgroundColor,
        d.borderWidth,
        d.pointRadius,
        d.stepped,
      ]),
    ).toEqual([
      [PALETTE[0], PALETTE[0], 2, 0, 'middle'],
      [PALETTE[1], PALETTE[1], 2, 0, 'middle'],
    ])
    expect(spec.config.options).toMatchObject({
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      layout: { padding: 12 },
      plugins: {
        title: {
          display: true,
          text: 'returnVsHodl (%) per path: share of paths per bin',
          font: { size: 18 },
        },
      },
      scales: {
        x: { type: 'linear', title: axisTitle('returnVsHodl (%)') },
        y: { type: 'linear', title: axisTitle('share of paths') },
      },
    })
  })

  it('the first 8 cells only, a cell with no path at 0 everywhere, equal values in one bin of width 1', () => {
    const fees = Array.from({ length: 9 }, (_, i) => 0.001 * (i + 1))
    // every path 5 %, but cell 2 failed entirely and cell 8 (not shown) is far off
    const result = sweepOf({ 'pool.swapFee': fees }, 2, (c) =>
      c === 2 ? null : c === 8 ? 1 : 0.05,
    )
    const spec = byFile(sweepChartSpecs(result), 'distribution.png')!
    expect(spec.title).toBe(
      'Distribution of returnVsHodl over the paths of each cell (first 8 cells)',
    )
    const datasets = spec.config.data.datasets as unknown as {
      label: string
      data: Point[]
      borderColor: string
    }[]
    expect(datasets).toHaveLength(8)
    expect(datasets[2]!.data.every((p) => p.y === 0)).toBe(true)
    // lo = hi = 5: width 1, every value in bin 0 at x = 5.5
    expect(datasets[0]!.data[0]).toEqual({ x: 5.5, y: 1 })
    expect(datasets[0]!.data[29]).toEqual({ x: 34.5, y: 0 })
    expect(datasets[7]!.borderColor).toBe(PALETTE[7])
  })

  it('all paths of a sweep without parameters; exactly 8 cells need no note', () => {
    const one = sweepOf(undefined, 3, (_, p) => p / 100)
    const spec = byFile(sweepChartSpecs(one), 'distribution.png')!
    expect(spec.config.data.datasets.map((d) => d.label)).toEqual(['cell 0: all paths'])
    const eight = sweepOf(
      { 'pool.swapFee': Array.from({ length: 8 }, (_, i) => 0.001 * (i + 1)) },
      1,
      (c) => c / 100,
    )
    expect(byFile(sweepChartSpecs(eight), 'distribution.png')!.title).toBe(
      'Distribution of returnVsHodl over the paths of each cell',
    )
  })

  it('a value of cell 8 or beyond never counts, even when it would set the range', () => {
    const fees = Array.from({ length: 9 }, (_, i) => 0.001 * (i + 1))
    const result = sweepOf({ 'pool.swapFee': fees }, 1, (c) => (c === 8 ? 10 : c / 100))
    const datasets = byFile(sweepChartSpecs(result), 'distribution.png')!.config.data
      .datasets as unknown as {
      data: Point[]
    }[]
    // lo 0, hi 7 % (cell 7): width 7 / 30
    expect(datasets[0]!.data[0]!.x).toBeCloseTo(7 / 60, 12)
  })
})

describe('chart types and rendering', () => {
  it('line charts for the metric and the distribution, a scatter for the heatmap, each rendered as PNG', async () => {
    const result = sweepOf(
      { 'pool.swapFee': [0.001, 0.01], 'prices.volatility.ETH': [0.4, 0.8] },
      2,
      (c, p) => c / 100 + p / 1000,
    )
    const specs = sweepChartSpecs(result)
    expect(specs.map((s) => [s.file, s.config.type])).toEqual([
      ['metric-vs-parameter.png', 'line'],
      ['heatmap.png', 'scatter'],
      ['distribution.png', 'line'],
    ])
    // every parameter of a cell in its distribution label
    expect(specs[2]!.config.data.datasets[1]!.label).toBe(
      'cell 1: pool.swapFee = 0.001, prices.volatility.ETH = 0.8',
    )
    const pngs = await renderSweepCharts(specs)
    expect([...pngs].map(([file, png]) => [file, png.toString()])).toEqual([
      ['metric-vs-parameter.png', 'line image/png'],
      ['heatmap.png', 'scatter image/png'],
      ['distribution.png', 'line image/png'],
    ])
  })
})
