/**
 * summary.md, the parts `markdown.test.ts` leaves open (issue 13, the mutation run on
 * `src/report/markdown.ts`): the pool and price lines of every model and weight schedule, the
 * agents and benchmarks in words, the exact-vs-float and Data sections, the risk period in words,
 * the number formats' edges. Each expected line is written by hand from the rules in the code's
 * doc comments and docs/testing-report.md ("Number formats in summary.md"), not produced by the
 * formatter.
 */
import { describe, expect, it } from 'vitest'
import { formatSummaryMarkdown, money, percent } from '../../src/report/markdown.js'
import type { ExactCheck, SimulationResult } from '../../src/sim/engine/types.js'
import type { PricePathNotes } from '../../src/sim/prices/types.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { standInResult } from './standIn.js'

const base = {
  name: 'k',
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
  prices: {
    numeraire: 'USDC',
    model: 'gbm',
    start: { ETH: 2000 },
    volatility: { ETH: 0.8 },
    dt: '1h',
    horizon: '365d',
  },
}

/** summary.md of a scenario given as raw JSON (validated like a file), on the stand-in result. */
function report(raw: Record<string, unknown>, result: SimulationResult = standInResult()): string {
  const scenario = validateScenario({ ...structuredClone(base), ...raw }, 'k.json')
  return formatSummaryMarkdown({
    scenario,
    prices: scenario.prices,
    seed: 7,
    version: '9.9.9',
    result,
    charts: [],
  })
}

/** The text after `- **<label>**: ` on its line. */
function item(text: string, label: string): string {
  const prefix = `- **${label}**: `
  const line = text.split('\n').find((l) => l.startsWith(prefix))
  if (line === undefined) throw new Error(`no ${label} line in\n${text}`)
  return line.slice(prefix.length)
}

// the stand-in's span: 8761 points from 2025-01-01 over 365 days
const SPAN = '8,761 points from 2025-01-01 to 2026-01-01'

