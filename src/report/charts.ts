/**
 * The report's charts: chart.js configurations built from a run (pure data, testable without a
 * renderer) and their rendering to PNG with chartjs-node-canvas, which loads the native
 * `canvas` package. That import happens inside {@link renderCharts} only, so a notebook that
 * imports the library never loads canvas.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js'
import { RunError } from '../errors.js'
import type { SimulationResult } from '../sim/engine/types.js'
import { seriesView } from './series.js'

/** Pixel size of every chart: readable at a glance, fits a Markdown page. */
export const CHART_WIDTH = 1000
/** Pixel height of every chart. */
export const CHART_HEIGHT = 500

/** Colour-blind-safe palette (Okabe–Ito, darker yellow and purple for white), fixed order. */

export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#7F3C8D',
  '#8C6D00',
]
/** When the largest relative price range exceeds the smallest by this factor, use a log axis. */
const LOG_AXIS_RATIO = 20

/** One chart: its file name under `charts/`, a caption, and the chart.js configuration. */
export interface ChartSpec {
  file: string
  title: string
  config: ChartConfiguration<'line', { x: number; y: number }[]>
}

/** What the charts need to know beyond the run itself. */
export interface ChartContext {
  /** Target weights by token index when the schedule does not give them per point. */
  weights: readonly number[]
  /** Whether the weights stay put (the closed-form IL line needs static weights). */
  isStatic: boolean
}

/** How to install the native renderer, per OS; the RENDERER_MISSING message. */
export const RENDERER_INSTALL_HELP = [
  'the chart renderer (the native "canvas" package used by chartjs-node-canvas) could not load.',
  'Install its system libraries, then run `npm rebuild canvas`:',
  '  Debian/Ubuntu: sudo apt-get install build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev',
  '  macOS:         brew install pkg-config cairo pango libpng jpeg giflib librsvg',
  '  Windows:       prebuilt binaries normally install with npm; reinstall with `npm rebuild canvas`',
  'If it was left out (npm install --omit=optional), add it: npm install canvas chartjs-node-canvas;',
  'or skip the charts: --no-charts on the command line, `hasCharts: false` in writeReport.',
].join('\n')

/**
 * The five report charts for a run: LP vs HODL vs benchmarks, impermanent loss, value weights
 * vs target, cumulative fees vs LVR, and prices. A chart whose columns the series lacks is left
 * out rather than drawn empty.
 * @param result - the engine's result (series down-sampled; values in numeraire units)
 * @param context - the scenario's target weights
 * @returns chart specs in report order
 * @example chartSpecs(result, { weights: [0.5, 0.5], isStatic: true }).map((c) => c.file) // ['value.png', …]
 */
