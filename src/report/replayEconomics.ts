/**
 * The economics part of a replay report: `economics.md` (a Markdown section), `economics.json`
 * (the figures, keys in a fixed order), `economics-timeseries.csv` and, when the renderer is
 * installed, `charts/replay-*.png`; written into the replay's output folder. Figures are
 * defined in docs/replay-economics.md.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ChartDataset } from 'chart.js'
import { RunError } from '../errors.js'
import type { Counterfactual, CounterfactualRun } from '../sim/replay/counterfactual.js'
import type { ReplayEconomics } from '../sim/replay/economics.js'
import { chart, line, renderCharts, type ChartSpec } from './charts.js'
import { money, percent } from './markdown.js'
import { escapeMarkdown } from './markdownText.js'
import { formatTimeSeriesCsv } from './timeseriesCsv.js'

/** Options of {@link replayEconomicsFiles} and {@link writeReplayEconomics}. */
export interface ReplayEconomicsReportOptions {
  /** Render `charts/replay-*.png` (default true; needs the optional canvas renderer). */
  hasCharts?: boolean
}

/**
 * The economics as JSON data: keys in a fixed order, the series left to the CSV.
 * @param economics - from `analyseReplay`
 * @param counterfactual - from `runCounterfactual`, or null
 * @returns a plain object for `JSON.stringify`
 * @example JSON.stringify(replayEconomicsJson(economics, null), null, 2)
 */
export function replayEconomicsJson(
  economics: ReplayEconomics,
  counterfactual: Counterfactual | null,
): Record<string, unknown> {
  const { pool, numeraire, basis, startTime, endTime, events, maxAge, oldestPriceAge } = economics
  const { startBasket, totals } = economics
  return {
    pool,
    numeraire,
    basis,
    startTime,
    endTime,
    events,
    maxAge,
    oldestPriceAge,
    startBasket,
    totals,
    counterfactual,
  }
}

const iso = (time: number) => new Date(time * 1000).toISOString().replace('.000Z', 'Z')

/**
 * The economics as a Markdown section (`## Economics against the price feed`): totals, how the
 * events were priced, the counterfactual and fee table when given, and the charts' images.
 * @param economics - from `analyseReplay`
 * @param counterfactual - from `runCounterfactual`, or null
 * @param charts - chart files written beside it (`charts/replay-value.png`, …); none when empty
 * @returns Markdown text ending in a newline
 * @example replayEconomicsMarkdown(economics, null, []).startsWith('## Economics') // true
 */
