/**
 * The regression report's three files: `report.md` (a table for a pull-request comment or a CI
 * step summary, regressions first, a one-line verdict on top), `report.json` (the same for
 * programs) and `junit.xml` (one test case per scenario and figure, failures carrying the
 * figures, for the CI systems that read JUnit). Percent appears only in the Markdown.
 */
import { writeFolderAtomically } from '../atomicWrite.js'
import type { AtomicWriteOptions } from '../atomicWrite.js'
import { isFailing, rowAllowedChange } from './compare.js'
import type { RegressionReport } from './compare.js'
import type { FigureComparison } from './types.js'

/** Rows of passing figures report.md lists in full; beyond that it counts them. */
export const MAX_PASSING_ROWS = 400

const VERDICT_ORDER = { regression: 0, removed: 1, added: 2, ok: 3 } as const

/**
 * report.md: the verdict line, a note per scenario changed since its baseline (naming the
 * fields), the table of failing rows, then the other rows in a collapsed section.
 * @param report - from `createRegressionReport`
 * @returns Markdown text ending in a newline
 * @example formatRegressionMarkdown(report).startsWith('## amm-sim regress: ') // true
 */
export function formatRegressionMarkdown(report: RegressionReport): string {
  const lines: string[] = [
    `## amm-sim regress: ${report.verdict === 'pass' ? 'PASS' : 'REGRESSION'}`,
    '',
    `**${report.headline}**`,
    '',
  ]
  for (const s of report.scenarios) {
    if (s.changedFields.length > 0)
      lines.push(
        `- scenario \`${s.scenario}\` changed since its baseline: ${s.changedFields.map((f) => `\`${f}\``).join(', ')}; figures compared all the same`,
      )
    if (s.paths !== undefined)
      lines.push(
        // Stryker disable next-line OptionalChaining: find returns a row whose test is set, so test?. and test. read the same
        `- \`${s.scenario}\`: Monte Carlo, ${s.paths[1]} paths against the baseline's ${s.paths[0]}; means compared by Welch's t-test, Holm-corrected at a family-wise false-alarm rate of ${s.figures.find((f) => f.test)?.test?.alpha ?? 'n/a'}, flagged only beyond the tolerance (at least the minimum effect)`,
      )
    if (s.cells !== undefined)
      lines.push(
        `- \`${s.scenario}\` cells: ${s.cells.map((c, i) => `\`[cell ${i}]\` ${c}`).join('; ')}`,
      )
    if (s.version !== s.baselineVersion)
      lines.push(
        `- \`${s.scenario}\`: baseline written by amm-sim ${s.baselineVersion}, this run by ${s.version}`,
      )
  }
  if (lines.length > 4) lines.push('')
  // a fresh array, sorted in place; Array.prototype.sort is stable: rows of one verdict keep
  // their file order
  const sorted = report.scenarios
    .flatMap((s) => s.figures)
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict])
  const notable = sorted.filter((row) => row.verdict !== 'ok')
  const passing = sorted.filter((row) => row.verdict === 'ok')
  const header = [
    '| scenario | figure | baseline | now | change | tolerance | verdict |',
    '|---|---|--:|--:|--:|--:|---|',
  ]
  if (notable.length > 0) lines.push(...header, ...notable.map(markdownRow), '')
  if (passing.length > 0) {
    lines.push(
      `<details><summary>${passing.length} figure${passing.length === 1 ? '' : 's'} within tolerance</summary>`,
      '',
      ...header,
      ...passing.slice(0, MAX_PASSING_ROWS).map(markdownRow),
    )
    if (passing.length > MAX_PASSING_ROWS)
      lines.push('', `… and ${passing.length - MAX_PASSING_ROWS} more (report.json has them all)`)
    lines.push('', '</details>', '')
  }
  return `${lines.join('\n')}\n`
}

/**
 * report.json: the report as data, rows in file order, two-space indent, final newline.
 * @param report - from `createRegressionReport`
 * @returns the file's text
 * @example JSON.parse(formatRegressionJson(report)).verdict // 'pass'
 */
export function formatRegressionJson(report: RegressionReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}

/**
 * junit.xml: one `<testsuite>` per scenario, one `<testcase>` per figure (classname
 * `amm-sim.regress.<scenario>`, name the figure); a failing figure carries a `<failure>` whose
 * message states baseline, now, change and tolerance. Scenario changes go in `<system-out>`.
 * @param report - from `createRegressionReport`
 * @returns XML 1.0 text, UTF-8, ending in a newline
 * @example formatRegressionJunit(report).startsWith('<?xml') // true
 */