export function chartSpecs(result: SimulationResult, context: ChartContext): ChartSpec[] {
  const view = seriesView(result.series)
  const { days } = view
  const tokens = result.tokens
  const unit = result.numeraire
  const xTitle = `Days since ${new Date(result.startTime * 1000).toISOString().slice(0, 10)}`
  const specs: ChartSpec[] = []
  const points = (values: ArrayLike<number>, scale = 1) =>
    Array.from(days, (x, i) => ({ x, y: values[i]! * scale }))

  // 1. LP vs HODL vs benchmarks (numeraire units)
  const lp = view.column('lpValue', 'lp')
  const hodl = view.column('hodlValue', 'hodl')
  if (lp) {
    const lines: ChartDataset<'line', { x: number; y: number }[]>[] = [
      line('LP position', points(lp), 0),
    ]
    if (hodl) lines.push(line('HODL', points(hodl), 1))
    Object.keys(result.benchmarks).forEach((name, i) => {
      const values = view.column(`${name}Value`, name, `benchmark${name}`, `benchmark${name}Value`)
      if (values && values !== hodl && values !== lp)
        lines.push(line(name, points(values), 2 + i, [8, 4]))
    })
    specs.push(
      chart('value.png', 'LP value vs HODL and benchmarks', lines, xTitle, `Value (${unit})`),
    )
  }

  // 2. Impermanent loss over time (%): the engine's series if any, the closed form for static
  // weights (prod r^w / sum w r - 1, fee-free), and LP vs HODL with fees included
  const il = view.column('impermanentLoss', 'il')
  const prices = view.tokenColumns(['price', 'prices'], tokens)
  const closedForm =
    context.isStatic && prices.every(Boolean)
      ? closedFormIl(prices as Float64Array[], context.weights)
      : undefined
  if (il || closedForm || (lp && hodl)) {
    const lines = []
    if (il) lines.push(line('Impermanent loss (fees excluded)', points(il, 100), 3))
    if (closedForm)
      lines.push(
        line('Closed-form IL, no fees: prod r^w / sum w r - 1', points(closedForm, 100), 3, [8, 4]),
      )
    if (lp && hodl)
      lines.push(
        line(
          'LP vs HODL (fees included)',
          Array.from(days, (x, i) => ({ x, y: (lp[i]! / hodl[i]! - 1) * 100 })),
          0,
        ),
      )
    specs.push(
      chart('impermanent-loss.png', 'Impermanent loss over time', lines, xTitle, '% of HODL value'),
    )
  }

  // 3. Value weights vs target (%)
  const valueWeights = view.tokenColumns(['valueWeight', 'valueWeights'], tokens)
  const balances = view.tokenColumns(['balance', 'balances'], tokens)
  const targets = view.tokenColumns(['targetWeight', 'weight', 'weights'], tokens)
  const computed = valueWeights.every(Boolean)
    ? (valueWeights as Float64Array[])
    : balances.every(Boolean) && prices.every(Boolean)
      ? valueWeightsFrom(balances as Float64Array[], prices as Float64Array[])
      : undefined
  if (computed) {
    // Weights sum to 1: with a numeraire token in a 2-token pool its line only mirrors the other.
    const shown = tokens
      .map((token, k) => ({ token, k }))
      .filter(({ token }) => tokens.length > 2 || token !== result.numeraire)
    const targetOf = (k: number) =>
      targets[k] ?? Float64Array.from(days, () => context.weights[k] ?? 0)
    // One shared target line when every token's target is the same constant (equal weights).
    // Stryker disable next-line LogicalOperator: first is read only when more than 2 tokens are shown, which is every token, so shown[0].k is 0 and `k && 0` is 0 too
    const first = targetOf(shown[0]?.k ?? 0)
    const isShared =
      shown.length > 2 && shown.every(({ k }) => targetOf(k).every((w) => w === first[0]))
    const lines = shown.flatMap(({ token, k }) => [
      line(`${token} value weight`, points(computed[k]!, 100), k, [], 1.2),
      ...(isShared ? [] : [line(`${token} target`, points(targetOf(k), 100), k, [8, 4], 2.5)]),
    ])
    if (isShared)
      lines.push({
        ...line('Target (every token)', points(first, 100), 0, [8, 4], 2.5),
        borderColor: '#000000',
        backgroundColor: '#000000',
        order: -1, // drawn on top of the value weights
      })
    const spec = chart(
      'weights.png',
      'Value weights vs target weights',
      lines,
      xTitle,
      'Weight (%)',
    )
    // at least 2 percentage points of range, so float noise around a flat target is not magnified
    const ys = lines.flatMap((l) => l.data.map((p) => p.y))
    // Stryker disable next-line OptionalChaining: chart() always sets options.scales.y; the checks are for the type
    const y = spec.config.options?.scales?.y
    // Stryker disable next-line ConditionalExpression: the same: y is always there
    if (y) {
      y.suggestedMin = Math.max(0, Math.min(...ys) - 1)
      y.suggestedMax = Math.min(100, Math.max(...ys) + 1)
      y.ticks = { ...y.ticks, callback: (v) => Number(Number(v).toPrecision(6)).toString() }
    }
    specs.push(spec)
  }

  // 4. Cumulative fees vs LVR (numeraire units)
  const fees = view.column('feeIncome', 'fees', 'cumulativeFees')
  const lvr = view.column('lvr', 'cumulativeLvr')
  if (fees || lvr) {
    const lines = []
    if (fees) lines.push(line('Cumulative fee income', points(fees), 2))
    if (lvr) lines.push(line('Cumulative LVR', points(lvr), 3))
    const arb = view.column('arbProfit')
    if (arb) lines.push(line('Arbitrage profit', points(arb), 4, [8, 4]))
    specs.push(
      chart(
        'fees-lvr.png',
        'Cumulative fees vs loss-versus-rebalancing',
        lines,
        xTitle,
        `Value (${unit})`,
      ),
    )
  }

  // 5. Prices relative to the start; a log axis when the ranges differ widely
  const priced = tokens
    .map((token, k) => ({ token, k, values: prices[k] }))
    .filter((p) => p.values && p.token !== result.numeraire)
  if (priced.length > 0) {
    let widest = 1
    let narrowest = Infinity
    const lines = priced.map(({ token, k, values }) => {
      const first = values![0]!
      const relative = Array.from(values!, (v) => v / first)
      const range = Math.max(...relative) / Math.min(...relative)
      widest = Math.max(widest, range)
      narrowest = Math.min(narrowest, range)
      return line(`${token} (start ${formatPrice(first)} ${unit})`, points(relative), k)
    })
    const isLog = widest / narrowest > LOG_AXIS_RATIO
    const spec = chart(
      'prices.png',
      `Prices relative to the start (start = 1)${isLog ? ', log scale' : ''}`,
      lines,
      xTitle,
      `Price / start price (${unit} quoted)`,
    )
    // Stryker disable next-line OptionalChaining: chart() always sets options.scales.y; the checks are for the type
    if (isLog && spec.config.options?.scales?.y) spec.config.options.scales.y.type = 'logarithmic'
    specs.push(spec)
  }
  return specs
}