describe('summary.md: the price line of each model', () => {
  const prices = (raw: Record<string, unknown>) =>
    item(report({ prices: { numeraire: 'USDC', dt: '1h', horizon: '365d', ...raw } }), 'Prices')
  // the historical models have no dt (bootstrap) or neither dt nor horizon (csv)
  const history = (raw: Record<string, unknown>) =>
    item(report({ prices: { numeraire: 'USDC', ...raw } }), 'Prices')

  it('GBM: start (the numeraire left out), volatility and drift in %/yr, correlation, step', () => {
    expect(
      prices({
        model: 'gbm',
        start: { ETH: 2000, USDC: 1 },
        volatility: { ETH: 0.8 },
        drift: { ETH: -0.05 },
      }),
    ).toBe(
      `geometric Brownian motion; start ETH 2000 USDC; volatility ETH 80 %/yr; drift ETH -5 %/yr; step 1h; ${SPAN}`,
    )
  })
  it('jump-diffusion: jumps a year, mean and std. dev. of the log jump', () => {
    expect(
      prices({
        model: 'jump-diffusion',
        start: { ETH: 1500.5 },
        volatility: { ETH: 0.25 },
        jumpIntensity: { ETH: 3 },
        jumpMean: { ETH: -0.1 },
        jumpStdDev: { ETH: 0.05 },
      }),
    ).toBe(
      `Merton jump-diffusion; start ETH 1500.5 USDC; volatility ETH 25 %/yr; jumps ETH 3/yr; mean log jump ETH -0.1; log jump std. dev. ETH 0.05; step 1h; ${SPAN}`,
    )
  })
  it('regime switching: the crisis volatility in %/yr', () => {
    expect(
      prices({
        model: 'regime-switching',
        start: { ETH: 2000 },
        volatility: { ETH: 0.5 },
        crisisVolatility: { ETH: 1.5 },
        calmDuration: '90d',
        crisisDuration: '10d',
      }),
    ).toBe(
      `regime-switching GBM (calm/crisis); start ETH 2000 USDC; volatility ETH 50 %/yr; crisis volatility ETH 150 %/yr; step 1h; ${SPAN}`,
    )
  })
  it('OU: peg, half-life in words (a string as written, seconds converted), the shock', () => {
    const tokens = { tokens: ['DAI', 'USDT', 'USDC'], weights: [0.4, 0.4, 0.2], swapFee: 0.0001 }
    const text = report({
      pool: tokens,
      prices: {
        numeraire: 'USDC',
        model: 'ou',
        start: { DAI: 1, USDT: 0.999 },
        level: { DAI: 1.001, USDT: 1 },
        halfLife: { DAI: '6h', USDT: 172_800 },
        volatility: { DAI: 0.02, USDT: 0.03 },
        shock: { USDT: { at: 2_592_000, size: -0.125 } },
        dt: '1h',
        horizon: '365d',
      },
    })
    expect(item(text, 'Prices')).toBe(
      `Ornstein-Uhlenbeck mean reversion; start DAI 1 USDC, USDT 0.999 USDC; volatility DAI 2 %/yr, USDT 3 %/yr; peg DAI 1.001, USDT 1; half-life DAI 6h, USDT 2d; USDT shock -12.5 % at 30d; step 1h; ${SPAN}`,
    )
    expect(item(text, 'Pool')).toBe(
      '3 tokens (DAI 40 %, USDT 40 %, USDC 20 %), swap fee 0.01 %, initial value 1,000,000.00 USDC, float math; static weights',
    )
  })
  it('ramp and step: the end prices, the factor with its time', () => {
    expect(prices({ model: 'ramp', start: { ETH: 2000 }, end: { ETH: 3000 } })).toBe(
      `linear ramp; start ETH 2000 USDC; end ETH 3000; step 1h; ${SPAN}`,
    )
    expect(prices({ model: 'step', start: { ETH: 2000 }, at: '30d', factor: { ETH: 0.5 } })).toBe(
      `single step; start ETH 2000 USDC; factor at 30d ETH 0.5; step 1h; ${SPAN}`,
    )
    expect(prices({ model: 'step', start: { ETH: 2000 }, at: 7200, factor: { ETH: 2 } })).toBe(
      `single step; start ETH 2000 USDC; factor at 2h ETH 2; step 1h; ${SPAN}`,
    )
  })
  it('constant, mixed: the model named; a correlation number or matrix', () => {
    expect(prices({ model: 'constant', start: { ETH: 2000 } })).toBe(
      `constant prices; start ETH 2000 USDC; step 1h; ${SPAN}`,
    )
    const pool = { tokens: ['ETH', 'BTC', 'USDC'], weights: [0.4, 0.4, 0.2], swapFee: 0.003 }
    const mixed = report({
      pool,
      prices: {
        numeraire: 'USDC',
        model: 'mixed',
        start: { ETH: 2000, BTC: 60000 },
        assets: { ETH: { model: 'gbm', volatility: 0.8 }, BTC: { model: 'constant' } },
        correlation: 0.3,
        dt: '1d',
        horizon: '365d',
      },
    })
    expect(item(mixed, 'Prices')).toBe(
      `a model per token; start ETH 2000 USDC, BTC 60000 USDC; correlation 0.3; step 1d; ${SPAN}`,
    )
    const matrix = report({
      pool,
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000, BTC: 60000 },
        volatility: { ETH: 0.8, BTC: 0.6 },
        correlation: [
          [1, 0.5],
          [0.5, 1],
        ],
        dt: '1h',
        horizon: '365d',
      },
    })
    expect(item(matrix, 'Prices')).toBe(
      `geometric Brownian motion; start ETH 2000 USDC, BTC 60000 USDC; volatility ETH 80 %/yr, BTC 60 %/yr; correlation matrix; step 1h; ${SPAN}`,
    )
  })
  it('bootstrap: named, the history file not a step', () => {
    expect(
      history({ model: 'bootstrap', file: 'eth_usd.csv', blockLength: 24, horizon: '30d' }),
    ).toBe(`block bootstrap of historical returns; ${SPAN}`)
    expect(
      history({
        model: 'bootstrap',
        file: 'eth_usd.csv',
        blockLength: 24,
        horizon: '30d',
        start: { ETH: 1800 },
      }),
    ).toBe(`block bootstrap of historical returns; start ETH 1800 USDC; ${SPAN}`)
  })
  it('historical CSV: one file or a file per token, the format and price taken, escaped', () => {
    expect(history({ model: 'csv', file: 'eth_*.csv' })).toBe(
      `historical prices (auto format, close price) from eth\\_\\*.csv, in USDC; ${SPAN}`,
    )
    expect(
      history({
        model: 'csv',
        files: { ETH: 'a.csv', USDC: 'b_c.csv' },
        format: 'wide',
        price: 'open',
        dt: '1d',
      }),
    ).toBe(
      `historical prices (wide format, open price) from ETH: a.csv, USDC: b\\_c.csv, in USDC; ${SPAN}`,
    )
  })
  it('a price source given in code: the tokens and the span only', () => {
    const scenario = validateScenario(structuredClone(base), 'k.json')
    const text = formatSummaryMarkdown({
      scenario,
      seed: 1,
      version: '0',
      result: { ...standInResult(), tokens: ['E_T', 'USDC'], numeraire: 'US*' },
      charts: [],
    })
    expect(item(text, 'Prices')).toBe(
      `a price source given in code (E\\_T, USDC in US\\*); ${SPAN}`,
    )
  })
})

