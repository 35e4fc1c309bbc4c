/**
 * `summary.md`: the human report. The scenario in words, a metrics table with units, the
 * benchmarks side by side, the charts (relative links) and the notes. Percent appears only
 * here and in the charts (house style 4); nothing in it varies between identical runs. Every
 * user-given string (scenario name, description, token symbols, benchmark names, file names),
 * the data notes and warnings (which quote files and symbols as read) and every engine note go
 * through {@link escapeMarkdown}: no input can add a heading, a link, an image or HTML.
 */
import type { ErrorStats, ExactCheck, RunWarning, SimulationResult } from '../sim/engine/types.js'
import { describePriceNotes } from '../sim/prices/csv/describePriceNotes.js'
import type { PricePathNotes } from '../sim/prices/types.js'
import { formatDuration, parseDuration } from '../sim/scenario/duration.js'
import type { Scenario, ScenarioPrices } from '../sim/scenario/schema.js'
import { escapeMarkdown as md } from './markdownText.js'
import { MAX_SWAP_FEE, MIN_SWAP_FEE } from '../pool/float/checks.js'

/** What the Markdown report is written from. */
export interface MarkdownInput {
  scenario: Scenario
  /**
   * The price section actually run (after `--prices`); absent for a run from a price source
   * built in code, whose line then names the tokens and the span only.
   */
  prices?: ScenarioPrices
  seed: number
  version: string
  result: SimulationResult
  /** Chart files under `charts/` with their captions, in order; empty without charts. */
  charts: readonly { file: string; title: string }[]
}

type Unit = 'value' | 'percent' | 'percentYear' | 'count'
/** Label, unit and a one-line meaning per metric, in summary.json's order. */
const METRIC_ROWS: readonly { key: string; label: string; unit: Unit; meaning: string }[] = [
  {
    key: 'lpValue',
    label: 'LP value',
    unit: 'value',
    meaning: 'pool position at the end, market prices',
  },
  { key: 'hodlValue', label: 'HODL value', unit: 'value', meaning: 'the initial basket held' },
  {
    key: 'returnVsHodl',
    label: 'Return vs HODL',
    unit: 'percent',
    meaning: 'lpValue / hodlValue - 1, fees included',
  },
  {
    key: 'impermanentLoss',
    label: 'Impermanent loss',
    unit: 'percent',
    meaning: 'the same, fees excluded',
  },
  {
    key: 'impermanentLossClosedForm',
    label: 'IL, closed form',
    unit: 'percent',
    meaning: 'prod r^w / sum w r - 1 from start and end prices',
  },
  { key: 'feeIncome', label: 'Fee income', unit: 'value', meaning: 'fees valued at trade time' },
  {
    key: 'lvr',
    label: 'LVR',
    unit: 'value',
    meaning: "loss versus rebalancing: the pool's loss on its trades",
  },
  {
    key: 'arbProfit',
    label: 'Arbitrage profit',
    unit: 'value',
    meaning: 'net of fees, gas and external costs',
  },
  { key: 'volume', label: 'Volume', unit: 'value', meaning: 'traded through the pool' },
  {
    key: 'trades',
    label: 'Trades',
    // Stryker disable next-line StringLiteral: an empty unit falls to formatMetric's default, which is the count format
    unit: 'count',
    meaning: 'swaps executed',
  },
  {
    key: 'trackingError',
    label: 'Tracking error',
    unit: 'percentYear',
    meaning: 'vs constant-mix, annualised',
  },
  {
    key: 'weightDeviation.mean',
    label: 'Weight deviation, mean',
    unit: 'percent',
    meaning: 'half the L1 distance of value weights to target',
  },
  {
    key: 'weightDeviation.max',
    label: 'Weight deviation, max',
    unit: 'percent',
    meaning: 'largest of the same',
  },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown',
    unit: 'percent',
    meaning: 'largest fall of the LP value from a peak',
  },
  {
    key: 'annualisedReturn',
    label: 'Annualised log return',
    unit: 'percentYear',
    meaning: 'ln(LP value / start value) per year (continuously compounded)',
  },
  {
    key: 'annualisedVolatility',
    label: 'Annualised volatility',
    unit: 'percentYear',
    meaning: "std. dev. of the LP position's per-step log returns, per sqrt(year)",
  },
]

