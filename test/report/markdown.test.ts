import { describe, expect, it } from 'vitest'
import { formatSummaryMarkdown } from '../../src/report/markdown.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { standInResult } from './standIn.js'

function scenarioInput() {
  return {
    name: 'eth-usdc-50-50',
    description: 'A 50/50 pool over a year.',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2000 },
      volatility: { ETH: 0.8 },
      dt: '1h',
      horizon: '365d',
    },
  }
}
const scenario = validateScenario(scenarioInput(), 'x.json')

describe('summary.md', () => {
  const text = formatSummaryMarkdown({
    scenario,
    prices: scenario.prices,
    seed: 42,
    version: '0.1.0',
    result: standInResult(),
    charts: [{ file: 'value.png', title: 'LP value vs HODL and benchmarks' }],
  })
  it('describes the scenario in words', () => {
    expect(text).toContain('# eth-usdc-50-50\n\nA 50/50 pool over a year.\n')
    expect(text).toContain('- **Pool**: 2 tokens (ETH 50 %, USDC 50 %), swap fee 0 %')
    expect(text).toContain('volatility ETH 80 %/yr')
    expect(text).toContain('- **Seed**: 42; amm-sim 0.1.0')
  })
  it('puts the benchmarks side by side and embeds charts by relative link', () => {
    expect(text).toContain('![LP value vs HODL and benchmarks](charts/value.png)')
  })
})

describe('summary.md tables, whole, with every rounding rule', () => {
  // Values chosen for each branch of the number formats; the expected cells are written out by
  // hand from the rules (docs/testing-report.md), not produced by the formatter.
  const result = standInResult()
  result.metrics = {
    ...result.metrics,
    lpValue: 1_234_567.891,
    hodlValue: 0.5,
    returnVsHodl: -0.123456,
    impermanentLoss: -0.000912345,
    impermanentLossClosedForm: null, // weight schedules have none
    feeIncome: 1e-12,
    lvr: -2.5e21,
    arbProfit: 1e12,
    volume: 0,
    trades: 1_234_567,
    trackingError: 1e-14,
    weightDeviation: { mean: 0.005, max: 0.0099999 },
    maxDrawdown: 0.35,
    annualisedReturn: -0.05,
    annualisedVolatility: 12.3456,
  }
  result.benchmarks = {
    hodl: {
      ...result.benchmarks.hodl!,
      value: 999.994,
      returnVsHodl: 0,
      tradingCost: 0,
      rebalances: 0,
      trackingError: 0.2,
    },
    'a|b': {
      ...result.benchmarks['constant-mix']!,
      value: -0.00012345678,
      returnVsHodl: -0.0000099,
      tradingCost: 1234.5,
      rebalances: 3,
      trackingError: 1e-9,
    },
  }
  const text = formatSummaryMarkdown({
    scenario,
    prices: scenario.prices,
    seed: 1,
    version: '0.1.0',
    result,
    charts: [],
  })
  const table = (heading: string) => {
    const lines = text.split('\n')
    const start = lines.indexOf(`## ${heading}`) + 2
    const end = lines.indexOf('', start)
    return lines.slice(start, end)
  }
  it('prints every metric row with its unit and rounding', () => {
    expect(table('Metrics')).toEqual([
      '| Metric | Value | Meaning |',
      '|---|---:|---|',
      '| LP value | 1,234,567.89 USDC | pool position at the end, market prices |',
      '| HODL value | 0.5 USDC | the initial basket held |',
      '| Return vs HODL | -12.35 % | lpValue / hodlValue - 1, fees included |',
      '| Impermanent loss | -0.0912 % | the same, fees excluded |',
      '| IL, closed form | n/a | prod r^w / sum w r - 1 from start and end prices |',
      '| Fee income | 1e-12 USDC | fees valued at trade time |',
      "| LVR | -2.50000e+21 USDC | loss versus rebalancing: the pool's loss on its trades |",
      '| Arbitrage profit | 1,000,000,000,000.00 USDC | net of fees, gas and external costs |',
      '| Volume | 0.00 USDC | traded through the pool |',
      '| Trades | 1,234,567 | swaps executed |',
      '| Tracking error | 1.00e-12 % a year | vs constant-mix, annualised |',
      '| Weight deviation, mean | 0.500 % | half the L1 distance of value weights to target |',
      '| Weight deviation, max | 1.00 % | largest of the same |',
      '| Max drawdown | 35.00 % | largest fall of the LP value from a peak |',
      '| Annualised log return | -5.00 % a year | ln(LP value / start value) per year (continuously compounded) |',
      "| Annualised volatility | 1234.56 % a year | std. dev. of the LP position's per-step log returns, per sqrt(year) |",
    ])
  })
  it('prints the benchmark table, a column per benchmark, LP first', () => {
    expect(table('Benchmarks')).toEqual([
      '| | LP | hodl | a\\|b |',
      '|---|---:|---:|---:|',
      '| Final value (USDC) | 1,234,567.89 | 999.99 | -0.000123457 |',
      '| Return vs HODL | -12.35 % | 0.00 % | -0.000990 % |',
      '| Trading cost (USDC) | - | 0.00 | 1,234.50 |',
      '| LP tracking error vs it (a year) | | 20.00 % | 1.00e-7 % |',
    ])
  })
  it('prints the return decomposition, each term a share of the initial value', () => {
    expect(table('Return decomposition')).toEqual([
      '| Term | Of the initial value | Meaning |',
      '|---|---:|---|',
      '| LP return | 4.00 % | LP value / initial value - 1 |',
      '| HODL return | 7.00 % | the initial basket held |',
      '| Divergence loss | -4.00 % | fee-free pool with the start weights, minus HODL |',
      "| Weight rule | 0.00 % | fee-free pool with the run's weights, minus the same with the start weights |",
      "| Fees and flow | 1.00 % | the LP minus the fee-free pool with the run's weights |",
    ])
  })
  it('prints the risk table, a column per benchmark, n/a for a null figure', () => {
    const lines = text.split('\n')
    const start = lines.indexOf('## Risk')
    expect(lines[start + 2]).toBe(
      'Over 365 period returns of one day (simple returns of values sampled at period boundaries), ratios annualised with the square root of periods per 365-day year, risk-free rate 0.00 % a year; n/a: fewer than 20 periods, or a zero denominator.',
    )
    expect(lines.slice(start + 4, lines.indexOf('', start + 4))).toEqual([
      '| | LP | hodl | a\\|b |',
      '|---|---:|---:|---:|',
      '| Sharpe ratio | 0.51 | 0.60 | n/a |',
      '| Sortino ratio | 0.73 | 0.90 | 0.90 |',
      '| Calmar ratio | 0.14 | 0.20 | 0.20 |',
      '| 95 % Value-at-Risk (a day) | 6.12 % | 7.00 % | 7.00 % |',
      '| 95 % expected shortfall (a day) | 8.74 % | 10.00 % | 10.00 % |',
      '| Annualised return (geometric) | 5.00 % | 7.00 % | 7.00 % |',
      '| Max drawdown (period values) | 35.00 % | 40.00 % | 40.00 % |',
      '| LP information ratio vs it | | -0.35 | 0.12 |',
    ])
  })
  it('has a Warnings section saying there are none, and no Data section for a synthetic path', () => {
    expect(text).toContain('## Warnings\n\nNone.\n')
    expect(text).not.toContain('## Data')
  })
  it('notes a zero fee as an idealisation and carries the engine notes', () => {
    expect(text).toContain('- The swap fee is 0: a theoretical idealisation')
    expect(text).toContain('- The 30% cap bound the arbitrageur on 0 steps.')
  })
})