export function replayEconomicsMarkdown(
  economics: ReplayEconomics,
  counterfactual: Counterfactual | null,
  charts: readonly ChartSpec[] = [],
): string {
  const unit = escapeMarkdown(economics.numeraire)
  const t = economics.totals
  const e = economics.events
  const m = (v: number) => `${money(v)} ${unit}`
  const per = economics.basis === 'share' ? 'per BPT' : 'per unit (issued at value on joins)'
  const lines = [
    '## Economics against the price feed',
    '',
    `From ${iso(economics.startTime)} to ${iso(economics.endTime)}; values in ${unit} at the feed's price at each event (the last feed point at or before it). Definitions: docs/replay-economics.md.`,
    '',
    `Events: ${e.analysed} analysed (${e.swaps} swaps, ${e.joins} joins, ${e.exits} exits) of ${e.total}; ${e.beforeFeed} before the feed covered every token (not analysed)${e.startEvent > 0 ? '; the first priced event funded the pool and is the start state' : ''}. ${e.stale} priced from a feed point older than ${economics.maxAge} s (oldest: ${economics.oldestPriceAge} s).`,
    '',
    '| figure | value |',
    '|---|---|',
    `| pool value, start → end | ${m(t.poolValueStart)} → ${m(t.poolValueEnd)} |`,
    `| LP value ${per}, start → end | ${m(t.lpValuePerShareStart)} → ${m(t.lpValuePerShare)} |`,
    `| HODL of the start basket ${per}, end | ${m(t.hodlValuePerShare)} |`,
    `| LP return vs HODL | ${percent(t.returnVsHodl)} |`,
    `| fees earned (fee · amount in, at the feed) | ${m(t.feeIncome)} (${percent(t.feeYield)} of value) |`,
    `| LVR of the recorded trades (before fees) | ${m(t.lvr)} (${percent(t.lvrYield)} of value) |`,
    `| fees − LVR | ${m(t.feeIncome - t.lvr)} |`,
    `| volume (amount in at the feed) | ${m(t.volume)} in ${t.trades} swaps |`,
    `| arbitrage share of volume | ${percent(t.arbShare)} (${t.arbTrades} swaps) |`,
    `| market P&L of the holdings | ${m(t.marketPnl)} |`,
    `| LP flows (joins − exits) | ${m(t.netFlows)} |`,
    `| protocol fees taken | ${m(t.protocolFees)} |`,
    `| identity residual (rounding) | ${m(t.identityResidual)} |`,
    '',
  ]
  if (counterfactual) {
    const c = counterfactual
    const row = (name: string, r: CounterfactualRun) =>
      `| ${name} | ${percent(r.swapFee)} | ${percent(r.returnVsHodl)} | ${m(r.feeIncome)} | ${percent(r.feeYield)} | ${m(r.lvr)} | ${percent(r.lvrYield)} | ${r.trades} |`
    lines.push(
      '### Counterfactual: the same feed through the synthetic engine',
      '',
      `A pool with the real weights and fee, worth ${m(c.initialValue)} at the start, traded only by a perfect arbitrageur every ${c.step} s (${c.steps} points). Fees and LVR compared per unit of value (each trade over the pool value before it, summed), as the real pool changed size.`,
      '',
      '| pool | swap fee | return vs HODL | fees | fees / value | LVR | LVR / value | swaps |',
      '|---|---|---|---|---|---|---|---|',
      `| real (recorded) | ${percent(c.real.swapFee)} | ${percent(c.real.returnVsHodl)} | ${m(c.real.feeIncome)} | ${percent(c.real.feeYield)} | ${m(c.real.lvr)} | ${percent(c.real.lvrYield)} | ${c.real.trades} |`,
      row('engine, arbitrageur only', c.engine),
      ...c.fees.map((r) => row('engine, other fee', r)),
      '',
      c.lvrRatio === null
        ? 'The recorded trades had no positive LVR: no ratio.'
        : `A perfect arbitrageur would have taken ${percent(c.lvrRatio)} of the real pool's LVR per unit of value.`,
      '',
    )
  }
  for (const spec of charts) lines.push(`![${spec.title}](charts/${spec.file})`, '')
  return `${lines.join('\n').trimEnd()}\n`
}

/**
 * The replay's charts: LP value per share against HODL, cumulative fees against LVR, and the
 * arbitrage share of volume per interval of the series.
 * @param economics - from `analyseReplay`
 * @returns chart specs (`replay-value.png`, `replay-fees-lvr.png`, `replay-arb-share.png`)
 * @example replayEconomicsCharts(economics).map((c) => c.file)
 */