/**
 * The text of summary.md.
 * @param input - scenario, effective prices, seed, version, the engine result, chart captions
 * @returns Markdown with relative links to `charts/*.png` and `timeseries.csv`
 * @example formatSummaryMarkdown({ scenario, prices: scenario.prices, seed: 1, version: '0.1.0', result, charts: [] })
 */
export function formatSummaryMarkdown(input: MarkdownInput): string {
  const { scenario, result, seed, version } = input
  const unit = md(result.numeraire)
  const out: string[] = [`# ${md(scenario.name)}`, '']
  if (scenario.description !== undefined) out.push(md(scenario.description), '')
  out.push('## Scenario', '')
  out.push(`- **Pool**: ${describePool(scenario, unit)}`)
  out.push(`- **Prices**: ${describePrices(input.prices, result)}`)
  out.push(`- **Agents**: ${scenario.agents.map((a) => describeAgent(a, unit)).join('; ')}`)
  out.push(
    `- **Benchmarks**: ${scenario.benchmarks.length > 0 ? scenario.benchmarks.map(describeBenchmark).join('; ') : 'none'}`,
  )
  out.push(`- **Seed**: ${seed}; amm-sim ${version}`, '')

  out.push('## Metrics', '', '| Metric | Value | Meaning |', '|---|---:|---|')
  const metrics = result.metrics as unknown as Record<string, unknown>
  for (const row of METRIC_ROWS) {
    const value = row.key
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], metrics)
    out.push(`| ${row.label} | ${formatMetric(value, row.unit, unit)} | ${row.meaning} |`)
  }
  // A dynamic swap fee only (docs/dynamic-fees.md): other reports stay as they were.
  const fee = result.metrics.swapFee
  if (fee !== undefined)
    out.push(
      `| Swap fee, mean | ${percent(fee.mean)} | the dynamic fee in force at each step, averaged over steps |`,
      `| Swap fee, min | ${percent(fee.min)} | smallest of the same |`,
      `| Swap fee, max | ${percent(fee.max)} | largest of the same |`,
    )
  out.push('')
  out.push(...arbitrageSection(result, scenario, unit))

  const names = Object.keys(result.benchmarks)
  if (names.length > 0) {
    out.push('## Benchmarks', '')
    out.push(`| | LP | ${names.map(md).join(' | ')} |`, `|---|${'---:|'.repeat(names.length + 1)}`)
    const m = result.metrics
    const cell = (f: (b: (typeof result.benchmarks)[string]) => string) =>
      names.map((n) => f(result.benchmarks[n]!)).join(' | ')
    out.push(`| Final value (${unit}) | ${money(m.lpValue)} | ${cell((b) => money(b.value))} |`)
    out.push(
      `| Return vs HODL | ${percent(m.returnVsHodl)} | ${cell((b) => percent(b.returnVsHodl))} |`,
    )
    out.push(`| Trading cost (${unit}) | - | ${cell((b) => money(b.tradingCost))} |`)
    out.push(`| LP tracking error vs it (a year) | | ${cell((b) => percent(b.trackingError))} |`)
    out.push('')
  }
  out.push(...decompositionSection(result))
  out.push(...riskSection(result))

  if (result.exactCheck) out.push(...exactSection(result.exactCheck))
  if (result.data) out.push(...dataSection(result.data, unit))
  out.push(...warningsSection(result.warnings))

  if (input.charts.length > 0) {
    out.push('## Charts', '')
    for (const chart of input.charts) out.push(`![${md(chart.title)}](charts/${chart.file})`, '')
  }

  out.push('## Notes', '')
  const notes = result.notes.map(md)
  if (scenario.pool.swapFee === 0)
    notes.push(
      'The swap fee is 0: a theoretical idealisation (deployed pools charge at least 0.0001 %).',
    )
  notes.push(
    `Values are in ${unit} at market prices; the time series behind the charts is in [timeseries.csv](timeseries.csv), the figures in [summary.json](summary.json).`,
  )
  notes.push(`Same scenario file and seed ${seed} give the same report, byte for byte.`)
  for (const note of notes) out.push(`- ${note}`)
  return `${out.join('\n')}\n`
}

