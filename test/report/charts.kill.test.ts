/**
 * The run report's chart configurations built from hand-made series (issue 13, the mutation run
 * on `src/report/charts.ts`): which charts a series gives, each line's label, points, colour and
 * dash, the column names each chart accepts, the closed-form IL and the value weights by hand,
 * the weights chart's shared target and range, the prices chart's log axis, the axes, and the
 * renderer's canvas size and format (the renderer is a stand-in here: the native canvas cannot
 * load in the worker threads of the mutation run).
 */
import { describe, expect, it, vi } from 'vitest'
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  PALETTE,
  RENDERER_INSTALL_HELP,
  chart,
  chartSpecs,
  line,
  renderCharts,
} from '../../src/report/charts.js'
import type { ChartContext, ChartSpec } from '../../src/report/charts.js'
import type { SimulationResult } from '../../src/sim/engine/types.js'

const rendered = vi.hoisted(() => ({
  options: [] as unknown[],
  calls: [] as unknown[][],
  isMissing: false,
}))
vi.mock('chartjs-node-canvas', () => ({
  ChartJSNodeCanvas: class {
    constructor(options: unknown) {
      // a machine without the native canvas: the renderer cannot be made
      if (rendered.isMissing) throw new Error("Cannot find module 'canvas'")
      rendered.options.push(options)
    }
    renderToBuffer(config: { type: string }, mime: string) {
      rendered.calls.push([config, mime])
      return Promise.resolve(Buffer.from(`${rendered.calls.length}`))
    }
  },
}))

const DAY = 86_400
const T0 = 1_700_000_000 // 2023-11-14T22:13:20Z

/** A result with only what the charts read: tokens, numeraire, start, benchmarks and series. */
function resultOf(
  columns: Record<string, number[]>,
  options: { tokens?: string[]; numeraire?: string; benchmarks?: string[]; days?: number[] } = {},
): SimulationResult {
  const days = options.days ?? [0, 1, 2]
  const names = ['time', ...Object.keys(columns)]
  const data = [
    Float64Array.from(days, (d) => T0 + d * DAY),
    ...Object.values(columns).map((v) => Float64Array.from(v)),
  ]
  return {
    tokens: options.tokens ?? ['ETH', 'USDC'],
    numeraire: options.numeraire ?? 'USDC',
    startTime: T0,
    benchmarks: Object.fromEntries((options.benchmarks ?? []).map((b) => [b, {}])),
    series: { columns: names, data },
  } as unknown as SimulationResult
}

const staticHalf: ChartContext = { weights: [0.5, 0.5], isStatic: true }
const moving: ChartContext = { weights: [0.5, 0.5], isStatic: false }
const specOf = (specs: ChartSpec[], file: string) => specs.find((s) => s.file === file)
const ys = (spec: ChartSpec | undefined, label: string) =>
  spec!.config.data.datasets.find((d) => d.label === label)!.data.map((p) => p.y)
const labels = (spec: ChartSpec | undefined) => spec!.config.data.datasets.map((d) => d.label)
const close = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i]!, 10)
  })
}