describe('summary.md: the pool line', () => {
  const pool = (extra: Record<string, unknown>) =>
    item(report({ pool: { ...base.pool, ...extra } }), 'Pool')
  const head = '2 tokens (ETH 50 %, USDC 50 %), swap fee 0.3 %'

  it('initial value with separators, the pool math', () => {
    expect(pool({ initialValue: 2_500_000.5, math: 'exact-v3' })).toBe(
      `${head}, initial value 2,500,000.50 USDC, exact-v3 math; static weights`,
    )
  })
  it('a linear schedule: end weights and the times, in words', () => {
    expect(
      pool({
        schedule: { type: 'linear', startTime: '1d', endTime: 1_209_600, endWeights: [0.2, 0.8] },
      }),
    ).toBe(
      `${head}, initial value 1,000,000.00 USDC, float math; weights move linearly to 20 % / 80 % from 1d to 14d after the start`,
    )
  })
  it('a piecewise schedule: the number of points', () => {
    expect(
      pool({
        schedule: {
          type: 'piecewise',
          points: [
            { time: '1d', weights: [0.6, 0.4] },
            { time: '2d', weights: [0.7, 0.3] },
          ],
        },
      }),
    ).toBe(
      `${head}, initial value 1,000,000.00 USDC, float math; weights follow 2 scheduled points`,
    )
  })
  it('a momentum schedule: its three parameters', () => {
    expect(
      pool({ schedule: { type: 'momentum', everySteps: 24, lookbackSteps: 168, strength: 0.5 } }),
    ).toBe(
      `${head}, initial value 1,000,000.00 USDC, float math; momentum weights (every 24 steps, lookback 168, strength 0.5)`,
    )
  })
  it('a dynamic fee by expression, every step, with its own bounds', () => {
    expect(
      pool({
        swapFeeRule: {
          type: 'expression',
          expression: 'swapFee * 2',
          min: 0.001,
          max: 0.02,
        },
      }),
    ).toBe(
      `${head}, initial value 1,000,000.00 USDC, float math; static weights; dynamic swap fee from the expression swapFee \\* 2, within 0.1-2 %, set every 1 step (the fee above until then)`,
    )
  })
  it('a fixed fee rule says nothing', () => {
    expect(pool({ swapFeeRule: { type: 'fixed' } })).toBe(
      `${head}, initial value 1,000,000.00 USDC, float math; static weights`,
    )
  })
})

describe('summary.md: agents and benchmarks in words', () => {
  it('an arbitrageur with gas, external fee and a period; noise traders', () => {
    const agents = (list: unknown[]) => item(report({ agents: list }), 'Agents')
    expect(
      agents([
        { type: 'arbitrageur', gasCost: 2.5, externalFee: 0.0005, everySteps: 3 },
        { type: 'noise', tradesPerDay: 48, medianSize: 12_345.678 },
      ]),
    ).toBe(
      'arbitrageur (gas 2.5 USDC a trade, external fee 0.05 %, every 3 steps); noise traders (48 trades a day, median size 12,345.68 USDC)',
    )
    expect(agents([{ type: 'arbitrageur' }])).toBe(
      'arbitrageur (gas 0 USDC a trade, external fee 0 %, every step)',
    )
    expect(agents([{ type: 'arbitrageur', everySteps: 1 }])).toBe(
      'arbitrageur (gas 0 USDC a trade, external fee 0 %, every step)',
    )
  })
  it('each benchmark kind, named or by its type', () => {
    const text = report({
      benchmarks: [
        { type: 'hodl' },
        { type: 'constant-mix', name: 'cm' },
        { type: 'periodic', everySteps: 24, costBps: 5 },
        { type: 'threshold', name: 'band_5', band: 0.05, costBps: 2.5 },
      ],
    })
    expect(item(text, 'Benchmarks')).toBe(
      'hodl: the initial basket held; cm: target weights every step, no cost; periodic: rebalanced every 24 steps at 5 bps; band\\_5: rebalanced when a weight drifts 5 % from target, at 2.5 bps',
    )
  })
  it('the seed and version', () => {
    expect(item(report({}), 'Seed')).toBe('7; amm-sim 9.9.9')
  })
})