/**
 * The "Arbitrageurs" section, with two or more arbitrageurs (or the `arbitrage` option): the
 * builder's take and, with two or more, one row per arbitrageur; nothing otherwise, so other
 * reports stay as they were (docs/order-flow.md, "Competing arbitrageurs").
 */
function arbitrageSection(result: SimulationResult, scenario: Scenario, unit: string): string[] {
  const m = result.metrics
  const figures = m.arbitrageurs
  if (figures === undefined) return []
  const competition = scenario.arbitrage?.competition ?? 'winner-keeps'
  const out = [
    '## Arbitrageurs',
    '',
    `Competition: ${competition}. Each block the best trade net of its own gas and external fee wins; the others pay nothing. Priority fees paid to the block builder: ${money(m.priorityFees ?? 0)} ${unit}. LVR of the arbitrage trades = LP fees from them + kept profit + gas + external fees + priority fees.`,
    '',
  ]
  if (figures.length < 2) return out
  out.push(
    `| Agent | Blocks won | Profit kept (${unit}) | Gas (${unit}) | External fees (${unit}) | Priority fees (${unit}) |`,
    '|---|---:|---:|---:|---:|---:|',
  )
  for (const f of figures)
    out.push(
      `| agents[${f.agent}] | ${formatMetric(f.blocksWon, 'count', '')} | ${money(f.profit)} | ${money(f.gasPaid)} | ${money(f.externalFees)} | ${money(f.priorityFees)} |`,
    )
  out.push('')
  return out
}

/**
 * The "Return decomposition" section: the LP's return as HODL + divergence loss + weight rule +
 * fees, each a fraction of the initial value (docs/risk-metrics.md). With a dynamic swap fee, three
 * more rows split the fees term against the run at the fixed fee; without one they would only
 * repeat the fees and LP return, so other reports stay as they were.
 */
function decompositionSection(result: SimulationResult): string[] {
  const d = result.metrics.returnDecomposition
  const out = [
    '## Return decomposition',
    '',
    '| Term | Of the initial value | Meaning |',
    '|---|---:|---|',
    `| LP return | ${percent(d.lpReturn)} | LP value / initial value - 1 |`,
    `| HODL return | ${percent(d.hodlReturn)} | the initial basket held |`,
    `| Divergence loss | ${percent(d.divergenceLoss)} | fee-free pool with the start weights, minus HODL |`,
    `| Weight rule | ${percent(d.weightRule)} | fee-free pool with the run's weights, minus the same with the start weights |`,
    `| Fees and flow | ${percent(d.fees)} | the LP minus the fee-free pool with the run's weights |`,
  ]
  if (result.metrics.swapFee !== undefined) {
    const fixed = percent(d.fixedFee.swapFee)
    out.push(
      `| Fees at the fixed fee | ${percent(d.feesAtFixedFee)} | fees and flow of the same run (path, seed, agents) at the fixed swap fee ${fixed} instead of the rule |`,
      `| Dynamic fee | ${percent(d.dynamicFee)} | fees and flow minus fees at the fixed fee: what the rule added |`,
      `| LP return at the fixed fee | ${percent(d.fixedFee.lpReturn)} | LP return of that fixed-fee run |`,
    )
  }
  out.push('')
  return out
}

/**
 * The "Risk" section: the LP's and each benchmark's Sharpe, Sortino and Calmar ratios, 95 %
 * Value-at-Risk and expected shortfall of period returns, and the LP's information ratio against
 * each benchmark (docs/risk-metrics.md).
 */