describe('line and chart', () => {
  it('a line takes its palette colour (wrapping), solid and 2 px by default', () => {
    expect(line('a', [{ x: 0, y: 1 }], 3)).toEqual({
      label: 'a',
      data: [{ x: 0, y: 1 }],
      borderColor: '#D55E00',
      backgroundColor: '#D55E00',
      borderDash: [],
      borderWidth: 2,
    })
    expect(line('b', [], PALETTE.length + 1).borderColor).toBe(PALETTE[1])
    expect(line('c', [], 0, [8, 4], 1.2)).toMatchObject({ borderDash: [8, 4], borderWidth: 1.2 })
  })

  it('a chart: titled, no animation, fixed pixels, no point markers, x from 0 to the last day', () => {
    const datasets = [
      line(
        'a',
        [
          { x: 0, y: 1 },
          { x: 7.5, y: 2 },
        ],
        0,
      ),
      line(
        'b',
        [
          { x: 0, y: 1 },
          { x: 3, y: 2 },
        ],
        1,
      ),
    ]
    const axisTitle = (text: string) => ({ display: true, text, font: { size: 14 } })
    expect(chart('f.png', 'The title', datasets, 'Days', 'Value (USD)')).toEqual({
      file: 'f.png',
      title: 'The title',
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
            title: { display: true, text: 'The title', font: { size: 18 } },
            legend: {
              position: 'top',
              labels: { font: { size: 13 }, usePointStyle: true, pointStyle: 'line', boxWidth: 32 },
            },
          },
          scales: {
            x: {
              type: 'linear',
              min: 0,
              max: 7.5,
              title: axisTitle('Days'),
              ticks: { font: { size: 12 }, maxTicksLimit: 12 },
            },
            y: { type: 'linear', title: axisTitle('Value (USD)'), ticks: { font: { size: 12 } } },
          },
        },
      },
    })
  })

  it('the x axis ends at 0 without points, and at the largest last x of any line', () => {
    const empty = chart('f.png', 't', [line('a', [], 0)], 'x', 'y')
    expect(empty.config.options!.scales!.x!.max).toBe(0)
    const later = chart('f.png', 't', [line('a', [{ x: 9, y: 0 }], 0), line('b', [], 1)], 'x', 'y')
    expect(later.config.options!.scales!.x!.max).toBe(9)
  })
})