describe('summary.md: sections present or not', () => {
  it('no description: the Scenario heading follows the title', () => {
    expect(report({}).startsWith('# k\n\n## Scenario\n\n- **Pool**: ')).toBe(true)
  })
  it('no benchmarks: no Benchmarks section and a Risk table with the LP only', () => {
    const result = standInResult()
    result.benchmarks = {}
    const text = report({}, result)
    expect(text).not.toContain('## Benchmarks')
    const lines = text.split('\n')
    const start = lines.indexOf('## Risk')
    expect(lines.slice(start + 4, lines.indexOf('', start + 4))).toEqual([
      '| | LP |',
      '|---|---:|',
      '| Sharpe ratio | 0.51 |',
      '| Sortino ratio | 0.73 |',
      '| Calmar ratio | 0.14 |',
      '| 95 % Value-at-Risk (a day) | 6.12 % |',
      '| 95 % expected shortfall (a day) | 8.74 % |',
      '| Annualised return (geometric) | 5.00 % |',
      '| Max drawdown (period values) | 35.00 % |',
    ])
  })
  it('the risk period in words: an hour, or seconds; the risk-free rate in percent', () => {
    const period = (seconds: number) => {
      const result = standInResult()
      result.metrics.risk = { ...result.metrics.risk, period: seconds, riskFreeRate: 0.045 }
      const lines = report({}, result).split('\n')
      const start = lines.indexOf('## Risk')
      return [lines[start + 2], lines.find((l) => l.startsWith('| 95 % Value-at-Risk'))]
    }
    expect(period(3_600)).toEqual([
      'Over 365 period returns of one hour (simple returns of values sampled at period boundaries), ratios annualised with the square root of periods per 365-day year, risk-free rate 4.50 % a year; n/a: fewer than 20 periods, or a zero denominator.',
      '| 95 % Value-at-Risk (a hour) | 6.12 % | 7.00 % | 7.00 % |',
    ])
    expect(period(604_800)[1]).toBe(
      '| 95 % Value-at-Risk (a 604800 s) | 6.12 % | 7.00 % | 7.00 % |',
    )
    expect(period(86_400)[1]).toBe('| 95 % Value-at-Risk (a day) | 6.12 % | 7.00 % | 7.00 % |')
  })
  it('n/a for a null share in the risk table', () => {
    const result = standInResult()
    result.metrics.risk = { ...result.metrics.risk, valueAtRisk: null, calmarRatio: -1.005 }
    const lines = report({}, result).split('\n')
    expect(lines.find((l) => l.startsWith('| 95 % Value-at-Risk'))).toBe(
      '| 95 % Value-at-Risk (a day) | n/a | 7.00 % | 7.00 % |',
    )
    expect(lines.find((l) => l.startsWith('| Calmar ratio'))).toBe(
      '| Calmar ratio | -1.00 | 0.20 | 0.20 |',
    )
  })
  it('charts: one image line each, in order, with its caption escaped', () => {
    const scenario = validateScenario(structuredClone(base), 'k.json')
    const text = formatSummaryMarkdown({
      scenario,
      prices: scenario.prices,
      seed: 1,
      version: '0',
      result: standInResult(),
      charts: [
        { file: 'a.png', title: 'First [one]' },
        { file: 'b.png', title: 'Second' },
      ],
    })
    expect(text).toContain(
      '## Charts\n\n![First \\[one\\]](charts/a.png)\n\n![Second](charts/b.png)\n\n## Notes\n',
    )
    expect(report({})).not.toContain('## Charts')
  })
  it('notes: no idealisation line for a fee above 0; the engine notes escaped; the ending', () => {
    const result = standInResult()
    result.notes = ['a *b*']
    const text = report({}, result)
    expect(text.slice(text.indexOf('## Notes'))).toBe(
      [
        '## Notes',
        '',
        '- a \\*b\\*',
        '- Values are in USDC at market prices; the time series behind the charts is in [timeseries.csv](timeseries.csv), the figures in [summary.json](summary.json).',
        '- Same scenario file and seed 7 give the same report, byte for byte.',
        '',
      ].join('\n'),
    )
  })
  it('warnings: one line each with its code', () => {
    const result = standInResult()
    result.warnings = [
      { code: 'A_B', message: 'first' },
      { code: 'C', message: 'x < y' },
    ]
    expect(report({}, result)).toContain(
      '## Warnings\n\n- **A_B**: first\n- **C**: x &lt; y\n\n## Notes',
    )
  })
})