function riskSection(result: SimulationResult): string[] {
  const r = result.metrics.risk
  const names = Object.keys(result.benchmarks)
  const figures = [r, ...names.map((name) => result.benchmarks[name]!.risk)]
  const row = (label: string, f: (x: (typeof figures)[number]) => string) =>
    `| ${label} | ${figures.map(f).join(' | ')} |`
  const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2))
  const share = (x: number | null) => (x === null ? 'n/a' : percent(x))
  const period = r.period === 86_400 ? 'day' : r.period === 3_600 ? 'hour' : `${trim(r.period)} s`
  const out = [
    '## Risk',
    '',
    `Over ${r.periods} period returns of one ${period} (simple returns of values sampled at period boundaries), ratios annualised with the square root of periods per 365-day year, risk-free rate ${percent(r.riskFreeRate)} a year; n/a: fewer than 20 periods, or a zero denominator.`,
    '',
    // no benchmark: the LP's column alone (a header cell per column, as the separator has)
    `| | ${['LP', ...names.map(md)].join(' | ')} |`,
    `|---|${'---:|'.repeat(names.length + 1)}`,
    row('Sharpe ratio', (x) => ratio(x.sharpeRatio)),
    row('Sortino ratio', (x) => ratio(x.sortinoRatio)),
    row('Calmar ratio', (x) => ratio(x.calmarRatio)),
    row(`95 % Value-at-Risk (a ${period})`, (x) => share(x.valueAtRisk)),
    row(`95 % expected shortfall (a ${period})`, (x) => share(x.expectedShortfall)),
    row('Annualised return (geometric)', (x) => share(x.annualisedReturn)),
    row('Max drawdown (period values)', (x) => share(x.maxDrawdown)),
  ]
  if (names.length > 0)
    out.push(
      `| LP information ratio vs it | | ${names.map((n) => ratio(result.benchmarks[n]!.informationRatio)).join(' | ')} |`,
    )
  out.push('')
  return out
}

/**
 * The "Data" section: the grid, then per token the files and formats, quotes as read and any
 * taken as equal, re-timing, crossing, forward-filled gaps (counted, the longest, listed) and
 * jumps.
 */
function dataSection(notes: PricePathNotes, unit: string): string[] {
  const { grid, tokens } = describePriceNotes(notes, unit)
  // file names, symbols and quotes as read from the user's files: escaped like the scenario
  const out = ['## Data', '', md(`${grid[0]!.toUpperCase()}${grid.slice(1)}`), '']
  for (const token of tokens) {
    out.push(`- ${md(token.text)}`)
    for (const detail of token.details) out.push(`  - ${md(detail)}`)
  }
  out.push('')
  return out
}

/** The "Warnings" section: every warning of the run, or a line saying there is none. */
function warningsSection(warnings: readonly RunWarning[]): string[] {
  const out = ['## Warnings', '']
  if (warnings.length === 0) out.push('None.')
  // messages quote file names and symbols as read: escaped like the scenario
  for (const w of warnings) out.push(`- **${w.code}**: ${md(w.message)}`)
  out.push('')
  return out
}

/**
 * The exact-vs-float section: the float model's relative error against the exact math, largest
 * and typical (RMS) with the signed mean, and the swaps that reverted.
 */
function exactSection(check: ExactCheck): string[] {
  const e = (value: number) => (value === 0 ? '0' : value.toExponential(2))
  const row = (label: string, stats: ErrorStats, per: string) =>
    `| ${label} | ${e(stats.maxAbs)} | ${e(stats.rms)} | ${e(stats.mean)} | ${money(stats.count).replace(/\.\d+$/, '')} ${per} |`
  const reverts = Object.entries(check.reverts)
  return [
    '## Exact math vs float',
    '',
    `Every trade ran through the ${check.math} integer math (token decimals ${check.decimals.join(', ')}; swap fee ${trim(check.swapFee * 100)} %). Relative difference of the float model from the exact one (float minus exact, over exact; a positive mean: the float model pays or holds more):`,
    '',
    '| Quantity | Largest | Typical (RMS) | Mean | Over |',
    '|---|---:|---:|---:|---|',
    row('Amount out of a swap (float kernel, same state and amount in)', check.amountOut, 'swaps'),
    row('Balances of a float shadow pool (token furthest apart)', check.balances, 'steps'),
    row('Value of the float shadow pool', check.value, 'steps'),
    '',
    `Swaps executed: ${money(check.trades).replace(/\.\d+$/, '')}; reverts: ${
      reverts.length === 0 ? 'none' : reverts.map(([name, count]) => `${name} ${count}`).join(', ')
    }; retried at 30 % of the balance: ${check.shrunk}; skipped (reverted or 0 raw units): ${check.skipped}.`,
    '',
  ]
}