/**
 * Renders chart specs to PNG with chartjs-node-canvas (white background, CHART_WIDTH x
 * CHART_HEIGHT pixels).
 * @param specs - from {@link chartSpecs}
 * @returns PNG bytes by file name
 * @throws {RunError} `RENDERER_MISSING` with install instructions when canvas cannot load
 * @example const pngs = await renderCharts(chartSpecs(result, { weights: [0.5, 0.5], isStatic: true }))
 */
export async function renderCharts(specs: readonly ChartSpec[]): Promise<Map<string, Buffer>> {
  let renderer: { renderToBuffer(config: unknown, mime: 'image/png'): Promise<Buffer> }
  try {
    const { ChartJSNodeCanvas } = await import('chartjs-node-canvas')
    renderer = new ChartJSNodeCanvas({
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      backgroundColour: 'white',
    })
  } catch (error) {
    throw new RunError(
      'RENDERER_MISSING',
      `${RENDERER_INSTALL_HELP}\n(${(error as Error).message})`,
    )
  }
  const out = new Map<string, Buffer>()
  for (const spec of specs)
    out.set(spec.file, await renderer.renderToBuffer(spec.config, 'image/png'))
  return out
}

/**
 * One line of a chart in the report palette.
 * @param label - legend text
 * @param data - points, x in days and y in the chart's unit
 * @param colour - palette index (wraps)
 * @param borderDash - dash pattern in pixels; solid by default
 * @param borderWidth - pixels
 * @returns a chart.js dataset
 * @example line('LP position', [{ x: 0, y: 1 }], 0)
 */
export function line(
  label: string,
  data: { x: number; y: number }[],
  colour: number,
  borderDash: number[] = [],
  borderWidth = 2,
): ChartDataset<'line', { x: number; y: number }[]> {
  const color = PALETTE[colour % PALETTE.length]!
  return { label, data, borderColor: color, backgroundColor: color, borderDash, borderWidth }
}

/**
 * A report chart: a titled line chart, x in days from 0 to the last point, y linear.
 * @param file - file name under `charts/`
 * @param title - caption and chart title
 * @param datasets - lines from {@link line}
 * @param xTitle - x axis title
 * @param yTitle - y axis title, with the unit
 * @returns the chart's spec for {@link renderCharts}
 * @example chart('value.png', 'LP value', [line('LP', points, 0)], 'Days', 'Value (USD)')
 */
export function chart(
  file: string,
  title: string,
  datasets: ChartDataset<'line', { x: number; y: number }[]>[],
  xTitle: string,
  yTitle: string,
): ChartSpec {
  const axisTitle = (text: string) => ({ display: true, text, font: { size: 14 } })
  return {
    file,
    title,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: false,
        devicePixelRatio: 1,
        elements: { point: { radius: 0 } },
        layout: { padding: 12 },
        plugins: {
          title: { display: true, text: title, font: { size: 18 } },
          legend: {
            position: 'top',
            labels: { font: { size: 13 }, usePointStyle: true, pointStyle: 'line', boxWidth: 32 },
          },
        },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: lastX(datasets),
            title: axisTitle(xTitle),
            ticks: { font: { size: 12 }, maxTicksLimit: 12 },
          },
          y: { type: 'linear', title: axisTitle(yTitle), ticks: { font: { size: 12 } } },
        },
      },
    },
  }
}

/** The largest x of any dataset: the axis ends with the data, not at the next round tick. */
function lastX(datasets: ChartDataset<'line', { x: number; y: number }[]>[]): number {
  let last = 0
  for (const d of datasets) last = Math.max(last, d.data[d.data.length - 1]?.x ?? 0)
  return last
}

/** Fee-free IL of a static-weight pool from the price ratios r_k = p_k(t) / p_k(0). */
function closedFormIl(prices: Float64Array[], weights: readonly number[]): Float64Array {
  const n = prices[0]!.length
  const out = new Float64Array(n)
  // Stryker disable next-line EqualityOperator: i = n writes past the end of out, which a Float64Array ignores
  for (let i = 0; i < n; i++) {
    let logGeometric = 0
    let arithmetic = 0
    for (let k = 0; k < prices.length; k++) {
      const r = prices[k]![i]! / prices[k]![0]!
      logGeometric += weights[k]! * Math.log(r)
      arithmetic += weights[k]! * r
    }
    out[i] = Math.exp(logGeometric) / arithmetic - 1
  }
  return out
}

/** Value weights B_k p_k / sum_j B_j p_j per point. */
function valueWeightsFrom(balances: Float64Array[], prices: Float64Array[]): Float64Array[] {
  const n = balances[0]!.length
  const out = balances.map(() => new Float64Array(n))
  // Stryker disable next-line EqualityOperator: i = n writes past the end of each out[k], which a Float64Array ignores
  for (let i = 0; i < n; i++) {
    let total = 0
    for (let k = 0; k < balances.length; k++) total += balances[k]![i]! * prices[k]![i]!
    for (let k = 0; k < balances.length; k++)
      out[k]![i] = (balances[k]![i]! * prices[k]![i]!) / total
  }
  return out
}

function formatPrice(price: number): string {
  return Number(price.toPrecision(6)).toString()
}