describe('summary.md: the exact-vs-float section', () => {
  const stats = (maxAbs: number, rms: number, mean: number, count: number) => ({
    maxAbs,
    rms,
    mean,
    min: -maxAbs,
    max: maxAbs,
    count,
  })
  const check: ExactCheck = {
    math: 'exact-v2',
    decimals: [18, 6],
    swapFee: 0.0025,
    balancesRaw: ['1', '2'],
    trades: 12_345,
    shrunk: 2,
    skipped: 3,
    reverts: { MaxInRatio: 4, 'BAL#304': 1 },
    amountOut: stats(1.23456e-12, 4.5e-13, -1e-14, 12_345),
    balances: stats(0, 0, 0, 8_761),
    value: stats(2e-16, 1.5e-16, 1e-16, 1_000),
  }
  const section = (c: ExactCheck) => {
    const text = report({}, { ...standInResult(), exactCheck: c })
    const start = text.indexOf('## Exact math vs float')
    expect(start).toBeGreaterThan(-1)
    return text.slice(start, text.indexOf('## Warnings'))
  }
  it('the errors in exponent form (0 as 0), the counts, the reverts by name', () => {
    expect(section(check)).toBe(
      [
        '## Exact math vs float',
        '',
        'Every trade ran through the exact-v2 integer math (token decimals 18, 6; swap fee 0.25 %). Relative difference of the float model from the exact one (float minus exact, over exact; a positive mean: the float model pays or holds more):',
        '',
        '| Quantity | Largest | Typical (RMS) | Mean | Over |',
        '|---|---:|---:|---:|---|',
        '| Amount out of a swap (float kernel, same state and amount in) | 1.23e-12 | 4.50e-13 | -1.00e-14 | 12,345 swaps |',
        '| Balances of a float shadow pool (token furthest apart) | 0 | 0 | 0 | 8,761 steps |',
        '| Value of the float shadow pool | 2.00e-16 | 1.50e-16 | 1.00e-16 | 1,000 steps |',
        '',
        'Swaps executed: 12,345; reverts: MaxInRatio 4, BAL#304 1; retried at 30 % of the balance: 2; skipped (reverted or 0 raw units): 3.',
        '',
        '',
      ].join('\n'),
    )
  })
  it('no reverts: none', () => {
    expect(section({ ...check, reverts: {} })).toContain('; reverts: none; retried at')
  })
  it('absent for a float run', () => {
    expect(report({})).not.toContain('## Exact math vs float')
  })
})

describe('summary.md: the Data section', () => {
  const notes: PricePathNotes = {
    role: 'path',
    gridOrigin: 'epoch',
    step: 86_400,
    maxGap: 86_400,
    jumpMultiple: 10,
    jumpFloor: 0.1,
    tokens: [],
  }
  it('the grid sentence capitalised, escaped; a token line with its details indented', () => {
    const text = report({}, { ...standInResult(), data: notes })
    const start = text.indexOf('## Data')
    expect(start).toBeGreaterThan(-1)
    const section = text.slice(start, text.indexOf('## Warnings'))
    expect(section.startsWith('## Data\n\nA grid every 1 d ')).toBe(true)
    expect(section.endsWith('\n\n')).toBe(true)
  })
})

