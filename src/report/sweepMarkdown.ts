/**
 * A sweep's `summary.md`: what was swept, one table row per cell with the headline figures
 * (mean and 95 % confidence interval of the LP's return against holding, fee income, LVR, the
 * share of paths where the LP beats each benchmark), the charts and the failed tasks.
 */
import type { SweepResult } from '../sim/sweep/runSweep.js'
import { cellParameters } from '../sim/sweep/tables.js'

/** Figures the table shows per cell, as (metric, heading, kind). */
const SHOWN: [string, string, 'percent' | 'amount'][] = [
  ['returnVsHodl', 'LP vs HODL', 'percent'],
  ['feeIncome', 'fee income', 'amount'],
  ['lvr', 'LVR', 'amount'],
]
/** Failed tasks listed by name; the rest are counted. */
const FAILURES_SHOWN = 20

const cellText = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function formatValue(value: number | null, kind: 'percent' | 'amount' | 'share'): string {
  if (value === null) return '–'
  if (kind === 'percent') return `${(value * 100).toFixed(2)} %`
  if (kind === 'share') return `${Math.round(value * 100)} %`
  return Math.round(value).toLocaleString('en-US')
}

/**
 * The text of a sweep's summary.md.
 * @param result - a whole sweep's result
 * @param version - the package version
 * @param charts - chart files under charts/ and their captions
 * @returns Markdown, final newline
 */
export function formatSweepMarkdown(
  result: SweepResult,
  version: string,
  charts: readonly { file: string; title: string }[],
): string {
  const { layout, scenario } = result
  const cells = result.tables.cells!
  const col = (name: string) => cells.data[cells.columns.indexOf(name)]!
  const rowOf = new Map<string, number>()
  col('metric').forEach((metric, r) => rowOf.set(`${String(col('cell')[r])}|${String(metric)}`, r))
  const stat = (cell: number, metric: string, key: string): number | null => {
    const r = rowOf.get(`${cell}|${metric}`)
    return r === undefined ? null : (col(key)[r] as number | null)
  }
  const unit = scenario.prices.numeraire
  const lines: string[] = []
  lines.push(`# Sweep: ${cellText(scenario.name)}`, '')
  if (scenario.description) lines.push(cellText(scenario.description), '')
  const swept = layout.parameters.map((p) => `\`${p.column}\``).join(', ') || 'nothing (one cell)'
  lines.push(
    `- swept: ${swept}; ${layout.cells} cell${layout.cells === 1 ? '' : 's'} × ${layout.pathsPerCell} path${layout.pathsPerCell === 1 ? '' : 's'} = ${result.tasks} tasks` +
      (scenario.windows
        ? ` (paths are rolling windows of ${scenario.windows.length} every ${scenario.windows.every})`
        : ''),
    scenario.commonPaths === true
      ? `- seed ${result.seed} (each task's seed derives from it and its path: with \`commonPaths\` every cell runs the same paths; \`amm-sim run <scenario> --cell C --path P\` re-runs one)`
      : `- seed ${result.seed} (each task's seed derives from it, its cell and its path; \`amm-sim run <scenario> --cell C --path P\` re-runs one)`,
    `- amm-sim ${version}`,
    `- failed tasks: ${result.failures.length}`,
    '',
    '## Cells',
    '',
    'Mean over the paths of each cell and, in brackets, the 95 % confidence interval of the mean (normal approximation). ' +
      `"beats" is the share of paths where the LP ends above that benchmark. Amounts in ${cellText(unit)}.`,
    '',
  )
  const beats = layout.benchmarks.map((b) => `beats ${b}`)
  const header = [
    'cell',
    ...layout.parameters.map((p) => p.column),
    'paths',
    ...SHOWN.map(([, h]) => h),
    ...beats,
  ]
  lines.push(`| ${header.map(cellText).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`)
  for (let cell = 0; cell < layout.cells; cell++) {
    const params = cellParameters(layout, cell).map((v) => (v === null ? '–' : String(v)))
    const shown = SHOWN.map(([metric, , kind]) => {
      const mean = formatValue(stat(cell, metric, 'mean'), kind)
      const low = stat(cell, metric, 'ciLow')
      const high = stat(cell, metric, 'ciHigh')
      return low === null || high === null
        ? mean
        : `${mean} [${formatValue(low, kind)}, ${formatValue(high, kind)}]`
    })
    const shares = layout.benchmarks.map((b) =>
      formatValue(stat(cell, `lpBeats.${b}`, 'mean'), 'share'),
    )
    const paths = String(stat(cell, 'lpValue', 'paths') ?? 0)
    lines.push(
      `| ${[String(cell), ...params, paths, ...shown, ...shares].map(cellText).join(' | ')} |`,
    )
  }
  lines.push('')
  if (result.tables.differences) lines.push(...differencesSection(result))
  if (charts.length > 0) {
    lines.push('## Charts', '')
    for (const chart of charts) lines.push(`![${cellText(chart.title)}](charts/${chart.file})`, '')
  }
  if (result.failures.length > 0) {
    lines.push('## Failed tasks', '')
    for (const f of result.failures.slice(0, FAILURES_SHOWN))
      lines.push(`- cell ${f.cell}, path ${f.path}, seed ${f.seed}: ${cellText(f.error ?? '')}`)
    if (result.failures.length > FAILURES_SHOWN)
      lines.push(
        `- and ${result.failures.length - FAILURES_SHOWN} more (see paths.csv, column error)`,
      )
    lines.push('')
  }
  lines.push(
    '## Files',
    '',
    '- `paths.csv`: one row per (cell, path): parameters, seed, every metric and benchmark figure',
    '- `cells.csv`: per cell and metric: paths, mean, standard deviation, 5/50/95 % quantiles, 95 % interval of the mean',
    ...(result.tables.differences
      ? [
          '- `differences.csv`: per cell and metric: the paired difference from the reference cell (mean, standard deviation, 95 % interval, shares of paths higher and lower)',
        ]
      : []),
    '- `sweep.json`: the same statistics with the scenario, version and seeds',
    '',
  )
  return lines.join('\n')
}

