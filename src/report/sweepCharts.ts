/**
 * A sweep's charts as chart.js configurations (plain data, testable without a renderer), drawn
 * by the run report's renderer (which loads canvas lazily): the headline metric against the first
 * parameter with its 95 % confidence band, a heatmap over the first two parameters, and the
 * distribution of the metric over the paths of each cell.
 */
import type { ChartConfiguration } from 'chart.js'
import type { SweepResult } from '../sim/sweep/runSweep.js'
import { cellParameters } from '../sim/sweep/tables.js'
import { PALETTE, renderCharts } from './charts.js'
import type { ChartSpec } from './charts.js'

/** The figure the charts show: the LP's return against holding. */
export const SWEEP_CHART_METRIC = 'returnVsHodl'
/** Cells drawn in the distribution chart; more would be unreadable. */
const MAX_DISTRIBUTION_CELLS = 8
/** Bins of the distribution chart. */
const BINS = 30

/** One sweep chart: file under `charts/`, caption, chart.js configuration. */
export interface SweepChartSpec {
  file: string
  title: string
  config: ChartConfiguration
}

/** Mean and 95 % interval of `metric` per cell, from the cells table. */
function cellStatistic(result: SweepResult, metric: string, key: string): (number | null)[] {
  const cells = result.tables.cells!
  const metricColumn = cells.data[cells.columns.indexOf('metric')]!
  const values = cells.data[cells.columns.indexOf(key)]!
  const out: (number | null)[] = []
  metricColumn.forEach((m, r) => {
    if (m === metric) out.push(values[r] as number | null)
  })
  return out
}

const percent = (x: number | null): number | null => (x === null ? null : x * 100)

function axisTitle(text: string) {
  return { display: true, text, font: { size: 14 } }
}

function baseOptions(title: string) {
  return {
    animation: false as const,
    responsive: false,
    devicePixelRatio: 1,
    layout: { padding: 12 },
    plugins: { title: { display: true, text: title, font: { size: 18 } } },
  }
}

/**
 * The charts of a whole sweep (none for a sweep without a numeric parameter, except the
 * distribution).
 * @param result - a whole sweep's result
 * @returns chart specs in the order summary.md shows them
 */