describe('summary.md: the metric cells for values outside the usual ranges', () => {
  const metricsTable = (m: Partial<SimulationResult['metrics']>) => {
    const result = standInResult()
    result.metrics = { ...result.metrics, ...m }
    const lines = report({}, result).split('\n')
    const start = lines.indexOf('## Metrics') + 4
    return lines.slice(start, lines.indexOf('', start))
  }
  it('a missing metric is n/a, a non-number its JSON; counts drop the decimals', () => {
    const rows = metricsTable({
      lvr: undefined,
      trackingError: 'x' as unknown as number,
      trades: 7,
    })
    expect(rows.find((r) => r.startsWith('| LVR |'))).toBe(
      "| LVR | n/a | loss versus rebalancing: the pool's loss on its trades |",
    )
    expect(rows.find((r) => r.startsWith('| Tracking error |'))).toBe(
      '| Tracking error | "x" | vs constant-mix, annualised |',
    )
    expect(rows.find((r) => r.startsWith('| Trades |'))).toBe('| Trades | 7 | swaps executed |')
  })
  it('a nested metric missing its parent is n/a', () => {
    const rows = metricsTable({
      weightDeviation: undefined,
    })
    expect(rows.filter((r) => r.startsWith('| Weight deviation'))).toEqual([
      '| Weight deviation, mean | n/a | half the L1 distance of value weights to target |',
      '| Weight deviation, max | n/a | largest of the same |',
    ])
  })
})

describe('money and percent at their edges', () => {
  it('money: non-finite as is; 1 and -1 with 2 decimals; just under 1e21 fixed, 1e21 exponent', () => {
    expect([Infinity, -Infinity, Number.NaN].map(money)).toEqual(['Infinity', '-Infinity', 'NaN'])
    expect(money(1)).toBe('1.00')
    expect(money(-1)).toBe('-1.00')
    expect(money(-0.5)).toBe('-0.5')
    expect(money(0.99999999)).toBe('1')
    expect(money(-1234.5)).toBe('-1,234.50')
    expect(money(999)).toBe('999.00')
    expect(money(1000)).toBe('1,000.00')
    expect(money(123456)).toBe('123,456.00')
    expect(money(1e21)).toBe('1.00000e+21')
    expect(money(-1e21)).toBe('-1.00000e+21')
    expect(money(9.99e20)).toBe('999,000,000,000,000,000,000.00')
  })
  it('percent: non-finite as is; 1 % with 2 decimals, just under 1 % with 3 digits; -1 %', () => {
    expect([Infinity, Number.NaN].map(percent)).toEqual(['Infinity', 'NaN'])
    expect(percent(0.01)).toBe('1.00 %')
    expect(percent(-0.01)).toBe('-1.00 %')
    expect(percent(0.00999)).toBe('0.999 %')
    expect(percent(-0.00999)).toBe('-0.999 %')
    expect(percent(0)).toBe('0.00 %')
  })
})

describe('summary.md: the blank lines between blocks', () => {
  it('title, description, the scenario list, then the metrics', () => {
    const text = report({ description: 'About it.' })
    const lines = text.split('\n')
    expect(lines.slice(0, 11)).toEqual([
      '# k',
      '',
      'About it.',
      '',
      '## Scenario',
      '',
      `- **Pool**: ${item(text, 'Pool')}`,
      `- **Prices**: ${item(text, 'Prices')}`,
      `- **Agents**: ${item(text, 'Agents')}`,
      `- **Benchmarks**: ${item(text, 'Benchmarks')}`,
      '- **Seed**: 7; amm-sim 9.9.9',
    ])
    expect(lines.slice(11, 14)).toEqual(['', '## Metrics', ''])
  })
  it('each section heading, a blank line, its body, a blank line before the next heading', () => {
    const lines = report({}).split('\n')
    for (const heading of lines.filter((l) => l.startsWith('## '))) {
      const at = lines.indexOf(heading)
      expect(lines[at - 1], heading).toBe('')
      expect(lines[at + 1], heading).toBe('')
      expect(lines[at + 2], heading).not.toBe('')
    }
    expect(lines.filter((l) => l.startsWith('## '))).toEqual([
      '## Scenario',
      '## Metrics',
      '## Benchmarks',
      '## Return decomposition',
      '## Risk',
      '## Warnings',
      '## Notes',
    ])
    expect(lines.at(-1)).toBe('')
    expect(lines.at(-2)).not.toBe('')
  })
  it('a count of 1e21 keeps its exponent form (only a fraction of 2 decimals is cut)', () => {
    const result = standInResult()
    result.metrics = { ...result.metrics, trades: 1e21 }
    expect(report({}, result)).toContain('| Trades | 1.00000e+21 | swaps executed |')
  })
})