function describePool(s: Scenario, unit: string): string {
  const { tokens, weights, swapFee, initialValue, schedule } = s.pool
  const mix = tokens.map((t, k) => `${md(t)} ${trim(weights[k]! * 100)} %`).join(', ')
  let text = `${tokens.length} tokens (${mix}), swap fee ${trim(swapFee * 100)} %, initial value ${money(initialValue)} ${unit}, ${s.pool.math} math`
  if (schedule?.type === 'linear')
    text += `; weights move linearly to ${schedule.endWeights.map((w) => `${trim(w * 100)} %`).join(' / ')} from ${words(schedule.startTime)} to ${words(schedule.endTime)} after the start`
  else if (schedule?.type === 'piecewise')
    text += `; weights follow ${schedule.points.length} scheduled points`
  else if (schedule?.type === 'momentum')
    text += `; momentum weights (every ${schedule.everySteps} steps, lookback ${schedule.lookbackSteps}, strength ${schedule.strength})`
  else text += '; static weights'
  const rule = s.pool.swapFeeRule
  if (rule !== undefined && rule.type !== 'fixed') {
    const when = `every ${rule.everySteps ?? 1} step${(rule.everySteps ?? 1) === 1 ? '' : 's'}`
    const how =
      rule.type === 'expression'
        ? `the expression ${md(rule.expression)}`
        : `${trim(rule.base * 100)} % + ${rule.slope} × ${rule.type}`
    text += `; dynamic swap fee from ${how}, within ${trim((rule.min ?? MIN_SWAP_FEE) * 100)}-${trim((rule.max ?? MAX_SWAP_FEE) * 100)} %, set ${when} (the fee above until then)`
  }
  return text
}

function describePrices(p: ScenarioPrices | undefined, result: SimulationResult): string {
  const span = `${money(result.steps).replace(/\.\d+$/, '')} points from ${new Date(result.startTime * 1000).toISOString().slice(0, 10)} to ${new Date(result.endTime * 1000).toISOString().slice(0, 10)}`
  if (p === undefined)
    return `a price source given in code (${result.tokens.map(md).join(', ')} in ${md(result.numeraire)}); ${span}`
  if (p.model === 'csv') {
    const files =
      p.file !== undefined
        ? md(p.file)
        : Object.entries(p.files ?? {})
            .map(([t, f]) => `${md(t)}: ${md(f)}`)
            .join(', ')
    return `historical prices (${p.format} format, ${p.price} price) from ${files}, in ${md(p.numeraire)}; ${span}`
  }
  const parts: string[] = [modelName(p.model)]
  const perToken = (
    label: string,
    record: Record<string, number> | undefined,
    scale = 1,
    suffix = '',
  ) => {
    if (record && Object.keys(record).length > 0)
      parts.push(
        `${label} ${Object.entries(record)
          .map(([t, v]) => `${md(t)} ${trim(v * scale)}${suffix}`)
          .join(', ')}`,
      )
  }
  if ('start' in p && p.start) {
    const risky = Object.fromEntries(Object.entries(p.start).filter(([t]) => t !== p.numeraire))
    perToken('start', risky, 1, ` ${md(p.numeraire)}`)
  }
  // Each `'field' in p` test narrows the model's type; perToken skips an undefined record.
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('volatility' in p) perToken('volatility', p.volatility, 100, ' %/yr')
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('drift' in p) perToken('drift', p.drift, 100, ' %/yr')
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('jumpIntensity' in p) perToken('jumps', p.jumpIntensity, 1, '/yr')
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('jumpMean' in p) perToken('mean log jump', p.jumpMean)
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('jumpStdDev' in p) perToken('log jump std. dev.', p.jumpStdDev)
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('crisisVolatility' in p) perToken('crisis volatility', p.crisisVolatility, 100, ' %/yr')
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('level' in p) perToken('peg', p.level)
  if ('halfLife' in p)
    parts.push(
      `half-life ${Object.entries(p.halfLife)
        .map(([t, v]) => `${md(t)} ${words(v)}`)
        .join(', ')}`,
    )
  if ('shock' in p && p.shock)
    for (const [t, shock] of Object.entries(p.shock))
      parts.push(`${md(t)} shock ${trim(shock.size * 100)} % at ${words(shock.at)}`)
  // Stryker disable next-line ConditionalExpression: forced true it hands perToken an absent record, which it skips
  if ('end' in p) perToken('end', p.end)
  if ('factor' in p) perToken(`factor at ${words(p.at)}`, p.factor)
  if ('correlation' in p && p.correlation !== undefined)
    parts.push(
      typeof p.correlation === 'number' ? `correlation ${p.correlation}` : 'correlation matrix',
    )
  if ('dt' in p) parts.push(`step ${words(p.dt)}`)
  return `${parts.join('; ')}; ${span}`
}