export function replayEconomicsCharts(economics: ReplayEconomics): ChartSpec[] {
  const { columns, data } = economics.series
  const col = (name: string) => data[columns.indexOf(name)]!
  const time = col('time')
  const days = Array.from(time, (t) => (t - economics.startTime) / 86_400)
  const points = (values: ArrayLike<number>, scale = 1) =>
    // Stryker disable next-line ArithmeticOperator: no caller passes a scale: y * 1 is y / 1
    days.map((x, i) => ({ x, y: values[i]! * scale }))
  const xTitle = `Days since ${iso(economics.startTime).slice(0, 10)}`
  const unit = economics.numeraire
  const per = economics.basis === 'share' ? 'per BPT' : 'per unit'
  const volume = col('volume')
  const arb = col('arbVolume')
  const share: { x: number; y: number }[] = []
  // Stryker disable next-line EqualityOperator: `<=` reads volume[length], undefined: NaN is not > 0
  for (let i = 1; i < days.length; i++) {
    const v = volume[i]! - volume[i - 1]!
    if (v > 0) share.push({ x: days[i]!, y: ((arb[i]! - arb[i - 1]!) / v) * 100 })
  }
  const lines: ChartDataset<'line', { x: number; y: number }[]>[] = [
    line(`LP value ${per}`, points(col('lpValuePerShare')), 0),
    line(`HODL of the start basket ${per}`, points(col('hodlValuePerShare')), 1),
  ]
  return [
    chart('replay-value.png', 'Real pool: LP value vs HODL', lines, xTitle, `Value (${unit})`),
    chart(
      'replay-fees-lvr.png',
      'Real pool: cumulative fees vs LVR of the recorded trades',
      [line('Fees earned', points(col('feeIncome')), 2), line('LVR', points(col('lvr')), 3)],
      xTitle,
      `Cumulative (${unit})`,
    ),
    chart(
      'replay-arb-share.png',
      'Real pool: arbitrage share of volume per interval',
      [line('Arbitrage share of volume', share, 4)],
      xTitle,
      'Share (%)',
    ),
  ]
}

/**
 * Every file of the economics report, by path relative to the replay folder.
 * @param economics - from `analyseReplay`
 * @param counterfactual - from `runCounterfactual`, or null
 * @param options - `hasCharts` (default true)
 * @returns contents by path: `economics.md`, `economics.json`, `economics-timeseries.csv`,
 *   `charts/replay-*.png` with charts
 * @throws {RunError} `RENDERER_MISSING` when charts are asked for and canvas cannot load
 * @example const files = await replayEconomicsFiles(economics, null, { hasCharts: false })
 */
export async function replayEconomicsFiles(
  economics: ReplayEconomics,
  counterfactual: Counterfactual | null,
  options: ReplayEconomicsReportOptions = {},
): Promise<Map<string, string | Uint8Array>> {
  const specs = options.hasCharts === false ? [] : replayEconomicsCharts(economics)
  const pngs = specs.length > 0 ? await renderCharts(specs) : new Map<string, Buffer>()
  const files = new Map<string, string | Uint8Array>()
  files.set('economics.md', replayEconomicsMarkdown(economics, counterfactual, specs))
  files.set(
    'economics.json',
    `${JSON.stringify(replayEconomicsJson(economics, counterfactual), null, 2)}\n`,
  )
  files.set('economics-timeseries.csv', formatTimeSeriesCsv(economics.series))
  for (const [name, png] of pngs) files.set(`charts/${name}`, png)
  return files
}

/**
 * Writes the economics report into a replay's output folder (created if missing; other files
 * in it are left alone).
 * @param dir - the replay's output folder
 * @param economics - from `analyseReplay`
 * @param counterfactual - from `runCounterfactual`, or null
 * @param options - `hasCharts` (default true)
 * @returns the paths written, relative to `dir`, in order
 * @throws {RunError} `REPORT_WRITE` naming the file and the system's reason; `RENDERER_MISSING`
 * @example await writeReplayEconomics('out/my-pool', economics, null, { hasCharts: false })
 */
export async function writeReplayEconomics(
  dir: string,
  economics: ReplayEconomics,
  counterfactual: Counterfactual | null,
  options: ReplayEconomicsReportOptions = {},
): Promise<string[]> {
  const files = await replayEconomicsFiles(economics, counterfactual, options)
  for (const [name, content] of files) {
    const file = path.join(dir, name)
    try {
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, content)
    } catch (error) {
      throw new RunError('REPORT_WRITE', `cannot write ${file}: ${(error as Error).message}`, {
        file,
      })
    }
  }
  return [...files.keys()]
}