describe('summary.md: the second round of survivors', () => {
  it('an empty per-token record (drift {}) prints nothing', () => {
    expect(
      item(
        report({
          prices: { ...base.prices, drift: {} },
        }),
        'Prices',
      ),
    ).toBe(
      `geometric Brownian motion; start ETH 2000 USDC; volatility ETH 80 %/yr; step 1h; ${SPAN}`,
    )
  })
  it('optional fields present but undefined (a spec spread in code) print nothing', () => {
    const scenario = validateScenario(structuredClone(base), 'k.json')
    const text = formatSummaryMarkdown({
      scenario,
      prices: {
        ...scenario.prices,
        start: undefined,
        shock: undefined,
        correlation: undefined,
      } as unknown as typeof scenario.prices,
      seed: 1,
      version: '0',
      result: standInResult(),
      charts: [],
    })
    expect(item(text, 'Prices')).toBe(
      `geometric Brownian motion; volatility ETH 80 %/yr; step 1h; ${SPAN}`,
    )
  })
  it('a fee rule on one input: base + slope × input, the default bounds, every n steps', () => {
    const pool = item(
      report({
        pool: {
          ...base.pool,
          swapFeeRule: { type: 'gas', base: 0.001, slope: 0.25, everySteps: 2 },
        },
      }),
      'Pool',
    )
    expect(pool).toBe(
      '2 tokens (ETH 50 %, USDC 50 %), swap fee 0.3 %, initial value 1,000,000.00 USDC, float math; static weights; dynamic swap fee from 0.1 % + 0.25 × gas, within 0.0001-10 %, set every 2 steps (the fee above until then)',
    )
  })
  it('a duration written as a string is printed as written, not normalised', () => {
    const pool = item(
      report({
        pool: {
          ...base.pool,
          schedule: { type: 'linear', startTime: '36h', endTime: '48h', endWeights: [0.2, 0.8] },
        },
      }),
      'Pool',
    )
    expect(pool).toContain('from 36h to 48h after the start')
  })
  it('counts of 1e21 and more keep their exponent form in the exact section and the span', () => {
    const stats = { maxAbs: 0, rms: 0, mean: 0, min: 0, max: 0, count: 1e21 }
    const check: ExactCheck = {
      math: 'exact-v3',
      decimals: [18, 18],
      swapFee: 0.003,
      balancesRaw: ['1', '1'],
      trades: 2e21,
      shrunk: 0,
      skipped: 0,
      reverts: {},
      amountOut: stats,
      balances: stats,
      value: stats,
    }
    const text = report({}, { ...standInResult(), exactCheck: check, steps: 3e21 })
    expect(text).toContain('| Value of the float shadow pool | 0 | 0 | 0 | 1.00000e+21 steps |')
    expect(text).toContain('Swaps executed: 2.00000e+21; reverts: none;')
    expect(item(text, 'Prices')).toContain('; 3.00000e+21 points from 2025-01-01 to 2026-01-01')
  })
  it('the Data section whole: heading, the grid sentence capitalised, blank lines', () => {
    const notes: PricePathNotes = {
      role: 'path',
      gridOrigin: 'start',
      step: 3_600,
      maxGap: 7_200,
      jumpMultiple: 10,
      jumpFloor: 0.1,
      tokens: [],
    }
    const lines = report({}, { ...standInResult(), data: notes }).split('\n')
    const at = lines.indexOf('## Data')
    expect(lines.slice(at, at + 7)).toEqual([
      '## Data',
      '',
      // describePriceNotes' sentence, its | escaped like every data note
      "A grid every 1 h from the first common time (gridOrigin start), prices in USDC; a price is carried forward at most 2 h (maxGap). A jump is a step whose \\|log return\\| exceeds 10 x the token's median move (and 0.1).",
      '',
      '',
      '## Warnings',
      '',
    ])
  })
})

describe('summary.md: the last survivor', () => {
  it('a blank line between the risk sentence and its table', () => {
    const lines = report({}).split('\n')
    const at = lines.indexOf('## Risk')
    expect(lines[at + 2]!.startsWith('Over 365 period returns of one day')).toBe(true)
    expect(lines[at + 3]).toBe('')
    expect(lines[at + 4]).toBe('| | LP | hodl | constant-mix |')
  })
})