/** The "Differences" section of a `commonPaths` sweep: one row per cell compared. */
function differencesSection(result: SweepResult): string[] {
  const { layout } = result
  const table = result.tables.differences!
  const col = (name: string) => table.data[table.columns.indexOf(name)]!
  const rowOf = new Map<string, number>()
  col('metric').forEach((metric, r) => rowOf.set(`${String(col('cell')[r])}|${String(metric)}`, r))
  const stat = (cell: number, metric: string, key: string): number | null => {
    const r = rowOf.get(`${cell}|${metric}`)
    return r === undefined ? null : (col(key)[r] as number | null)
  }
  const lines = [
    '## Differences from the reference cell',
    '',
    'Every cell ran the same paths (`commonPaths`), so each figure is compared path by path: ' +
      'the mean of (cell − reference) over the paths and, in brackets, its 95 % confidence interval ' +
      '(normal approximation on the paired differences). Differences of percentages are in percentage ' +
      `points; amounts in ${cellText(result.scenario.prices.numeraire)}. ` +
      '"higher" is the share of paths where the cell\'s LP vs HODL is above the reference\'s.',
    '',
  ]
  const header = [
    'cell',
    ...layout.parameters.map((p) => p.column),
    'reference cell',
    'paths',
    ...SHOWN.map(([, h]) => `Δ ${h}`),
    'higher',
  ]
  lines.push(`| ${header.map(cellText).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`)
  const seen = new Set<number>()
  for (const cell of col('cell') as number[]) {
    if (seen.has(cell)) continue
    seen.add(cell)
    const params = cellParameters(layout, cell).map((v) => (v === null ? '–' : String(v)))
    const shown = SHOWN.map(([metric, , kind]) => {
      const mean = formatValue(stat(cell, metric, 'meanDifference'), kind)
      const low = stat(cell, metric, 'ciLow')
      const high = stat(cell, metric, 'ciHigh')
      return low === null || high === null
        ? mean
        : `${mean} [${formatValue(low, kind)}, ${formatValue(high, kind)}]`
    })
    const reference = String(stat(cell, 'lpValue', 'referenceCell') ?? '–')
    const paths = String(stat(cell, 'lpValue', 'paths') ?? 0)
    const higher = formatValue(stat(cell, 'returnVsHodl', 'shareHigher'), 'share')
    lines.push(
      `| ${[String(cell), ...params, reference, paths, ...shown, higher].map(cellText).join(' | ')} |`,
    )
  }
  lines.push('')
  return lines
}