export function sweepChartSpecs(result: SweepResult): SweepChartSpec[] {
  const { layout } = result
  const specs: SweepChartSpec[] = []
  const mean = cellStatistic(result, SWEEP_CHART_METRIC, 'mean').map(percent)
  const low = cellStatistic(result, SWEEP_CHART_METRIC, 'ciLow').map(percent)
  const high = cellStatistic(result, SWEEP_CHART_METRIC, 'ciHigh').map(percent)
  const params = Array.from({ length: layout.cells }, (_, c) => cellParameters(layout, c))
  // One column per axis that moves (a zip group or a list of weights moves as one): the first
  // column of its first field, when numeric in every cell.
  const numeric = layout.axes
    .filter((axis) => axis.values.length > 1)
    .map((axis) => {
      const field = axis.fields[0]!
      const i = layout.parameters.findIndex(
        (p) => p.column === field || p.column.startsWith(`${field}[`),
      )
      // Stryker disable next-line OptionalChaining: every axis field has a parameter column (field or field[k]), so i is never -1 here
      return { column: layout.parameters[i]?.column ?? field, i, fields: axis.fields }
    })
    .filter(({ i }) => i >= 0 && params.every((row) => typeof row[i] === 'number'))

  if (numeric.length >= 1) {
    // One line per combination of the other parameters, x the first numeric parameter.
    const x = numeric[0]!
    const inAxis = (column: string) =>
      x.fields.some((f) => column === f || column.startsWith(`${f}[`))
    const others = layout.parameters
      .map((p, i) => ({ column: p.column, i }))
      .filter((o) => !inAxis(o.column))
    const groups = new Map<string, number[]>()
    params.forEach((row, cell) => {
      const key = others.map((o) => String(row[o.i])).join(', ')
      groups.set(key, [...(groups.get(key) ?? []), cell])
    })
    const datasets: ChartConfiguration<'line'>['data']['datasets'] = []
    let colour = 0
    for (const [key, cells] of groups) {
      const color = PALETTE[colour++ % PALETTE.length]!
      const point = (values: (number | null)[]) =>
        cells.map((c) => ({ x: params[c]![x.i] as number, y: values[c] ?? Number.NaN }))
      const label =
        others.length > 0 ? `${others.map((o) => o.column).join(', ')} = ${key}` : 'mean'
      datasets.push(
        {
          label: `${label} (95 % CI)`,
          data: point(low),
          borderColor: 'transparent',
          backgroundColor: `${color}33`,
          pointRadius: 0,
          fill: false,
        },
        {
          label: `${label} (95 % CI, high)`,
          data: point(high),
          borderColor: 'transparent',
          backgroundColor: `${color}33`,
          pointRadius: 0,
          fill: '-1',
        },
        {
          label,
          data: point(mean),
          borderColor: color,
          backgroundColor: color,
          borderWidth: 2,
          pointRadius: 3,
        },
      )
    }
    specs.push({
      file: 'metric-vs-parameter.png',
      title: `Mean ${SWEEP_CHART_METRIC} against ${x.column}, with its 95 % confidence band`,
      config: {
        type: 'line',
        data: { datasets },
        options: {
          // Stryker disable next-line StringLiteral: the plugins below replace baseOptions' title whole, so its text is never read
          ...baseOptions(`Mean ${SWEEP_CHART_METRIC} (%) against ${x.column}`),
          plugins: {
            title: {
              display: true,
              text: `Mean ${SWEEP_CHART_METRIC} (%) against ${x.column}; bands: 95 % CI`,
              font: { size: 18 },
            },
            // the band's edges are datasets too: list only the lines
            legend: {
              labels: { filter: (item: { text: string }) => !item.text.includes('95 % CI') },
            },
          },
          scales: {
            x: { type: 'linear', title: axisTitle(x.column) },
            y: { type: 'linear', title: axisTitle(`${SWEEP_CHART_METRIC} (%)`) },
          },
        },
      },
    })
  }

  if (numeric.length >= 2) {
    // Heatmap: a square per (x, y) pair, its colour the mean over the cells there.
    const [a, b] = [numeric[0]!, numeric[1]!]
    const xs = [...new Set(params.map((row) => row[a.i] as number))].sort((p, q) => p - q)
    const ys = [...new Set(params.map((row) => row[b.i] as number))].sort((p, q) => p - q)
    const sums = new Map<string, { sum: number; n: number }>()
    params.forEach((row, cell) => {
      const m = mean[cell]
      // Stryker disable next-line ConditionalExpression: mean has one entry per cell, so m is never undefined (the mark also hides killed mutants of the null test)
      if (m === null || m === undefined) return
      const key = `${xs.indexOf(row[a.i] as number)},${ys.indexOf(row[b.i] as number)}`
      const s = sums.get(key) ?? { sum: 0, n: 0 }
      sums.set(key, { sum: s.sum + m, n: s.n + 1 })
    })
    const points = [...sums].map(([key, s]) => {
      const [i, j] = key.split(',').map(Number) as [number, number]
      return { x: i, y: j, v: s.sum / s.n }
    })
    const extent = Math.max(1e-12, ...points.map((p) => Math.abs(p.v)))
    const colour = (v: number) => {
      // diverging: blue below 0, red above, white at 0
      const t = Math.min(1, Math.abs(v) / extent)
      const fade = Math.round(255 * (1 - t))
      // Stryker disable next-line EqualityOperator: at v = 0, t = 0 and fade = 255: both branches give white rgb(255,255,255) (the mark also hides `>=`, killed)
      return v < 0 ? `rgb(${fade},${fade},255)` : `rgb(255,${fade},${fade})`
    }
    const size = Math.max(8, Math.min(60, Math.floor(400 / Math.max(xs.length, ys.length))))
    specs.push({
      file: 'heatmap.png',
      title: `Mean ${SWEEP_CHART_METRIC} over ${a.column} × ${b.column} (blue < 0 < red; the values are in the table below)`,
      config: {
        type: 'scatter',
        data: {
          datasets: [
            {
              label: `mean ${SWEEP_CHART_METRIC} (%)`,
              data: points.map((p) => ({ x: p.x, y: p.y })),
              pointStyle: 'rect',
              pointRadius: size,
              backgroundColor: points.map((p) => colour(p.v)),
              borderColor: '#444',
            },
          ],
        },
        options: {
          ...baseOptions(`Mean ${SWEEP_CHART_METRIC} (%), ${fmtRange(points.map((p) => p.v))}`),
          scales: {
            x: {
              type: 'linear',
              min: -0.5,
              max: xs.length - 0.5,
              title: axisTitle(a.column),
              ticks: { callback: (v: unknown) => String(xs[Number(v)] ?? '') },
              afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
                axis.ticks = xs.map((_, value) => ({ value }))
              },
            },
            y: {
              type: 'linear',
              min: -0.5,
              max: ys.length - 0.5,
              title: axisTitle(b.column),
              ticks: { callback: (v: unknown) => String(ys[Number(v)] ?? '') },
              afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
                axis.ticks = ys.map((_, value) => ({ value }))
              },
            },
          },
        },
      } as unknown as ChartConfiguration,
    })
  }

  // Distribution: a histogram of the metric over each cell's paths, shared bins.
  const column = layout.figures.indexOf(SWEEP_CHART_METRIC)
  const shown = Math.min(layout.cells, MAX_DISTRIBUTION_CELLS)
  const perCell: number[][] = Array.from({ length: shown }, () => [])
  for (const row of result.rows)
    if (row.cell < shown && row.figures?.[column] != null)
      perCell[row.cell]!.push(row.figures[column] * 100)
  const all = perCell.flat()
  if (all.length > 1) {
    let lo = Infinity
    let hi = -Infinity
    for (const v of all) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    const width = (hi - lo) / BINS || 1
    const datasets = perCell.map((values, cell) => {
      const counts = new Array<number>(BINS).fill(0)
      for (const v of values) counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]!++
      const color = PALETTE[cell % PALETTE.length]!
      return {
        label: `cell ${cell}: ${layout.parameters.map((p, i) => `${p.column} = ${String(params[cell]![i])}`).join(', ') || 'all paths'}`,
        data: counts.map((n, k) => ({
          x: lo + (k + 0.5) * width,
          y: values.length > 0 ? n / values.length : 0,
        })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: 0,
        stepped: 'middle' as const,
      }
    })
    specs.push({
      file: 'distribution.png',
      title: `Distribution of ${SWEEP_CHART_METRIC} over the paths of each cell${layout.cells > shown ? ` (first ${shown} cells)` : ''}`,
      config: {
        type: 'line',
        data: { datasets },
        options: {
          ...baseOptions(`${SWEEP_CHART_METRIC} (%) per path: share of paths per bin`),
          scales: {
            x: { type: 'linear', title: axisTitle(`${SWEEP_CHART_METRIC} (%)`) },
            y: { type: 'linear', title: axisTitle('share of paths') },
          },
        },
      },
    })
  }
  return specs
}

function fmtRange(values: number[]): string {
  if (values.length === 0) return 'no data'
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return `from ${lo.toPrecision(3)} to ${hi.toPrecision(3)}`
}

/**
 * Renders the sweep's charts to PNG with the run report's renderer.
 * @param specs - from {@link sweepChartSpecs}
 * @returns PNG bytes by file name
 * @throws {RunError} `RENDERER_MISSING` when canvas cannot load
 */
export async function renderSweepCharts(
  specs: readonly SweepChartSpec[],
): Promise<Map<string, Buffer>> {
  // the renderer passes configurations through untouched; only the type differs
  return renderCharts(specs as unknown as ChartSpec[])
}