describe('the palette', () => {
  it('eight distinct colours, the first six Okabe–Ito, none as light as its yellow on white', () => {
    // the colour-blind-safe palette of Okabe and Ito (2008): blue, orange, bluish green,
    // vermillion, reddish purple, sky blue; its yellow #F0E442 is too light on white
    expect(PALETTE.slice(0, 6)).toEqual([
      '#0072B2',
      '#E69F00',
      '#009E73',
      '#D55E00',
      '#CC79A7',
      '#56B4E9',
    ])
    expect(PALETTE).toHaveLength(8)
    expect(new Set(PALETTE).size).toBe(8)
    /** WCAG relative luminance of #RRGGBB. */
    const luminance = (hex: string) => {
      expect(hex).toMatch(/^#[0-9A-F]{6}$/)
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    expect(luminance('#F0E442')).toBeGreaterThan(0.7)
    for (const colour of PALETTE) expect(luminance(colour)).toBeLessThan(0.5)
  })
})

describe('chartSpecs: LP value vs HODL and benchmarks', () => {
  it('the LP, HODL and each benchmark with its own column, dashed, coloured by its place', () => {
    const result = resultOf(
      {
        lpValue: [100, 110, 120],
        hodlValue: [100, 105, 103],
        'benchmark.constant-mix': [100, 101, 102],
        periodicValue: [100, 99, 98],
        threshold: [100, 97, 96],
        'benchmark band value': [100, 95, 94],
      },
      {
        benchmarks: ['hodl', 'constant-mix', 'lp', 'periodic', 'missing', 'threshold', 'band'],
      },
    )
    const value = specOf(chartSpecs(result, moving), 'value.png')!
    expect(value.title).toBe('LP value vs HODL and benchmarks')
    const days = [0, 1, 2]
    const points = (y: number[]) => y.map((v, i) => ({ x: days[i]!, y: v }))
    expect(value.config.data.datasets).toEqual([
      line('LP position', points([100, 110, 120]), 0),
      line('HODL', points([100, 105, 103]), 1),
      // the hodl benchmark (i = 0) is the HODL line and the "lp" one (i = 2) the LP's: not again
      line('constant-mix', points([100, 101, 102]), 3, [8, 4]),
      line('periodic', points([100, 99, 98]), 5, [8, 4]),
      line('threshold', points([100, 97, 96]), 7, [8, 4]),
      line('band', points([100, 95, 94]), 8, [8, 4]),
    ])
    const scales = value.config.options!.scales!
    expect(scales.x!.title).toEqual({
      display: true,
      text: 'Days since 2023-11-14',
      font: { size: 14 },
    })
    expect(scales.y!.title).toEqual({ display: true, text: 'Value (USDC)', font: { size: 14 } })
    expect(scales.x!.max).toBe(2)
  })

  it('the LP column as lp, HODL as hodl; no value chart without the LP', () => {
    const result = resultOf({ lp: [1, 2, 3], hodl: [1, 1, 1] }, { numeraire: 'DAI' })
    const value = specOf(chartSpecs(result, moving), 'value.png')!
    expect(labels(value)).toEqual(['LP position', 'HODL'])
    expect(value.config.options!.scales!.y!.title).toMatchObject({ text: 'Value (DAI)' })
    const noLp = chartSpecs(resultOf({ hodlValue: [1, 1, 1] }), moving)
    expect(noLp.map((s) => s.file)).toEqual([])
  })

  it('x is days since the first point, the axis ending at the last', () => {
    const result = resultOf({ lpValue: [1, 2, 3] }, { days: [0, 0.5, 3.25] })
    const value = specOf(chartSpecs(result, moving), 'value.png')!
    expect(ys(value, 'LP position')).toEqual([1, 2, 3])
    expect(value.config.data.datasets[0]!.data.map((p) => p.x)).toEqual([0, 0.5, 3.25])
    expect(value.config.options!.scales!.x!.max).toBe(3.25)
  })
})

describe('chartSpecs: impermanent loss', () => {
  it("the engine's IL, the closed form and LP vs HODL, in percent", () => {
    // 80/20 static pool: IL = r^0.8 / (0.8 r + 0.2) - 1 for the ETH price ratio r
    const result = resultOf({
      'price.ETH': [1000, 4000, 250],
      'price.USDC': [1, 1, 1],
      impermanentLoss: [0, -0.01, -0.02],
      lpValue: [100, 90, 80],
      hodlValue: [100, 100, 100],
    })
    const il = specOf(
      chartSpecs(result, { weights: [0.8, 0.2], isStatic: true }),
      'impermanent-loss.png',
    )!
    expect(il.title).toBe('Impermanent loss over time')
    expect(il.config.options!.scales!.y!.title).toMatchObject({ text: '% of HODL value' })
    expect(labels(il)).toEqual([
      'Impermanent loss (fees excluded)',
      'Closed-form IL, no fees: prod r^w / sum w r - 1',
      'LP vs HODL (fees included)',
    ])
    close(ys(il, 'Impermanent loss (fees excluded)'), [0, -1, -2])
    const closedForm = (r: number) => (r ** 0.8 / (0.8 * r + 0.2) - 1) * 100
    close(ys(il, 'Closed-form IL, no fees: prod r^w / sum w r - 1'), [
      0,
      closedForm(4),
      closedForm(0.25),
    ])
    close(ys(il, 'LP vs HODL (fees included)'), [0, -10, -20])
    const [engine, closed, lpVsHodl] = il.config.data.datasets
    expect([engine!.borderColor, engine!.borderDash]).toEqual([PALETTE[3], []])
    expect([closed!.borderColor, closed!.borderDash]).toEqual([PALETTE[3], [8, 4]])
    expect([lpVsHodl!.borderColor, lpVsHodl!.borderDash]).toEqual([PALETTE[0], []])
  })

  it('the closed form over three tokens: prod r^w / sum w r - 1', () => {
    const result = resultOf(
      {
        'price.A': [2, 8, 1],
        'price.B': [5, 5, 20],
        'price.USDC': [1, 1, 1],
      },
      { tokens: ['A', 'B', 'USDC'] },
    )
    const weights = [0.5, 0.3, 0.2]
    const il = specOf(chartSpecs(result, { weights, isStatic: true }), 'impermanent-loss.png')!
    const expected = [
      [1, 1, 1],
      [4, 1, 1],
      [0.5, 4, 1],
    ].map(([a, b, c]) => {
      const geometric = a! ** 0.5 * b! ** 0.3 * c! ** 0.2
      return (geometric / (0.5 * a! + 0.3 * b! + 0.2 * c!) - 1) * 100
    })
    close(ys(il, 'Closed-form IL, no fees: prod r^w / sum w r - 1'), expected)
  })

  it('no closed form for moving weights or a token without prices; il as a column name', () => {
    const prices = { 'price.ETH': [1, 2, 3], 'price.USDC': [1, 1, 1] }
    expect(specOf(chartSpecs(resultOf(prices), moving), 'impermanent-loss.png')).toBeUndefined()
    expect(specOf(chartSpecs(resultOf(prices), staticHalf), 'impermanent-loss.png')).toBeDefined()
    const half = resultOf({ 'price.ETH': [1, 2, 3] })
    expect(specOf(chartSpecs(half, staticHalf), 'impermanent-loss.png')).toBeUndefined()
    const onlyIl = specOf(
      chartSpecs(resultOf({ il: [0, -0.5, 0.25] }), moving),
      'impermanent-loss.png',
    )
    expect(labels(onlyIl)).toEqual(['Impermanent loss (fees excluded)'])
    close(ys(onlyIl, 'Impermanent loss (fees excluded)'), [0, -50, 25])
    // LP and HODL alone give the chart; the LP alone does not
    const both = resultOf({ lpValue: [2, 3, 4], hodlValue: [2, 2, 2] })
    expect(labels(specOf(chartSpecs(both, moving), 'impermanent-loss.png'))).toEqual([
      'LP vs HODL (fees included)',
    ])
    close(
      ys(specOf(chartSpecs(both, moving), 'impermanent-loss.png'), 'LP vs HODL (fees included)'),
      [0, 50, 100],
    )
    const lpOnly = resultOf({ lpValue: [2, 3, 4] })
    expect(chartSpecs(lpOnly, moving).map((s) => s.file)).toEqual(['value.png'])
  })
})

describe('chartSpecs: value weights vs target', () => {
  it("value weights read from the series; a 2-token pool's numeraire is left out", () => {
    const result = resultOf({
      'valueWeight.ETH': [0.5, 0.52, 0.49],
      'valueWeight.USDC': [0.5, 0.48, 0.51],
    })
    const weights = specOf(
      chartSpecs(result, { weights: [0.6, 0.4], isStatic: false }),
      'weights.png',
    )!
    expect(weights.title).toBe('Value weights vs target weights')
    expect(weights.config.options!.scales!.y!.title).toMatchObject({ text: 'Weight (%)' })
    const days = [0, 1, 2]
    const points = (y: number[]) => y.map((v, i) => ({ x: days[i]!, y: v }))
    expect(weights.config.data.datasets).toHaveLength(2)
    const [value, target] = weights.config.data.datasets
    expect(value).toEqual(line('ETH value weight', value!.data, 0, [], 1.2))
    close(
      value!.data.map((p) => p.y),
      [50, 52, 49],
    )
    expect(value!.data.map((p) => p.x)).toEqual(days)
    expect(target).toEqual(line('ETH target', points([60, 60, 60]), 0, [8, 4], 2.5))
    // the range: 1 point beyond the lowest and highest line
    const y = weights.config.options!.scales!.y!
    expect(y.suggestedMin).toBeCloseTo(48, 12)
    expect(y.suggestedMax).toBeCloseTo(61, 12)
    // ticks at 6 significant digits, so float noise on a flat line does not show
    const callback = (y.ticks as { callback: (v: unknown) => string; font: unknown }).callback
    expect(callback(49.99999999)).toBe('50')
    expect(callback(12.3456789)).toBe('12.3457')
    expect(callback('7')).toBe('7')
    expect((y.ticks as { font: unknown }).font).toEqual({ size: 12 })
  })

  it('value weights from balances times prices, every token of a 3-token pool, targets per token', () => {
    const result = resultOf(
      {
        'balance.A': [1, 2, 1],
        'balance.B': [2, 1, 1],
        'balance.USDC': [3, 3, 2],
        'price.A': [3, 1, 4],
        'price.B': [1, 1, 2],
        'price.USDC': [1, 1, 1],
      },
      { tokens: ['A', 'B', 'USDC'] },
    )
    // B p per point: [3, 2, 3] (sum 8), [2, 1, 3] (6), [4, 2, 2] (8)
    const weights = specOf(
      chartSpecs(result, { weights: [0.4, 0.4, 0.2], isStatic: false }),
      'weights.png',
    )!
    expect(labels(weights)).toEqual([
      'A value weight',
      'A target',
      'B value weight',
      'B target',
      'USDC value weight',
      'USDC target',
    ])
    close(ys(weights, 'A value weight'), [37.5, 100 / 3, 50])
    close(ys(weights, 'B value weight'), [25, 50 / 3, 25])
    close(ys(weights, 'USDC value weight'), [37.5, 50, 25])
    close(ys(weights, 'USDC target'), [20, 20, 20])
    expect(weights.config.data.datasets.map((d) => d.borderColor as string)).toEqual([
      PALETTE[0],
      PALETTE[0],
      PALETTE[1],
      PALETTE[1],
      PALETTE[2],
      PALETTE[2],
    ])
  })

  it('one black target line, drawn on top, when 3 or more tokens share one constant target', () => {
    const third = 1 / 3
    const result = resultOf(
      {
        'valueWeight.A': [0.3, 0.35, third],
        'valueWeight.B': [0.3, 0.3, third],
        'valueWeight.C': [0.4, 0.35, third],
      },
      { tokens: ['A', 'B', 'C'], numeraire: 'C' },
    )
    const weights = specOf(
      chartSpecs(result, { weights: [third, third, third], isStatic: true }),
      'weights.png',
    )!
    expect(labels(weights)).toEqual([
      'A value weight',
      'B value weight',
      'C value weight',
      'Target (every token)',
    ])
    const shared = weights.config.data.datasets[3]!
    expect(shared).toEqual({
      ...line('Target (every token)', shared.data, 0, [8, 4], 2.5),
      borderColor: '#000000',
      backgroundColor: '#000000',
      order: -1,
    })
    close(
      shared.data.map((p) => p.y),
      [100 / 3, 100 / 3, 100 / 3],
    )
  })

  it('per-token targets when a target differs or moves, or with two tokens shown', () => {
    const third = 1 / 3
    const columns = {
      'valueWeight.A': [third, third, third],
      'valueWeight.B': [third, third, third],
      'valueWeight.C': [third, third, third],
    }
    const three = { tokens: ['A', 'B', 'C'], numeraire: 'C' }
    // the last token's target differs from the first's
    const unequal = chartSpecs(resultOf(columns, three), {
      weights: [third, third, 0.3],
      isStatic: true,
    })
    expect(labels(specOf(unequal, 'weights.png'))).toContain('C target')
    // targets from the series (targetWeight columns), one of them moving
    const movingTarget = resultOf(
      {
        ...columns,
        'targetWeight.A': [third, 0.3, third],
        'targetWeight.B': [third, third, third],
        'targetWeight.C': [third, third, third],
      },
      three,
    )
    const fromSeries = specOf(
      chartSpecs(movingTarget, { weights: [third, third, third], isStatic: false }),
      'weights.png',
    )
    expect(labels(fromSeries)).toContain('A target')
    close(ys(fromSeries, 'A target'), [100 / 3, 30, 100 / 3])
    // two tokens shown (the numeraire is not one of them): each has its own target line
    const two = resultOf(
      { 'valueWeight.A': [0.5, 0.5, 0.5], 'valueWeight.B': [0.5, 0.5, 0.5] },
      { tokens: ['A', 'B'], numeraire: 'USD' },
    )
    expect(labels(specOf(chartSpecs(two, moving), 'weights.png'))).toEqual([
      'A value weight',
      'A target',
      'B value weight',
      'B target',
    ])
  })

  it('a token without a given target gets 0; the y range stays within 0 and 100 %', () => {
    const result = resultOf(
      { 'valueWeight.A': [0.995, 0.995, 0.995], 'valueWeight.B': [0.005, 0.005, 0.005] },
      { tokens: ['A', 'B'], numeraire: 'USD' },
    )
    const weights = specOf(chartSpecs(result, { weights: [0.99], isStatic: false }), 'weights.png')!
    close(ys(weights, 'B target'), [0, 0, 0])
    const y = weights.config.options!.scales!.y!
    expect(y.suggestedMin).toBe(0)
    expect(y.suggestedMax).toBe(100)
  })

  it('no weights chart without value weights or without both balances and prices', () => {
    const onlyBalances = resultOf({ 'balance.ETH': [1, 1, 1], 'balance.USDC': [1, 1, 1] })
    expect(specOf(chartSpecs(onlyBalances, moving), 'weights.png')).toBeUndefined()
    const oneValueWeight = resultOf({
      'valueWeight.ETH': [0.5, 0.5, 0.5],
      'price.ETH': [1, 1, 1],
      'price.USDC': [1, 1, 1],
      'balance.ETH': [1, 3, 1],
    })
    // one token's value weight and balance missing: neither source is complete
    expect(specOf(chartSpecs(oneValueWeight, moving), 'weights.png')).toBeUndefined()
  })
})

describe('chartSpecs: fees vs LVR', () => {
  it('fee income, LVR and the arbitrage profit (dashed)', () => {
    const result = resultOf({ feeIncome: [0, 1, 2], lvr: [0, 2, 5], arbProfit: [0, 1, 3] })
    const fees = specOf(chartSpecs(result, moving), 'fees-lvr.png')!
    expect(fees.title).toBe('Cumulative fees vs loss-versus-rebalancing')
    expect(fees.config.options!.scales!.y!.title).toMatchObject({ text: 'Value (USDC)' })
    const points = (y: number[]) => y.map((v, i) => ({ x: i, y: v }))
    expect(fees.config.data.datasets).toEqual([
      line('Cumulative fee income', points([0, 1, 2]), 2),
      line('Cumulative LVR', points([0, 2, 5]), 3),
      line('Arbitrage profit', points([0, 1, 3]), 4, [8, 4]),
    ])
  })

  it('either of fees and LVR gives the chart, under each of their names; the profit alone does not', () => {
    for (const name of ['fees', 'cumulativeFees'])
      expect(
        labels(specOf(chartSpecs(resultOf({ [name]: [0, 1, 2] }), moving), 'fees-lvr.png')),
      ).toEqual(['Cumulative fee income'])
    expect(
      labels(specOf(chartSpecs(resultOf({ cumulativeLvr: [0, 1, 2] }), moving), 'fees-lvr.png')),
    ).toEqual(['Cumulative LVR'])
    expect(chartSpecs(resultOf({ arbProfit: [0, 1, 2] }), moving)).toEqual([])
  })
})

describe('chartSpecs: prices', () => {
  it('each non-numeraire price relative to its start, the start in the label at 6 digits', () => {
    const result = resultOf(
      {
        'price.A': [1234.56789, 2469.13578, 617.283945],
        'price.B': [0.000123456789, 0.000123456789, 0.000246913578],
        'price.USDC': [1, 1, 1],
      },
      { tokens: ['A', 'B', 'C', 'USDC'] },
    )
    const prices = specOf(chartSpecs(result, moving), 'prices.png')!
    expect(prices.title).toBe('Prices relative to the start (start = 1)')
    expect(prices.config.options!.scales!.y!.type).toBe('linear')
    expect(prices.config.options!.scales!.y!.title).toMatchObject({
      text: 'Price / start price (USDC quoted)',
    })
    // C has no price column, USDC is the numeraire
    expect(labels(prices)).toEqual(['A (start 1234.57 USDC)', 'B (start 0.000123457 USDC)'])
    close(ys(prices, 'A (start 1234.57 USDC)'), [1, 2, 0.5])
    close(ys(prices, 'B (start 0.000123457 USDC)'), [1, 1, 2])
    expect(prices.config.data.datasets.map((d) => d.borderColor as string)).toEqual([
      PALETTE[0],
      PALETTE[1],
    ])
  })

  it('a log axis when the widest range is more than 20 times the narrowest, not at 20', () => {
    const tokens = { tokens: ['A', 'B', 'USDC'] }
    // ranges (max / min of the relative path): A 2, B 40 → 20, linear
    const at = resultOf({ 'A prices': [1, 2, 1.5], 'B prices': [4, 160, 80] }, tokens)
    const linear = specOf(chartSpecs(at, moving), 'prices.png')!
    expect(linear.title).toBe('Prices relative to the start (start = 1)')
    expect(linear.config.options!.scales!.y!.type).toBe('linear')
    // A 2, B 41 (over its minimum 0.5, not its start) → 20.5: log scale
    const past = resultOf({ 'price.A': [1, 2, 1.5], 'price.B': [4, 2, 82] }, tokens)
    const log = specOf(chartSpecs(past, moving), 'prices.png')!
    expect(log.title).toBe('Prices relative to the start (start = 1), log scale')
    expect(log.config.options!.scales!.y!.type).toBe('logarithmic')
    // one token alone: its range against itself, linear however wide
    const one = resultOf({ 'price.A': [1, 1000, 1] }, { tokens: ['A', 'USDC'] })
    expect(specOf(chartSpecs(one, moving), 'prices.png')!.config.options!.scales!.y!.type).toBe(
      'linear',
    )
    // no price but the numeraire's: no prices chart
    expect(chartSpecs(resultOf({ 'price.USDC': [1, 1, 1] }), moving)).toEqual([])
  })
})

describe('chartSpecs: column names and order', () => {
  it('accepts each documented name of each column', () => {
    const names: [string, Record<string, number[]>, string, string][] = [
      ['price', { 'price.ETH': [1, 2, 3] }, 'prices.png', 'ETH (start 1 USDC)'],
      ['prices', { 'ETH prices': [1, 2, 3] }, 'prices.png', 'ETH (start 1 USDC)'],
      [
        'valueWeight',
        { 'ETH valueWeight': [1, 1, 1], 'USDC valueWeight': [0, 0, 0] },
        'weights.png',
        'ETH value weight',
      ],
      [
        'valueWeights',
        { 'valueWeights:ETH': [1, 1, 1], 'valueWeights:USDC': [0, 0, 0] },
        'weights.png',
        'ETH value weight',
      ],
      [
        'balance',
        {
          'balance.ETH': [1, 1, 1],
          'balance.USDC': [1, 1, 1],
          'price.ETH': [1, 1, 1],
          'price.USDC': [1, 1, 1],
        },
        'weights.png',
        'ETH value weight',
      ],
      [
        'balances',
        {
          'balances.ETH': [1, 1, 1],
          'balances.USDC': [1, 1, 1],
          'price.ETH': [1, 1, 1],
          'price.USDC': [1, 1, 1],
        },
        'weights.png',
        'ETH value weight',
      ],
    ]
    for (const [, columns, file, label] of names) {
      const spec = specOf(chartSpecs(resultOf(columns), moving), file)
      expect(labels(spec)).toContain(label)
    }
    // balances and prices give 50 % each here
    const fromBalances = specOf(chartSpecs(resultOf(names[5]![1]), moving), 'weights.png')
    close(ys(fromBalances, 'ETH value weight'), [50, 50, 50])
    // target weights under each of their names, against a context target of 0
    for (const name of ['targetWeight', 'weight', 'weights']) {
      const result = resultOf({
        'valueWeight.ETH': [0.5, 0.5, 0.5],
        'valueWeight.USDC': [0.5, 0.5, 0.5],
        [`${name}.ETH`]: [0.7, 0.7, 0.7],
        [`${name}.USDC`]: [0.3, 0.3, 0.3],
      })
      const spec = specOf(chartSpecs(result, { weights: [], isStatic: false }), 'weights.png')
      close(ys(spec, 'ETH target'), [70, 70, 70])
    }
  })

  it('gives the five charts in report order', () => {
    const result = resultOf({
      lpValue: [1, 1, 1],
      'price.ETH': [1, 2, 3],
      'price.USDC': [1, 1, 1],
      'valueWeight.ETH': [0.5, 0.5, 0.5],
      'valueWeight.USDC': [0.5, 0.5, 0.5],
      lvr: [0, 1, 2],
    })
    expect(chartSpecs(result, staticHalf).map((s) => s.file)).toEqual([
      'value.png',
      'impermanent-loss.png',
      'weights.png',
      'fees-lvr.png',
      'prices.png',
    ])
  })
})

describe('chartSpecs: edge cases', () => {
  it('balances of every token but a price missing: no weights chart', () => {
    const result = resultOf({
      'balance.ETH': [1, 1, 1],
      'balance.USDC': [1, 1, 1],
      'price.ETH': [1, 2, 3],
    })
    expect(specOf(chartSpecs(result, moving), 'weights.png')).toBeUndefined()
  })

  it('a pool of the numeraire alone: a weights chart without lines, not a failure', () => {
    const result = resultOf({ 'valueWeight.USDC': [1, 1, 1] }, { tokens: ['USDC'] })
    const weights = specOf(chartSpecs(result, { weights: [1], isStatic: true }), 'weights.png')
    expect(weights!.config.data.datasets).toEqual([])
  })
})

describe('renderCharts', () => {
  it('one renderer of CHART_WIDTH x CHART_HEIGHT on white, a PNG per chart by file name', async () => {
    const specs = [
      chart('a.png', 'A', [line('a', [{ x: 0, y: 1 }], 0)], 'x', 'y'),
      chart('b.png', 'B', [line('b', [{ x: 0, y: 2 }], 1)], 'x', 'y'),
    ]
    rendered.options.length = 0
    rendered.calls.length = 0
    const pngs = await renderCharts(specs)
    expect(rendered.options).toEqual([{ width: 1000, height: 500, backgroundColour: 'white' }])
    expect([CHART_WIDTH, CHART_HEIGHT]).toEqual([1000, 500])
    expect(rendered.calls).toEqual([
      [specs[0]!.config, 'image/png'],
      [specs[1]!.config, 'image/png'],
    ])
    expect([...pngs].map(([file, png]) => [file, png.toString()])).toEqual([
      ['a.png', '1'],
      ['b.png', '2'],
    ])
  })
  it('without the native canvas: RENDERER_MISSING, how to install it per OS line by line, the cause last', async () => {
    rendered.isMissing = true
    let message = ''
    try {
      await renderCharts([chart('a.png', 'A', [], 'x', 'y')])
    } catch (error) {
      message = (error as Error).message
    } finally {
      rendered.isMissing = false
    }
    const lines = message.split('\n')
    expect(lines[0]).toMatch(/^RENDERER_MISSING: the chart renderer \(the native "canvas" package/)
    expect(lines[1]).toBe('Install its system libraries, then run `npm rebuild canvas`:')
    expect(lines.slice(2, 5).map((l) => l.split(':')[0])).toEqual([
      '  Debian/Ubuntu',
      '  macOS',
      '  Windows',
    ])
    expect(lines.at(-1)).toBe("(Cannot find module 'canvas')")
    expect(message).toBe(
      `RENDERER_MISSING: ${RENDERER_INSTALL_HELP}\n(Cannot find module 'canvas')`,
    )
    expect(RENDERER_INSTALL_HELP.split('\n')).toHaveLength(7)
  })
})