function modelName(model: string): string {
  const names: Record<string, string> = {
    gbm: 'geometric Brownian motion',
    'jump-diffusion': 'Merton jump-diffusion',
    'regime-switching': 'regime-switching GBM (calm/crisis)',
    ou: 'Ornstein-Uhlenbeck mean reversion',
    bootstrap: 'block bootstrap of historical returns',
    constant: 'constant prices',
    ramp: 'linear ramp',
    step: 'single step',
    mixed: 'a model per token',
  }
  return names[model] ?? model
}

function describeAgent(a: Scenario['agents'][number], unit: string): string {
  if (a.type === 'arbitrageur') {
    const gas = a.gasCost ?? 0
    const gasText =
      typeof gas === 'number'
        ? `${trim(gas)} ${unit} a trade`
        : 'file' in gas
          ? `from ${md(gas.file)}, ${unit} a trade, the row in force at each step`
          : `log-normal each step, median ${trim(gas.median)} ${unit} a trade, sigma of log ${trim(gas.sigma)}`
    return `arbitrageur (gas ${gasText}, external fee ${trim((a.externalFee ?? 0) * 100)} %, ${(a.everySteps ?? 1) === 1 ? 'every step' : `every ${a.everySteps ?? 1} steps`})`
  }
  return `noise traders (${trim(a.tradesPerDay)} trades a day, median size ${money(a.medianSize)} ${unit})`
}

function describeBenchmark(b: Scenario['benchmarks'][number]): string {
  const name = md(b.name ?? b.type)
  switch (b.type) {
    case 'periodic':
      return `${name}: rebalanced every ${b.everySteps} steps at ${trim(b.costBps)} bps`
    case 'threshold':
      return `${name}: rebalanced when a weight drifts ${trim(b.band * 100)} % from target, at ${trim(b.costBps)} bps`
    case 'constant-mix':
      return `${name}: target weights every step, no cost`
    default:
      return `${name}: the initial basket held`
  }
}

/** A metric with its unit: `1,234.56 USDC`, `-1.23 %`, `12.30 % a year`, `4,321`. */
function formatMetric(value: unknown, unit: Unit, numeraire: string): string {
  if (value === null || value === undefined) return 'n/a'
  if (typeof value !== 'number') return JSON.stringify(value)
  switch (unit) {
    case 'value':
      return `${money(value)} ${numeraire}`
    case 'percent':
      return percent(value)
    case 'percentYear':
      return `${percent(value)} a year`
    default:
      return money(value).replace(/\.\d+$/, '')
  }
}

/**
 * Numeraire amounts: thousands separators and 2 decimals (`-1,234.56`); below 1 in absolute
 * value up to 6 significant digits, trailing zeros dropped (`0.5`, `-0.000123457`, `1e-12`);
 * from 1e21 on, where `toFixed` gives up, 6 significant digits in exponent form (`1.00000e+21`).
 */
export function money(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) < 1 && value !== 0) return trim(value)
  if (Math.abs(value) >= 1e21) return value.toPrecision(6)
  const [whole, fraction] = Math.abs(value).toFixed(2).split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${value < 0 ? '-' : ''}${grouped}.${fraction!}`
}

/**
 * A fraction as percent text, sign kept: 3 significant digits and at least 2 decimals
 * (`-12.35 %`, `1.00 %`, `-0.0912 %`, `0.500 %`), exponent form below 1e-6 % (`1.00e-10 %`),
 * `0.00 %` for 0.
 */
export function percent(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const p = value * 100
  // toFixed(2) has 3 or more significant digits from 1 on; below, toPrecision(3) has more than
  // 2 decimals (and switches to exponent form under 1e-6, keeping the 3 digits); 0 and -0 give
  // 0.00 either way
  // Stryker disable next-line EqualityOperator: at |p| = 1 both forms give 1.00 (`>` for `>=`)
  return Math.abs(p) >= 1 ? `${p.toFixed(2)} %` : `${p.toPrecision(3)} %`
}

function trim(value: number): string {
  return String(Number(value.toPrecision(6)))
}

function words(duration: string | number): string {
  return typeof duration === 'string' ? duration : formatDuration(parseDuration(duration) ?? 0)
}