describe('summary.md of a hostile scenario', () => {
  const description =
    '# Owned <img src=x onerror=alert(1)> ![t](https://evil.example/t.png) [c](javascript:x) | *b* `c`'
  const hostile = validateScenario(
    {
      name: 'x_y_',
      description,
      pool: { tokens: ['A_B_', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: { numeraire: 'USD', model: 'constant', start: { A_B_: 2 }, dt: '1h', horizon: '1d' },
      benchmarks: [
        { type: 'hodl', name: '<script>alert(1)</script>' },
        { type: 'constant-mix', name: 'a|b ![i](http://e.example/i.png)' },
      ],
    },
    'x.json',
  )
  const result = standInResult()
  result.benchmarks = {
    '<script>alert(1)</script>': result.benchmarks.hodl!,
    'a|b ![i](http://e.example/i.png)': result.benchmarks['constant-mix']!,
  }
  // a warning quoting a price file's name as read (a file may be named anything)
  result.warnings = [
    {
      code: 'QUOTE_TREATED_EQUAL',
      message: 'X: `# <img src=x onerror=alert(1)>.csv` is quoted in USD',
    },
  ]
  const text = formatSummaryMarkdown({
    scenario: hostile,
    prices: hostile.prices,
    seed: 1,
    version: '0.1.0',
    result,
    charts: [],
  })
  const lines = text.split('\n')
  it('prints the description escaped, character for character', () => {
    expect(lines[2]).toBe(
      '\\# Owned &lt;img src=x onerror=alert(1)&gt; !\\[t\\](https\\://evil.example/t.png) \\[c\\](javascript:x) \\| \\*b\\* \\`c\\`',
    )
    expect(lines[0]).toBe('# x\\_y\\_')
  })
  it('gets no heading, image, link or HTML from the scenario', () => {
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([
      '# x\\_y\\_',
      '## Scenario',
      '## Metrics',
      '## Benchmarks',
      '## Return decomposition',
      '## Risk',
      '## Warnings',
      '## Notes',
    ])
    expect(text).not.toMatch(/<|(^|[^\\])!\[/m) // no raw HTML, no image
    const links = [...text.matchAll(/(?<!\\)\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => m[2])
    expect(links).toEqual(['timeseries.csv', 'summary.json'])
  })
  it('escapes the warnings, which quote file names as read', () => {
    expect(text).toContain(
      '- **QUOTE_TREATED_EQUAL**: X: \\`\\# &lt;img src=x onerror=alert(1)&gt;.csv\\` is quoted in USD',
    )
  })
  it('keeps the benchmark table at its columns and escapes token symbols', () => {
    expect(text).toContain(
      '| | LP | &lt;script&gt;alert(1)&lt;/script&gt; | a\\|b !\\[i\\](http\\://e.example/i.png) |',
    )
    expect(text).toContain('(A\\_B\\_ 50 %, USD 50 %)')
    expect(text).toContain(
      '- **Benchmarks**: &lt;script&gt;alert(1)&lt;/script&gt;: the initial basket held; a\\|b',
    )
  })
})

describe('summary.md with a dynamic swap fee', () => {
  const dynamic = validateScenario(
    {
      ...scenario,
      pool: {
        ...scenario.pool,
        swapFee: 0.003,
        swapFeeRule: { type: 'volatility', base: 0.0005, slope: 0.005, everySteps: 10 },
      },
    },
    'x.json',
  )
  const result = standInResult()
  const input = { scenario: dynamic, prices: dynamic.prices, seed: 1, version: '0', charts: [] }
  const text = formatSummaryMarkdown({
    ...input,
    result: {
      ...result,
      metrics: {
        ...result.metrics,
        swapFee: { mean: 0.0045, min: 0.003, max: 0.0061 },
        returnDecomposition: {
          ...result.metrics.returnDecomposition,
          feesAtFixedFee: 0.0125,
          dynamicFee: -0.0025,
          fixedFee: { swapFee: 0.003, lpReturn: 0.0425 },
        },
      },
    },
  })
  it('names the rule in the pool line and lists the fee it charged', () => {
    expect(text).toContain(
      'swap fee 0.3 %, initial value 1,000,000.00 USDC, float math; static weights; dynamic swap fee from 0.05 % + 0.005 × volatility, within 0.0001-10 %, set every 10 steps (the fee above until then)\n',
    )
    expect(text).toContain(
      '| Swap fee, mean | 0.450 % | the dynamic fee in force at each step, averaged over steps |\n| Swap fee, min | 0.300 % | smallest of the same |\n| Swap fee, max | 0.610 % | largest of the same |\n',
    )
  })
  it('splits the fees term against the fixed-fee run in the decomposition table', () => {
    expect(text).toContain(
      "| Fees and flow | 1.00 % | the LP minus the fee-free pool with the run's weights |\n" +
        '| Fees at the fixed fee | 1.25 % | fees and flow of the same run (path, seed, agents) at the fixed swap fee 0.300 % instead of the rule |\n' +
        '| Dynamic fee | -0.250 % | fees and flow minus fees at the fixed fee: what the rule added |\n' +
        '| LP return at the fixed fee | 4.25 % | LP return of that fixed-fee run |\n\n',
    )
  })
  it('says nothing of it without a rule', () => {
    const plain = formatSummaryMarkdown({ ...input, scenario, result })
    expect(plain).not.toContain('Swap fee')
    expect(plain).not.toContain('fixed fee')
    expect(plain).toContain(
      "| Fees and flow | 1.00 % | the LP minus the fee-free pool with the run's weights |\n\n",
    )
  })
})

describe('summary.md with a gas distribution', () => {
  const withAgents = (gasCost: unknown) =>
    formatSummaryMarkdown({
      scenario: validateScenario(
        { ...structuredClone(scenario), agents: [{ type: 'arbitrageur', gasCost }] },
        'x.json',
      ),
      prices: scenario.prices,
      seed: 42,
      version: '0.1.0',
      result: standInResult(),
      charts: [],
    })

  it('names the distribution, its median with the unit, and its sigma', () => {
    expect(withAgents({ distribution: 'lognormal', median: 5, sigma: 0.5 })).toContain(
      'arbitrageur (gas log-normal each step, median 5 USDC a trade, sigma of log 0.5, external fee 0 %, every step)',
    )
  })
  it('names a gas file, escaped like every user string', () => {
    expect(withAgents({ file: 'gas_*1*.csv' })).toContain(
      'arbitrageur (gas from gas\\_\\*1\\*.csv, USDC a trade, the row in force at each step, external fee 0 %, every step)',
    )
  })
  it('prints a constant gas as before', () => {
    expect(withAgents(5)).toContain(
      'arbitrageur (gas 5 USDC a trade, external fee 0 %, every step)',
    )
  })
})

describe('summary.md: competing arbitrageurs', () => {
  const competing = validateScenario(
    {
      name: 'competing',
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 0.8 },
        dt: '12s',
        horizon: '1d',
      },
      agents: [
        { type: 'arbitrageur', gasCost: 5 },
        { type: 'noise', tradesPerDay: 10, medianSize: 100 },
        { type: 'arbitrageur', gasCost: 3, externalFee: 0.001 },
      ],
      arbitrage: { competition: 'priority-auction' },
    },
    'x.json',
  )
  const withFigures = (
    arbitrageurs: NonNullable<ReturnType<typeof standInResult>['metrics']['arbitrageurs']>,
  ) => {
    const result = standInResult()
    result.metrics = { ...result.metrics, priorityFees: 1234.5, arbitrageurs }
    return formatSummaryMarkdown({
      scenario: competing,
      seed: 1,
      version: '0.1.0',
      result,
      charts: [],
    })
  }

  it('states the rule and the builder take, with one row per arbitrageur', () => {
    const text = withFigures([
      {
        agent: 0,
        blocksWon: 1206,
        profit: 100.5,
        gasPaid: 60,
        externalFees: 0,
        priorityFees: 1000,
      },
      { agent: 2, blocksWon: 3, profit: 7, gasPaid: 9, externalFees: 2.25, priorityFees: 234.5 },
    ])
    expect(text).toContain(
      '## Arbitrageurs\n\nCompetition: priority-auction. Each block the best trade net of its own gas and external fee wins; the others pay nothing. Priority fees paid to the block builder: 1,234.50 USDC.',
    )
    expect(text).toContain(
      [
        '| Agent | Blocks won | Profit kept (USDC) | Gas (USDC) | External fees (USDC) | Priority fees (USDC) |',
        '|---|---:|---:|---:|---:|---:|',
        '| agents[0] | 1,206 | 100.50 | 60.00 | 0.00 | 1,000.00 |',
        '| agents[2] | 3 | 7.00 | 9.00 | 2.25 | 234.50 |',
        '',
      ].join('\n'),
    )
  })

  it('has no section without the figures, and no table for a lone arbitrageur', () => {
    const plain = formatSummaryMarkdown({
      scenario: competing,
      seed: 1,
      version: '0.1.0',
      result: standInResult(),
      charts: [],
    })
    expect(plain).not.toContain('## Arbitrageurs')
    const lone = withFigures([
      { agent: 0, blocksWon: 12, profit: 1, gasPaid: 60, externalFees: 0, priorityFees: 0 },
    ])
    expect(lone).toContain('## Arbitrageurs')
    expect(lone).not.toContain('| Agent | Blocks won')
  })
})

describe('summary.md without benchmarks', () => {
  // `benchmarks: []` is a valid scenario: the LP alone. Every table must still be a table, i.e.
  // (GitHub-flavoured Markdown) the header row has as many cells as the separator row and each body row.
  const bare = validateScenario({ ...scenarioInput(), benchmarks: [] }, 'x.json')
  const result = standInResult()
  result.benchmarks = {}
  const text = formatSummaryMarkdown({
    scenario: bare,
    prices: bare.prices,
    seed: 1,
    version: '0.1.0',
    result,
    charts: [],
  })
  it('says there is none', () => {
    expect(text).toContain('- **Benchmarks**: none\n')
    expect(text).not.toContain('## Benchmarks')
  })
  it('writes every table with one cell per column in each row', () => {
    // runs of consecutive lines starting with '|'
    const tables: string[][] = []
    let previous = false
    for (const line of text.split('\n')) {
      const isRow = line.startsWith('|')
      if (isRow && !previous) tables.push([])
      if (isRow) tables.at(-1)!.push(line)
      previous = isRow
    }
    expect(tables.length).toBeGreaterThan(2)
    for (const table of tables) {
      const widths = table.map((line) => line.replace(/\\\|/g, '').split('|').length - 2)
      expect(new Set(widths), table.join('\n')).toEqual(new Set([widths[0]]))
    }
    expect(text).toContain('| | LP |\n|---|---:|\n| Sharpe ratio |')
  })
})