export function formatRegressionJunit(report: RegressionReport): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="amm-sim regress" tests="${report.figures}" failures="${report.regressions}" errors="0">`,
  ]
  for (const s of report.scenarios) {
    const failures = s.figures.filter((row) => isFailing(row.verdict)).length
    out.push(
      `  <testsuite name="${xml(s.scenario)}" tests="${s.figures.length}" failures="${failures}" errors="0" skipped="0">`,
    )
    for (const row of s.figures) {
      const head = `    <testcase classname="amm-sim.regress.${xml(s.scenario)}" name="${xml(row.figure)}"`
      if (!isFailing(row.verdict)) {
        out.push(`${head}/>`)
        continue
      }
      const message = failureMessage(row)
      out.push(
        `${head}>`,
        `      <failure type="${row.verdict}" message="${xml(message)}">${xml(failureDetail(row))}</failure>`,
        '    </testcase>',
      )
    }
    if (s.changedFields.length > 0)
      out.push(
        `    <system-out>${xml(`scenario changed since its baseline: ${s.changedFields.join(', ')}`)}</system-out>`,
      )
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}

/**
 * Writes `report.md`, `report.json` and `junit.xml` into `dir` at once (the folder is replaced
 * atomically: a failed write leaves the previous report).
 * @param report - from `createRegressionReport`
 * @param dir - the report folder, usually `out/regression`
 * @param options - an abort signal
 * @throws {RunError} `REPORT_WRITE`, `INTERRUPTED`
 * @example await writeRegressionReport(report, 'out/regression')
 */
export async function writeRegressionReport(
  report: RegressionReport,
  dir: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const files = new Map<string, string>([
    ['report.md', formatRegressionMarkdown(report)],
    ['report.json', formatRegressionJson(report)],
    ['junit.xml', formatRegressionJunit(report)],
  ])
  await writeFolderAtomically(dir, files, options)
}

/**
 * One line for a failing figure: `lvr: 109767 -> 112000 (+2233, +2.03 %), tolerance ±10.98`.
 * @param row - a comparison row
 * @returns the line (no scenario name)
 * @example failureMessage(row) // 'lvr: 100 -> 103 (+3, +3.00 %), tolerance ±1'
 */
export function failureMessage(row: FigureComparison): string {
  if (row.verdict === 'removed')
    return `${row.figure}: in the baseline (${number(row.baseline)}), no longer produced`
  if (row.verdict === 'added') return `${row.figure}: new (${number(row.now)}), not in the baseline`
  const test = row.test ? `, p = ${number(row.test.pValue)}` : ''
  return `${row.figure}: ${number(row.baseline)} -> ${number(row.now)} (${changeText(row)}), tolerance ±${number(rowAllowedChange(row))}${test}`
}

function failureDetail(row: FigureComparison): string {
  return [
    `scenario: ${row.scenario}`,
    `figure: ${row.figure}`,
    `baseline: ${String(row.baseline)}`,
    `now: ${String(row.now)}`,
    `change: ${String(row.change)}`,
    `relative change: ${String(row.relativeChange)}`,
    `tolerance: relative ${row.tolerance.relative}, absolute ${row.tolerance.absolute}`,
    ...(row.test
      ? [
          `Welch t-test: t ${row.test.t}, df ${row.test.df}, p ${row.test.pValue}, paths ${row.test.n.join(' vs ')}, sd ${row.test.sd.join(' vs ')}, significant after Holm at alpha ${row.test.alpha}: ${row.test.isSignificant}`,
        ]
      : []),
  ].join('\n')
}

function markdownRow(row: FigureComparison): string {
  const verdict = { ok: 'ok', regression: '**REGRESSION**', removed: '**REMOVED**', added: 'new' }[
    row.verdict
  ]
  const tolerance =
    row.verdict === 'added' || row.verdict === 'removed' ? '' : `±${number(rowAllowedChange(row))}`
  const test = row.test ? ` (p ${number(row.test.pValue)})` : ''
  return `| ${row.scenario} | ${row.figure} | ${number(row.baseline)} | ${number(row.now)} | ${row.change === null ? '' : changeText(row)} | ${tolerance} | ${verdict}${test} |`
}

/** `+3` or `+3 (+3.00 %)`: the change, and in percent when the baseline is not 0. */
function changeText(row: FigureComparison): string {
  if (row.change === null) return row.baseline === row.now ? '0' : 'non-finite'
  const sign = row.change > 0 ? '+' : ''
  const percent =
    row.relativeChange === null
      ? ''
      : `, ${row.relativeChange >= 0 ? '+' : ''}${(row.relativeChange * 100).toFixed(2)} %`
  return `${sign}${number(row.change)}${percent}`
}

/** A figure with 8 significant digits, plainly where that is short; `n/a` for none. */
function number(value: number | null): string {
  if (value === null) return 'n/a'
  // 0 and -0 are integers too: String gives '0' for both
  if (Number.isInteger(value)) return String(value)
  const abs = Math.abs(value)
  // Stryker disable next-line EqualityOperator: |value| = 1e15 is an integer, returned above
  if (abs < 1e-4 || abs >= 1e15) return Number(value.toPrecision(5)).toExponential()
  return String(Number(value.toPrecision(8)))
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // newlines inside attributes would be normalised to spaces by a parser: keep them
      .replace(/\n/g, '&#10;')
  )
}
